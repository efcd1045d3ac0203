# Gongkai: `make run` serves the demo portal; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
GONGKAI_DATA_DIR ?= $(CURDIR)/var
export GONGKAI_DATA_DIR PORT

.PHONY: run test install install-test system-deps lint bench fuzz load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The portal is served only once the demo is complete (its search index and Q&A vectors
# included: `gongkai demo` builds them before returning), so the first page is a ready one.
# collectstatic (minutes of compression on a busy machine) runs beside the demo, and only
# when the installed code changed since the last run.
STATIC_STAMP := $(GONGKAI_DATA_DIR)/static/.collected

run: install
	$(BIN)/gongkai ensure_database
	$(BIN)/gongkai migrate --noinput
	@set -e; static=; \
	if [ ! -f "$(STATIC_STAMP)" ] || [ -n "$$(find gongkai -path '*/static/*' -newer "$(STATIC_STAMP)" -print -quit)" ] \
		|| [ "$(VENV)/.installed" -nt "$(STATIC_STAMP)" ]; then \
		echo "collectstatic (in the background)"; \
		( $(BIN)/gongkai collectstatic --noinput --verbosity 0 && touch "$(STATIC_STAMP)" ) & static=$$!; fi; \
	if [ ! -f "$(GONGKAI_DATA_DIR)/.demo-loaded" ]; then \
		$(BIN)/gongkai demo || { [ -z "$$static" ] || kill $$static; exit 1; }; \
		touch "$(GONGKAI_DATA_DIR)/.demo-loaded"; fi; \
	[ -z "$$static" ] || wait $$static
	@echo "Staff sign-in: http://localhost:$(PORT)/staff/ (admin / gongkai-demo)"
	exec $(BIN)/gongkai serve --port $(PORT)

system-deps:
	@scripts/system-deps.sh

test: install-test system-deps
	@scripts/test.sh

lint: install-test
	$(BIN)/ruff check gongkai tests bench
	$(BIN)/lint-imports --no-cache

bench: install-test
	@scripts/bench.sh

# The long hardening runs (docs/hardening.md): schemathesis over the live OpenAPI schema,
# and the load mix on SQLite and PostgreSQL. `make test` runs their short forms.
fuzz: install-test
	$(BIN)/python bench/fuzz.py

load: install-test
	@scripts/load.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
