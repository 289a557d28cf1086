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

.PHONY: site release serve test browser tools system lint lock clean benchmark lighthouse urls

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

# Debian packages of the system libraries WeasyPrint loads: pango lays text
# out, harfbuzz-subset subsets the embedded fonts (without it WeasyPrint
# warns, and its PDFs differ; the PDF cache keys on which is present).
# cairo: CairoSVG draws the icon on the preview cards (Material's social plugin).
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2
system:
	@missing=""; for p in $(SYSTEM_LIBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing the system libraries WeasyPrint and the preview cards need:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "WeasyPrint and the preview cards need these system libraries:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

# Build into a scratch folder, check it (index, assets, every page, every PDF
# readable) and swap it in atomically; one build at a time (site.lock).
# A failed, damaged or killed build leaves the previous site/ as it was.
site: $(STAMP) system
	$(BIN)/python -m macros.publish

# The build to publish: as `make site`, but it refuses the placeholder
# address (macros/plugin/publishing.py), so no release points readers at it.
release:
	COMMON_GROUND_RELEASE=1 $(MAKE) site

# Preview: the first build is full, then each save rebuilds only the pages
# made from the saved files (macros/plugin/preview.py). `make site` is the
# full, clean, strict build.
serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dirty

# Debian's chromium for the browser tests (Playwright cannot download its
# own), poppler and zbar to read PDFs and the QR codes printed on them, and
# nginx to serve the site with the shipped config (.ci/deploy/nginx/).
browser:
	@command -v chromium >/dev/null && command -v zbarimg >/dev/null && { command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null || { \
	  echo "Installing Debian's chromium, poppler, zbar and nginx for the tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils zbar-tools nginx; }

# npm tools the tests use (axe-core for accessibility, the W3C Nu validator),
# pinned and kept in the git-ignored .cache/npm: no package.json to commit.
# --ignore-scripts: vnu-jar's postinstall would try to download a JDK; the
# machine's Java runs vnu.jar.
NPM_TOOLS := vnu-jar@26.9.27 axe-core@4.14.1
NPM_PREFIX := .cache/npm
tools:
	@command -v npm >/dev/null || { \
	  echo "Installing node and npm for the test tools"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	@command -v java >/dev/null || { \
	  echo "Installing Java for the HTML validator"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }
	@if [ "$$(cat $(NPM_PREFIX)/.tools 2>/dev/null)" != "$(NPM_TOOLS)" ]; then \
	  mkdir -p $(NPM_PREFIX) && \
	  npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error --prefix $(NPM_PREFIX) $(NPM_TOOLS) && \
	  echo "$(NPM_TOOLS)" > $(NPM_PREFIX)/.tools; fi

test: $(STAMP) system browser tools
	$(BIN)/pytest -n 2

# The linter and formatter (tests/unit/test_layers.py runs both in make test).
lint: $(STAMP)
	$(BIN)/ruff check macros tests
	$(BIN)/ruff format --check macros tests
	$(BIN)/lint-imports

# Add newly published pages and heading anchors to tests/published-urls.txt;
# lists any published address that stopped working (add a redirect for it).
urls: site
	$(BIN)/python tests/tools/urls.py site

# Lighthouse scores (a benchmark, not a test) for a home page, guide, exercise
# and workshop page; pinned Lighthouse 12 (13 needs node 22) in .cache/.
LIGHTHOUSE := lighthouse@12.8.2
lighthouse: site
	@[ "$$(cat .cache/lighthouse/.tools 2>/dev/null)" = "$(LIGHTHOUSE)" ] || { \
	  mkdir -p .cache/lighthouse && \
	  npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error --prefix .cache/lighthouse $(LIGHTHOUSE) && \
	  echo "$(LIGHTHOUSE)" > .cache/lighthouse/.tools; }
	$(BIN)/python tests/benchmarks/lighthouse.py site

lock: $(STAMP)
	{ echo "# Every package pinned, for reproducible builds. Regenerate with: make lock"; \
	  $(BIN)/pip freeze --exclude-editable; } > constraints.txt

# Build, PDF and preview speed as the kit grows (docs/about/performance.md).
# Not part of `make test`. About 20 minutes on 2 cores; ARGS=--quick for a
# smoke run, ARGS=--help for sizes, runs and the full run.
benchmark: $(STAMP)
	$(BIN)/python tests/benchmarks/bench_kit.py $(ARGS)

clean:
	rm -rf site site.tmp site.old site.lock .cache
