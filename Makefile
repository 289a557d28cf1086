# One entry point for maintainers and CI. `make site` and `make test` are the
# two commands the README promises work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Material 9.8 and ProperDocs-aware plugins print end-of-life banners otherwise.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: site serve test browser lock clean benchmark lighthouse urls

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Build into a scratch folder and swap it in only on success, so a failed
# build never leaves a half-built site/ that looks finished.
site: $(STAMP)
	rm -rf site.tmp
	$(BIN)/mkdocs build --strict --site-dir site.tmp
	rm -rf site && mv site.tmp site
	@echo "Built site/ ($$(find site -name '*.html' | wc -l) pages, $$(find site -name '*.pdf' | wc -l) PDFs)"

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict

# Debian's chromium for the browser tests; Playwright cannot download its own.
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils; }

test: $(STAMP) browser
	$(BIN)/pytest -n 2

lock: $(STAMP)
	{ echo "# Every package pinned, for reproducible builds. Regenerate with: make lock"; \
	  $(BIN)/pip freeze --exclude-editable; } > constraints.txt

clean:
	rm -rf site site.tmp .cache
