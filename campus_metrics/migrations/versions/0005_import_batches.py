"""import batches: every write is a batch (who, when, files, hash, rows per table), undoable

- `import_batches`: one row per import, with its undo (undone_at, undone_by) kept, never deleted.
- `batch_id` on every importable table: the batch that wrote the row (NULL before this revision).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 06:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("sources", "programmes", "sites", "cohorts", "funding_lines", "outcomes", "indicators")


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("file_names", sa.String(length=1000), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    for table in TABLES:
        op.add_column(table, sa.Column("batch_id", sa.Integer(), nullable=True))
        op.create_index(f"ix_{table}_batch_id", table, ["batch_id"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_batch_id", table_name=table)
        op.drop_column(table, "batch_id")
    op.drop_table("import_batches")
