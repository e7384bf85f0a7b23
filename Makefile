# Deux commandes suffisent : `make serve` et `make test`. Chacune crée ou réutilise .venv.
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTHON ?= python3
STAMP  := $(VENV)/.installe
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build pdf test lock clean reference bench

## Construit et sert le site sur http://127.0.0.1:8000 (rechargé à chaque modification).
## Le livret n'y est qu'un aperçu (sa couverture), pour un rechargement rapide : `make pdf` le fait en entier.
serve: $(STAMP)
	SANS_PDF=1 $(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

## Construit le site dans site/, livret PDF compris. On construit à côté puis on échange : un échec laisse
## l'ancien site/ intact. Pas de --quiet : le livret dit ce qu'il fait (assemblage, mise en page, pages).
build: $(STAMP)
	@rm -rf .site-neuf
	@$(BIN)/mkdocs build --strict -d .site-neuf || { rm -rf .site-neuf; exit 1; }
	@rm -rf .site-ancien; [ ! -d site ] || mv site .site-ancien; mv .site-neuf site; rm -rf .site-ancien
	@echo "Site construit dans site/"

## Le livret PDF (construit avec le site, dont il fait partie).
pdf: build
	@echo "Livret : site/livret/projet-associatif.pdf"

## Toute la suite de tests.
test: $(STAMP)
	$(BIN)/pytest

## Banc de performances (bench/) : tableau à l'écran, chiffres dans bench/resultats.json (une dizaine de minutes).
## Lighthouse vient de npm (package-lock.json) ; Chromium est celui du système.
bench: $(STAMP) node_modules/.installe
	$(BIN)/python -m bench

node_modules/.installe: package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 CHROMEDRIVER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund
	touch $@

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

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	touch $@

clean:
	rm -rf site .site-neuf .site-ancien tests/sortie
