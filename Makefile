# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_SIZE ?= small
# The suite runs on every core (pytest-xdist); a worker that runs dry takes queued tests from the
# end of a busy one's queue ("worksteal"). Not loadgroup/loadscope/loadfile: they key tests by
# node id, which pytest 9.2 gives all of a schemathesis test's operations alike, so they would
# run one operation each (and pytest 9.2 ignores xdist_group: pytest-xdist#1386).
XDIST ?= -n auto --dist worksteal
export DJANGO_SETTINGS_MODULE ?= zhanggui.settings.dev

.PHONY: run test lint bench setup setup-dev vendor messages e2e

$(VENV)/.base: requirements/base.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $@

setup: $(VENV)/.base

setup-dev: $(VENV)/.dev

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py zhanggui demo --size $(DEMO_SIZE)
	$(PY) manage.py zhanggui serve --host $(HOST) --port $(PORT)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=zhanggui.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy zhanggui/*/services* zhanggui/*/selectors*
	$(VENV)/bin/lint-imports

# The browser tests keep one process: Playwright's event loop must not meet the other tests, and
# they are too few to repay a second worker's Chromium, live server and collection. That process
# collects only their files (test_*e2e*.py; conftest.py refuses a browser test elsewhere).
test: lint
	DJANGO_SETTINGS_MODULE=zhanggui.settings.test $(PY) -m pytest -m "not e2e" $(XDIST) $(PYTEST_ARGS)
	DJANGO_SETTINGS_MODULE=zhanggui.settings.test $(PY) -m pytest -m e2e zhanggui/*/tests/test_*e2e*.py $(PYTEST_ARGS)

bench: setup-dev
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b $(BENCH_ARGS) || exit 1; done

vendor:
	bash scripts/vendor_static.sh

messages: setup-dev
	for app in zhanggui/*/; do if [ -d $$app/locale ]; then (cd $$app && ../../$(VENV)/bin/django-admin makemessages -l zh_Hans --no-obsolete >/dev/null); fi; done
	for app in zhanggui/*/; do if [ -d $$app/locale ]; then (cd $$app && ../../$(VENV)/bin/django-admin compilemessages >/dev/null); fi; done
