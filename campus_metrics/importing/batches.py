"""The import history and its undo: all or nothing, refused while later rows depend on the batch.

An undo deletes the rows the batch added (nothing else), rebuilds the summaries and bumps the
data version in the same transaction, and keeps the batch in the history marked as undone
(when, by whom), so no row ever disappears without a trace.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine, and_, delete, not_, or_, select, update

from campus_metrics import migrate, summaries
from campus_metrics import models as m

# deleted children first; each (model, its reference columns)
ORDER = (m.Indicator, m.Outcome, m.FundingLine, m.Cohort, m.Site, m.Programme, m.Source)
# who may point to a row of each table: (referring model or table, column)
REFERRERS = {
    m.Source: [(t, "source_id") for t in (m.Programme, m.Site, m.Cohort, m.FundingLine, m.Outcome, m.Indicator)],
    m.Programme: [(t, "programme_id") for t in (m.Site, m.Cohort, m.FundingLine, m.Outcome, m.Indicator)],
    m.Site: [(t, "site_id") for t in (m.Cohort, m.FundingLine, m.Outcome)],
    m.Cohort: [(m.Outcome, "cohort_id")],
}


class UndoRefused(Exception):
    """Why a batch cannot be undone: a code and its values (the UI and CLI put them in words)."""

    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code, self.values = code, values


@dataclass
class Dependant:
    table: str
    row_id: str
    refers_to: str  # the id in the batch


@dataclass
class UndoResult:
    batch_id: int
    deleted: dict[str, int] = field(default_factory=dict)


def list_batches(engine: Engine) -> pd.DataFrame:
    """Every batch, newest first: id, when, who, files, hash, rows per table (JSON), undo."""
    B = m.ImportBatch
    with engine.connect() as conn:
        return pd.read_sql(select(B.id, B.created_at, B.author, B.file_names, B.file_hash, B.rows, B.undone_at, B.undone_by).order_by(B.id.desc()), conn)


def rows_added(rows_json: str) -> dict[str, int]:
    try:
        return {str(k): int(v) for k, v in json.loads(rows_json or "{}").items()}
    except (ValueError, TypeError, AttributeError):
        return {}


def dependants(conn: Connection, batch_id: int, limit: int = 20) -> list[Dependant]:
    """Rows outside the batch that refer to rows of the batch (they would lose their reference)."""
    found: list[Dependant] = []
    for target, refs in REFERRERS.items():
        mine = select(target.id).where(target.batch_id == batch_id)
        for model, col in refs:
            c = getattr(model, col)
            outside = or_(model.batch_id.is_(None), model.batch_id != batch_id)
            for row_id, ref in conn.execute(select(model.id, c).where(c.in_(mine), outside).limit(limit)):
                found.append(Dependant(model.__tablename__, row_id, ref))
    links = m.site_programmes.c
    mine_sites = select(m.Site.id).where(m.Site.batch_id == batch_id)
    mine_progs = select(m.Programme.id).where(m.Programme.batch_id == batch_id)
    stmt = select(links.site_id, links.programme_id).where(links.programme_id.in_(mine_progs), not_(links.site_id.in_(mine_sites))).limit(limit)
    found.extend(Dependant("sites", site, prog) for site, prog in conn.execute(stmt))
    return found[:limit]


def undo_batch(engine: Engine, batch_id: int, author: str) -> UndoResult:
    """Delete the rows of one batch, all or nothing, with the summaries rebuilt in the same transaction."""
    migrate.ensure_known(engine)
    B = m.ImportBatch
    with engine.begin() as conn:
        batch = conn.execute(select(B.id, B.undone_at).where(B.id == batch_id).with_for_update()).first()
        if batch is None:
            raise UndoRefused("unknown_batch", batch=batch_id)
        if batch.undone_at is not None:
            raise UndoRefused("already_undone", batch=batch_id)
        blocking = dependants(conn, batch_id)
        if blocking:
            raise UndoRefused("has_dependants", batch=batch_id, rows=[(d.table, d.row_id, d.refers_to) for d in blocking])
        result = UndoResult(batch_id)
        links = m.site_programmes.c
        conn.execute(delete(m.site_programmes).where(links.site_id.in_(select(m.Site.id).where(m.Site.batch_id == batch_id))))
        for model in ORDER:
            n = conn.execute(delete(model).where(model.batch_id == batch_id)).rowcount
            if n:
                result.deleted[model.__tablename__] = n
        done = conn.execute(
            update(B).where(and_(B.id == batch_id, B.undone_at.is_(None))).values(undone_at=dt.datetime.now(dt.UTC), undone_by=author[:200])
        ).rowcount
        if done != 1:  # another undo of the same batch won the race
            raise UndoRefused("already_undone", batch=batch_id)
        summaries.refresh(conn)
    return result
