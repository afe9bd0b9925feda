"""Detail rows: every fact behind a chart, with its provenance, newest or largest first, paged."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Float, Integer, String, and_, cast, literal, null, select, union_all

from campus_metrics import models as m
from campus_metrics.filters import Filters
from campus_metrics.labels import label
from campus_metrics.queries._base import SITES, SMALL_BASE, frame


def _provenance(model) -> list:
    """Status, fact key, notes, quote and the source's title and date: what every detail row shows."""
    S = m.Source
    return [
        model.fact_status,
        model.fact_key,
        model.notes,
        model.quote,
        S.title.label("source_title"),
        S.published_on.label("source_date"),
        S.date_precision.label("source_precision"),
        model.source_id,
    ]


def _detail_rows(engine: Engine, model, f: Filters, columns: list, order_by: tuple, limit: int | None, *where) -> pd.DataFrame:
    """Every filtered row of a fact table (and `where`) with its site, programme and provenance columns."""
    P, S = m.Programme, m.Source
    stmt = (
        select(
            *columns,
            SITES.c.name.label("site_name"),
            P.name.label("programme_name"),
            model.region_code,
            *_provenance(model),
        )
        .outerjoin(SITES, SITES.c.id == model.site_id)
        .outerjoin(P, P.id == model.programme_id)
        .join(S, S.id == model.source_id)
        .where(f.where(model.__table__), *where)
        .order_by(*order_by)
    )
    if limit:
        stmt = stmt.limit(limit)
    return frame(engine, stmt)


def funding_lines(engine: Engine, f: Filters, limit: int | None = 300) -> pd.DataFrame:
    """Every funding line (alternatives and breakdowns included), largest first."""
    F = m.FundingLine
    cols = [
        F.id,
        F.beneficiary,
        F.year_start,
        F.year_end,
        F.funder_name,
        F.funder_type,
        F.nature,
        F.amount_kind,
        F.amount_min_eur,
        F.amount_max_eur,
        and_(F.in_totals.is_(True), F.counted.is_(True)).label("in_totals"),  # a duplicate report of a counted figure is not counted
        F.amount_period,
    ]
    return _detail_rows(engine, F, f, cols, (F.amount_max_eur.desc().nulls_last(), F.id), limit)


def cohort_details(engine: Engine, f: Filters, limit: int | None = 300) -> pd.DataFrame:
    C = m.Cohort
    cols = [
        C.id,
        C.label,
        C.departement_code,
        C.start_date,
        C.year_start,
        C.year_end,
        C.learners,
        C.candidates,
        C.women_share_pct,
        C.duration_months,
        C.hours_centre,
        C.hours_company,
        C.level,
    ]
    return _detail_rows(engine, C, f, cols, (C.year_start.desc().nulls_last(), C.id), limit)


def outcomes(engine: Engine, f: Filters, limit: int | None = 300, counted_only: bool = False) -> pd.DataFrame:
    """Every outcome with its base, period and source; small or unknown bases flagged.

    `counted_only`: one row per fact (the report that counts, `counted`), for a screen that shows
    each figure once; the detail table shows every report.
    """
    O = m.Outcome
    cols = [O.id, O.indicator, O.value, O.unit, O.base_count, O.base_description, O.cohort_period, O.year_start.label("year"), O.counted]
    extra = (O.counted.is_(True),) if counted_only else ()
    out = _detail_rows(engine, O, f, cols, (O.year_start.desc(), O.indicator, O.id), limit, *extra)
    out["base_flag"] = out["base_count"].map(lambda b: "unknown" if pd.isna(b) else ("small" if b < SMALL_BASE else "ok"))
    out["indicator_label"] = out["indicator"].map(lambda c: label("indicator", c))
    return out


def fact_refs(engine: Engine, ids: tuple[str, ...]) -> pd.DataFrame:
    """What a note's reference to another row needs to read as words: kind, name, amounts, years.

    Notes name other rows by id (« voir fund_campus_2017_region »); the UI says which line it is.
    """
    cols = ["id", "kind", "name", "beneficiary", "amount_min", "amount_max", "year_start", "year_end"]
    if not ids:
        return pd.DataFrame(columns=cols)
    F, C, O, I, Si = m.FundingLine, m.Cohort, m.Outcome, m.Indicator, m.Site

    def row(kind: str, name, beneficiary=None, lo=None, hi=None, start=None, end=None) -> tuple:
        """Typed columns, so PostgreSQL agrees on each one across the union."""
        return (
            literal(kind, String),
            cast(name, String),
            cast(beneficiary if beneficiary is not None else null(), String),
            cast(lo if lo is not None else null(), Float),
            cast(hi if hi is not None else null(), Float),
            cast(start if start is not None else null(), Integer),
            cast(end if end is not None else null(), Integer),
        )

    stmts = [
        select(F.id, *row("funding", F.funder_name, F.beneficiary, F.amount_min_eur, F.amount_max_eur, F.year_start, F.year_end)).where(F.id.in_(ids)),
        select(C.id, *row("cohort", C.label, start=C.year_start, end=C.year_end)).where(C.id.in_(ids)),
        select(O.id, *row("outcome", O.indicator, O.base_description, O.value, O.value, O.year_start, O.year_end)).where(O.id.in_(ids)),
        select(I.id, *row("indicator", I.label, None, I.value, I.value, I.year_start, I.year_end)).where(I.id.in_(ids)),
        select(Si.id, *row("site", Si.name, start=Si.opening_year)).where(Si.id.in_(ids)),
    ]
    out = frame(engine, union_all(*stmts))
    out.columns = cols
    return out
