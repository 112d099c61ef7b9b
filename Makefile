# Régie — everyday commands. `make demo` runs the app on the demo agglomeration, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := regie.settings
# Development defaults; production sets REGIE_SECRET_KEY, REGIE_ALLOWED_HOSTS... and leaves REGIE_DEBUG off.
DEV := REGIE_DEBUG=$${REGIE_DEBUG:-1}

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@PYBIN=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then \
	  echo "Creating $(VENV) with $$PYBIN"; rm -rf $(VENV); "$$PYBIN" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	@touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP) node_modules/.package-lock.json system-deps messages  ## create .venv, install pinned Python and npm dependencies

system-deps:  ## install Debian packages the suite needs (gettext, chromium) when missing
	@scripts/ensure-system-deps

messages: $(STAMP)  ## compile the translation catalogues
	@$(DEV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

migrate: install
	@mkdir -p var
	$(DEV) $(PY) manage.py migrate --noinput -v0

demo: migrate  ## build the demo agglomeration and serve it on http://127.0.0.1:$(PORT) (with the task worker)
	$(DEV) $(PY) manage.py demo
	@$(DEV) $(PY) manage.py db_worker --queue-name '*' -v0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install  ## ruff check + ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install  ## Django system checks, production deployment checks, migrations up to date
	$(DEV) $(PY) manage.py check --fail-level WARNING
	REGIE_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) REGIE_ALLOWED_HOSTS=regie.example.org REGIE_DEBUG=0 \
	  $(PY) manage.py check --deploy --fail-level WARNING
	$(DEV) $(PY) manage.py makemigrations --check --dry-run -v1

test: lint check  ## the whole suite: lint, checks, pytest (SQLite; PostgreSQL with REGIE_TEST_DATABASE_URL)
	$(VENV)/bin/pytest -n $${REGIE_TEST_WORKERS:-auto} --dist loadfile -q $(PYTEST_ARGS)

lock:  ## recompile requirements.lock from pyproject.toml
	$(VENV)/bin/pip-compile -q --extra dev --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

makemessages: install  ## extract strings into locale/{fr,de}
	$(DEV) $(PY) manage.py makemessages -l fr -l de --ignore=.venv --ignore=node_modules --ignore=var --ignore=test-artifacts --no-obsolete
	$(DEV) $(PY) manage.py makemessages -d djangojs -l fr -l de --ignore=.venv --ignore=node_modules --ignore=var --ignore=test-artifacts --no-obsolete

bench: install  ## benchmarks (see benchmarks/README.md)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) node_modules var

.PHONY: help install system-deps messages migrate demo lint check test lock makemessages bench clean
