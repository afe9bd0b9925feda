"""Shared fixtures: the seeded database on SQLite and, when configured, on PostgreSQL.

Set CAMPUS_METRICS_TEST_PG_URL (CI does) to run every database test on PostgreSQL too;
each PostgreSQL test database lives in its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from campus_metrics.bootstrap import init_database
from campus_metrics.db import make_engine, normalise_url

PG_URL = os.environ.get("CAMPUS_METRICS_TEST_PG_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: runs on PostgreSQL (needs CAMPUS_METRICS_TEST_PG_URL)")


def pytest_report_header(config):
    if PG_URL:
        return f"PostgreSQL pass: ON ({PG_URL.split('@')[-1]})"
    return "PostgreSQL pass: SKIPPED — set CAMPUS_METRICS_TEST_PG_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run it"


def _new_engine(backend: str, tmp_dir: Path) -> tuple[Engine, callable]:
    if backend == "sqlite":
        path = tmp_dir / f"cm-{uuid.uuid4().hex[:8]}.db"
        engine = make_engine(f"sqlite:///{path}")
        return engine, engine.dispose
    if not PG_URL:
        pytest.skip("PostgreSQL pass skipped: CAMPUS_METRICS_TEST_PG_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(PG_URL))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))  # schema name is generated above, not user input
    # the schema travels in the URL, so code that only gets the URL (the CLI) uses it too
    url = make_url(normalise_url(PG_URL)).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = create_engine(url)

    def drop() -> None:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return engine, drop


@pytest.fixture(scope="session", params=BACKENDS)
def seeded(request, tmp_path_factory) -> Iterator[Engine]:
    """The real seed (geography + sourced CSVs), loaded once per backend; treat as read-only."""
    engine, drop = _new_engine(request.param, tmp_path_factory.mktemp("seeded"))
    init_database(engine)
    yield engine
    drop()


@pytest.fixture(params=BACKENDS)
def fresh(request, tmp_path) -> Iterator[Engine]:
    """A throwaway database with geography and seed, for tests that write."""
    engine, drop = _new_engine(request.param, tmp_path)
    init_database(engine)
    yield engine
    drop()


@pytest.fixture(params=BACKENDS)
def empty(request, tmp_path) -> Iterator[Engine]:
    """A throwaway database with schema and geography but no sourced data."""
    engine, drop = _new_engine(request.param, tmp_path)
    init_database(engine, load_seed=False)
    yield engine
    drop()


# AppTest: a seeded SQLite base per test module (a module that writes to it never leaks into another),
# and a factory of AppTest objects on it (tests/apptest_support.py has the app's path and text readers).
@pytest.fixture(scope="module")
def db_url(tmp_path_factory) -> str:
    from apptest_support import build

    url = f"sqlite:///{tmp_path_factory.mktemp('app_db') / 'campus_metrics.db'}"
    build(url)
    return url


@pytest.fixture
def app(db_url, monkeypatch):
    """A factory of AppTest objects on the module's database (no editor secrets unless asked)."""
    from apptest_support import APP, TIMEOUT
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", db_url)

    def make(secrets: dict | None = None, query: dict | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        # Always pass secrets so a developer's own .streamlit/secrets.toml never leaks into the test.
        at.secrets.update(secrets or {"_test": "no editor"})
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at

    return make
