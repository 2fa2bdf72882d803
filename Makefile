# Knowledge Hub. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.created-stamp
# `make run` needs only what the app imports; `make test`, `make lint` and `make bench` add the
# test extra on top, which also satisfies `make run`.
RUN_STAMP := $(VENV)/.run-stamp
TEST_STAMP := $(VENV)/.installed-stamp
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test lint bench migrate seed translations clean

$(VENV_STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $(VENV_STAMP)

$(RUN_STAMP): pyproject.toml $(VENV_STAMP)
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(TEST_STAMP): pyproject.toml $(VENV_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP) $(RUN_STAMP)

migrate: $(RUN_STAMP)
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) hub seed-demo

run: seed
	$(FLASK) run --host 127.0.0.1 --port 5000

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest -n 2

bench: $(TEST_STAMP)
	$(BIN)/python -m pytest tests/benchmarks -s -p no:cacheprovider -o python_files='bench_*.py'

# Extract every translatable string, merge it into the French, Spanish and Arabic catalogues,
# and compile them (the compiled .mo files are committed: a plain `pip install .` needs them).
translations: $(RUN_STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
		--no-location --sort-output --omit-header -o hub/translations/messages.pot .
	$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-pot-creation-date -i hub/translations/messages.pot -d hub/translations
	$(BIN)/pybabel -q compile -d hub/translations

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
