"""Alembic owns the schema; this wraps it so the CLI and tests need no alembic.ini."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from campus_metrics.failures import UnknownSchema

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SUMMARIES_REVISION = "0003"  # the first revision with write-time summaries


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    """Every revision this version of the code can read or upgrade from."""
    return frozenset(rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions())


def check_known(revision: str | None) -> None:
    """Refuse a database stamped by a newer or foreign version: never read, upgrade nor write it."""
    if revision is not None and revision not in known_revisions():
        raise UnknownSchema(revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema in place, keeping the user's data (refused on an unknown revision)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        check_known(MigrationContext.configure(conn).get_current_revision())
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    """The database's Alembic revision, None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def ensure_known(engine: Engine) -> str | None:
    """The current revision, after refusing an unknown one (import and the app call this)."""
    revision = current_revision(engine)
    check_known(revision)
    return revision
