"""Resolve every figure at write time: which report of a `fact_key` wins, then rebuild the summaries.

Called by `init`, `import` and `generate` inside their own transaction, so a refused import
leaves the summaries exactly as they were, and readers never see facts without summaries.

Which report wins: within one `fact_key` and one status group (realised, or announced /
voted / estimate), the best status (realised, voted, announced, estimate), then the most
recent source, then the one that names its funder, then the smallest id. Realised and
announced reports of one figure are both kept: they are shown side by side, never added.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, case, delete, func, insert, literal, null, select, true, update

from campus_metrics import models as m
from campus_metrics.enums import STATUS_RANK, AmountKind, AmountPeriod, FactStatus, FunderType
from campus_metrics.summaries.cost import refresh_cost
from campus_metrics.summaries.tables import COST, COST_TOTALS, CUBES, GRAIN, SOURCES, TABLES, Breakdown, GeoLevel, SourceTopic

KEYED = {"cohorts": m.Cohort, "funding": m.FundingLine, "outcomes": m.Outcome, "indicators": m.Indicator}


def _group(col):
    """1 for the realised group, 0 for forecasts: reports are only compared within a group."""
    return case((col == FactStatus.realised.value, 1), else_=0)


def _rank(col):
    return case(*[(col == k, v) for k, v in STATUS_RANK.items()], else_=9)


def resolve_counted(conn: Connection) -> None:
    """Set `counted` on every fact: False for a report that lost to a better one of the same figure.

    The winners are ranked once with a window function (one pass over the keyed rows), not with a
    subquery per row: a correlated subquery costs a scan per row wherever the planner has no statistics.
    """
    S = m.Source.__table__
    for model in KEYED.values():
        t = model.__table__
        order = [_rank(t.c.fact_status), S.c.published_on.desc().nulls_last()]
        if "funder_type" in t.c:
            order.append(case((t.c.funder_type == FunderType.unknown.value, 1), else_=0))
        order.append(t.c.id)
        ranked = (
            select(t.c.id, func.row_number().over(partition_by=(t.c.fact_key, _group(t.c.fact_status)), order_by=order).label("rn"))
            .join(S, S.c.id == t.c.source_id)
            .where(t.c.fact_key.is_not(None))
            .subquery("ranked")
        )
        winners = select(ranked.c.id).where(ranked.c.rn == 1)
        conn.execute(update(t).where(t.c.fact_key.is_not(None)).values(counted=t.c.id.in_(winners)))
        conn.execute(update(t).where(t.c.fact_key.is_(None), t.c.counted.is_not(True)).values(counted=True))


def _measures(topic: str, t) -> dict:
    """Each measure of a cube as SQL over the fact table `t` (only counted rows reach it)."""
    c = t.c
    if topic == "cohorts":
        both = and_(c.learners.is_not(None), c.candidates.is_not(None))
        women = and_(c.learners.is_not(None), c.women_share_pct.is_not(None))
        return {
            "n": func.count(),
            "n_learners": func.count(c.learners),
            "learners": func.sum(c.learners),
            "n_headcount_unknown": func.count(case((and_(c.site_id.is_not(None), c.learners.is_(None)), 1))),
            "n_candidates": func.count(c.candidates),
            "candidates": func.sum(c.candidates),
            "sel_learners": func.sum(case((both, c.learners))),
            "sel_candidates": func.sum(case((both, c.candidates))),
            "women_weighted": func.sum(case((women, c.learners * c.women_share_pct))),
            "women_base": func.sum(case((women, c.learners))),
            "women_sum": func.sum(c.women_share_pct),
            "n_women": func.count(c.women_share_pct),
            "duration_sum": func.sum(c.duration_months),
            "n_duration": func.count(c.duration_months),
            "hours_centre_sum": func.sum(c.hours_centre),
            "n_hours_centre": func.count(c.hours_centre),
            "hours_company_sum": func.sum(c.hours_company),
            "n_hours_company": func.count(c.hours_company),
        }
    if topic == "funding":
        in_totals = and_(c.in_totals.is_(True), c.amount_kind.in_((AmountKind.point.value, AmountKind.range.value)))
        out = {}
        for p in AmountPeriod:
            cond = and_(in_totals, c.amount_period == p.value)
            out[f"{p}_min"] = func.sum(case((cond, c.amount_min_eur)))
            out[f"{p}_max"] = func.sum(case((cond, c.amount_max_eur)))
            out[f"{p}_lines"] = func.count(case((cond, 1)))
        shortfall = c.amount_kind == AmountKind.shortfall.value
        out["shortfall"] = func.sum(case((shortfall, c.amount_min_eur)))
        out["n_shortfall"] = func.count(case((shortfall, 1)))
        out["n_unknown_amount"] = func.count(case((c.amount_kind == AmountKind.unknown.value, 1)))
        out["n_lines"] = func.count()
        return out
    if topic == "outcomes":
        return {
            "n": func.count(),
            "n_base": func.count(c.base_count),
            "base_sum": func.sum(c.base_count),
            "value_x_base": func.sum(c.value * c.base_count),
            "value_min": func.min(c.value),
            "value_max": func.max(c.value),
        }
    raise KeyError(topic)


def _rollup(column: str, level: GeoLevel, breakdown: str):
    """The value a grain column takes at one level and breakdown: rolled-up columns are NULL."""
    if column == "departement_code" and level != GeoLevel.departement:
        return None
    if column == "region_code" and level == GeoLevel.france:
        return None
    if column in ("funder_type", "nature") and column != breakdown:
        return None
    return column


_FINE = "fine"  # transient rows at the finest grain, rolled up into the three levels, then deleted


def _rollup_fn(measure: str):
    return func.min if measure.endswith("_min") and measure.startswith("value") else func.max if measure == "value_max" else func.sum


def rebuild_cubes(conn: Connection) -> None:
    """One pass over the counted facts per cube at the finest grain; every level is rolled up from it."""
    for topic, cube in CUBES.items():
        fact = m.Base.metadata.tables[cube.fact_table]
        target = TABLES[topic]
        conn.execute(delete(target))
        keys = [(func.coalesce(fact.c.year_end, fact.c.year_start) if col == "year_last" else fact.c[col]).label(col) for col in cube.grain]
        measures = _measures(topic, fact)
        fine = select(literal(_FINE).label("geo_level"), literal(_FINE).label("breakdown"), *keys, *[e.label(n) for n, e in measures.items()])
        fine = fine.where(fact.c.counted.is_(True)).group_by(*[k.element for k in keys])
        conn.execute(insert(target).from_select(["geo_level", "breakdown", *cube.grain, *measures], fine))
        src = target.alias("fine")
        for level in GeoLevel:
            for breakdown in cube.breakdowns:
                kept = [col for col in cube.grain if _rollup(col, level, breakdown)]
                dropped = [col for col in cube.grain if col not in kept]
                cols = [literal(level.value).label("geo_level"), literal(str(breakdown)).label("breakdown")]
                cols += [src.c[c] for c in kept] + [null().label(c) for c in dropped]
                cols += [_rollup_fn(n)(src.c[n]).label(n) for n in measures]
                stmt = select(*cols).where(src.c.geo_level == _FINE).group_by(*[src.c[c] for c in kept])
                conn.execute(insert(target).from_select([c.name for c in cols], stmt))
        conn.execute(delete(target).where(target.c.geo_level == _FINE))


def _source_rows(topic: SourceTopic, t, where, indicator=None):
    """(topic, source, grain, n) rows of one fact table at the finest grain."""
    if "opening_year" in t.c:  # a site counts from its opening year on (unknown: always), as site_where reads it
        year_start, year_last = func.coalesce(t.c.opening_year, 0), literal(9999)
    else:
        year_start, year_last = t.c.year_start, func.coalesce(t.c.year_end, t.c.year_start)
    keys = [
        t.c.source_id.label("source_id"),
        (indicator if indicator is not None else null()).label("indicator"),
        t.c.region_code.label("region_code"),
        t.c.departement_code.label("departement_code"),
        t.c.programme_id.label("programme_id"),
        year_start.label("year_start"),
        year_last.label("year_last"),
        t.c.fact_status.label("fact_status"),
    ]
    group = [k.element for k in keys if not isinstance(k.element, type(null()))]
    cols = [literal(_FINE).label("geo_level"), literal(topic.value).label("topic"), *keys, func.count().label("n")]
    return select(*cols).where(where).group_by(*group)


def rebuild_sources(conn: Connection) -> None:
    conn.execute(delete(SOURCES))
    C, F, O = m.Cohort.__table__, m.FundingLine.__table__, m.Outcome.__table__
    money = and_(F.c.in_totals.is_(True), F.c.amount_kind.in_((AmountKind.point.value, AmountKind.range.value)))
    parts = [
        _source_rows(SourceTopic.learners, C, and_(C.c.counted.is_(True), C.c.learners.is_not(None))),
        _source_rows(SourceTopic.money, F, and_(F.c.counted.is_(True), money)),
        _source_rows(SourceTopic.outcome, O, O.c.counted.is_(True), O.c.indicator),
        _source_rows(SourceTopic.f_sites, m.Site.__table__, true()),
        _source_rows(SourceTopic.f_cohorts, C, true()),
        _source_rows(SourceTopic.f_funding, F, true()),
        _source_rows(SourceTopic.f_outcomes, O, true()),
        _source_rows(SourceTopic.f_indicators, m.Indicator.__table__, true()),
    ]
    names = ["geo_level", "topic", "source_id", "indicator", *GRAIN, "n"]
    for part in parts:
        conn.execute(insert(SOURCES).from_select(names, part))
    src = SOURCES.alias("fine")
    for level in GeoLevel:
        kept = ["topic", "source_id", "indicator", *[c for c in GRAIN if _rollup(c, level, Breakdown.base)]]
        dropped = [c for c in GRAIN if not _rollup(c, level, Breakdown.base)]
        cols = [literal(level.value).label("geo_level"), *[src.c[c] for c in kept], *[null().label(c) for c in dropped], func.sum(src.c.n).label("n")]
        stmt = select(*cols).where(src.c.geo_level == _FINE).group_by(*[src.c[c] for c in kept])
        conn.execute(insert(SOURCES).from_select([c.name for c in cols], stmt))
    conn.execute(delete(SOURCES).where(SOURCES.c.geo_level == _FINE))


def rebuild_cost_totals(conn: Connection) -> None:
    """summary_cost rolled up at the three levels: a national cost figure reads a few hundred rows."""
    conn.execute(delete(COST_TOTALS))
    c = COST.c
    exit_why = func.coalesce(c.reason, c.exit_reason)
    total = case((c.reason == "sessions_known_for", c.expected_sessions), else_=c.n_cohorts)
    for level in GeoLevel:
        geo = [c.region_code if level != GeoLevel.france else null(), c.departement_code if level == GeoLevel.departement else null()]
        keys = [*geo, c.programme_id, c.year, c.status_group, c.fact_status, c.reason, case((c.cost_exit_min.is_not(None), None), else_=exit_why)]
        cols = [
            literal(level.value).label("geo_level"),
            geo[0].label("region_code"),
            geo[1].label("departement_code"),
            c.programme_id,
            c.year,
            c.status_group,
            c.fact_status,
            c.reason,
            keys[-1].label("exit_reason"),
            func.count().label("n"),
            func.min(c.cost_min).label("cost_min"),
            func.max(c.cost_max).label("cost_max"),
            func.min(c.cost_exit_min).label("cost_exit_min"),
            func.max(c.cost_exit_max).label("cost_exit_max"),
            func.min(c.scope_name).label("scope_name"),
            func.min(c.n_known).label("n_known"),
            func.min(total).label("total"),
            func.min(c.exit_period).label("exit_period"),
        ]
        group = [k for k in keys if not isinstance(k, type(null()))]
        conn.execute(insert(COST_TOTALS).from_select([x.name for x in cols], select(*cols).group_by(*group)))


def bump_version(conn: Connection) -> None:
    """A new data version, in the write's own transaction: readers' caches key on it."""
    V = m.DataVersion.__table__
    if not conn.execute(update(V).where(V.c.id == 1).values(version=V.c.version + 1)).rowcount:
        conn.execute(insert(V).values(id=1, version=1))


def refresh(conn: Connection) -> None:
    """Everything that is the same for every reader, decided once: winners, summaries, costs."""
    resolve_counted(conn)
    rebuild_cubes(conn)
    rebuild_sources(conn)
    conn.execute(delete(COST))
    refresh_cost(conn)
    rebuild_cost_totals(conn)
    bump_version(conn)
    for table in (*TABLES.values(), SOURCES, COST, COST_TOTALS):  # fresh statistics, so the planner picks the level indexes
        conn.exec_driver_sql(f"ANALYZE {table.name}")  # noqa: S608 - a table name from our own metadata
