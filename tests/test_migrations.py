"""The models and the Alembic migrations describe the same schema, on SQLite and PostgreSQL.

A database upgraded to head is compared with the metadata of the models and of the summary
tables (campus_metrics.summaries registers them). SQLite cannot reflect expression-based
indexes (`coalesce(year_end, year_start)`): they are left out of the comparison there and
checked by name and definition instead.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import BACKENDS, _new_engine
from sqlalchemy import Column, Engine, Index, inspect, text

import campus_metrics.summaries  # noqa: F401  (registers the summary tables in Base.metadata)
from campus_metrics import migrate
from campus_metrics.models import Base

EXPRESSION_INDEXES = {"ix_cohorts_year_last": "cohorts", "ix_funding_year_last": "funding_lines", "ix_outcomes_year_last": "outcomes"}
PARTIAL_INDEXES = {
    "ix_cohorts_fact_key": "fact_key",
    "ix_cohorts_site_id": "site_id",
    "ix_funding_lines_fact_key": "fact_key",
    "ix_funding_lines_site_id": "site_id",
    "ix_outcomes_fact_key": "fact_key",
    "ix_outcomes_site_id": "site_id",
    "ix_indicators_fact_key": "fact_key",
}
SUMMARY_TABLES = {"summary_cohorts", "summary_funding", "summary_outcomes", "summary_sources", "summary_cost"}
UNREFLECTABLE = [
    "ignore:Skipped unsupported reflection of expression-based index",
    "ignore:autogenerate skipping metadata-specified expression-based index",
]


@pytest.fixture(params=BACKENDS)
def migrated(request, tmp_path) -> Iterator[Engine]:
    """An empty database upgraded to head by Alembic alone (no geography, no seed)."""
    engine, drop = _new_engine(request.param, tmp_path)
    migrate.upgrade(engine)
    yield engine
    drop()


def _is_expression_index(index) -> bool:
    return isinstance(index, Index) and any(not isinstance(e, Column) for e in index.expressions)


def _flatten(diffs) -> list:
    out = []
    for d in diffs:
        out.extend(_flatten(d) if isinstance(d, list) else [d])
    return out


def _differences(engine: Engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        diffs = _flatten(compare_metadata(ctx, Base.metadata))
    if engine.dialect.name == "sqlite":  # SQLite cannot reflect them: checked below by their SQL
        diffs = [d for d in diffs if not (d[0] in ("add_index", "remove_index") and _is_expression_index(d[1]))]
    return diffs


@pytest.mark.filterwarnings(*UNREFLECTABLE)
def test_models_and_migrations_agree(migrated):
    diffs = _differences(migrated)
    assert diffs == [], "models and migrations differ; write a migration:\n" + "\n".join(map(str, diffs))


def test_upgrade_reaches_the_single_head_with_every_summary_table(migrated):
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1
    assert migrate.current_revision(migrated) == heads[0]
    assert heads[0] >= migrate.SUMMARIES_REVISION
    tables = set(inspect(migrated).get_table_names())
    assert SUMMARY_TABLES <= tables
    assert set(Base.metadata.tables) <= tables


def test_expression_and_partial_indexes_exist_with_their_definition(migrated):
    """What compare_metadata cannot see on SQLite (expressions) nor anywhere (partial WHERE)."""
    with migrated.connect() as conn:
        if migrated.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")).all()
        else:
            rows = conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")).all()
    sql = {name: " ".join(definition.lower().replace('"', "").split()) for name, definition in rows}
    for name, table in EXPRESSION_INDEXES.items():
        assert name in sql, name
        assert table in sql[name] and "coalesce(year_end, year_start)" in sql[name], sql[name]
    for name, column in PARTIAL_INDEXES.items():
        assert name in sql, name
        assert f"where ({column} is not null)" in sql[name] or f"where {column} is not null" in sql[name], sql[name]
