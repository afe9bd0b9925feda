"""What rows may refer to (ids in the database plus those earlier in the file), and the reference checks.

References are checked from the cells even when a row has other mistakes, so one round
reports an unknown source or commune together with a wrong number on the same line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from campus_metrics import models as m
from campus_metrics.enums import TerritoryLevel
from campus_metrics.geo import CommuneIndex
from campus_metrics.validation import Problem
from campus_metrics.validation.cells import _code, _dep_code, _insee, _text
from campus_metrics.validation.codes import to_code

# the cells a reference check reads, with their parser
REF_CELLS = {
    "source_id": _code,
    "site_id": _code,
    "programme_id": _code,
    "cohort_id": _code,
    "region_code": _code,
    "departement_code": _dep_code,
    "commune_insee": _insee,
    "commune_name": _text,
    "programmes": _text,
    "territory_level": _text,
    "territory_code": _dep_code,
}


def _ids(conn: Connection, model) -> set[str]:
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
            sources=_ids(conn, m.Source),
            programmes=_ids(conn, m.Programme),
            sites=sites,
            cohorts=cohorts,
            departements=dict(conn.execute(select(m.Departement.code, m.Departement.region_code)).all()),
            regions=set(conn.execute(select(m.Region.code)).scalars()),
            communes=CommuneIndex.from_engine(engine),
            taken={
                "sources": _ids(conn, m.Source),
                "programmes": _ids(conn, m.Programme),
                "sites": set(sites),
                "cohorts": set(cohorts),
                "funding": _ids(conn, m.FundingLine),
                "outcomes": _ids(conn, m.Outcome),
                "indicators": _ids(conn, m.Indicator),
            },
        )


def cells(raw: dict[str, Any]) -> dict[str, Any]:
    """The reference cells of a raw row, parsed where they can be (a bad cell reads as absent)."""
    out = {}
    for col, parse in REF_CELLS.items():
        try:
            out[col] = parse(raw.get(col))
        except ValueError:
            out[col] = None
    return out


def territory(ctx: Context, region: str | None, dep: str | None, p: list[Problem], file: str, line: int) -> tuple[str | None, str | None]:
    """(region, département) of a row, reporting unknown or contradicting codes."""
    if dep:
        if dep not in ctx.departements:
            p.append(Problem(file, line, "departement_code", dep, "département inconnu", "saisissez le numéro du département, par exemple 09 ou 2A"))
            return region, None
        if region and ctx.departements[dep] != region:
            p.append(Problem(file, line, "region_code", region, f"le département {dep} n'est pas dans cette région", "corrigez la région ou laissez-la vide"))
        return ctx.departements[dep], dep
    if region and region not in ctx.regions:
        p.append(Problem(file, line, "region_code", region, "région inconnue", "saisissez le code INSEE de la région, par exemple 76"))
        return None, None
    return region, None


def check_references(kind: str, v: dict[str, Any], ctx: Context, file: str, line: int, p: list[Problem]):
    """Every reference of one row (sources, programmes, sites, cohorts, territories, commune); the commune for a site."""
    src = v.get("source_id")
    if kind != "sources" and src and src not in ctx.sources:
        p.append(Problem(file, line, "source_id", src, "source inconnue", "importez d'abord cette source (type « sources ») ou corrigez l'identifiant"))

    def need(col: str, value: str | None, known, what: str) -> None:
        if value and value not in known:
            p.append(Problem(file, line, col, value, f"{what} inconnu(e)", f"importez d'abord ce(tte) {what} ou corrigez l'identifiant"))

    if kind == "programmes":
        need("region_code", v.get("region_code"), ctx.regions, "région")
    elif kind == "sites":
        for prog in [x.strip() for x in (v.get("programmes") or "").split("|") if x.strip()]:
            need("programmes", prog, ctx.programmes, "programme")
        insee, name = v.get("commune_insee"), v.get("commune_name")
        commune, why = ctx.communes.resolve(insee, name, v.get("departement_code"))
        if commune is None:
            col = "commune_insee" if insee else "commune_name"
            p.append(Problem(file, line, col, insee or name, why or "commune inconnue", "vérifiez le code INSEE (5 chiffres) ou le nom exact de la commune"))
        return commune
    elif kind in ("cohorts", "funding", "outcomes"):
        need("site_id", v.get("site_id"), ctx.sites, "site")
        need("programme_id", v.get("programme_id"), ctx.programmes, "programme")
        if kind == "outcomes":
            need("cohort_id", v.get("cohort_id"), ctx.cohorts, "promotion")
        territory(ctx, v.get("region_code"), v.get("departement_code"), p, file, line)
    elif kind == "indicators":
        need("programme_id", v.get("programme_id"), ctx.programmes, "programme")
        level, code = to_code(TerritoryLevel, v.get("territory_level") or ""), v.get("territory_code")
        if level == TerritoryLevel.region:
            territory(ctx, code, None, p, file, line)
        elif level == TerritoryLevel.departement:
            territory(ctx, None, code, p, file, line)
    return None
