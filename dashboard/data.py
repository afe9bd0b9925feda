"""Cached access to `campus_metrics.queries` and the key-figure catalogue: one engine per URL,
one cache entry per filter value.

The engine lives in `st.cache_resource` (built once, and `bootstrap.init_database` makes the
schema and loads the seed when the database is missing). Every result lives in
`st.cache_data`, keyed on the database URL, the query name and plain values (the frozen,
hashable `Filters`, tuples, strings) and on the data version (`cache_key()`): a rerun with the
same filters runs no SQL, and an import made by any process is seen at every process's next rerun.

Pages call `query("name", f, ...)` for a frame, `figures(f)` for the key figures; the few
shortcuts below only normalise arguments (lists to tuples) or drop the filters argument.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, NoReturn

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from campus_metrics import bootstrap
from campus_metrics import queries as q
from campus_metrics.db import data_version, make_engine
from campus_metrics.failures import classify
from campus_metrics.figures import Figure, compute_all
from campus_metrics.filters import Filters
from campus_metrics.queries import details
from campus_metrics.settings import database_url
from dashboard import cache, memory
from dashboard.i18n import _, t

# Queries the pages may call through the cache: name -> (function, takes a Filters argument).
# Functions are named here, not looked up on the package: `queries.outcomes` is also a submodule.
_ALLOWED: dict[str, tuple[Callable[..., Any], bool]] = {
    "filter_options": (q.filter_options, False),
    "names": (q.names, False),
    "all_sources": (q.all_sources, False),
    "site_points": (q.site_points, True),
    "site_count": (q.site_count, True),
    "departement_totals": (q.departement_totals, True),
    "region_totals": (q.region_totals, True),
    "unallocated_totals": (q.unallocated_totals, True),
    "budget_breakdown": (q.budget_breakdown, True),
    "funding_lines": (details.funding_lines, True),
    "funders": (q.funders, True),
    "spending_lines": (q.spending_lines, True),
    "fact_refs": (details.fact_refs, False),
    "cost_per_learner": (q.cost_per_learner, True),
    "cohort_summary": (q.cohort_summary, True),
    "cohort_details": (details.cohort_details, True),
    "outcomes": (details.outcomes, True),
    "outcome_summary": (q.outcome_summary, True),
    "compare_territories": (q.compare_territories, True),
    "year_series": (q.year_series, True),
    "coverage": (q.coverage, True),
    "sources_for": (q.sources_for, True),
    "quotes": (q.quotes, True),
    "indicators": (q.indicators, True),
    "filtered_tables": (q.filtered_tables, True),
}

url = database_url  # CAMPUS_METRICS_DATABASE_URL, secrets.toml, or the SQLite default
VERSION_MARK = "#data-version="


@st.cache_resource(show_spinner=False)  # a decorator's text is fixed at import, in French: `_ready_engine` shows it translated
def engine_for(db_url: str) -> Engine:
    """One engine per URL; creates the schema and loads the sourced seed if the base is empty."""
    _reclaimer()  # once per process in practice: the engine is built once per URL
    engine = make_engine(db_url)
    bootstrap.init_database(engine)
    return engine


log = logging.getLogger(__name__)


def unavailable(exc: BaseException) -> NoReturn:
    """The database failed: say so in the reader's language, offer a retry, stop the page (no traceback)."""
    failure = classify(exc)
    if failure is None:
        raise exc
    from dashboard.ui import safe  # ui imports this module

    log.warning("database failure %s: %s", failure.code, failure.values)
    st.error(t(f"failure_{failure.code}", **{k: safe(v) for k, v in failure.values.items()}), icon=":material/cloud_off:")
    st.button(_("Réessayer"), icon=":material/refresh:", key="_db_retry")  # a click reruns the page
    st.stop()


@st.cache_resource(show_spinner=False)
def _reclaimer() -> object:
    """One memory reclaimer per process (`dashboard.memory`): collects every 30 s, not after every rerun."""
    return memory.start()


_READY: set[str] = set()  # URLs whose engine this process has built: no spinner (and no timer thread) on a cache hit


def _ready_engine(db_url: str) -> Engine:
    """`engine_for` under a spinner in the reader's language the first time (schema and seed may take seconds)."""
    if db_url in _READY:
        return engine_for(db_url)
    with st.spinner(_("Préparation de la base de données…")):
        built = engine_for(db_url)
    _READY.add(db_url)
    return built


def engine() -> Engine:
    try:
        return _ready_engine(url())
    except Exception as exc:  # noqa: BLE001 - unavailable() re-raises what is not a database failure
        unavailable(exc)


_VERSIONS: dict[str, tuple[float, int]] = {}  # url -> (when read, version): a plain dict, cheaper than a cache lookup per query


def _version(db_url: str) -> int:
    """The data version, read at most once a second per process (one indexed row).

    When the database stops answering, the last version read keeps the cached figures on screen,
    labelled as possibly stale; a figure not cached yet then shows the failure with a retry.
    """
    now = time.monotonic()
    seen = _VERSIONS.get(db_url)
    if seen is None or now - seen[0] >= 1.0:
        try:
            seen = _VERSIONS[db_url] = (now, data_version(_ready_engine(db_url)))  # engine_for refuses an unknown revision
        except Exception as exc:  # noqa: BLE001 - unavailable() re-raises what is not a database failure
            failure = classify(exc)
            if seen is None or failure is None or failure.code in ("unknown_schema", "sqlite_missing"):
                unavailable(exc)
            _stale_notice()
    return seen[1]


