"""Reference lists: what the sidebar offers, code → name maps, the filter sentence."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select, union_all

from campus_metrics import models as m
from campus_metrics.filters import Filters
from campus_metrics.queries._base import frame

_YEAR_TABLES = (m.Cohort.__table__, m.FundingLine.__table__, m.Outcome.__table__)


def filter_options(engine: Engine) -> dict[str, pd.DataFrame | tuple[int, int] | None]:
    """What the sidebar offers: years with data, régions, départements, programmes."""
    years = []
    for t in _YEAR_TABLES:
        # one scalar subquery per bound: each is a single probe of an index (ix_*_year, ix_*_year_last)
        # where one min+max aggregate would read the whole table
        years.append(
            select(
                select(func.min(t.c.year_start)).scalar_subquery().label("lo"),
                select(func.max(func.coalesce(t.c.year_end, t.c.year_start))).scalar_subquery().label("hi"),
            )
        )
    yr = frame(engine, union_all(*years))
    lo, hi = yr["lo"].dropna(), yr["hi"].dropna()
    regions, deps, progs = _reference(engine)
    return {
        "years": (int(lo.min()), int(hi.max())) if len(lo) and len(hi) else None,
        "regions": regions,
        "departements": deps,
        "programmes": progs,
    }


def _reference(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    regions = frame(engine, select(m.Region.code, m.Region.name, m.Region.population).order_by(m.Region.name))
    deps = frame(engine, select(m.Departement.code, m.Departement.name, m.Departement.region_code, m.Departement.population).order_by(m.Departement.code))
    progs = frame(engine, select(m.Programme.id, m.Programme.name, m.Programme.region_code).order_by(m.Programme.name))
    return regions, deps, progs


def names(engine: Engine) -> dict[str, dict[str, str]]:
    regions, deps, progs = _reference(engine)  # not filter_options: the years would cost a scan for nothing
    return {
        "regions": dict(zip(regions["code"], regions["name"], strict=True)),
        "departements": dict(zip(deps["code"], deps["name"], strict=True)),
        "programmes": dict(zip(progs["id"], progs["name"], strict=True)),
    }


def describe(engine: Engine, f: Filters, lang: str = "fr") -> str:
    return f.sentence(names(engine), lang)
