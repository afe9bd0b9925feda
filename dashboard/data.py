"""Cached access to `campus_metrics.queries`: one engine per URL, one cache entry per filter value.

The engine lives in `st.cache_resource` (built once, and `bootstrap.init_database` makes the
schema and loads the seed when the database is missing). Every query result lives in
`st.cache_data`, keyed on the database URL, the query name and plain values (the frozen,
hashable `Filters`, tuples, strings): a rerun with the same filters runs no SQL. An import
calls `clear()`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from campus_metrics import bootstrap, queries
from campus_metrics.db import make_engine
from campus_metrics.filters import Filters
from campus_metrics.settings import database_url

# Queries the pages may call through the cache (name -> takes a Filters argument).
_ALLOWED = {
    "filter_options": False,
    "names": False,
    "all_sources": False,
    "key_figures": True,
    "site_points": True,
    "site_count": True,
    "departement_totals": True,
    "region_totals": True,
    "unallocated_totals": True,
    "budget_breakdown": True,
    "funding_lines": True,
    "cost_per_learner": True,
    "cohort_summary": True,
    "cohort_details": True,
    "outcomes": True,
    "outcome_summary": True,
    "compare_territories": True,
    "year_series": True,
    "coverage": True,
    "sources_for": True,
    "quotes": True,
    "indicators": True,
    "filtered_tables": True,
}


def url() -> str:
    """The database URL (CAMPUS_METRICS_DATABASE_URL, secrets.toml, or the SQLite default)."""
    return database_url()


@st.cache_resource(show_spinner="Préparation de la base de données…")
def engine_for(db_url: str) -> Engine:
    """One engine per URL; creates the schema and loads the sourced seed if the base is empty."""
    engine = make_engine(db_url)
    bootstrap.init_database(engine)
    return engine


def engine() -> Engine:
    return engine_for(url())


@st.cache_data(show_spinner=False, ttl=6 * 3600, max_entries=2000)
def _cached(db_url: str, name: str, f: Filters | None, args: tuple, kwargs: tuple) -> Any:
    fn = getattr(queries, name)
    eng = engine_for(db_url)
    if _ALLOWED[name]:
        return fn(eng, f, *args, **dict(kwargs))
    return fn(eng, *args, **dict(kwargs))


def query(name: str, f: Filters | None = None, *args, **kwargs) -> Any:
    """Run `queries.<name>` through the cache (only names listed in _ALLOWED)."""
    if name not in _ALLOWED:
        raise ValueError(f"query not exposed to the dashboard: {name}")
    return _cached(url(), name, f, tuple(args), tuple(sorted(kwargs.items())))


def clear() -> None:
    """Forget every cached result (queries, map layers, briefs) after an import; the engine stays."""
    st.cache_data.clear()


# --- typed shortcuts used by the pages -----------------------------------------------------


def options() -> dict[str, Any]:
    return query("filter_options")


def names() -> dict[str, dict[str, str]]:
    return query("names")


def all_sources() -> pd.DataFrame:
    return query("all_sources")


def key_figures(f: Filters) -> pd.DataFrame:
    return query("key_figures", f)


def site_points(f: Filters, limit: int = 3000) -> pd.DataFrame:
    return query("site_points", f, limit=limit)


def site_count(f: Filters) -> int:
    return query("site_count", f)


def departement_totals(f: Filters) -> pd.DataFrame:
    return query("departement_totals", f)


def region_totals(f: Filters) -> pd.DataFrame:
    return query("region_totals", f)


def unallocated_totals(f: Filters) -> pd.DataFrame:
    return query("unallocated_totals", f)


def budget_breakdown(f: Filters, by: tuple[str, ...]) -> pd.DataFrame:
    return query("budget_breakdown", f, by=tuple(by))


def funding_lines(f: Filters) -> pd.DataFrame:
    return query("funding_lines", f)


def cost_per_learner(f: Filters) -> pd.DataFrame:
    return query("cost_per_learner", f)


def cohort_summary(f: Filters, by: tuple[str, ...]) -> pd.DataFrame:
    return query("cohort_summary", f, by=tuple(by))


def cohort_details(f: Filters) -> pd.DataFrame:
    return query("cohort_details", f)


def outcomes(f: Filters) -> pd.DataFrame:
    return query("outcomes", f)


def compare_territories(f: Filters, codes: tuple[str, ...], level: str) -> pd.DataFrame:
    return query("compare_territories", f, tuple(codes), level)


def year_series(f: Filters) -> pd.DataFrame:
    return query("year_series", f)


def coverage(f: Filters) -> pd.DataFrame:
    return query("coverage", f)


def sources_for(f: Filters) -> pd.DataFrame:
    return query("sources_for", f)


def quotes(f: Filters) -> pd.DataFrame:
    return query("quotes", f)


def indicators(f: Filters) -> pd.DataFrame:
    return query("indicators", f)


def filtered_tables(f: Filters) -> dict[str, pd.DataFrame]:
    return query("filtered_tables", f)