def _stale_notice() -> None:
    """« possibly stale », once per run (the run is told apart by its own coordinator object)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    marker = getattr(ctx, "parallel_coordinator", None)
    if marker is not None and st.session_state.get("_stale_run") is marker:
        return
    st.session_state["_stale_run"] = marker
    st.warning(
        _("La base de données ne répond pas : les chiffres affichés sont ceux de la dernière lecture et peuvent ne plus être à jour."),
        icon=":material/history:",
    )


def cache_key() -> str:
    """The database URL and its data version: every cached result is keyed on it, so an import
    made by any process shows at every process's next rerun (no time-to-live on the data)."""
    return f"{url()}{VERSION_MARK}{_version(url())}"


def engine_for_key(key: str) -> Engine:
    return engine_for(key.rsplit(VERSION_MARK, 1)[0])


@st.cache_data(show_spinner=False, ttl=6 * 3600, max_entries=2000)
def _cached(db_url: str, name: str, f: Filters | None, args: tuple, kwargs: tuple) -> tuple[Any, str | None]:
    """(result, content digest of a frame result): the digest is computed once, with the query."""
    fn, takes_filters = _ALLOWED[name]
    eng = engine_for_key(db_url)
    result = fn(eng, f, *args, **dict(kwargs)) if takes_filters else fn(eng, *args, **dict(kwargs))
    return result, cache.fingerprint(result) if isinstance(result, pd.DataFrame) else None


def query(name: str, f: Filters | None = None, *args, **kwargs) -> Any:
    """Run the query `name` through the cache (only names listed in _ALLOWED).

    A frame comes back with its content digest known to `cache.memo` (builders keyed on it need not
    read the frame again): treat it as read-only, as any cached value.
    """
    if name not in _ALLOWED:
        raise ValueError(f"query not exposed to the dashboard: {name}")
    # keywords: Streamlit names positional arguments with inspect.signature, once per argument and call
    try:
        result, digest = _cached(db_url=cache_key(), name=name, f=f, args=tuple(args), kwargs=tuple(sorted(kwargs.items())))
    except Exception as exc:  # noqa: BLE001 - unavailable() re-raises what is not a database failure
        unavailable(exc)
    if digest is not None:
        cache.remember(result, digest)
    return result


@st.cache_data(show_spinner=False, ttl=6 * 3600, max_entries=500)
def _figures(db_url: str, f: Filters) -> dict[str, Figure]:
    return compute_all(engine_for_key(db_url), f)


def figures(f: Filters) -> dict[str, Figure]:
    """Every key figure of the catalogue for these filters (typed values, no words): draw them as cards."""
    try:
        return _figures(db_url=cache_key(), f=f)
    except Exception as exc:  # noqa: BLE001 - unavailable() re-raises what is not a database failure
        unavailable(exc)


def clear() -> None:
    """Forget every cached result (queries, figures, map layers, briefs) after an import; the engine stays."""
    st.cache_data.clear()


# --- shortcuts that do more than pass values through ----------------------------------------


def options() -> dict[str, Any]:
    return query("filter_options")


@st.cache_data(show_spinner=False, ttl=6 * 3600, max_entries=20)
def _option_index(db_url: str) -> tuple[Any, dict[str, str]]:
    """What every run needs from `filter_options`, without unpickling its frames: period bounds, département -> région."""
    opts, _ = _cached(db_url=db_url, name="filter_options", f=None, args=(), kwargs=())
    deps = opts["departements"]
    return opts["years"], dict(zip(deps["code"], deps["region_code"], strict=True))


def years() -> Any:
    """The (first, last) year of the data, as `options()["years"]` (empty when there is none)."""
    return _option_index(db_url=cache_key())[0]


def departement_regions() -> dict[str, str]:
    """Every département code -> its région code, in the `options()["departements"]` order."""
    return _option_index(db_url=cache_key())[1]


def names() -> dict[str, dict[str, str]]:
    return query("names")


def all_sources() -> pd.DataFrame:
    return query("all_sources")


def budget_breakdown(f: Filters, by: tuple[str, ...]) -> pd.DataFrame:
    return query("budget_breakdown", f, by=tuple(by))


def cohort_summary(f: Filters, by: tuple[str, ...]) -> pd.DataFrame:
    return query("cohort_summary", f, by=tuple(by))


def compare_territories(f: Filters, codes: tuple[str, ...], level: str) -> pd.DataFrame:
    return query("compare_territories", f, tuple(codes), level)


@st.cache_data(show_spinner=False, ttl=6 * 3600, max_entries=20)
def _year_bounds(db_url: str) -> tuple[int, int] | None:
    opts, _ = _cached(db_url=db_url, name="filter_options", f=None, args=(), kwargs=())
    opened, _ = _cached(db_url=db_url, name="year_series", f=Filters(), args=(), kwargs=())
    years = [*(opts["years"] or ()), *(opened["year"].dropna().astype(int) if not opened.empty else ())]
    return (int(min(years)), int(max(years))) if years else None


def year_bounds() -> tuple[int, int] | None:
    """First and last year of any figure, site openings included: the period slider's bounds."""
    return _year_bounds(db_url=cache_key())
