"""funders index: « who paid » grouped in index order, without reading the table

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 09:40:00

`queries.funders` groups every funding line of a selection by funder, status, source, kind of
amount and whether it is counted. A covering index in that order turns the group-by into one
index scan (no table read, no temporary sort): 1,2 s → 0,1 s at the national volume (500 000
lines, SQLite).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "funder_type",
    "funder_name",
    "fact_status",
    "source_id",
    "amount_kind",
    "amount_period",
    "in_totals",
    "counted",
    "amount_min_eur",
    "amount_max_eur",
]


def upgrade() -> None:
    op.create_index("ix_funding_funders", "funding_lines", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_funding_funders", table_name="funding_lines")
