# The two commands of the README: `make run` and `make test`. Each builds the
# virtual environment on first use (and again when pyproject.toml changes).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCALE := handlers/locale
CATALOGS := $(patsubst %.po,%.mo,$(wildcard $(LOCALE)/*/LC_MESSAGES/messages.po))
# The optional sentence-embedding stage (the `semantic` extra: torch, ~2 GB installed) has a
# virtual environment of its own, so the default one stays light.
SEMANTIC_VENV := .venv-semantic
SEMANTIC_STAMP := $(SEMANTIC_VENV)/.installed

.PHONY: run test test-semantic lint catalogs extract

run: $(STAMP) $(CATALOGS)
	$(BIN)/dealerbot run

test: $(STAMP) $(CATALOGS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest
ifeq ($(CI),true)
	$(MAKE) test-semantic
endif

# The semantic matcher's tests, in .venv-semantic (built on first use); `make test` runs them under CI=true.
test-semantic: $(SEMANTIC_STAMP) $(CATALOGS)
	$(SEMANTIC_VENV)/bin/pytest tests/knowledge/semantic

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(SEMANTIC_STAMP): pyproject.toml
	test -x $(SEMANTIC_VENV)/bin/python || $(PYTHON) -m venv $(SEMANTIC_VENV)
	$(SEMANTIC_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SEMANTIC_VENV)/bin/python -m pip install --quiet -e '.[dev,semantic]'
	touch $@

catalogs: $(CATALOGS)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

# After adding or changing user-facing text: refresh the catalogs, then translate.
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k desk_text:2 -k in_language:2 --no-location --sort-output -o $(LOCALE)/messages.pot bot handlers knowledge storage
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --no-fuzzy-matching --ignore-obsolete --omit-header
