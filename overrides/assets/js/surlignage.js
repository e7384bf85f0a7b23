/* Surlignage de la recherche : le mot entier, accents compris.
 *
 * Material 9.8.1 surligne les termes de la requête tels que lunr les a réduits (racine, accents pliés par
 * recherche.js) : « mobilité » surlignait « mobilit » dans les résultats et dans la page ouverte depuis eux.
 * Chaque <mark> posé par Material est étendu aux lettres qui le touchent, des deux côtés.
 */
"use strict"
;(function () {
  const DEBUT = /[\p{L}\p{N}]+$/u
  const FIN = /^[\p{L}\p{N}]+/u

  function etendre(marque) {
    marque.setAttribute("data-mot-entier", "")
    const avant = marque.previousSibling, apres = marque.nextSibling
    const debut = avant && avant.nodeType === Node.TEXT_NODE && avant.data.match(DEBUT)
    if (debut) {
      avant.data = avant.data.slice(0, -debut[0].length)
      marque.prepend(debut[0])
    }
    const fin = apres && apres.nodeType === Node.TEXT_NODE && apres.data.match(FIN)
    if (fin) {
      apres.data = apres.data.slice(fin[0].length)
      marque.append(fin[0])
    }
  }

  function etendreTout() {
    document.querySelectorAll("mark:not([data-mot-entier])").forEach(etendre)
  }

  new MutationObserver(etendreTout).observe(document.body, { childList: true, subtree: true })
  etendreTout()
})()
