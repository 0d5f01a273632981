# The two commands of the README, and the ones an author uses day to day.
#   make site   set up, validate and build the site into site/
#   make test   set up everything the tests need (Python packages, Chromium, Java, PHP, npm tools) and run them all
#               (tests/unit, tests/build, tests/browser, tests/content: pyproject.toml's testpaths)
#   make serve  preview with live reload;  make validate  check the content only
VENV   := .venv
BIN    := $(VENV)/bin
PYTHON ?= python3
# pytest processes for `make test` (pytest-xdist): each builds the shipped site once and takes tests as it frees up
JOBS   ?= 2

.PHONY: site test serve validate bench clean

$(BIN)/coursegen: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/coursegen
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

site: $(BIN)/coursegen
	$(BIN)/coursegen build

validate: $(BIN)/coursegen
	$(BIN)/coursegen validate

serve: $(BIN)/coursegen
	$(BIN)/coursegen serve

test: $(VENV)/.test-deps
	scripts/setup-test-tools
	$(BIN)/pytest -n $(JOBS) --dist worksteal

bench: $(BIN)/coursegen
	$(BIN)/python bench/build_bench.py

clean:
	rm -rf site .pytest_cache test-artifacts
