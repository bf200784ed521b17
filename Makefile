# `make run` and `make test` are the two commands of the README's first screen.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install migrate demo worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

## Serve http://127.0.0.1:8000 with a Celery worker (and beat) beside it.
run: demo
	$(BIN)/honcho start -f Procfile.dev

# axe-core for the browser tests; without npm they are skipped, and say so.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the browser tests will be skipped (see docs/how-to/testing.md)"; fi

## The whole suite. With DATABASE_URL (and CELERY_BROKER_URL) set, runs against them.
test: install node_modules/.package-lock.json
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var staticfiles node_modules .pytest_cache .mypy_cache .ruff_cache

# Operations (docs/how-to/operations.md): load test, faults, backups, compose check.
.PHONY: load load-short check-compose fault-postgres fault-redis fault-worker faults backup restore backup-check

## 60 s of 50 officers, 10 managers and 5 cabinet members on gunicorn, PostgreSQL
## and a Celery worker on Redis (its own database, coventry_load); p50/p95 per page.
load: install
	scripts/load.sh 60

load-short: install
	scripts/load.sh 10

## docker-compose.yml against the Compose schema, without a Docker engine.
check-compose: install
	$(BIN)/python scripts/check_compose.py

## Each breaks one part of a running product and checks the outcome.
fault-postgres: install
	scripts/faults/postgres.sh

fault-redis: install
	scripts/faults/redis.sh

fault-worker: install
	scripts/faults/worker.sh

faults: fault-postgres fault-redis fault-worker

## pg_dump + the uploaded files into backups/ (BACKUP_DIR); restore into an empty
## database (RESTORE_DATABASE_URL); backup-check proves a restore gives the same data.
backup: install
	scripts/backup.sh

restore: install
	scripts/restore.sh $(BACKUP)

backup-check: install
	scripts/backup_check.sh

