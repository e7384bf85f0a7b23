// Réécriture fidèle d'un fichier YAML (ou de l'en-tête d'une page Markdown) après un formulaire : seules les
// valeurs que l'éditeur a changées sont réécrites, à leur place ; les commentaires, l'ordre, les guillemets et
// les lignes vides restent. Un formulaire de Decap CMS ne rend que les données : on garde donc le texte lu
// (champ caché ORIGINE) et on y reporte les différences. Sans dépendance à Decap : testé seul (tests/test_cms.py).
import { isMap, isScalar, isSeq, parse, parseDocument, stringify } from "./yaml/index.js";

export const ORIGINE = "__texte_lu";
const ENTETE = /^---[ \t]*\r?\n([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;
const SUR_UNE_LIGNE = new Set(["PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE"]);

function estObjet(valeur) {
  return valeur !== null && typeof valeur === "object" && !Array.isArray(valeur);
}

// Une valeur vide dans un formulaire (champ laissé blanc) vaut un champ absent du fichier.
function vide(valeur) {
  if (valeur === undefined || valeur === null || valeur === "") return true;
  if (Array.isArray(valeur)) return valeur.length === 0;
  if (estObjet(valeur)) return Object.values(valeur).every(vide);
  return false;
}

function memeValeur(avant, apres) {
  if (vide(avant) || vide(apres)) return vide(avant) && vide(apres);
  return String(avant) === String(apres); // 6 et « 6 », 8.9 et « 8.9 » : le formulaire n'a rien changé
}

// Les différences entre le nœud lu et la valeur du formulaire : réécritures de valeurs simples, ou changements
// de structure (élément ajouté, retiré). Une clé que le formulaire ne connaît pas (absente) reste telle quelle.
function comparer(noeud, nouveau, chemin, changements) {
  if (isScalar(noeud) && !estObjet(nouveau) && !Array.isArray(nouveau)) {
    if (!memeValeur(noeud.value, nouveau)) changements.push({ sorte: "valeur", noeud, chemin, valeur: nouveau });
    return;
  }
  if (isMap(noeud) && estObjet(nouveau)) {
    const lues = new Set();
    for (const paire of noeud.items) {
      const cle = isScalar(paire.key) ? paire.key.value : paire.key;
      lues.add(String(cle));
      if (!Object.prototype.hasOwnProperty.call(nouveau, cle)) continue;
      const valeur = nouveau[cle];
      const avant = paire.value === null ? null : isScalar(paire.value) ? paire.value.value : paire.value.toJSON();
      if (vide(valeur)) {
        if (!vide(avant)) changements.push({ sorte: "retrait", chemin: [...chemin, cle] });
      } else if (paire.value === null) {
        changements.push({ sorte: "structure", chemin: [...chemin, cle], valeur });
      } else {
        comparer(paire.value, valeur, [...chemin, cle], changements);
      }
    }
    for (const [cle, valeur] of Object.entries(nouveau)) {
      if (!lues.has(cle) && !vide(valeur)) changements.push({ sorte: "structure", chemin: [...chemin, cle], valeur });
    }
    return;
  }
  if (isSeq(noeud) && Array.isArray(nouveau) && nouveau.length === noeud.items.length) {
    noeud.items.forEach((enfant, i) => comparer(enfant, nouveau[i], [...chemin, i], changements));
    return;
  }
  changements.push({ sorte: "structure", chemin, valeur: nouveau });
}

// Le texte d'une valeur simple, dans le style de celle qu'elle remplace (sans guillemets si possible).
function texteDeValeur(valeur, noeud) {
  if (typeof valeur === "number" || typeof valeur === "boolean") return String(valeur);
  const texte = String(valeur);
  if (noeud.type === "QUOTE_DOUBLE" || texte.includes("\n")) return JSON.stringify(texte);
  if (noeud.type === "QUOTE_SINGLE") return `'${texte.replace(/'/g, "''")}'`;
  const simple = stringify(texte, { lineWidth: 0 }).trimEnd();
  try {
    if (!simple.includes("\n") && parse(`cle: ${simple}`).cle === texte) return simple;
  } catch {
    // repli ci-dessous
  }
  return JSON.stringify(texte);
}

function indentationDesListes(texte) {
  // « cle:\n- élément » (liste au ras de la clé) ou « cle:\n  - élément » (décalée, le plus courant).
  return !/^([ \t]*)[^\s#-][^\n]*:[ \t]*\r?\n\1- /m.test(texte);
}

// Le texte YAML `texte` où l'on reporte les valeurs de `donnees` (objet du formulaire, sans ORIGINE).
export function reecrireYaml(texte, donnees) {
  const document = parseDocument(texte);
  if (document.errors.length || !isMap(document.contents)) {
    return stringify(donnees, { lineWidth: 0 });
  }
  const changements = [];
  comparer(document.contents, donnees, [], changements);
  if (!changements.length) return texte;
  const surPlace = changements.every((c) => c.sorte === "valeur" && SUR_UNE_LIGNE.has(c.noeud.type)
    && !texte.slice(c.noeud.range[0], c.noeud.range[1]).includes("\n"));
  if (surPlace) {
    // Chaque valeur changée remplacée à sa place : le reste du fichier est intact, octet pour octet.
    let resultat = texte;
    for (const c of [...changements].sort((a, b) => b.noeud.range[0] - a.noeud.range[0])) {
      resultat = resultat.slice(0, c.noeud.range[0]) + texteDeValeur(c.valeur, c.noeud) + resultat.slice(c.noeud.range[1]);
    }
    return resultat;
  }
  // Élément ajouté ou retiré : le document lu (commentaires compris) est modifié puis réécrit.
  for (const c of changements) {
    if (c.sorte === "valeur") c.noeud.value = c.valeur;
    else if (c.sorte === "retrait") document.deleteIn(c.chemin);
    else if (c.chemin.length) document.setIn(c.chemin, document.createNode(c.valeur));
    else document.contents = document.createNode(c.valeur);
  }
  return document.toString({ lineWidth: 0, indentSeq: indentationDesListes(texte) });
}

function sansVides(donnees) {
  return Object.fromEntries(Object.entries(donnees).filter(([, valeur]) => !vide(valeur)));
}

// Format « yaml-fidele » : un fichier de data/.
export const formatDonnees = {
  fromFile(texte) {
    return { ...(parse(texte) || {}), [ORIGINE]: texte };
  },
  toFile(donnees) {
    const { [ORIGINE]: origine, ...champs } = donnees;
    return origine ? reecrireYaml(origine, champs) : stringify(sansVides(champs), { lineWidth: 0 });
  },
};

// Format « markdown-fidele » : une page Markdown, son en-tête YAML entre deux lignes « --- », puis son texte.
export const formatPages = {
  fromFile(texte) {
    const entete = texte.match(ENTETE);
    const champs = entete ? parse(entete[1] || "") || {} : {};
    return { ...champs, body: entete ? texte.slice(entete[0].length) : texte, [ORIGINE]: texte };
  },
  toFile(donnees) {
    const { [ORIGINE]: origine = "", body = "", ...champs } = donnees;
    const entete = origine.match(ENTETE);
    const corpsLu = entete ? origine.slice(entete[0].length) : origine;
    // Le texte tel qu'il était si l'éditeur n'y a pas touché (Decap retire parfois la fin de ligne finale).
    let corps = body === corpsLu || body.trimEnd() === corpsLu.trimEnd() ? corpsLu : body;
    if (corps && !corps.endsWith("\n")) corps += "\n";
    if (entete) {
      const ouverture = entete[0].slice(0, entete[0].indexOf("\n") + 1);
      const fermeture = entete[0].slice(ouverture.length + (entete[1] || "").length);
      return ouverture + reecrireYaml(entete[1] || "", champs) + fermeture + corps;
    }
    const nouveaux = sansVides(champs);
    return Object.keys(nouveaux).length ? `---\n${stringify(nouveaux, { lineWidth: 0 })}---\n\n${corps}` : corps;
  },
};
