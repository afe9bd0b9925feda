"""The query behind each key figure: filters in, a typed `Figure` out, read from the summaries.

Every figure is computed per status group (realised apart from announced), and money per
period kind (one-off apart from per year): the parts are never added together here.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from campus_metrics.enums import AmountPeriod, OutcomeIndicator, SiteStatus
from campus_metrics.figures.values import Figure, Part, Reason, Scope
from campus_metrics.filters import Filters
from campus_metrics.queries._base import SITES, combined_status, cube, frame, site_sources, site_where, sources_of
from campus_metrics.queries.costs import cost_where
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


def _ratio(engine: Engine, f: Filters, key: str, lo_col: str, hi_col: str, reason_col: str) -> Figure:
    """Lowest and highest computed value per status group, and the reasons of the scopes left out: one scan."""
    c = COST.c
    lo, hi = c[lo_col], c[hi_col]
    where = cost_where(f)
    # a cost per exit is missing either for the cost's reason or for the exit rate's
    why = c.reason if reason_col == "reason" else func.coalesce(c.reason, c.exit_reason)
    ok = lo.is_not(None)
    rows = frame(
        engine,
        select(
            c.status_group,
            case((ok, None), else_=why).label("code"),
            func.count().label("count"),
            func.min(lo).label("lo"),
            func.max(hi).label("hi"),
            combined_status(c.fact_status).label("status"),
            func.min(c.scope_name).label("scope_name"),
            func.min(c.n_known).label("n_known"),
            func.min(case((c.reason == "sessions_known_for", c.expected_sessions), else_=c.n_cohorts)).label("total"),
            func.min(c.exit_period).label("exit_period"),
        )
        .where(where)
        .group_by(c.status_group, case((ok, None), else_=why)),
    )
    done = rows[rows["lo"].notna()]
    parts = []
    for group in f.groups:
        g = done[done["status_group"] == group.value]
        if g.empty:
            continue
        r = g.iloc[0]
        missed = int(rows.loc[(rows["status_group"] == group.value) & rows["lo"].isna(), "count"].sum())
        ids = frame(engine, select(c.source_ids).where(where, c.status_group == group.value, ok).distinct().limit(50))["source_ids"]
        src = tuple(sorted({s for v in ids.dropna() for s in v.split(",") if s}))[:20]
        v_lo, v_hi = float(r["lo"]), float(r["hi"])
        parts.append(Part(group, r["status"], v_lo, v_hi if v_hi != v_lo else None, n_facts=int(r["count"]), n_unknown=missed, source_ids=src))
    missing = rows[rows["lo"].isna() & rows["code"].notna()].sort_values(["count", "code"], ascending=[False, True])
    reasons = [
        Reason(
            ReasonCode(r.code),
            count=int(r.count),
            known=None if pd.isna(r.n_known) else int(r.n_known),
            total=None if pd.isna(r.total) else int(r.total),
            period=r.exit_period if isinstance(r.exit_period, str) else None,
            scope=r.scope_name if r.count == 1 else None,
        )
        for r in missing.itertuples()
    ]
    total = int(rows["count"].sum()) if not rows.empty else 0
    if not total:
        reasons.append(Reason(ReasonCode.no_common_scope))
    extra: dict = {}
    if sum(p.n_facts for p in parts) == 1:  # one scope: say how it was computed
        r = frame(engine, select(COST).where(where, ok).limit(1)).iloc[0]
        extra = {"method": {"scope": r["scope_name"], "year": int(r["year"]), "money": r["money_min"], "learners": r["learners"], "basis": r["money_basis"]}}
    if not parts and total:
        ids = frame(engine, select(c.source_ids).where(where).distinct().limit(50))["source_ids"]
        extra["source_ids"] = tuple(sorted({s for v in ids.dropna() for s in v.split(",") if s}))[:20]
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
    regions = tuple(sorted({None if pd.isna(r) else r for r in rows["region_code"]}, key=lambda x: x or ""))
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
