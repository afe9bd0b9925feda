"""A valid row to its database record, with the territory and programme it inherits; and twin detection."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from campus_metrics.importing.columns import MODEL_FOR
from campus_metrics.importing.context import Context, territory
from campus_metrics.validation import (
    CohortRow,
    FundingRow,
    IndicatorRow,
    OutcomeRow,
    Problem,
    ProgrammeRow,
    Row,
    SiteRow,
    SourceRow,
    parse_partial_date,
)


def _source(row: SourceRow) -> dict[str, Any]:
    date, precision = parse_partial_date(row.published_on) if row.published_on else (None, None)
    return {
        "id": row.source_id,
        "publisher": row.publisher,
        "title": row.title,
        "author": row.author,
        "published_on": date,
        "date_precision": precision,
        "seed_file": row.seed_file,
        "url": row.url,
        "licence": row.licence,
        "notes": row.notes,
        "synthetic": False,
    }


def _site(row: SiteRow, commune, ctx: Context) -> dict[str, Any]:
    progs = [x.strip() for x in (row.programmes or "").split("|") if x.strip()]
    year = row.opening_year or (row.opened_on.year if row.opened_on else None)
    rec = {
        "id": row.site_id,
        "name": row.name,
        "operator": row.operator,
        "programme_id": progs[0] if progs else None,
        "commune_insee": commune.insee,
        "departement_code": commune.departement_code,
        "region_code": commune.region_code,
        "address": row.address,
        "site_status": row.site_status,
        "opened_on": row.opened_on,
        "opening_year": year,
        "local_partner": row.local_partner,
        "year_start": year,
        "year_end": None,
        "_programmes": progs,
    }
    ctx.sites[row.site_id] = (commune.departement_code, commune.region_code, rec["programme_id"])
    return rec


def _fact(row: CohortRow | FundingRow | OutcomeRow, ctx: Context) -> dict[str, Any]:
    region, dep = territory(ctx, row.region_code, row.departement_code, [], "", 0)
    programme = row.programme_id
    holder = ctx.sites.get(row.site_id) if row.site_id else None
    cohort_id = row.cohort_id if isinstance(row, OutcomeRow) else None
    if isinstance(row, OutcomeRow) and holder is None and cohort_id in ctx.cohorts:
        holder = ctx.cohorts[cohort_id]
    if holder is not None:
        dep, region = holder[0] or dep, holder[1] or region
        programme = programme or holder[2]
    base = {"fact_key": row.fact_key, "programme_id": programme, "region_code": region, "departement_code": dep, "site_id": row.site_id}
    if isinstance(row, CohortRow):
        start = row.start_year or (row.start_date.year if row.start_date else None)
        ctx.cohorts[row.cohort_id] = (dep, region, programme)
        return base | {
            "id": row.cohort_id,
            "label": row.label,
            "start_date": row.start_date,
            "year_start": start,
            "year_end": row.end_year or start,
            "learners": row.learners,
            "candidates": row.candidates,
            "women_share_pct": row.women_share_pct,
            "duration_months": row.duration_months,
            "hours_centre": row.hours_centre,
            "hours_company": row.hours_company,
            "level": row.level,
        }
    if isinstance(row, FundingRow):
        lo, hi = row.bounds()
        return base | {
            "id": row.funding_id,
            "beneficiary": row.beneficiary,
            "year_start": row.year_start,
            "year_end": row.year_end or row.year_start,
            "funder_name": row.funder_name,
            "funder_type": row.funder_type,
            "nature": row.nature,
            "amount_kind": row.amount_kind,
            "amount_min_eur": lo,
            "amount_max_eur": hi,
            "amount_period": row.amount_period,
            "in_totals": bool(row.in_totals),
        }
    return base | {
        "id": row.outcome_id,
        "cohort_id": cohort_id,
        "year_start": row.year,
        "year_end": row.year,
        "cohort_period": row.cohort_period,
        "indicator": row.indicator,
        "value": row.value,
        "unit": row.unit,
        "base_count": row.base_count,
        "base_description": row.base_description,
    }


def _indicator(row: IndicatorRow, ctx: Context) -> dict[str, Any]:
    region = dep = None
    if row.territory_level == "region":
        region, dep = territory(ctx, row.territory_code, None, [], "", 0)
    elif row.territory_level == "departement":
        region, dep = territory(ctx, None, row.territory_code, [], "", 0)
    return {
        "id": row.indicator_id,
        "fact_key": row.fact_key,
        "territory_level": row.territory_level,
        "territory_code": row.territory_code,
        "programme_id": row.programme_id,
        "region_code": region,
        "departement_code": dep,
        "year_start": row.year,
        "year_end": row.year,
        "name": row.name,
        "label": row.label,
        "value": row.value,
        "unit": row.unit,
    }


def record(row: Row, ctx: Context, commune=None) -> dict[str, Any]:
    """The database record of a valid row whose references were checked."""
    if isinstance(row, SourceRow):
        ctx.sources.add(row.source_id)
        return _source(row)
    if isinstance(row, ProgrammeRow):
        ctx.programmes.add(row.programme_id)
        return {
            "id": row.programme_id,
            "name": row.name,
            "kind": row.kind,
            "region_code": row.region_code,
            "description": row.description,
            "source_id": row.source_id,
        }
    if isinstance(row, SiteRow):
        rec = _site(row, commune, ctx)
    elif isinstance(row, IndicatorRow):
        rec = _indicator(row, ctx)
    else:
        rec = _fact(row, ctx)
    return rec | {"fact_status": row.fact_status, "source_id": row.source_id, "quote": row.quote, "notes": row.notes}


# what makes two rows the same figure: everything but the id and the free notes
TWIN_IGNORED = frozenset({"id", "notes", "_programmes", "synthetic"})


class Twins:
    """Rows of the file or of the database with the same content under another id (counted twice otherwise)."""

    def __init__(self, conn: Connection, kind: str):
        self.conn, self.kind = conn, kind
        self.seen: dict[tuple, str] | None = None
        self.keys: tuple[str, ...] = ()

    def _load(self, rec: dict[str, Any]) -> None:
        table = MODEL_FOR[self.kind].__table__
        self.keys = tuple(k for k in rec if k not in TWIN_IGNORED and k in table.c)
        rows = self.conn.execute(select(table.c.id, *(table.c[k] for k in self.keys)))
        self.seen = {tuple(r[1:]): r[0] for r in rows}

    def check(self, rec: dict[str, Any], file: str, line: int) -> Problem | None:
        if self.kind in ("sources", "programmes"):
            return None
        if self.seen is None:
            self._load(rec)
        key = tuple(rec.get(k) for k in self.keys)
        twin = self.seen.get(key)
        if twin is not None and twin != rec["id"]:
            return Problem(
                file,
                line,
                None,
                rec["id"],
                f"même chiffre que « {twin} », déjà présent sous un autre identifiant : il serait compté deux fois",
                f"supprimez cette ligne, ou corrigez-la si c'est un autre chiffre que « {twin} »",
            )
        self.seen[key] = rec["id"]
        return None
