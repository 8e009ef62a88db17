# Set-up and everyday commands. Works as root or with sudo, on a fresh Debian 12 with Python 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE ?= samples/strategic_alliance.yaml
# Debian libraries WeasyPrint needs (Pango and its fonts), and pdftoppm for the README preview.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# ... and what the tests add: LibreOffice, to open every sample's DOCX as another word
# processor would (tests/render/test_libreoffice.py), and Chromium, which Playwright drives
# for the browser tests of the service's pages (tests/browser)
TEST_DEB_PACKAGES := libreoffice-writer-nogui chromium

.PHONY: demo setup system-deps venv install test lint bench preview clean docs sample-pages screenshots serve

## demo: install everything, build the sample agreement into out/ and print its check report
demo: install
	$(BIN)/agreement build $(SAMPLE) -o out
	$(BIN)/agreement check $(SAMPLE)

setup: install

## system-deps: the Debian packages WeasyPrint needs (idempotent: installs only what is missing)
system-deps:
	@missing=""; for p in $(DEB_PACKAGES) $(EXTRA_DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    echo "installing Debian packages:$$missing"; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "warning: not a Debian system; install Pango for WeasyPrint yourself:$$missing"; fi; \
	fi

## venv: a virtual environment in .venv (Debian's python3 needs python3-venv for it)
venv: $(BIN)/python
$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3-venv && \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip

install: system-deps venv
	$(BIN)/python -m pip install -q -e .

## test: install the test dependencies and run lint, types, the layer contracts and the whole test suite
# (temporary files under .pytest-tmp: pytest's shared numbered folders in /tmp raised an
# unclosed-scandir warning at exit when several runs shared them)
test: venv
	$(MAKE) --no-print-directory system-deps EXTRA_DEB_PACKAGES="$(TEST_DEB_PACKAGES)"
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy agreement_builder bench
	$(BIN)/lint-imports
	AGREEMENT_REQUIRE_SOFFICE=1 AGREEMENT_REQUIRE_BROWSER=1 $(BIN)/pytest -q --basetemp=$(CURDIR)/.pytest-tmp

## docs: regenerate the generated pages: docs/rules.md (rules/) and docs/clauses.md (clauses/)
docs: install
	$(BIN)/python -m agreement_builder.engine.docs
	$(BIN)/python -m agreement_builder.build.docs

bench: install
	$(BIN)/python -m bench

## serve: the REST API and web pages on http://127.0.0.1:8000/ (gunicorn, 2 workers; docs/service.md)
serve: install
	$(BIN)/agreement serve --host 127.0.0.1 --port 8000

clean:
	rm -rf out build dist *.egg-info .pytest_cache .pytest-tmp .mypy_cache .ruff_cache

## sample-pages: docs/samples/*.png, our PDF beside the DOCX as LibreOffice prints it (docs/samples.md)
sample-pages: install
	$(BIN)/python -m bench.sample_pages

## screenshots: docs/screenshots/*.png, the service's pages in Chromium (docs/screenshots.md)
screenshots: install
	$(MAKE) --no-print-directory system-deps EXTRA_DEB_PACKAGES="chromium"
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m bench.service_screenshots

## preview: render pages 1 and 6 of the sample PDF to docs/preview-*.png for the README
preview: install
	@command -v pdftoppm >/dev/null 2>&1 || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils; }
	$(BIN)/agreement build $(SAMPLE) -o out --format pdf
	pdftoppm -png -r 70 -f 1 -l 1 -singlefile out/$(notdir $(basename $(SAMPLE))).pdf docs/preview-cover
	pdftoppm -png -r 70 -f 6 -l 6 -singlefile out/$(notdir $(basename $(SAMPLE))).pdf docs/preview-body
