/* Worker de recherche : celui de Material, plus le pliage des accents.
 *
 * Material 9.8.1 (lunr, langue « fr ») ne plie pas les accents : « laicite » ne trouvait pas « laïcité ».
 * Ce worker charge celui de Material (son adresse arrive dans le paramètre « worker », posée par
 * overrides/main.html), puis :
 *   - plie chaque mot au moment où lunr construit l'index (après le filtre des mots vides, qui connaît
 *     les formes accentuées) : le texte affiché dans les résultats garde ses accents, et le surlignage
 *     reste juste (il repose sur les positions des mots, pas sur leur forme) ;
 *   - plie chaque requête avant que Material ne la traite (les termes suivis de « * », que Material
 *     ajoute, ne passent pas par le pipeline de lunr : il faut plier la requête elle-même).
 */
"use strict"

/** « Laïcité », « œuvre » → « laicite », « oeuvre ». */
function plierTexte(texte) {
  return texte
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/g, "oe").replace(/Œ/g, "OE")
    .replace(/æ/g, "ae").replace(/Æ/g, "AE")
}

const materiel = new URL(new URL(self.location.href).searchParams.get("worker"), self.location.href)
if (materiel.origin !== self.location.origin)
  throw new Error("recherche.js : le worker de Material doit venir du site lui-même")

// Le worker de Material charge ses fichiers de langue (« ../lunr/… ») à partir de sa propre adresse.
const importerScripts = self.importScripts.bind(self)
self.importScripts = (...adresses) => importerScripts(...adresses.map(a => new URL(a, materiel).href))

// Message de type 2 (SearchMessageType.QUERY de Material) : la requête tapée, pliée avant la recherche.
const ecouter = self.addEventListener.bind(self)
self.addEventListener = (type, traiter, ...options) => ecouter(type, type !== "message" ? traiter : evenement => {
  const message = evenement.data
  traiter({ data: message && message.type === 2 && typeof message.data === "string"
    ? { ...message, data: plierTexte(message.data) }
    : message })
}, ...options)

importScripts(materiel.href)

// Dans l'index, chaque mot passe par « plier-accents » après les fonctions choisies par Material.
function plierAccents(jeton) {
  return jeton.update(plierTexte)
}
self.lunr.Pipeline.registerFunction(plierAccents, "plier-accents")
const constructeurs = new WeakSet()
const ajouter = self.lunr.Builder.prototype.add
self.lunr.Builder.prototype.add = function (...args) {
  if (!constructeurs.has(this)) {
    constructeurs.add(this)
    this.pipeline.add(plierAccents)
  }
  return ajouter.apply(this, args)
}
