# Two commands matter: `make run` (the product with demo data on SQLite) and `make test` (every test).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
PYTHON_VERSION := $(shell cat .python-version)
UV_VERSION := 0.13.9
UV := .tools/bin/uv
PY := $(UV) run --frozen python
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test test-fast lint audit bench load sync browser messages worker clean

$(UV):
	@command -v python$(PYTHON_VERSION) >/dev/null || command -v python3 >/dev/null || { echo "Cần Python $(PYTHON_VERSION) (python$(PYTHON_VERSION))."; exit 1; }
	@PY=$$(command -v python$(PYTHON_VERSION) || command -v python3); $$PY -m venv .tools && .tools/bin/pip install -q "uv==$(UV_VERSION)"

sync: $(UV)
	@$(UV) sync --frozen -q

run: sync
	@mkdir -p var
	@$(PY) manage.py migrate --no-input -v0
	@$(PY) manage.py load_demo
	@echo "Mở http://127.0.0.1:8000 — dừng bằng Ctrl+C"
	@$(PY) manage.py runserver 127.0.0.1:8000

# Browser tests need Debian's chromium; they are never skipped silently.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation2 >/dev/null; \
	  elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation2 >/dev/null; \
	  else \
	    echo "Không tìm thấy $(CHROMIUM). Cài gói Debian 'chromium' (apt-get install chromium) rồi chạy lại 'make test'."; exit 1; \
	  fi; \
	fi

test: sync browser
	@$(PY) -m pytest $(PYTEST_ARGS)

# For daily work: every test but the browser journeys, on two processes (pytest-xdist, each with its own
# SQLite test database). `make test` is what CI runs.
WORKERS ?= auto
test-fast: sync
	@$(PY) -m pytest -m "not browser" -n $(WORKERS) $(PYTEST_ARGS)

lint: sync
	@$(UV) run --frozen ruff check .
	@$(UV) run --frozen ruff format --check .
	@$(UV) run --frozen mypy .
	@$(UV) run --frozen lint-imports --no-logo

# Known vulnerabilities in the locked dependencies (pip-audit, pinned, run by uvx). Fails on a vulnerability;
# says so, and passes, when the vulnerability service cannot be reached (.ci/audit_report.py).
PIP_AUDIT_VERSION := 2.10.1
audit: $(UV)
	@mkdir -p var/audit
	@$(UV) export --frozen --no-emit-project --all-groups -q -o var/audit/requirements.txt
	@rm -f var/audit/report.json
	@timeout 300 $(UV)x --from pip-audit==$(PIP_AUDIT_VERSION) pip-audit -r var/audit/requirements.txt \
	  --disable-pip --require-hashes --progress-spinner off -f json -o var/audit/report.json || true
	@python3 .ci/audit_report.py var/audit/report.json

# On demand, not part of `make test`: the dashboard selector against hand-written SQL, 100,000 tasks on SQLite
# and 10,000, 100,000 and 1,000,000 on PostgreSQL (BENCH_DATABASE_URL, default the local server), as ratios,
# counted from the tasks and read from the rollups (with the rollups' rebuild time); the public results
# page from the cache against rebuilt on every request (requests/s, queries per request); the change log page
# at 100,000 history rows against raw SQL of the same page (ms per page, queries, ratio); the Excel annexes of
# task rows against one query written by xlsxwriter (time and peak memory, ratios), 92,000 rows on PostgreSQL;
# the Word and PDF year report of a 100,000-task province, main's code (git archive) against this tree, each in
# a child process (time, peak resident memory, ratio to the Excel annex of the same rows);
# the look-alikes of a 200-task page of the approval queue at 100,000 tasks (ms, queries), and the look-alike
# matcher's precision and recall on the labelled pairs (dotpha/tasks/lookalike_pairs.csv); the task list of one
# unit's subtree, the approval queue (by date and by assignee), GET /api/v1/tasks (by page and by cursor), both
# home pages and a task's page at 10,000, 100,000 and 1,000,000 tasks on PostgreSQL, served whole against
# hand-written SQL of the same page (ms, queries, KB, ratios).
bench: sync
	@$(PY) manage.py bench_dashboard --tasks 100000
	@DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dotpha_bench} $(PY) manage.py bench_dashboard --tasks 10000 100000 1000000 --runs 3
	@$(PY) manage.py bench_import
	@DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dotpha_bench} $(PY) manage.py bench_import
	@$(PY) manage.py bench_public
	@$(PY) manage.py bench_login
	@$(PY) manage.py bench_audit --rows 100000
	@$(PY) manage.py bench_export
	@DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dotpha_bench} $(PY) manage.py bench_export --rows 92000
	@DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dotpha_bench} $(PY) manage.py bench_report --tasks 100000
	@$(PY) manage.py bench_lookalikes --tasks 100000
	@DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dotpha_bench} $(PY) manage.py bench_lookalikes --tasks 100000
	@$(PY) manage.py lookalike_eval
	@DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dotpha_bench} $(PY) manage.py bench_lists --tasks 10000 100000 1000000

# On demand: the mixed load on loopback (locust, the `bench` dependency group) at 100,000 and 1,000,000
# tasks, see `manage.py bench_load`; LOAD_ARGS replaces the sizes and times.
LOAD_ARGS ?= --tasks 100000 1000000 --seconds 30
load: sync
	@DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dotpha_bench} $(UV) run --frozen --group bench python manage.py bench_load $(LOAD_ARGS)

messages: sync
	@cd dotpha && ../$(PY) ../manage.py makemessages -l en --no-obsolete && ../$(PY) ../manage.py compilemessages

worker: sync
	@$(PY) manage.py db_worker

clean:
	rm -rf .venv .tools var test-artifacts
