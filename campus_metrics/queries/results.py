"""Outcome rates per indicator (and programme or year), from the outcome summary."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from campus_metrics.filters import Filters
from campus_metrics.labels import label
from campus_metrics.queries._base import combined_status, cube, frame

OUTCOME_BY = {"indicator", "programme_id", "year_start", "region_code", "fact_status", "cohort_period"}


def outcome_summary(engine: Engine, f: Filters, by: tuple[str, ...] = ("indicator",)) -> pd.DataFrame:
    """Rates per indicator: weighted by base where every base is known, else the range."""
    if set(by) - OUTCOME_BY:
        raise ValueError(f"unknown grouping {set(by) - OUTCOME_BY}")
    t, where = cube("outcomes", f, by)
    keys = [t.c[b] for b in by]
    out = frame(
        engine,
        select(
            *keys,
            func.sum(t.c.n).label("measures"),
            func.sum(t.c.n_base).label("with_base"),
            func.sum(t.c.base_sum).label("base"),
            (func.sum(t.c.value_x_base) / func.nullif(func.sum(t.c.base_sum), 0)).label("weighted"),
            func.min(t.c.value_min).label("value_min"),
            func.max(t.c.value_max).label("value_max"),
            combined_status(t.c.fact_status).label("status"),
        )
        .where(where)
        .group_by(*keys)
        .order_by(*keys),
    )
    out["value"] = out["weighted"].where(out["with_base"] == out["measures"], None)
    single = out["measures"] == 1
    out.loc[single, "value"] = out.loc[single, "value_min"]
    if "indicator" in by:
        out["indicator_label"] = out["indicator"].map(lambda c: label("indicator", c))
    return out
