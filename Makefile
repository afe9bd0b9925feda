# campus_metrics — `make help`
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# make serve / make load (see README « Servir une salle de réunion »)
PROCS ?= 2
SERVE_PORT ?= 8080
TARGET ?= http://127.0.0.1:$(SERVE_PORT)
USERS ?= 50
DURATION ?= 300

.PHONY: help venv init run serve load test test-pg lint format bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

venv: $(BIN)/.installed ## create the virtualenv and install pinned requirements

init: venv ## create/upgrade the database and load geography + sourced seed (idempotent)
	$(BIN)/python -m campus_metrics init

run: init ## run the dashboard on the SQLite default (builds the database if missing)
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

serve: venv ## production setup: PROCS Streamlit processes behind HAProxy on SERVE_PORT (needs Debian's haproxy)
	$(BIN)/python -m serving.serve --procs $(PROCS) --port $(SERVE_PORT)

load: venv ## load client against TARGET (loopback only): USERS users for DURATION s; prints p50/p95/p99 and errors
	$(BIN)/python -m serving.load --url $(TARGET) --users $(USERS) --duration $(DURATION) --serve-state run/serve.json --after 60

test: venv ## run the whole test suite (SQLite, plus PostgreSQL when CAMPUS_METRICS_TEST_PG_URL is set)
	$(BIN)/python -m pytest

lint: venv ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv ## ruff format
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: venv ## generate the synthetic national volume and time every query (see docs/PERFORMANCE.md)
	$(BIN)/python -m campus_metrics --database-url sqlite:///data/synthetic/national.db generate
	$(BIN)/python -m campus_metrics --database-url sqlite:///data/synthetic/national.db bench

clean: ## remove the local SQLite database (your data!) and caches
	rm -rf data/campus_metrics.db* .pytest_cache .ruff_cache
