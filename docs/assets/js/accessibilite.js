/* Corrections d'accessibilité du thème Material 9.8.1 qui demandent JavaScript (voir docs/accessibilite.md).
 *
 * 1. Material enveloppe chaque tableau dans une zone qui défile horizontalement (.md-typeset__scrollwrap)
 * sans la rendre atteignable au clavier : sur un téléphone, un tableau large ne pouvait pas défiler sans
 * souris (WCAG 2.1.1 ; axe-core : scrollable-region-focusable). Quand la zone défile vraiment, on la rend
 * focalisable et on la nomme ; sinon, on la laisse hors de l'ordre de tabulation.
 *
 * 2. Sur un écran étroit, le bouton « menu » de l'en-tête est une étiquette (<label for="__drawer">) :
 * la souris l'actionne, pas le clavier. On en fait un bouton : focalisable, nommé, état ouvert ou fermé
 * annoncé, actionné par Espace (Entrée l'est déjà par Material, qui « clique » l'étiquette qui a le
 * focus). Ouvert depuis le bouton, le tiroir reçoit le focus ; Échap le referme et rend le focus au
 * bouton. Le tiroir fermé est masqué par assets/css/ecran.css.
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
  const bouton = document.querySelector('label.md-header__button[for="__drawer"]')
  if (!tiroir || !bouton || bouton.getAttribute("role") === "button")
    return
  const etat = () => bouton.setAttribute("aria-expanded", String(tiroir.checked))
  bouton.tabIndex = 0
  bouton.setAttribute("role", "button")
  bouton.setAttribute("aria-label", "Menu de navigation")
  bouton.setAttribute("aria-controls", "__drawer")
  bouton.addEventListener("keydown", evenement => {
    if (evenement.key === " ") {
      evenement.preventDefault()
      bouton.click()
    }
  })
  tiroir.addEventListener("change", () => {
    etat()
    if (tiroir.checked && document.activeElement === bouton) {
      const premier = document.querySelector(".md-sidebar--primary a[href], .md-sidebar--primary [tabindex='0']")
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
