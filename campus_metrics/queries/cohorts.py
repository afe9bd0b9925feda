"""Cohorts: learners, candidates, selectivity, women's share and duration, from the cohort summary."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, case, func, select

from campus_metrics.filters import Filters
from campus_metrics.labels import label
from campus_metrics.queries._base import combined_status, cube, frame
from campus_metrics.queries.reference import names

COHORT_BY = {"year_start", "region_code", "departement_code", "programme_id", "fact_status"}


def cohort_summary(engine: Engine, f: Filters, by: tuple[str, ...] = ("year_start",)) -> pd.DataFrame:
    """Learners, candidates, selectivity and women's share, grouped. Group by fact_status to keep statuses apart."""
    if set(by) - COHORT_BY:
        raise ValueError(f"unknown grouping {set(by) - COHORT_BY}")
    t, where = cube("cohorts", f, by)
    keys = [t.c[b] for b in by]
    s = func.sum
    stmt = (
        select(
            *keys,
            s(t.c.n).label("cohorts"),
            s(t.c.learners).label("learners"),
            s(t.c.n_learners).label("with_learners"),
            s(t.c.candidates).label("candidates"),
            s(t.c.n_candidates).label("with_candidates"),
            s(t.c.sel_learners).label("sel_learners"),
            s(t.c.sel_candidates).label("sel_candidates"),
            s(t.c.women_weighted).label("women_weighted"),
            s(t.c.women_base).label("women_base"),
            (s(t.c.women_sum) / func.nullif(s(t.c.n_women), 0)).label("women_share_plain"),
            s(t.c.n_women).label("with_women"),
            (s(t.c.duration_sum) / func.nullif(s(t.c.n_duration), 0)).label("duration_months"),
            (s(t.c.hours_centre_sum) / func.nullif(s(t.c.n_hours_centre), 0)).label("hours_centre"),
            (s(t.c.hours_company_sum) / func.nullif(s(t.c.n_hours_company), 0)).label("hours_company"),
            # the status of the headcount: rows without learners (a women's share alone) don't mix it
            combined_status(case((t.c.n_learners > 0, t.c.fact_status))).label("status"),
        )
        .where(where)
        .group_by(*keys)
        .order_by(*keys)
    )
    out = frame(engine, stmt)
    for col in ("learners", "candidates"):  # a sum of nothing known is unknown, not 0
        out[col] = out[col].where(out[f"with_{col}"] > 0)
    out["selectivity_pct"] = out["sel_learners"] / out["sel_candidates"] * 100
    out["women_share_pct"] = (out["women_weighted"] / out["women_base"]).where(out["women_base"] > 0, out["women_share_plain"])
    out["status_label"] = out["status"].map(lambda s: label("fact_status", s))
    if "programme_id" in by:
        progs = names(engine)["programmes"]
        out["programme_name"] = out["programme_id"].map(lambda p: progs.get(p, p) if p else None)  # None: no programme (the UI words it)
    if "region_code" in by:
        regs = names(engine)["regions"]
        out["region_name"] = out["region_code"].map(lambda p: regs.get(p, "") if p else "National")
    return out
