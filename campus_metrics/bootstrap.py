"""`init`: create or upgrade the schema, then load geography and the sourced seed once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select

from campus_metrics import geo, migrate, summaries
from campus_metrics.importing import KINDS, ImportRefused, import_paths
from campus_metrics.models import Source
from campus_metrics.settings import GEO_DIR, SEED_DIR

SEED_FILES = {kind: f"{kind}.csv" for kind in KINDS}


@dataclass
class InitResult:
    communes_added: int
    seed_loaded: bool


def seed_items(seed_dir: Path = SEED_DIR) -> list[tuple[str, Path]]:
    return [(kind, seed_dir / name) for kind, name in SEED_FILES.items() if (seed_dir / name).exists()]


def init_database(engine: Engine, *, seed_dir: Path = SEED_DIR, geo_dir: Path = GEO_DIR, load_seed: bool = True) -> InitResult:
    """Idempotent: a second run finds the schema at head, the geography and the seed present.

    A database stamped with a revision this code does not know is refused (UnknownSchema) before anything is read.
    """
    before = migrate.current_revision(engine)
    migrate.upgrade(engine)
    added = geo.load_reference(engine, geo_dir)
    if before is not None and before < migrate.SUMMARIES_REVISION:
        with engine.begin() as conn:  # an older database: resolve its figures once
            summaries.refresh(conn)
    loaded = False
    if load_seed:
        with engine.connect() as conn:
            has_sources = conn.execute(select(func.count()).select_from(Source)).scalar_one() > 0
        if not has_sources:
            reports = import_paths(engine, seed_items(seed_dir), author="init")
            problems = [p for r in reports for p in r.problems]
            if problems:
                raise ImportRefused(problems)
            loaded = True
    return InitResult(communes_added=added, seed_loaded=loaded)
