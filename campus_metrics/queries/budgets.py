"""Money: breakdowns by funder, nature, programme or year, and the cost per learner table.

One-off and per-year amounts come back as separate rows (`amount_period`): never added.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, case, func, select

from campus_metrics.enums import AmountPeriod
from campus_metrics.filters import Filters
from campus_metrics.labels import label
from campus_metrics.queries._base import combined_status, cube, frame
from campus_metrics.queries.costs import cost_rows
from campus_metrics.queries.reference import names
from campus_metrics.summaries import Breakdown

BUDGET_BY = {"funder_type", "nature", "programme_id", "year_start", "fact_status", "region_code"}


def budget_breakdown(engine: Engine, f: Filters, by: tuple[str, ...] = ("funder_type",)) -> pd.DataFrame:
    """Money counted in totals, grouped, one row per group and period kind; shortfalls on the one-off row."""
    bad = set(by) - BUDGET_BY
    if bad:
        raise ValueError(f"unknown grouping {bad}")
    if "funder_type" in by and "nature" in by:
        raise ValueError("funder_type and nature are summarised apart, not crossed")
    breakdown = Breakdown.funder_type if "funder_type" in by else Breakdown.nature if "nature" in by else Breakdown.base
    t, where = cube("funding", f, by, breakdown)
    keys = [t.c[b] for b in by]
    cols = []
    for p in AmountPeriod:
        cols += [
            func.sum(t.c[f"{p}_min"]).label(f"{p}_min"),
            func.sum(t.c[f"{p}_max"]).label(f"{p}_max"),
            func.sum(t.c[f"{p}_lines"]).label(f"{p}_lines"),
            combined_status(case((t.c[f"{p}_lines"] > 0, t.c.fact_status))).label(f"{p}_status"),
        ]
    wide = frame(
        engine,
        select(*keys, *cols, func.sum(t.c.shortfall).label("shortfall"), func.sum(t.c.n_unknown_amount).label("unknown_amounts"))
        .where(where)
        .group_by(*keys)
        .order_by(*keys),
    )
    parts = []
    for p in AmountPeriod:
        part = wide[list(by)].copy()
        part["amount_period"] = p.value
        part["amount_min"] = wide[f"{p}_min"]
        part["amount_max"] = wide[f"{p}_max"]
        part["lines"] = wide[f"{p}_lines"].fillna(0).astype(int)
        part["status"] = wide[f"{p}_status"]
        one_off = p == AmountPeriod.one_off
        part["shortfall"] = wide["shortfall"] if one_off else None
        part["unknown_amounts"] = wide["unknown_amounts"].fillna(0).astype(int) if one_off else 0
        keep = (part["lines"] > 0) | (part["shortfall"].notna() & (part["shortfall"] > 0) if one_off else False)
        parts.append(part[keep])
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if out.empty:
        out = pd.DataFrame(columns=[*by, "amount_period", "amount_min", "amount_max", "lines", "status", "shortfall", "unknown_amounts"])
    if "programme_id" in by:
        progs = names(engine)["programmes"]
        out["programme_name"] = out["programme_id"].map(lambda p: progs.get(p, p) if p else None)
    for b in ("funder_type", "nature", "fact_status"):
        if b in by:
            out[f"{b}_label"] = out[b].map(lambda c, kind=b: label(kind, c))
    out["status_label"] = out["status"].map(lambda s: label("fact_status", s))
    out["amount_period_label"] = out["amount_period"].map(lambda s: label("amount_period", s))
    return out.sort_values([*by, "amount_period"]).reset_index(drop=True)


def cost_per_learner(engine: Engine, f: Filters) -> pd.DataFrame:
    """Every scope and year with money and learners: the cost where computable, else a reason code."""
    rows = cost_rows(engine, f)
    rows["calculable"] = rows["cost_min"].notna()
    rows["scope"] = rows["scope_name"].fillna(rows["scope_id"])
    rows["total"] = rows["expected_sessions"].where(rows["reason"] == "sessions_known_for", rows["n_cohorts"])
    rows["status"] = rows["fact_status"]
    return rows.reset_index(drop=True)
