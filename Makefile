# Egekh: `make run` serves the demo on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test test-postgres lint setup translations db messages clean screens

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

setup: $(BIN)/activate translations

translations: $(BIN)/activate
	@set -e; for dir in app/translations app/i18n/*; do \
	  if [ -d "$$dir" ]; then $(BIN)/pybabel compile --statistics -d "$$dir"; fi; \
	done

db: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed all
	-PORT=$(PORT) $(BIN)/flask notify send

run: db
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile - wsgi:app

# In parallel, one worker per core (pytest-xdist); the seeded template databases are
# kept in .pytest_cache/egekh-db between runs. PYTEST_ARGS="-n 0 -k …" runs a few in one process.
test: setup
	$(BIN)/python -m pytest -q -n auto --dist worksteal $(PYTEST_ARGS)

lint: $(BIN)/activate
	$(BIN)/ruff check .

# Add newly marked strings to the catalogs (app/translations and app/i18n/*); then translate them.
messages: $(BIN)/activate
	$(BIN)/flask messages update

# Screenshots of the key pages for the README (a fresh demo in Chromium; docs/screens/).
screens: setup
	$(BIN)/python bench/screens.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
