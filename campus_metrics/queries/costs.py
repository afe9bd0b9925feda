"""The cost table: cost per learner and per positive exit by scope and year (resolved at write time)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, select

from campus_metrics.filters import Filters
from campus_metrics.queries._base import frame
from campus_metrics.summaries import COST


def cost_where(f: Filters, table=COST):
    """The scopes and years of a cost table (summary_cost or its roll-up) under these filters.

    A scope-year counts by its year; status groups as the filters show them.
    """
    c = table.c
    where = []
    if f.year_max is not None:
        where.append(c.year <= f.year_max)
    if f.year_min is not None:
        where.append(c.year >= f.year_min)
    if f.departements:
        where.append(c.departement_code.in_(f.departements))
    elif f.regions:
        where.append(c.region_code.in_(f.regions))
    if f.programmes:
        where.append(c.programme_id.in_(f.programmes))
    where.append(c.status_group.in_([g.value for g in f.groups]))
    return and_(*where)


def cost_rows(engine: Engine, f: Filters, limit: int = 300) -> pd.DataFrame:
    """Every scope and year with money and learners, for the cost table (paged)."""
    return frame(engine, select(COST).where(cost_where(f)).order_by(COST.c.year, COST.c.scope_id).limit(limit))
