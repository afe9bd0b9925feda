"""indexes for the dashboard queries at national volume (see docs/PERFORMANCE.md)

- fact_key and site_id: partial indexes (WHERE col IS NOT NULL). Without STAT4, SQLite
  costs `fact_key IS NULL` (the un-keyed half of every deduplicated aggregate) and
  `site_id IS NULL` (programme-level facts) as a rare equality and walked the full index
  over ~90 % of the table, one row lookup at a time.
- territory/programme + year indexes get year_end as a third column, so the period test
  `coalesce(year_end, year_start) >= :year_min` is checked in the index before the table.
  (fact_key is deliberately NOT added: SQLite would cost `fact_key IS NULL` on it as a
  rare equality again and pick a skip-scan over the whole index.)
- coalesce(year_end, year_start): an expression index, for max() in filter_options and
  for "from year N" filters.
- the sort orders of the detail tables (cohort_details, outcomes, funding_lines: newest or
  largest first, LIMIT 300): the first 300 index entries instead of sorting the table.
  SQLite keeps NULLs last in a DESC index and refuses "NULLS LAST" in CREATE INDEX;
  PostgreSQL needs the words to match `DESC NULLS LAST`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> prefix used by the 0001 names of its composite indexes
FACTS = {"cohorts": "cohorts", "funding_lines": "funding", "outcomes": "outcomes"}
COMPOSITE = {"region": "region_code", "dep": "departement_code", "programme": "programme_id"}
PARTIAL = [(t, "fact_key") for t in ("cohorts", "funding_lines", "outcomes", "indicators")] + [(t, "site_id") for t in ("cohorts", "funding_lines", "outcomes")]


def _not_null(column: str) -> dict:
    cond = sa.text(f"{column} IS NOT NULL")
    return {"sqlite_where": cond, "postgresql_where": cond}


def _order_indexes() -> list[tuple[str, str, list]]:
    nulls_last = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    return [
        ("ix_cohorts_latest", "cohorts", [sa.text(f"year_start DESC{nulls_last}"), "id"]),
        ("ix_funding_largest", "funding_lines", [sa.text(f"amount_max_eur DESC{nulls_last}"), "id"]),
        ("ix_outcomes_latest", "outcomes", [sa.text("year_start DESC"), "indicator", "id"]),
    ]


def upgrade() -> None:
    for table, column in PARTIAL:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], unique=False, **_not_null(column))
    for table, prefix in FACTS.items():
        for kind, column in COMPOSITE.items():
            name = f"ix_{prefix}_{kind}_year"
            op.drop_index(name, table_name=table)
            op.create_index(name, table, [column, "year_start", "year_end"], unique=False)
        op.drop_index(f"ix_{prefix}_year", table_name=table)
        op.create_index(f"ix_{prefix}_year", table, ["year_start", "year_end"], unique=False)
        op.create_index(f"ix_{prefix}_year_last", table, [sa.text("coalesce(year_end, year_start)")], unique=False)
    for name, table, columns in _order_indexes():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in _order_indexes():
        op.drop_index(name, table_name=table)
    for table, prefix in FACTS.items():
        op.drop_index(f"ix_{prefix}_year_last", table_name=table)
        op.drop_index(f"ix_{prefix}_year", table_name=table)
        op.create_index(f"ix_{prefix}_year", table, ["year_start"], unique=False)
        for kind, column in COMPOSITE.items():
            name = f"ix_{prefix}_{kind}_year"
            op.drop_index(name, table_name=table)
            op.create_index(name, table, [column, "year_start"], unique=False)
    for table, column in PARTIAL:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], unique=False)
