# Deux commandes suffisent : `make serve` et `make test`. Chacune crée ou réutilise .venv.
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTHON ?= python3
STAMP  := $(VENV)/.installe
# Le validateur HTML (vnu-jar), installé par npm ci depuis package-lock.json.
NODE_STAMP := node_modules/.installe
export NO_MKDOCS_2_WARNING := 1

# La structure construite : « . » (Lisieux, en haut du dépôt) ou le dossier d'une autre, par exemple
# `make build INSTANCE=exemples/moulins`. Le moteur (mkdocs.yml) lit son instance.yml, ses docs/ et ses data/.
# INSTANCE est vérifiée avant tout usage : un dossier du dépôt (liens symboliques résolus) qui contient un
# instance.yml, écrit en lettres, chiffres, « . », « _ », « - », « / », sans « .. » ; sa valeur est prise telle
# quelle (`$(value …)` : un « $(…) » n'y est jamais exécuté). Une espace ou un « ; » n'arrive donc jamais au shell.
INSTANCE ?= .
override INSTANCE := $(value INSTANCE)
_INSTANCE_SH := '$(subst ','\'',$(INSTANCE))'
ifneq ($(shell i=$(_INSTANCE_SH); case "$$i" in (.) echo ok;; (/*|-*|*..*|*[!A-Za-z0-9._/-]*) ;; \
  (*) r=$$(realpath -e -- "$$i" 2>/dev/null) && case "$$r/" in ("$$(pwd -P)/"?*) \
     [ -f "$$i/instance.yml" ] && echo ok;; esac;; esac),ok)
$(error INSTANCE=$(INSTANCE) : dossier de structure refusé. Attendu un dossier du dépôt qui contient un instance.yml, écrit en lettres, chiffres, « . », « _ », « - » et « / », sans « .. » ni chemin absolu ; par exemple INSTANCE=exemples/moulins)
endif
ifneq ($(INSTANCE),.)
export INSTANCE_DOCS   := $(INSTANCE)/docs
endif
SITE := $(if $(filter .,$(INSTANCE)),site,$(INSTANCE)/site)
NEUF := $(dir $(SITE)).site-neuf
ANCIEN := $(dir $(SITE)).site-ancien

.PHONY: serve build verifier cms formulaires pdf test lock clean reference outils-systeme editions publier-brouillon publier-edition bench \
        nouvelle-structure

## Construit et sert le site sur http://127.0.0.1:8000 (rechargé à chaque modification).
## Le livret n'y est qu'un aperçu (sa couverture), pour un rechargement rapide : `make pdf` le fait en entier.
serve: $(STAMP)
	SANS_PDF=1 $(BIN)/python -m mkdocs serve --strict -a 127.0.0.1:8000

## Construit le site dans site/ (ou <INSTANCE>/site/), PDF compris. On construit à côté puis on échange : un
## échec laisse l'ancien site intact. Pas de --quiet : le livret dit ce qu'il fait (assemblage, mise en page).
build: $(STAMP)
	@rm -rf "$(NEUF)"
	@$(BIN)/python -m mkdocs build --strict -d "$(abspath $(NEUF))" || { rm -rf "$(NEUF)"; exit 1; }
	@rm -rf "$(ANCIEN)"; [ ! -d "$(SITE)" ] || mv "$(SITE)" "$(ANCIEN)"; mv "$(NEUF)" "$(SITE)"; rm -rf "$(ANCIEN)"
	@echo "Site construit dans $(SITE)/"

## Vérification rapide (moins d'une minute) : données et pages lues, construction stricte sans PDF, dans un dossier
## temporaire effacé ensuite. Premier travail de la CI : sur GitHub, chaque erreur s'y annote sur sa ligne.
verifier: $(STAMP)
	@dossier=$$(mktemp -d) && trap 'rm -rf "$$dossier"' EXIT && \
	  SANS_PDF=1 $(BIN)/python -m mkdocs build --strict -d "$$dossier" && echo "Données et pages vérifiées."

## Affiche la configuration des formulaires d'édition (/admin/, Decap CMS), tirée des modèles et des données ;
## chaque construction de la version de travail l'écrit dans site/admin/config.yml (macros/cms.py).
cms: $(STAMP)
	@$(BIN)/python -m macros.cms

## Serveur local des formulaires (decap-server, port 8081) : avec `make serve`, http://127.0.0.1:8000/admin/
## enregistre chaque proposition dans une branche cms/… de ce clone, sans compte GitHub.
formulaires: $(NODE_STAMP)
	MODE=git GIT_REPO_DIRECTORY="$(CURDIR)" PORT=8081 BIND_HOST=127.0.0.1 node node_modules/decap-server/dist/index.js

## Les PDF de la structure (construits avec le site, dont ils font partie ; déclarés dans son instance.yml).
pdf: build
	@ls "$(SITE)"/livret/*.pdf 2>/dev/null | sed 's/^/PDF : /' || echo "Cette structure ne déclare aucun PDF."

## Nouvelle structure : son propre dépôt, hors de celui-ci (dossier absent ou vide), qui installe le moteur à la
## version de pyproject.toml (MOTEUR="<ligne de requirements.txt>" pour une autre source, une roue par exemple).
## Exemple : make nouvelle-structure DOSSIER=../vierzon NOM="Mission Locale de Vierzon"
nouvelle-structure: $(STAMP)
	@$(BIN)/python -m macros.nouvelle_structure "$$DOSSIER" "$$NOM" $(if $(MOTEUR),--moteur "$$MOTEUR")

## Toute la suite de tests (dont les tests dans Chromium et la validation HTML).
test: $(STAMP) $(NODE_STAMP) outils-systeme
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder

# Outils du système pour les tests dans le navigateur et la validation HTML : s'il en manque un, root sur
# Debian ou Ubuntu (comme en CI) l'installe par apt-get ; sinon, une ligne dit comment. Jamais ignoré.
define exiger
	@command -v "$(1)" >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "$(1) manque : installation du paquet $(2) (apt-get)."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null || exit 1; \
	  else \
	    echo "$(1) manque pour les tests : installez-le avec « sudo apt-get install $(2) », puis relancez make test."; \
	    exit 1; \
	  fi; }
endef

outils-systeme:
	$(call exiger,$${CHROMIUM:-chromium},chromium)
	$(call exiger,java,default-jre-headless)
	$(call exiger,npm,npm)

# --ignore-scripts : le script d'installation de vnu-jar téléchargerait un Java ; on prend celui du système.
$(NODE_STAMP): package.json package-lock.json | outils-systeme
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

## Banc de performances (bench/) : tableau à l'écran, chiffres dans bench/resultats.json (une dizaine de minutes).
## Lighthouse vient de npm (package-lock.json) ; Chromium est celui du système.
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m bench

## Réécrit data/README.md (la référence des données) d'après les modèles de macros/modeles/.
reference: $(STAMP)
	$(BIN)/python -m macros.reference

## Recalcule requirements.lock après un changement de requirements.txt.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q -r requirements.txt
	{ echo "# Généré par 'make lock' depuis requirements.txt : ne pas modifier à la main."; \
	  .venv-lock/bin/pip freeze; } > requirements.lock
	rm -rf .venv-lock

## Éditions : sert toutes les éditions déployées (branche gh-pages, mise à jour depuis GitHub si possible)
## sur http://127.0.0.1:8000, avec le sélecteur d'édition.
PORT ?= 8000
export PORT
editions: $(STAMP)
	@if git remote get-url origin >/dev/null 2>&1; then \
	  git fetch --quiet origin gh-pages:gh-pages 2>/dev/null || echo "(gh-pages non mise à jour depuis GitHub)"; fi
	@git rev-parse --verify --quiet gh-pages >/dev/null || { echo "Aucune édition déployée ici : lancez d'abord « make publier-brouillon »."; exit 1; }
	@# PYTHONPATH : le moteur de ce dossier, pas une autre copie installée en mode éditable (comme `python -m mkdocs`).
	PYTHONPATH="$(CURDIR)" $(BIN)/mike serve -a "127.0.0.1:$$PORT"

## Publie la version de travail sur la branche gh-pages locale (POUSSER=1 l'envoie sur GitHub).
publier-brouillon: $(STAMP)
	$(BIN)/python -m publication.publier brouillon $(if $(POUSSER),--pousser)

## Publie l'édition adoptée EDITION=2024-2028 et en fait l'édition en vigueur (POUSSER=1 : sur GitHub).
## « $$EDITION » est lu par le shell dans l'environnement : le nom d'une étiquette n'est jamais exécuté.
publier-edition: $(STAMP)
	$(BIN)/python -m publication.publier edition "$$EDITION" $(if $(POUSSER),--pousser)

# Le moteur s'inscrit comme greffon MkDocs (pyproject.toml) : installé en mode éditable, il reste le code de ce
# dépôt. Les commandes lancent `python -m mkdocs`, qui lit d'abord les paquets du dossier courant.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

## Efface ce que construisent le site et les tests, et .cache/ : rien n'y est jamais effacé (chaque page modifiée y
## laisse son code compilé), et la construction suivante le refait entier.
clean:
	rm -rf site .site-neuf .site-ancien tests/sortie exemples/*/site exemples/*/.site-* .cache
