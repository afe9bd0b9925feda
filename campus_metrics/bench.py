"""Time every public query of campus_metrics.queries on the current database.

`python -m campus_metrics --database-url URL bench [--repeat 7]` after `generate`: for each
filter set (national, one région one year, one département, one programme) each query
runs once to warm up, then `repeat` times; the table gives the median and the max
wall-clock milliseconds, the number of rows returned and the median CPU milliseconds of
this process (on SQLite all the work is in-process, so this column is what the query
costs even when other programs share the machine; on PostgreSQL it is the client side
only). The table is Markdown, aligned.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, select

from campus_metrics import models as m
from campus_metrics import queries as q
from campus_metrics.figures import compute_all
from campus_metrics.figures.compute import cost_per_positive_exit
from campus_metrics.filters import Filters

TARGET_MS = 100.0
TABLES = ("regions", "departements", "communes", "sources", "programmes", "sites", "site_programmes", "cohorts", "funding_lines", "outcomes", "indicators")
BUDGET_GROUPINGS: tuple[tuple[str, ...], ...] = (("funder_type",), ("nature",), ("programme_id",), ("year_start",), ("funder_type", "fact_status"))
COHORT_GROUPINGS: tuple[tuple[str, ...], ...] = (("year_start",), ("region_code",), ("programme_id",))


@dataclass(frozen=True)
class Timing:
    query: str
    filter: str
    median_ms: float
    max_ms: float
    rows: int
    cpu_ms: float = float("nan")
    error: str | None = None


def _rows(result) -> int:
    if isinstance(result, pd.DataFrame):
        return len(result)
    if isinstance(result, dict):
        return sum(len(v) for v in result.values() if isinstance(v, pd.DataFrame))
    try:
        return len(result)
    except TypeError:
        return 1


def time_call(fn: Callable[[], object], repeat: int) -> tuple[float, float, int, float]:
    """(median ms, max ms, rows, median CPU ms of this process) over `repeat` runs after one warm-up run."""
    rows = _rows(fn())
    runs, cpu = [], []
    for _ in range(max(1, repeat)):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(runs), max(runs), rows, statistics.median(cpu)


def row_counts(engine: Engine) -> dict[str, int]:
    out = {}
    with engine.connect() as conn:
        for name in TABLES:
            table = m.Base.metadata.tables[name]
            out[name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
    return out


def _top(engine: Engine, col, n: int) -> list[str]:
    with engine.connect() as conn:
        stmt = select(col).where(col.is_not(None)).group_by(col).order_by(func.count().desc(), col).limit(n)
        return [r for r in conn.execute(stmt).scalars()]


def default_filter_sets(engine: Engine) -> list[tuple[str, Filters]]:
    """National all years; the busiest région in one year; the busiest département; the busiest programme."""
    S = m.Site.__table__
    regions = _top(engine, S.c.region_code, 1)
    deps = _top(engine, S.c.departement_code, 1)
    progs = _top(engine, m.site_programmes.c.programme_id, 1)
    opts = q.filter_options(engine)
    years = opts["years"]
    year = min(max(2020, years[0]), years[1]) if years else 2020
    sets: list[tuple[str, Filters]] = [("national, toutes années", Filters())]
    if regions:
        sets.append((f"région {regions[0]}, {year}", Filters(regions=(regions[0],), year_min=year, year_max=year)))
    if deps:
        sets.append((f"département {deps[0]}", Filters(departements=(deps[0],))))
    if progs:
        sets.append((f"programme {progs[0]}", Filters(programmes=(progs[0],))))
    return sets


def query_suite(engine: Engine) -> list[tuple[str, Callable[[Engine, Filters], object]]]:
    """Every public query with the parameters the dashboard uses."""
    three = tuple(_top(engine, m.Site.__table__.c.region_code, 3)) or ("11", "84", "76")
    suite: list[tuple[str, Callable[[Engine, Filters], object]]] = [
        ("key_figures", compute_all),
        ("site_points", q.site_points),
        ("departement_totals", q.departement_totals),
        ("region_totals", q.region_totals),
    ]
    for by in BUDGET_GROUPINGS:
        suite.append((f"budget_breakdown({', '.join(by)})", lambda e, f, by=by: q.budget_breakdown(e, f, by=by)))
    suite += [("funding_lines", q.funding_lines), ("cost_per_learner", q.cost_per_learner)]
    for by in COHORT_GROUPINGS:
        suite.append((f"cohort_summary({', '.join(by)})", lambda e, f, by=by: q.cohort_summary(e, f, by=by)))
    suite += [
        ("cost_per_positive_exit", cost_per_positive_exit),
        ("cohort_details", q.cohort_details),
        ("outcomes", q.outcomes),
        ("outcome_summary", q.outcome_summary),
        (f"compare_territories({', '.join(three)})", lambda e, f: q.compare_territories(e, f, three)),
        ("year_series", q.year_series),
        ("coverage", q.coverage),
        ("sources_for", q.sources_for),
        ("indicators", q.indicators),
    ]
    return suite


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def environment_lines(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            version = "SQLite " + conn.exec_driver_sql("select sqlite_version()").scalar_one()
        elif engine.dialect.name == "postgresql":
            version = conn.exec_driver_sql("select version()").scalar_one().split(" on ")[0]
        else:
            version = engine.dialect.name
    return [
        f"Base : {engine.dialect.name} ({version}) — {engine.url.render_as_string(hide_password=True)}",
        f"Machine : {os.cpu_count()} cœur(s), {_cpu_model()} ; Python {platform.python_version()} ; charge (1, 5, 15 min) : {_load()}",
    ]


def run_benchmarks(
    engine: Engine,
    repeat: int = 7,
    *,
    filter_sets: Sequence[tuple[str, Filters]] | None = None,
    only: Sequence[str] | None = None,
) -> Iterator[str]:
    """Yield report lines: dialect, machine, row counts, then one aligned table row per (query, filter)."""
    yield from environment_lines(engine)
    counts = row_counts(engine)
    yield "Lignes : " + ", ".join(f"{k} {v:,}".replace(",", " ") for k, v in counts.items())
    with engine.connect() as conn:
        real = conn.execute(select(func.count()).select_from(m.Source).where(m.Source.synthetic.is_not(True))).scalar_one()
    yield "Données : SYNTHÉTIQUES" if counts["sources"] and not real else f"Données : {real} source(s) non synthétique(s)"
    yield f"Médiane de {repeat} exécutions après une exécution d'échauffement ; cible {TARGET_MS:.0f} ms (⚠ : médiane au-dessus)."
    yield ""
    sets = list(filter_sets) if filter_sets is not None else default_filter_sets(engine)
    suite = query_suite(engine)
    timings: list[Timing] = []
    width_q = max([len(n) for n, _ in suite] + [len("filter_options")])
    width_f = max([len(n) for n, _ in sets] + [len("filter")])

    def line(t: Timing) -> str:
        if t.error:
            return f"| {t.query.ljust(width_q)} | {t.filter.ljust(width_f)} | {'erreur':>9} | {'':>8} | {'':>6} | {'':>8} | ✗ |"
        flag = "⚠" if t.median_ms > TARGET_MS else " "
        return f"| {t.query.ljust(width_q)} | {t.filter.ljust(width_f)} | {t.median_ms:9.1f} | {t.max_ms:8.1f} | {t.rows:6d} | {t.cpu_ms:8.1f} | {flag} |"

    def measure(qname: str, fname: str, call: Callable[[], object]) -> Timing:
        try:
            med, mx, n, cpu = time_call(call, repeat)
        except Exception as exc:  # a failing query is reported, the others still run
            return Timing(qname, fname, float("nan"), float("nan"), 0, error=f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
        return Timing(qname, fname, med, mx, n, cpu)

    yield f"| {'query'.ljust(width_q)} | {'filter'.ljust(width_f)} | median ms |   max ms |   rows |   cpu ms |   |"
    yield f"|{'-' * (width_q + 2)}|{'-' * (width_f + 2)}|----------:|---------:|-------:|---------:|---|"
    if not only or "filter_options" in only:
        t = measure("filter_options", "—", lambda: q.filter_options(engine))
        timings.append(t)
        yield line(t)
    for fname, f in sets:
        for qname, fn in suite:
            if only and qname.split("(")[0] not in only:
                continue
            t = measure(qname, fname, lambda fn=fn, f=f: fn(engine, f))
            timings.append(t)
            yield line(t)
    over = [t for t in timings if t.median_ms > TARGET_MS]
    errors = [t for t in timings if t.error]
    yield ""
    for t in errors:
        yield f"✗ {t.query} / {t.filter} : {t.error}"
    yield (
        f"{len(timings)} mesures ; {len(over)} au-dessus de {TARGET_MS:.0f} ms (médiane) ; {len(errors)} en erreur ; "
        f"total des médianes {sum(t.median_ms for t in timings if not t.error) / 1000:.1f} s ; charge en fin de mesure : {_load()}."
    )


__all__ = ["Timing", "default_filter_sets", "query_suite", "row_counts", "run_benchmarks", "time_call"]
