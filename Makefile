# campus_metrics — `make help`
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: help venv init run test test-pg lint format bench clean

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
