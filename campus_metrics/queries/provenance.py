"""Provenance: the sources behind a result, every quote, and the context indicators."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine, and_, func, literal, or_, select, union_all

from campus_metrics import models as m
from campus_metrics.filters import Filters
from campus_metrics.queries._base import combined_status, frame, level_for, site_where
from campus_metrics.queries.details import _provenance
from campus_metrics.summaries import SOURCES, SourceTopic

TOPICS = ("sites", "cohorts", "funding", "outcomes", "indicators")
_TABLES = {
    "sites": m.Site.__table__,
    "cohorts": m.Cohort.__table__,
    "funding": m.FundingLine.__table__,
    "outcomes": m.Outcome.__table__,
    "indicators": m.Indicator.__table__,
}


_FACT_TOPIC = {
    "sites": SourceTopic.f_sites,
    "cohorts": SourceTopic.f_cohorts,
    "funding": SourceTopic.f_funding,
    "outcomes": SourceTopic.f_outcomes,
    "indicators": SourceTopic.f_indicators,
}


def sources_for(engine: Engine, f: Filters, topics: tuple[str, ...] = TOPICS) -> pd.DataFrame:
    """The sources behind a result: each source of the filtered rows of these topics, how many, which status.

    Read from summary_sources (a site counts from its opening year on, under its main programme).
    """
    x = SOURCES
    S = m.Source
    stmt = (
        select(
            S.id,
            S.publisher,
            S.title,
            S.author,
            S.published_on,
            S.date_precision,
            S.seed_file,
            S.url,
            S.licence,
            S.synthetic,
            func.sum(x.c.n).label("facts"),
            combined_status(x.c.fact_status).label("status"),
        )
        .join(x, x.c.source_id == S.id)
        .where(x.c.geo_level == level_for(f).value, x.c.topic.in_([_FACT_TOPIC[t].value for t in topics]), f.where(x))
        .group_by(S.id, S.publisher, S.title, S.author, S.published_on, S.date_precision, S.seed_file, S.url, S.licence, S.synthetic)
        .order_by(S.published_on.desc().nulls_last(), S.id)
        .limit(200)
    )
    return frame(engine, stmt)


def all_sources(engine: Engine) -> pd.DataFrame:
    S = m.Source
    return frame(engine, select(S).order_by(S.published_on.desc().nulls_last(), S.id).limit(500))


def quotes(engine: Engine, f: Filters, limit: int = 500) -> pd.DataFrame:
    """Every figure's verbatim quote, for the sources page."""
    parts = []
    for topic in TOPICS:
        t = _TABLES[topic]
        where = site_where(f) if topic == "sites" else f.where(t)
        parts.append(select(literal(topic).label("topic"), t.c.id, t.c.source_id, t.c.fact_status, t.c.quote).where(where))
    u = union_all(*parts).subquery()
    return frame(engine, select(u).order_by(u.c.source_id, u.c.topic, u.c.id).limit(limit))


def indicators(engine: Engine, f: Filters) -> pd.DataFrame:
    """Context figures (unfilled jobs, missing coders, targets) for the territory, national ones included."""
    I, S = m.Indicator, m.Source
    g = replace(f, regions=(), departements=(), programmes=())
    clauses = [g.where(I.__table__)]
    if f.departements:
        deps = frame(engine, select(m.Departement.region_code).where(m.Departement.code.in_(f.departements)))
        clauses.append(
            or_(
                I.territory_level == "france",
                I.departement_code.in_(f.departements),
                and_(I.territory_level == "region", I.region_code.in_(list(deps["region_code"]))),
            )
        )
    elif f.regions:
        clauses.append(or_(I.territory_level == "france", I.region_code.in_(f.regions)))
    if f.programmes:
        clauses.append(or_(I.programme_id.is_(None), I.programme_id.in_(f.programmes)))
    stmt = (
        select(
            I.id,
            I.fact_key,
            I.territory_level,
            I.territory_code,
            I.programme_id,
            I.year_start.label("year"),
            I.name,
            I.label,
            I.value,
            I.unit,
            *_provenance(I),
        )
        .join(S, S.id == I.source_id)
        .where(*clauses)
        .order_by(I.fact_key.nulls_last(), I.year_start, I.id)
        .limit(300)
    )
    return frame(engine, stmt)


def filtered_tables(engine: Engine, f: Filters, limit: int | None = 100_000) -> dict[str, pd.DataFrame]:
    """The filtered detail rows, for download."""
    from campus_metrics.queries.details import cohort_details, funding_lines, outcomes
    from campus_metrics.queries.territories import site_points

    return {
        "sites": site_points(engine, f, limit=limit),
        "cohorts": cohort_details(engine, f, limit=limit),
        "funding": funding_lines(engine, f, limit=limit),
        "outcomes": outcomes(engine, f, limit=limit),
        "indicators": indicators(engine, f),
    }
