"""The query behind each key figure: filters in, a typed `Figure` out, read from the summaries.

Every figure is computed per status group (realised apart from announced), and money per
period kind (one-off apart from per year): the parts are never added together here.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from campus_metrics.enums import AmountPeriod, OutcomeIndicator, SiteStatus
from campus_metrics.figures.values import Figure, Part, Reason, Scope
from campus_metrics.filters import Filters
from campus_metrics.queries._base import SITES, combined_status, cube, frame, site_sources, site_where, sources_of
from campus_metrics.summaries import COST, Breakdown, GeoLevel, ReasonCode, SourceTopic


def _num(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def sites(engine: Engine, f: Filters) -> Figure:
    by_status = frame(
        engine,
        select(SITES.c.site_status, func.count().label("n"), combined_status(SITES.c.fact_status).label("status"))
        .where(site_where(f))
        .group_by(SITES.c.site_status),
    )
    n = int(by_status["n"].sum()) if not by_status.empty else 0
    statuses = set(by_status["status"].dropna())
    status = statuses.pop() if len(statuses) == 1 else ("mixed" if statuses else None)
    counts = {s.value: int(by_status.loc[by_status["site_status"] == s.value, "n"].sum()) for s in SiteStatus}
    part = Part(None, status, float(n), n_facts=n, source_ids=site_sources(engine, f))
    return Figure("sites", (part,), extra={"by_site_status": counts})


def learners(engine: Engine, f: Filters) -> Figure:
    parts = []
    for group in f.groups:
        g = f.for_group(group)
        t, where = cube("cohorts", g)
        r = frame(
            engine,
            select(
                func.sum(t.c.learners).label("learners"),
                func.sum(t.c.n_learners).label("known"),
                func.sum(t.c.n_headcount_unknown).label("unknown"),
                combined_status(case((t.c.n_learners > 0, t.c.fact_status))).label("status"),
            ).where(where),
        ).iloc[0]
        known, unknown = int(r["known"] or 0), int(r["unknown"] or 0)
        if not known and not unknown:
            continue
        parts.append(
            Part(
                group,
                r["status"],
                _num(r["learners"]) if known else None,
                n_facts=known,
                n_unknown=unknown,
                source_ids=sources_of(engine, SourceTopic.learners, g) if known else (),
            )
        )
    return Figure("learners", tuple(parts))


def money(engine: Engine, f: Filters) -> Figure:
    parts = []
    shortfall, unknown_amounts = 0.0, 0
    for group in f.groups:
        g = f.for_group(group)
        t, where = cube("funding", g, breakdown=Breakdown.base)
        cols = [func.sum(t.c[f"{p}_{x}"]).label(f"{p}_{x}") for p in AmountPeriod for x in ("min", "max", "lines")]
        cols += [combined_status(case((t.c[f"{p}_lines"] > 0, t.c.fact_status))).label(f"{p}_status") for p in AmountPeriod]
        r = frame(engine, select(*cols, func.sum(t.c.shortfall).label("shortfall"), func.sum(t.c.n_unknown_amount).label("unknown")).where(where)).iloc[0]
        shortfall += float(r["shortfall"] or 0)
        unknown_amounts += int(r["unknown"] or 0)
        for period in AmountPeriod:
            lines = int(r[f"{period}_lines"] or 0)
            if not lines:
                continue
            lo, hi = _num(r[f"{period}_min"]), _num(r[f"{period}_max"])
            parts.append(
                Part(
                    group,
                    r[f"{period}_status"],
                    lo,
                    hi if hi != lo else None,
                    period=period,
                    n_facts=lines,
                    source_ids=sources_of(engine, SourceTopic.money, g),
                )
            )
    extra = {"shortfall": shortfall or None, "unknown_amounts": unknown_amounts}
    return Figure("money", tuple(parts), extra=extra)


def _cost_rows(engine: Engine, f: Filters) -> pd.DataFrame:
    c = COST.c
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
    return frame(engine, select(COST).where(and_(*where)).order_by(c.year, c.scope_id).limit(5000))


def _reasons(rows: pd.DataFrame, column: str) -> tuple[Reason, ...]:
    """The reasons of the scopes that could not be computed: one per code, with its figures when alone."""
    if rows.empty:
        return ()
    out = []
    for code, n in Counter(rows[column].dropna()).most_common():
        sub = rows[rows[column] == code]
        r = sub.iloc[0]
        known = int(r["n_known"]) if pd.notna(r["n_known"]) else None
        total = r["expected_sessions"] if code == ReasonCode.sessions_known_for else r["n_cohorts"]
        out.append(
            Reason(
                ReasonCode(code),
                count=n,
                known=known,
                total=int(total) if pd.notna(total) else None,
                period=r["exit_period"] if isinstance(r["exit_period"], str) else None,
                scope=r["scope_name"] if n == 1 else None,
            )
        )
    return tuple(out)


def _ratio(engine: Engine, f: Filters, key: str, lo_col: str, hi_col: str, reason_col: str) -> Figure:
    rows = _cost_rows(engine, f)
    parts, reasons = [], []
    for group in f.groups:
        sub = rows[rows["status_group"] == group.value]
        ok = sub[sub[lo_col].notna()]
        if not ok.empty:
            lo, hi = float(ok[lo_col].min()), float(ok[hi_col].max())
            st = set(ok["fact_status"].dropna())
            ids = tuple(sorted({s for v in ok["source_ids"].dropna() for s in v.split(",") if s}))
            parts.append(Part(group, st.pop() if len(st) == 1 else "mixed", lo, hi if hi != lo else None, n_facts=len(ok), n_unknown=len(sub) - len(ok), source_ids=ids))
        bad = sub[sub[lo_col].isna()].copy()
        if key == "cost_per_positive_exit":
            bad[reason_col] = bad["reason"].where(bad["reason"].notna(), bad["exit_reason"])
        reasons += _reasons(bad, reason_col)
    if rows.empty:
        reasons.append(Reason(ReasonCode.no_common_scope))
    single = rows[rows[lo_col].notna()]
    extra = {}
    if len(single) == 1:  # one scope: say how it was computed
        r = single.iloc[0]
        extra = {"method": {"scope": r["scope_name"], "year": int(r["year"]), "money": r["money_min"], "learners": r["learners"], "basis": r["money_basis"]}}
    if not parts:
        extra["source_ids"] = tuple(sorted({s for v in rows["source_ids"].dropna() for s in v.split(",") if s}))[:20]
    return Figure(key, tuple(parts), reasons=tuple(reasons), extra=extra)


def cost_per_learner(engine: Engine, f: Filters) -> Figure:
    return _ratio(engine, f, "cost_per_learner", "cost_min", "cost_max", "reason")


def cost_per_positive_exit(engine: Engine, f: Filters) -> Figure:
    return _ratio(engine, f, "cost_per_positive_exit", "cost_exit_min", "cost_exit_max", "exit_reason")


def _rate(engine: Engine, f: Filters, indicator: str) -> Figure:
    parts, base, measures = [], None, 0
    for group in f.groups:
        g = f.for_group(group)
        t, where = cube("outcomes", g)
        where = and_(where, t.c.indicator == indicator)
        r = frame(
            engine,
            select(
                func.sum(t.c.n).label("n"),
                func.sum(t.c.n_base).label("with_base"),
                func.sum(t.c.base_sum).label("base"),
                (func.sum(t.c.value_x_base) / func.nullif(func.sum(t.c.base_sum), 0)).label("weighted"),
                func.min(t.c.value_min).label("lo"),
                func.max(t.c.value_max).label("hi"),
                combined_status(t.c.fact_status).label("status"),
            ).where(where),
        ).iloc[0]
        n = int(r["n"] or 0)
        if not n:
            continue
        measures += n
        if n == int(r["with_base"] or 0):
            value, hi = _num(r["weighted"]), None
            base = int(r["base"])
        elif n == 1:
            value, hi = _num(r["lo"]), None
        else:
            value, hi = _num(r["lo"]), _num(r["hi"])
        parts.append(Part(group, r["status"], value, hi if hi != value else None, n_facts=n, source_ids=sources_of(engine, SourceTopic.outcome, g, indicator)))
    return Figure(indicator, tuple(parts), scope=_rate_scope(engine, f, indicator) if parts else None, base=base, measures=measures)


def _rate_scope(engine: Engine, f: Filters, indicator: str) -> Scope:
    """Where a rate was measured: régions, programmes and cohort periods of its measures."""
    t, where = cube("outcomes", f, by=("region_code",))
    rows = frame(engine, select(t.c.region_code, t.c.programme_id, t.c.cohort_period).where(where, t.c.indicator == indicator).distinct().limit(200))
    regions = tuple(sorted(set(rows["region_code"]), key=lambda x: x or ""))
    programmes = tuple(sorted(set(rows["programme_id"].dropna())))
    periods = tuple(sorted(set(rows["cohort_period"].dropna())))
    if f.departements:
        narrower = True  # a rate is measured on a programme or région, not on the département alone
    elif f.regions:
        narrower = not set(f.regions) <= set(regions)
    else:
        narrower = None not in regions  # national filter: narrower unless a national programme measured it
    return Scope(regions, programmes, periods, narrower)


def positive_exit_rate(engine: Engine, f: Filters) -> Figure:
    return _rate(engine, f, OutcomeIndicator.positive_exit_rate.value)


def employment_rate(engine: Engine, f: Filters) -> Figure:
    return _rate(engine, f, OutcomeIndicator.employment_rate.value)


__all__ = ["GeoLevel", "cost_per_learner", "cost_per_positive_exit", "employment_rate", "learners", "money", "positive_exit_rate", "sites"]
