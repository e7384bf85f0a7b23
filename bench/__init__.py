"""Banc de performances (`make bench`) : construction, livret, croissance, édition en direct, Lighthouse, poids.

Des rapports mesurés dans un même passage (la machine est partagée et bruyante), jamais un test chronométré.
"""
