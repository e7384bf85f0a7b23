"""Modèles typés des fichiers de `data/` : ce qu'un éditeur peut y écrire, et rien d'autre.

Un module par domaine (`diagnostic`, `fiches`, …) ; `base` porte les types communs (Modele, Reference, Chiffre, Source).
Le registre qui associe chaque fichier de données à son modèle est `macros.donnees.SCHEMAS`.
"""
