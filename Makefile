# kaptraining — the two commands are `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute links (e-mails, PDFs, QR codes, credentials) point where the demo is
# served: `make demo PORT=8101` links to 8101. An exported SITE_URL wins.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: demo test install migrate serve lint bench worker clean messages translations

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# axe-core for the accessibility tests only: `make demo` needs no Node.js.
AXE := tests/browser/a11y/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/a11y/package-lock.json
	@command -v npm >/dev/null || { echo "npm is required to install axe-core for the accessibility tests (install nodejs and npm)."; exit 1; }
	npm ci --prefix tests/browser/a11y --ignore-scripts --no-audit --no-fund
	touch $(AXE)

install: $(STAMP)

# The Spanish catalogue (issue 21): `make messages` refreshes
# locale/es/LC_MESSAGES/django.po from the code and templates (needs GNU
# gettext); `make translations` compiles every catalogue to .mo with polib (no
# gettext needed), and demo and test do it first. See README "Translations".
messages: install
	$(PY) manage.py makemessages -l es --add-location=file --ignore='.venv/*' --ignore='tests/*' --ignore='var/*' --ignore='*/node_modules/*' --ignore='static/*'

translations: install
	$(PY) manage.py compile_translations --if-stale

# Set up everything on the embedded default (SQLite, in-process tasks, demo
# checkout, console e-mail), load the demo data and serve it.
demo: export SITE_URL := $(SITE_URL)
demo: install translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving http://$(HOST):$(PORT)/  (links in e-mails and PDFs: $(SITE_URL); Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite, after lint. PostgreSQL and Redis are used when DATABASE_URL
# and REDIS_URL are set; REQUIRE_SERVICES=1 makes a missing service a failure.
test: lint translations $(AXE)
	$(PY) manage.py makemigrations --check --dry-run --settings=kaptraining.settings.test
	$(PY) -m pytest $(PYTEST_ARGS)

# Style (ruff), the dependency contracts between apps (import-linter, see
# [tool.importlinter] in pyproject.toml) and types on services, tasks and
# payment backends (mypy with django-stubs).
lint: install
	$(PY) -m ruff check kaptraining cohorts tests
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# Benchmarks that print figures; they need a migrated database (the directory
# benchmark makes its own on PostgreSQL).
bench: install
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) -m tests.bench.run_all $(BENCH)

worker: install
	$(VENV)/bin/celery -A kaptraining worker -l info

clean:
	rm -rf $(VENV) var db.sqlite3
