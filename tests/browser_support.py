"""What every browser test needs: the app under `streamlit run` on a fresh seeded SQLite base, Debian's
chromium driven by Playwright, and a wait for the end of a Streamlit run.

One place, so the browser test files (tests/test_browser*.py) start the app and the browser alike.
Never downloads a browser: the test files skip when `chromium` is not on PATH.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from campus_metrics.bootstrap import init_database
from campus_metrics.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = "browser tests skipped: no `chromium` on PATH (apt-get install -y chromium)"
ERROR_SELECTORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(tmp: Path, *extra_args: str) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on a new seeded base in `tmp`; yields its address, stops it after."""
    db = tmp / "app.db"
    init_database(make_engine(f"sqlite:///{db}"))
    port = free_port()
    env = os.environ | {"CAMPUS_METRICS_DATABASE_URL": f"sqlite:///{db}", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true", "--server.port", str(port)]
    command += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *extra_args]
    with (tmp / "streamlit.log").open("w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                        break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail("streamlit did not start: " + (tmp / "streamlit.log").read_text()[-2000:])
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextmanager
def chromium(sync_api) -> Iterator[object]:
    """Debian's chromium, headless, through Playwright (never a browser Playwright downloads)."""
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            yield b
        finally:
            b.close()


def settle(page) -> None:
    """Wait until Streamlit has finished the run (no running indicator, some main content)."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=30_000)
    page.wait_for_function(
        '() => !document.querySelector(\'[data-testid="stStatusWidget"]\') && document.querySelectorAll(\'[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]\').length > 2',
        timeout=60_000,
    )
    page.wait_for_timeout(1500)  # let charts and the map draw before a screenshot


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()
