// Déclare à Decap CMS les formats fidèles (fidele-noyau.js), puis le démarre (index.html : CMS_MANUAL_INIT).
import { formatDonnees, formatPages } from "./fidele-noyau.js";

window.CMS.registerCustomFormat("yaml-fidele", "yml", formatDonnees);
window.CMS.registerCustomFormat("markdown-fidele", "md", formatPages);
window.CMS.init();
