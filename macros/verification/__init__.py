"""Les tests que chaque structure reçoit du moteur : `python -m macros.verification [dossier]`, lancé par le
`make test` d'une structure dans son propre dépôt (et par les tests du moteur sur une structure neuve).

Une construction stricte, PDF compris, dans un dossier temporaire ; puis ce qui vaut pour toute structure :
chaque page de la navigation publiée sans gabarit laissé, chaque chiffre avec sa source, chaque PDF déclaré
fabriqué avec son titre, le lien du livret sur l'accueil.
"""
