"""The query behind each key figure: filters in, a typed `Figure` out, read from the summaries.

Every figure is computed per status group (realised apart from announced), and money per
period kind (one-off apart from per year): the parts are never added together here.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from campus_metrics.enums import AmountPeriod, OutcomeIndicator, SiteStatus
from campus_metrics.figures.values import Figure, Part, Reason, Scope
from campus_metrics.filters import Filters
from campus_metrics.queries._base import MAX_SOURCES, SITES, combined_status, cube, frame, level_for, site_sources, site_where, sources_of
from campus_metrics.queries.costs import cost_where
from campus_metrics.summaries import COST, COST_TOTALS, SOURCES, Breakdown, ReasonCode, SourceTopic


def _num(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def _split(f: Filters, by: str | None, codes: tuple[str, ...]) -> Filters:
    """The filters narrowed to the territories compared (one query answers for all of them)."""
    if by == "region_code":
        return replace(f, regions=codes, departements=())
    if by == "departement_code":
        return replace(f, regions=(), departements=codes)
    return f


def _keys(t, by: str | None) -> list:
    return [t.c[by].label("code")] if by else []


def _rows(df: pd.DataFrame, by: str | None) -> dict:
    """Result rows by territory code (one row under the key None when not split)."""
    if not by:
        return {None: df.iloc[0]} if not df.empty else {}
    return {r["code"]: r for _, r in df.iterrows()}  # one row per compared territory: at most four


def _sources_by(engine: Engine, topic: SourceTopic, g: Filters, by: str | None, indicator: str | None = None) -> dict:
    if not by:
        return {None: sources_of(engine, topic, g, indicator)}
    x = SOURCES
    where = [x.c.geo_level == level_for(g).value, x.c.topic == topic.value, g.where(x)]
    if indicator is not None:
        where.append(x.c.indicator == indicator)
    df = frame(engine, select(x.c[by].label("code"), x.c.source_id).where(*where).distinct().order_by(x.c[by], x.c.source_id))
    return {code: tuple(grp["source_id"])[:MAX_SOURCES] for code, grp in df.groupby("code")}


def sites_by(engine: Engine, f: Filters, by: str | None = None, codes: tuple[str, ...] = ()) -> dict:
    g = _split(f, by, codes)
    keys = [SITES.c[by].label("code")] if by else []
    df = frame(
        engine,
        select(*keys, SITES.c.site_status, func.count().label("n"), combined_status(SITES.c.fact_status).label("status"))
        .where(site_where(g))
        .group_by(*[k.element for k in keys], SITES.c.site_status),
    )
    if by:
        src = frame(engine, select(SITES.c[by].label("code"), SITES.c.source_id).where(site_where(g)).distinct())
        sources = {c: tuple(sorted(grp["source_id"]))[:MAX_SOURCES] for c, grp in src.groupby("code")}
    else:
        sources = {None: site_sources(engine, g)}
    out = {}
    for code in codes if by else (None,):
        mine = df[df["code"] == code] if by else df
        n = int(mine["n"].sum()) if not mine.empty else 0
        statuses = set(mine["status"].dropna())
        status = statuses.pop() if len(statuses) == 1 else ("mixed" if statuses else None)
        counts = {s.value: int(mine.loc[mine["site_status"] == s.value, "n"].sum()) for s in SiteStatus}
        part = Part(None, status, float(n), n_facts=n, source_ids=sources.get(code, ()))
        out[code] = Figure("sites", (part,), extra={"by_site_status": counts})
    return out


def learners_by(engine: Engine, f: Filters, by: str | None = None, codes: tuple[str, ...] = ()) -> dict:
    parts: dict = {code: [] for code in (codes if by else (None,))}
    for group in f.groups:
        g = _split(f.for_group(group), by, codes)
        t, where = cube("cohorts", g, (by,) if by else ())
        keys = _keys(t, by)
        df = frame(
            engine,
            select(
                *keys,
                func.sum(t.c.learners).label("learners"),
                func.sum(t.c.n_learners).label("known"),
                func.sum(t.c.n_headcount_unknown).label("unknown"),
                combined_status(case((t.c.n_learners > 0, t.c.fact_status))).label("status"),
            )
            .where(where)
            .group_by(*[k.element for k in keys]),
        )
        sources = _sources_by(engine, SourceTopic.learners, g, by)
        for code, r in _rows(df, by).items():
            known, unknown = int(r["known"] or 0), int(r["unknown"] or 0)
            if code not in parts or (not known and not unknown):
                continue
            ids = sources.get(code, ()) if known else ()
            parts[code].append(Part(group, r["status"], _num(r["learners"]) if known else None, n_facts=known, n_unknown=unknown, source_ids=ids))
    return {code: Figure("learners", tuple(p)) for code, p in parts.items()}


def money_by(engine: Engine, f: Filters, by: str | None = None, codes: tuple[str, ...] = ()) -> dict:
    parts: dict = {code: [] for code in (codes if by else (None,))}
    extra: dict = {code: {"shortfall": 0.0, "unknown_amounts": 0} for code in parts}
    for group in f.groups:
        g = _split(f.for_group(group), by, codes)
        t, where = cube("funding", g, (by,) if by else (), Breakdown.base)
        keys = _keys(t, by)
        cols = [func.sum(t.c[f"{p}_{x}"]).label(f"{p}_{x}") for p in AmountPeriod for x in ("min", "max", "lines")]
        cols += [combined_status(case((t.c[f"{p}_lines"] > 0, t.c.fact_status))).label(f"{p}_status") for p in AmountPeriod]
        cols += [func.sum(t.c.shortfall).label("shortfall"), func.sum(t.c.n_unknown_amount).label("unknown")]
        df = frame(engine, select(*keys, *cols).where(where).group_by(*[k.element for k in keys]))
        sources = _sources_by(engine, SourceTopic.money, g, by)
        for code, r in _rows(df, by).items():
            if code not in parts:
                continue
            extra[code]["shortfall"] += float(r["shortfall"] or 0)
            extra[code]["unknown_amounts"] += int(r["unknown"] or 0)
            for period in AmountPeriod:
                lines = int(r[f"{period}_lines"] or 0)
                if not lines:
                    continue
                lo, hi = _num(r[f"{period}_min"]), _num(r[f"{period}_max"])
                parts[code].append(
                    Part(group, r[f"{period}_status"], lo, hi if hi != lo else None, period=period, n_facts=lines, source_ids=sources.get(code, ()))
                )
    return {
        code: Figure("money", tuple(p), extra={"shortfall": extra[code]["shortfall"] or None, "unknown_amounts": extra[code]["unknown_amounts"]})
        for code, p in parts.items()
    }


def sites(engine: Engine, f: Filters) -> Figure:
    return sites_by(engine, f)[None]


def learners(engine: Engine, f: Filters) -> Figure:
    return learners_by(engine, f)[None]


def money(engine: Engine, f: Filters) -> Figure:
    return money_by(engine, f)[None]


def _cost_totals_where(f: Filters):
    return and_(COST_TOTALS.c.geo_level == level_for(f).value, cost_where(f, COST_TOTALS))


def _ratio(engine: Engine, f: Filters, key: str, lo_col: str, hi_col: str, reason_col: str) -> Figure:
    """Lowest and highest computed value per status group, and the reasons of the scopes left out.

    Read from summary_cost_totals (summary_cost rolled up per level): a few hundred rows nationally.
    Its sources are those of the money and learners (and exit rates) under the same filters.
    """
    c = COST_TOTALS.c
    lo, hi, why = c[lo_col], c[hi_col], c[reason_col]
    where = _cost_totals_where(f)
    rows = frame(
        engine,
        select(
            c.status_group,
            why.label("code"),
            func.sum(c.n).label("count"),
            func.min(lo).label("lo"),
            func.max(hi).label("hi"),
            combined_status(c.fact_status).label("status"),
            func.min(c.scope_name).label("scope_name"),
            func.min(c.n_known).label("n_known"),
            func.min(c.total).label("total"),
            func.min(c.exit_period).label("exit_period"),
        )
        .where(where)
        .group_by(c.status_group, why),
    )
    topics = [SourceTopic.money, SourceTopic.learners]
    parts = []
    for group in f.groups:
        done = rows[(rows["status_group"] == group.value) & rows["code"].isna() & rows["lo"].notna()]
        if done.empty:
            continue
        r = done.iloc[0]
        missed = int(rows.loc[(rows["status_group"] == group.value) & rows["code"].notna(), "count"].sum())
        g = f.for_group(group)
        src = tuple(dict.fromkeys(s for topic in topics for s in sources_of(engine, topic, g)))
        if key == "cost_per_positive_exit":
            src += tuple(s for s in sources_of(engine, SourceTopic.outcome, g, OutcomeIndicator.positive_exit_rate.value) if s not in src)
        v_lo, v_hi = float(r["lo"]), float(r["hi"])
        parts.append(Part(group, r["status"], v_lo, v_hi if v_hi != v_lo else None, n_facts=int(r["count"]), n_unknown=missed, source_ids=src))
    missing = (
        rows[rows["code"].notna()]
        .groupby("code", as_index=False)
        .agg(count=("count", "sum"), scope_name=("scope_name", "min"), n_known=("n_known", "min"), total=("total", "min"), exit_period=("exit_period", "min"))
    )
    missing = missing.sort_values(["count", "code"], ascending=[False, True])
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
    if key == "cost_per_learner" and sum(p.n_facts for p in parts) == 1:  # one scope: say how it was computed
        r = frame(engine, select(COST).where(cost_where(f), COST.c.cost_min.is_not(None)).limit(1)).iloc[0]
        extra = {"method": {"scope": r["scope_name"], "year": int(r["year"]), "money": r["money_min"], "learners": r["learners"], "basis": r["money_basis"]}}
    if not parts and total:
        extra["source_ids"] = tuple(dict.fromkeys(s for g in f.groups for topic in topics for s in sources_of(engine, topic, f.for_group(g))))[:MAX_SOURCES]
    return Figure(key, tuple(parts), reasons=tuple(reasons), extra=extra)


def cost_per_learner(engine: Engine, f: Filters) -> Figure:
    return _ratio(engine, f, "cost_per_learner", "cost_min", "cost_max", "reason")


def cost_per_positive_exit(engine: Engine, f: Filters) -> Figure:
    return _ratio(engine, f, "cost_per_positive_exit", "cost_exit_min", "cost_exit_max", "exit_reason")


def rate_by(engine: Engine, f: Filters, indicator: str, by: str | None = None, codes: tuple[str, ...] = ()) -> dict:
    """A rate per territory (or for the filters): weighted when every base is known, else a range."""
    found: dict = {code: {"parts": [], "base": None, "measures": 0} for code in (codes if by else (None,))}
    for group in f.groups:
        g = _split(f.for_group(group), by, codes)
        t, where = cube("outcomes", g, (by,) if by else ())
        keys = _keys(t, by)
        df = frame(
            engine,
            select(
                *keys,
                func.sum(t.c.n).label("n"),
                func.sum(t.c.n_base).label("with_base"),
                func.sum(t.c.base_sum).label("base"),
                (func.sum(t.c.value_x_base) / func.nullif(func.sum(t.c.base_sum), 0)).label("weighted"),
                func.min(t.c.value_min).label("lo"),
                func.max(t.c.value_max).label("hi"),
                combined_status(t.c.fact_status).label("status"),
            )
            .where(where, t.c.indicator == indicator)
            .group_by(*[k.element for k in keys]),
        )
        sources = _sources_by(engine, SourceTopic.outcome, g, by, indicator)
        for code, r in _rows(df, by).items():
            n = int(r["n"] or 0)
            if code not in found or not n:
                continue
            found[code]["measures"] += n
            if n == int(r["with_base"] or 0):
                value, hi = _num(r["weighted"]), None
                found[code]["base"] = int(r["base"])
            elif n == 1:
                value, hi = _num(r["lo"]), None
            else:
                value, hi = _num(r["lo"]), _num(r["hi"])
            found[code]["parts"].append(Part(group, r["status"], value, hi if hi != value else None, n_facts=n, source_ids=sources.get(code, ())))
    scopes = _rate_scopes(engine, f, indicator, by, codes)
    return {
        code: Figure(indicator, tuple(v["parts"]), scope=scopes.get(code) if v["parts"] else None, base=v["base"], measures=v["measures"])
        for code, v in found.items()
    }


def _rate_scopes(engine: Engine, f: Filters, indicator: str, by: str | None, codes: tuple[str, ...]) -> dict:
    """Where a rate was measured: régions, programmes and cohort periods of its measures, per territory."""
    g = _split(f, by, codes)
    t, where = cube("outcomes", g, ("region_code", *((by,) if by else ())))
    keys = _keys(t, by) if by != "region_code" else [t.c.region_code.label("code")]
    cols = [t.c.region_code, t.c.programme_id, t.c.cohort_period]
    rows = frame(engine, select(*keys, *cols).where(where, t.c.indicator == indicator).distinct())
    out = {}
    for code in codes if by else (None,):
        mine = rows[rows["code"] == code] if by else rows
        regions = tuple(sorted({None if pd.isna(r) else r for r in mine["region_code"]}, key=lambda x: x or ""))
        h = _split(f, by, (code,)) if by else f
        if h.departements:
            narrower = True  # a rate is measured on a programme or région, not on the département alone
        elif h.regions:
            narrower = not set(h.regions) <= set(regions)
        else:
            narrower = None not in regions  # national filter: narrower unless a national programme measured it
        programmes = tuple(sorted(set(mine["programme_id"].dropna())))
        out[code] = Scope(regions, programmes, tuple(sorted(set(mine["cohort_period"].dropna()))), narrower)
    return out


def _rate(engine: Engine, f: Filters, indicator: str) -> Figure:
    return rate_by(engine, f, indicator)[None]


def positive_exit_rate(engine: Engine, f: Filters) -> Figure:
    return _rate(engine, f, OutcomeIndicator.positive_exit_rate.value)


def employment_rate(engine: Engine, f: Filters) -> Figure:
    return _rate(engine, f, OutcomeIndicator.employment_rate.value)


__all__ = [
    "cost_per_learner",
    "cost_per_positive_exit",
    "employment_rate",
    "learners",
    "learners_by",
    "money",
    "money_by",
    "positive_exit_rate",
    "rate_by",
    "sites",
    "sites_by",
]
