"""The generator's entry points: refuse sourced databases, write every table in one transaction, ANALYZE."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from sqlalchemy import Connection, Engine, func, inspect, select

from campus_metrics import models as m
from campus_metrics.synthetic.cohorts import _cohorts
from campus_metrics.synthetic.funding import _funding
from campus_metrics.synthetic.geography import _geography
from campus_metrics.synthetic.indicators import _indicators
from campus_metrics.synthetic.outcomes import _outcomes
from campus_metrics.synthetic.reference import _programmes, _sources
from campus_metrics.synthetic.sites import _sites
from campus_metrics.synthetic.write import _write

SYN_TABLES = ("outcomes", "funding_lines", "cohorts", "site_programmes", "sites", "indicators", "programmes", "sources")


class SyntheticRefused(RuntimeError):
    """The target database holds sourced data: synthetic rows must never be mixed with it."""


# --- safety ------------------------------------------------------------------------------


def check_target(engine: Engine) -> None:
    """Raise SyntheticRefused when the database already holds non-synthetic data."""
    tables = set(inspect(engine).get_table_names())
    problems = []
    with engine.connect() as conn:
        if "sources" in tables:
            real = conn.execute(select(func.count()).select_from(m.Source).where(m.Source.synthetic.is_not(True))).scalar_one()
            if real:
                problems.append(f"{real} source(s) non synthétique(s) dans la table sources")
        if "programmes" in tables:
            real = conn.execute(select(func.count()).select_from(m.Programme).where(m.Programme.id.not_like("syn\\_%", escape="\\"))).scalar_one()
            if real:
                problems.append(f"{real} programme(s) non synthétique(s)")
        for name, model in m.FACT_MODELS.items():
            if model.__tablename__ in tables:
                real = conn.execute(select(func.count()).select_from(model).where(model.id.not_like("SYN-%"))).scalar_one()
                if real:
                    problems.append(f"{real} ligne(s) non synthétique(s) dans {name}")
    if problems:
        raise SyntheticRefused(
            "Refus : cette base contient des données sourcées (" + "; ".join(problems) + "). Les données synthétiques vont dans leur propre base, par exemple "
            "--database-url sqlite:///data/synthetic/national.db."
        )


def _clear(conn: Connection) -> None:
    """Remove a previous synthetic run (the caller checked that nothing else is there)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("TRUNCATE " + ", ".join(SYN_TABLES))
    else:
        for t in SYN_TABLES:
            conn.exec_driver_sql(f"DELETE FROM {t}")


def _refresh_summaries(conn: Connection) -> None:
    """Resolve `counted` and rebuild the summary tables, as an import does (skipped while campus_metrics.summaries does not exist)."""
    if importlib.util.find_spec("campus_metrics.summaries") is None:
        return
    from campus_metrics import summaries

    summaries.refresh(conn)


# --- the generator -------------------------------------------------------------------------


def generate(engine: Engine, scale: float = 1.0, seed: int = 42) -> dict[str, int]:
    """Write a synthetic national volume into an empty (or already synthetic) database.

    Refuses (SyntheticRefused) a database holding sourced data. Creates the schema and the
    geography with `bootstrap.init_database(load_seed=False)`, removes a previous synthetic
    run, writes everything and refreshes the summaries in one transaction, then runs ANALYZE.
    Returns row counts.
    """
    from campus_metrics.bootstrap import init_database

    if scale <= 0:
        raise ValueError("scale must be > 0")
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)  # e.g. data/synthetic/
    check_target(engine)
    init_database(engine, load_seed=False)
    check_target(engine)
    rng = np.random.default_rng(seed)
    period_rng = np.random.default_rng(seed + 1)  # amount_period only: the other columns keep their values
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        geo = _geography(conn)
        _clear(conn)
        sources = _sources(seed)
        counts["sources"] = _write(conn, "sources", sources)
        progs = _programmes(geo, sources["id"][0])
        counts["programmes"] = _write(conn, "programmes", progs)
        sites, links, site_arr = _sites(rng, scale, geo, progs, sources)
        counts["sites"] = _write(conn, "sites", sites)
        counts["site_programmes"] = _write(conn, "site_programmes", links)
        cohorts, coh_arr = _cohorts(rng, scale, geo, progs, sources, site_arr)
        counts["cohorts"] = _write(conn, "cohorts", cohorts)
        counts["funding_lines"] = _write(conn, "funding_lines", _funding(rng, period_rng, scale, geo, progs, sources, site_arr))
        counts["outcomes"] = _write(conn, "outcomes", _outcomes(rng, scale, geo, progs, sources, coh_arr))
        counts["indicators"] = _write(conn, "indicators", _indicators(rng, scale, geo, progs, sources))
        _refresh_summaries(conn)
    analyze(engine)
    return counts


def analyze(engine: Engine) -> None:
    """Refresh planner statistics (and on SQLite fold the WAL back into the file)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for t in SYN_TABLES:
                conn.exec_driver_sql(f"VACUUM (ANALYZE) {t}")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def is_synthetic_database(engine: Engine) -> bool:
    """True when every source is synthetic (and there is at least one)."""
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(m.Source)).scalar_one()
        synthetic = conn.execute(select(func.count()).select_from(m.Source).where(m.Source.synthetic.is_(True))).scalar_one()
    return total > 0 and total == synthetic
