"""Page run times (cold and warm) and the map's JSON size, through AppTest.

Not collected by pytest (no test_ prefix): `python tests/perf_pages.py DATABASE_URL [PAGE ...]`.
A page's cold run is warmer when an earlier page of the same process scanned the same tables
(SQLite's page cache lives in the pooled connection): give one page per process to compare
two versions page by page.
Cold = first run of a page with empty query caches; warm = the same page rerun, same filters.
Figures go into docs/PERFORMANCE.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["overview", "map", "budgets", "cohorts", "outcomes", "compare", "sources_data"]


def main(url: str, pages: list[str], repeat: int = 5) -> None:
    os.environ["CAMPUS_METRICS_DATABASE_URL"] = url
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from campus_metrics.filters import Filters
    from dashboard import maps

    app = str(ROOT / "streamlit_app.py")
    print(f"database: {url}")
    print(f"{'page':<14}{'cold ms':>10}{'cold cpu ms':>13}{'warm ms (median)':>20}{'warm cpu ms':>13}")
    for page in pages:
        at = AppTest.from_file(app, default_timeout=600)
        at.secrets["_perf"] = "1"
        at.run()
        at.switch_page(f"dashboard/pages/{page}.py")
        st.cache_data.clear()  # cold: no cached query, map layer or chart data
        t0, c0 = time.perf_counter(), time.process_time()
        at.run()
        cold, cold_cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        assert not at.exception, at.exception
        warm, warm_cpu = [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            at.run()
            warm.append((time.perf_counter() - t0) * 1000)
            warm_cpu.append((time.process_time() - c0) * 1000)
        print(f"{page:<14}{cold:>10.0f}{cold_cpu:>13.0f}{statistics.median(warm):>20.0f}{statistics.median(warm_cpu):>13.0f}")
    for label, f in (("France entière", Filters()), ("Occitanie", Filters(regions=("76",)))):
        deck, *_ = maps.deck(f, "sites", "metro")
        print(f"map JSON, {label}: {len(deck.to_json().encode()) / 1024:.0f} KB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{ROOT / 'data' / 'campus_metrics.db'}", sys.argv[2:] or PAGES)
