# Two commands for a reader: `make book` builds the site, `make test` runs every check.
# Both create (or reuse) the virtual environment .venv from the pinned requirements.txt.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: book test validate bench lab clean pdf release tag audit

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(INSTALLED)

book: $(INSTALLED)  ## build the book into _build/html (strict: warnings are errors)
	$(PY) scripts/build_book.py

test: $(INSTALLED)  ## data, notebooks, figures, the strict build, the built HTML, the browser
	$(PY) -m pytest

validate: $(INSTALLED)  ## check the data package only, naming file, line, column and rule
	$(PY) scripts/validate_data.py

pdf: book  ## print the whole book to one PDF in _build/html (Debian's chromium, offline)
	$(PY) scripts/make_pdf.py

release: $(INSTALLED)  ## record a version: make release VERSION=0.2.0 (see CONTRIBUTING.md)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=X.Y.Z"; exit 2; }
	$(PY) scripts/release.py $(VERSION)

tag: $(INSTALLED)  ## tag the committed current version v<version>
	$(PY) scripts/release.py --tag

bench: $(INSTALLED)  ## print how long a clean build, a no-change rebuild and the tests take
	$(PY) scripts/bench.py

lab: $(INSTALLED)  ## open the notebooks in JupyterLab (run them top to bottom, change, rerun)
	$(VENV)/bin/jupyter lab book/

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules

audit: $(INSTALLED) node_modules  ## Lighthouse, Nu checker, axe and page weight of the built site, served with gzip
	$(PY) scripts/audit.py

clean:
	rm -rf _build
