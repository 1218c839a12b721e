# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-django runs on its own test_<name> database, created and dropped per run.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/portal
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: install run migrate seed test test-postgres messages compilemessages bench bench-throughput bench-memory bench-load clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

seed: migrate
	$(PY) manage.py seed_demo --if-empty --address $(HOST):$(PORT)

run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

# Tests run in parallel, one worker per CPU (pytest-xdist; each worker has its own test
# database); PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= auto

test: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); \
	status=$$?; if [ $$status -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$status

test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(MAKE) test

SUBAPPS := $(patsubst grid_pages/%/apps.py,%,$(wildcard grid_pages/*/apps.py))
MAKEMESSAGES := makemessages -l zh_Hans -l en --no-obsolete

# Each app keeps its own catalogue; portal/locale holds the site templates' and home's strings.
messages: install
	cd grid_pages && ../$(PY) ../manage.py $(MAKEMESSAGES) $(addprefix --ignore=,$(SUBAPPS))
	for app in $(SUBAPPS); do (cd grid_pages/$$app && ../../$(PY) ../../manage.py $(MAKEMESSAGES)) || exit 1; done
	cd search && ../$(PY) ../manage.py $(MAKEMESSAGES)
	$(PY) manage.py $(MAKEMESSAGES) --ignore=.venv --ignore=grid_pages --ignore=search --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

compilemessages: install
	$(PY) manage.py compilemessages --ignore=.venv

bench: install
	$(PY) bench/run.py

# Page cache vs a bare view through gunicorn (needs wrk: apt-get install -y wrk).
bench-throughput: install
	$(PY) bench/throughput.py $(BENCH_ARGS)

# gunicorn with production settings: RSS/PSS/USS of master and workers, first search after a start.
bench-memory: install
	$(PY) bench/memory.py

# 50 clients submitting repair requests to gunicorn for 30 s, one worker killed (slow: not in `bench`).
# BENCH_DATABASE_URL=postgres://... runs it on PostgreSQL; empty: a scratch SQLite file.
BENCH_DATABASE_URL ?=
bench-load: install
	$(PY) bench/submit_load.py $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

clean:
	rm -rf $(VENV) .pytest_cache .test-media
