"""Import CSV or Excel files: read what French Excel writes, validate every row, write all or nothing."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from campus_metrics import models as m
from campus_metrics import summaries
from campus_metrics.exporter import unneutralise
from campus_metrics.geo import CommuneIndex
from campus_metrics.validation import (
    ID_COLUMN,
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
    validate_row,
)

KINDS = ("sources", "programmes", "sites", "cohorts", "funding", "outcomes", "indicators")
DEFAULT_MAX_MB = 20.0


def max_import_bytes() -> int:
    """Refuse files above this size (CAMPUS_METRICS_MAX_IMPORT_MB, default 20 MB)."""
    return int(float(os.environ.get("CAMPUS_METRICS_MAX_IMPORT_MB", DEFAULT_MAX_MB)) * 1024 * 1024)


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problème(s)")


@dataclass
class ImportReport:
    kind: str
    file: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{"fichier": p.file, "ligne": p.row, "colonne": p.column, "valeur": p.value, "problème": p.reason} for p in self.problems],
            columns=["fichier", "ligne", "colonne", "valeur", "problème"],
        )


# --- reading ---------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def read_table(data: bytes, name: str) -> pd.DataFrame:
    """Bytes of a .csv or .xlsx file to a frame of raw strings (validation parses them)."""
    if name.lower().endswith((".xlsx", ".xlsm")):
        frame = pd.read_excel(io.BytesIO(data), dtype=object, engine="openpyxl")
        frame = frame.astype(object).where(frame.notna(), None)
        for col in frame.columns:
            frame[col] = frame[col].map(_excel_cell).map(unneutralise)
        return frame
    text = _decode(data)
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ("\t" if first.count("\t") > first.count(",") else ",")
    frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    return frame.map(unneutralise)


def _excel_cell(v: Any) -> Any:
    if v is None:
        return None
    if hasattr(v, "date") and callable(v.date):
        return v.date().isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# --- validation ------------------------------------------------------------------------


def _existing_ids(conn: Connection, model) -> set[str]:
    return set(conn.execute(select(model.id)).scalars())


@dataclass
class Context:
    """What rows may refer to: ids already in the database plus those in this batch."""

    sources: set[str]
    programmes: set[str]
    sites: dict[str, tuple[str, str, str | None]]  # site_id -> (dep, region, programme)
    cohorts: dict[str, tuple[str | None, str | None, str | None]]
    departements: dict[str, str]  # dep -> region
    regions: set[str]
    communes: CommuneIndex
    taken: dict[str, set[str]]

    @classmethod
    def load(cls, conn: Connection, engine: Engine) -> Context:
        sites = {
            r.id: (r.departement_code, r.region_code, r.programme_id)
            for r in conn.execute(select(m.Site.id, m.Site.departement_code, m.Site.region_code, m.Site.programme_id))
        }
        cohorts = {
            r.id: (r.departement_code, r.region_code, r.programme_id)
            for r in conn.execute(select(m.Cohort.id, m.Cohort.departement_code, m.Cohort.region_code, m.Cohort.programme_id))
        }
        return cls(
            sources=_existing_ids(conn, m.Source),
            programmes=_existing_ids(conn, m.Programme),
            sites=sites,
            cohorts=cohorts,
            departements=dict(conn.execute(select(m.Departement.code, m.Departement.region_code)).all()),
            regions=set(conn.execute(select(m.Region.code)).scalars()),
            communes=CommuneIndex.from_engine(engine),
            taken={
                "sources": _existing_ids(conn, m.Source),
                "programmes": _existing_ids(conn, m.Programme),
                "sites": set(sites),
                "cohorts": set(cohorts),
                "funding": _existing_ids(conn, m.FundingLine),
                "outcomes": _existing_ids(conn, m.Outcome),
                "indicators": _existing_ids(conn, m.Indicator),
            },
        )


def _territory(ctx: Context, region: str | None, dep: str | None, p: list[Problem], file: str, line: int) -> tuple[str | None, str | None]:
    if dep:
        if dep not in ctx.departements:
            p.append(Problem(file, line, "departement_code", dep, "département inconnu"))
            return region, None
        if region and ctx.departements[dep] != region:
            p.append(Problem(file, line, "region_code", region, f"le département {dep} n'est pas dans cette région"))
        return ctx.departements[dep], dep
    if region and region not in ctx.regions:
        p.append(Problem(file, line, "region_code", region, "région inconnue"))
        return None, None
    return region, None


def _record(kind: str, row: Row, ctx: Context, file: str, line: int, p: list[Problem]) -> dict[str, Any] | None:
    """Cross-row checks (references, communes) and the database record with denormalised keys."""
    n = len(p)
    src = getattr(row, "source_id", None)
    if kind != "sources" and src and src not in ctx.sources:
        p.append(Problem(file, line, "source_id", src, "source inconnue : importez d'abord sources"))

    def need(col: str, value: str | None, known) -> None:
        if value and value not in known:
            p.append(Problem(file, line, col, value, f"référence inconnue ({col})"))

    rec: dict[str, Any]
    if isinstance(row, SourceRow):
        date, precision = parse_partial_date(row.published_on) if row.published_on else (None, None)
        rec = {
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
        ctx.sources.add(row.source_id)
    elif isinstance(row, ProgrammeRow):
        need("region_code", row.region_code, ctx.regions)
        need("source_id", row.source_id, ctx.sources)
        rec = {
            "id": row.programme_id,
            "name": row.name,
            "kind": row.kind,
            "region_code": row.region_code,
            "description": row.description,
            "source_id": row.source_id,
        }
        ctx.programmes.add(row.programme_id)
    elif isinstance(row, SiteRow):
        progs = [x.strip() for x in (row.programmes or "").split("|") if x.strip()]
        for prog in progs:
            need("programmes", prog, ctx.programmes)
        commune, why = ctx.communes.resolve(row.commune_insee, row.commune_name, row.departement_code)
        if commune is None:
            p.append(
                Problem(file, line, "commune_insee" if row.commune_insee else "commune_name", row.commune_insee or row.commune_name, why or "commune inconnue")
            )
            return None
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
    elif isinstance(row, CohortRow | FundingRow | OutcomeRow):
        need("site_id", row.site_id, ctx.sites)
        need("programme_id", row.programme_id, ctx.programmes)
        region, dep = _territory(ctx, row.region_code, row.departement_code, p, file, line)
        programme = row.programme_id
        holder = None
        if row.site_id in ctx.sites:
            holder = ctx.sites[row.site_id]
        cohort_id = getattr(row, "cohort_id", None) if isinstance(row, OutcomeRow) else None
        if isinstance(row, OutcomeRow):
            need("cohort_id", cohort_id, ctx.cohorts)
            if holder is None and cohort_id in ctx.cohorts:
                holder = ctx.cohorts[cohort_id]
        if holder is not None:
            dep, region = holder[0] or dep, holder[1] or region
            programme = programme or holder[2]
        base = {"fact_key": row.fact_key, "programme_id": programme, "region_code": region, "departement_code": dep, "site_id": row.site_id}
        if isinstance(row, CohortRow):
            start = row.start_year or (row.start_date.year if row.start_date else None)
            rec = base | {
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
            ctx.cohorts[row.cohort_id] = (dep, region, programme)
        elif isinstance(row, FundingRow):
            lo, hi = row.bounds()
            rec = base | {
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
        else:
            rec = base | {
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
    elif isinstance(row, IndicatorRow):
        need("programme_id", row.programme_id, ctx.programmes)
        region = dep = None
        if row.territory_level == "region":
            region, dep = _territory(ctx, row.territory_code, None, p, file, line)
        elif row.territory_level == "departement":
            region, dep = _territory(ctx, None, row.territory_code, p, file, line)
        rec = {
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
    else:  # pragma: no cover
        raise TypeError(kind)
    if kind != "sources" and kind != "programmes":
        rec |= {"fact_status": row.fact_status, "source_id": row.source_id, "quote": row.quote, "notes": row.notes}
    return rec if len(p) == n else None


def validate_frame(kind: str, frame: pd.DataFrame, file: str, ctx: Context) -> tuple[list[dict[str, Any]], list[Problem]]:
    problems: list[Problem] = []
    if frame.empty:
        return [], [Problem(file, None, None, None, "fichier vide : aucune ligne de données")]
    id_col = ID_COLUMN[kind]
    if id_col not in frame.columns:
        return [], [Problem(file, 1, id_col, None, f"colonne obligatoire absente — colonnes lues : {', '.join(map(str, frame.columns))[:300]}")]
    seen_ids: dict[str, int] = {}
    seen_rows: dict[tuple, int] = {}
    records = []
    for i, raw in enumerate(frame.to_dict(orient="records")):
        line = i + 2
        values = tuple((k, "" if v is None else str(v).strip()) for k, v in raw.items() if k != id_col)
        if all(v == "" for _, v in values) and not str(raw.get(id_col) or "").strip():
            continue  # blank line
        if values in seen_rows:
            problems.append(Problem(file, line, None, None, f"ligne en double (identique à la ligne {seen_rows[values]})"))
            continue
        seen_rows[values] = line
        row, errs = validate_row(kind, raw, file, line)
        problems.extend(errs)
        if row is None:
            continue
        rid = getattr(row, id_col)
        if rid in seen_ids:
            problems.append(Problem(file, line, id_col, rid, f"identifiant en double (déjà ligne {seen_ids[rid]})"))
            continue
        if rid in ctx.taken[kind]:
            problems.append(Problem(file, line, id_col, rid, "identifiant déjà présent dans la base"))
            continue
        seen_ids[rid] = line
        rec = _record(kind, row, ctx, file, line, problems)
        if rec is not None:
            records.append(rec)
    return records, problems


# --- writing ---------------------------------------------------------------------------

MODEL_FOR = {
    "sources": m.Source,
    "programmes": m.Programme,
    "sites": m.Site,
    "cohorts": m.Cohort,
    "funding": m.FundingLine,
    "outcomes": m.Outcome,
    "indicators": m.Indicator,
}


def write_records(conn: Connection, kind: str, records: list[dict[str, Any]]) -> None:
    if not records:
        return
    links = []
    clean = []
    for rec in records:
        progs = rec.pop("_programmes", None)
        if progs:
            links.extend({"site_id": rec["id"], "programme_id": p} for p in dict.fromkeys(progs))
        clean.append(rec)
    for i in range(0, len(clean), 5000):
        conn.execute(insert(MODEL_FOR[kind]), clean[i : i + 5000])
    if links:
        conn.execute(insert(m.site_programmes), links)


def import_files(engine: Engine, files: Iterable[tuple[str, str, bytes]], *, dry_run: bool = False) -> list[ImportReport]:
    """Validate (kind, name, bytes) files in order and write them in one transaction.

    Nothing is written if any file has a problem: the reports then list every problem.
    """
    reports: list[ImportReport] = []
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            ctx = Context.load(conn, engine)
            batches = []
            for kind, name, data in files:
                report = ImportReport(kind=kind, file=name)
                reports.append(report)
                if kind not in KINDS:
                    report.problems.append(Problem(name, None, None, kind, f"type inconnu, attendu : {', '.join(KINDS)}"))
                    continue
                if len(data) > max_import_bytes():
                    report.problems.append(
                        Problem(name, None, None, None, f"fichier trop volumineux ({len(data) / 1e6:.0f} Mo > {max_import_bytes() / 1048576:.0f} Mo)")
                    )
                    continue
                if not data.strip():
                    report.problems.append(Problem(name, None, None, None, "fichier vide"))
                    continue
                try:
                    frame = read_table(data, name)
                except Exception as exc:  # unreadable file: report it, never a traceback
                    report.problems.append(Problem(name, None, None, None, f"fichier illisible : {type(exc).__name__}"))
                    continue
                records, problems = validate_frame(kind, frame, name, ctx)
                report.rows = len(records)
                report.problems.extend(problems)
                batches.append((kind, records))
            if dry_run or any(r.problems for r in reports):
                trans.rollback()
                return reports
            for kind, records in batches:
                write_records(conn, kind, records)
            summaries.refresh(conn)  # same transaction: a refused import leaves the summaries as they were
            trans.commit()
            for r in reports:
                r.written = True
            return reports
        except BaseException:
            if trans.is_active:
                trans.rollback()
            raise


def import_paths(engine: Engine, items: Iterable[tuple[str, Path]], *, dry_run: bool = False) -> list[ImportReport]:
    return import_files(engine, [(kind, path.name, path.read_bytes()) for kind, path in items], dry_run=dry_run)
