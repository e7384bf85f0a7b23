/* Corrections d'accessibilité du thème Material 9.8.1 qui demandent JavaScript (voir docs/accessibilite.md).
 *
 * 1. Material enveloppe chaque tableau dans une zone qui défile horizontalement (.md-typeset__scrollwrap)
 * sans la rendre atteignable au clavier : sur un téléphone, un tableau large ne pouvait pas défiler sans
 * souris (WCAG 2.1.1 ; axe-core : scrollable-region-focusable). Quand la zone défile vraiment, on la rend
 * focalisable et on la nomme ; sinon, on la laisse hors de l'ordre de tabulation.
 *
 * 2. Sur un écran étroit, le bouton « menu » de l'en-tête est une étiquette (<label for="__drawer">) :
 * la souris l'actionne, pas le clavier, et un lecteur d'écran n'y entend pas un bouton. On la remplace
 * par un vrai bouton (même apparence) : nommé, état ouvert ou fermé annoncé, actionné par Entrée ou
 * Espace. Ouvert depuis le bouton, le tiroir reçoit le focus ; Échap le referme et rend le focus au
 * bouton. Le tiroir fermé est masqué par assets/css/ecran.css.
 *
 * 3. Le sélecteur d'édition (mike) : Material nomme son bouton « Sélectionner la version » (aria-label), nom qui
 * remplace pour les technologies d'assistance le titre affiché (« Projet associatif 2024–2028 ») : qui commande
 * à la voix en disant ce qu'il voit ne trouve pas le bouton (WCAG 2.5.3 ; axe-core : label-content-name-mismatch).
 * Son nom commence donc par le titre affiché. Material ajoute le sélecteur après avoir lu versions.json : on le
 * renomme dès qu'il paraît dans l'en-tête.
 */
"use strict"

function rendreLesTableauxDefilables() {
  for (const zone of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (zone.scrollWidth > zone.clientWidth) {
      zone.tabIndex = 0
      zone.setAttribute("role", "region")
      zone.setAttribute("aria-label", "Tableau, à faire défiler horizontalement")
    } else {
      zone.removeAttribute("tabindex")
      zone.removeAttribute("role")
      zone.removeAttribute("aria-label")
    }
  }
}

// document$ : l'observable de Material, émis à chaque page montée (voir « Custom JavaScript » de Material).
document$.subscribe(rendreLesTableauxDefilables)
addEventListener("resize", rendreLesTableauxDefilables)

function rendreLeMenuUtilisableAuClavier() {
  const tiroir = document.getElementById("__drawer")
  const etiquette = document.querySelector('label.md-header__button[for="__drawer"]')
  const navigation = document.querySelector(".md-sidebar--primary")
  if (!tiroir || !etiquette || !navigation)
    return
  // Un vrai bouton à la place de l'étiquette (même apparence, même icône).
  const bouton = document.createElement("button")
  bouton.type = "button"
  bouton.className = `${etiquette.className} bouton-menu`
  bouton.innerHTML = etiquette.innerHTML
  bouton.setAttribute("aria-label", "Menu de navigation")
  navigation.id ||= "navigation-principale"
  bouton.setAttribute("aria-controls", navigation.id)
  const etat = () => bouton.setAttribute("aria-expanded", String(tiroir.checked))
  bouton.addEventListener("click", () => {
    tiroir.checked = !tiroir.checked
    tiroir.dispatchEvent(new Event("change"))
  })
  etiquette.replaceWith(bouton)
  tiroir.addEventListener("change", () => {
    etat()
    if (tiroir.checked && document.activeElement === bouton) {
      const premier = navigation.querySelector("a[href], [tabindex='0']")
      if (premier)
        premier.focus()
    }
  })
  document.addEventListener("keydown", evenement => {
    if (evenement.key === "Escape" && tiroir.checked) {
      tiroir.checked = false
      etat()
      bouton.focus()
    }
  })
  etat()
}

document$.subscribe(rendreLeMenuUtilisableAuClavier)

function nommerLeSelecteurDEdition() {
  const bouton = document.querySelector(".md-version__current")
  if (!bouton)
    return
  const nom = `${bouton.textContent.trim()}, choisir une autre édition`
  if (bouton.getAttribute("aria-label") !== nom)
    bouton.setAttribute("aria-label", nom)
}

const titreDeLEnTete = document.querySelector(".md-header__title")
if (titreDeLEnTete)
  new MutationObserver(nommerLeSelecteurDEdition).observe(titreDeLEnTete, {childList: true, subtree: true})
nommerLeSelecteurDEdition()
