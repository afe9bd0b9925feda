"""Browser tests: `streamlit run` driven by Playwright in Debian's chromium.

Skipped (and saying why) when chromium or Playwright is missing. Never downloads a browser.
Screenshots of every page land in artifacts/screenshots/ as test artefacts.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from campus_metrics.bootstrap import init_database
from campus_metrics.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="browser tests skipped: no `chromium` on PATH (apt-get install -y chromium)"),
]

ERROR_SELECTORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "app.db"
    init_database(make_engine(f"sqlite:///{db}"))
    port = _free_port()
    env = os.environ | {"CAMPUS_METRICS_DATABASE_URL": f"sqlite:///{db}", "PYTHONPATH": str(ROOT)}
    log = (tmp_path_factory.mktemp("log") / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not start")
    yield base
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield b
        b.close()


def settle(page) -> None:
    """Wait until Streamlit has finished the run (no running indicator, some main content)."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=30_000)
    page.wait_for_function(
        '() => !document.querySelector(\'[data-testid="stStatusWidget"]\') && document.querySelectorAll(\'[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]\').length > 2',
        timeout=60_000,
    )
    page.wait_for_timeout(1500)  # let charts and the map draw before the screenshot


def metric_texts(page, at_least: int = 6) -> list[str]:
    """The key figures once all of them are drawn: the page renders progressively, so wait until the
    count of values has stopped changing for a second (under a loaded CI machine cards arrive late)."""
    page.wait_for_function(
        f"() => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= {at_least} && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=60_000,
    )
    count = -1
    for _ in range(30):
        now = page.locator('[data-testid="stMetricValue"]').count()
        if now == count:
            break
        count = now
        page.wait_for_timeout(1000)
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def nav_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all('[data-testid="stSidebarNav"] a', "els => els.map(e => e.getAttribute('href'))")
    return sorted({h if h.startswith("http") else base + "/" + h.lstrip("/") for h in hrefs if h})


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
def test_every_page_renders_without_error_and_is_screenshotted(server, browser, size):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(server)
    settle(page)
    links = nav_links(page, server)
    assert len(links) >= 7, links  # overview, map, budgets, cohorts, outcomes, compare, sources
    for link in links:
        page.goto(link)
        settle(page)
        assert page.locator(ERROR_SELECTORS).count() == 0, (link, page.locator(ERROR_SELECTORS).first.inner_text())
        path = link[len(server) :].strip("/").split("?")[0]
        page.screenshot(path=str(SHOTS / f"{path or 'vue-d-ensemble'}-{size[0]}x{size[1]}.png"), full_page=False)
    page.close()


def test_overview_shows_key_figures_in_french(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(server)
    settle(page)
    values = metric_texts(page, at_least=9)  # six cards; learners and money have 2 and 3 parts
    assert len(values) >= 9, values
    text = " ".join(values).replace("\u00a0", " ").replace("\u202f", " ")
    assert "M€" in text and "%" in text
    assert "126" in values and "180" in values, "realised and announced learners side by side (status « Tous »)"
    assert "Occitanie seulement" in page.locator('[data-testid="stMain"]').inner_text(), "the 78 % card says where it was measured"
    page.close()


def test_a_copied_link_reopens_the_same_filtered_view(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(server)
    settle(page)
    before = metric_texts(page)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    box.click()
    page.keyboard.type("Occitanie")
    page.keyboard.press("Enter")
    page.wait_for_function("() => decodeURIComponent(location.search).length > 1", timeout=20_000)
    settle(page)
    link = page.url
    filtered = metric_texts(page)
    assert filtered != before  # the filter changed the figures
    assert "Occitanie" in page.locator('[data-testid="stMain"]').inner_text()

    other = browser.new_page(viewport={"width": 1920, "height": 1080})
    other.goto(link)
    settle(other)
    assert metric_texts(other) == filtered
    assert "Occitanie" in other.locator('[data-testid="stMain"]').inner_text()
    other.screenshot(path=str(SHOTS / "copied-link-occitanie.png"))
    page.close()
    other.close()


def test_presentation_mode_from_a_filtered_link_steps_with_the_keyboard(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server}/?present=1&ecran=1&region=Occitanie&annees=2017&annees=2017")
    settle(page)
    assert page.locator('[data-testid="stSidebar"]').is_hidden()  # no chrome on the projector
    seen = []
    for n in range(1, 6):
        page.wait_for_function(f"() => document.body.innerText.includes('{n} / 5')", timeout=30_000)
        settle(page)
        assert page.locator(ERROR_SELECTORS).count() == 0
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Occitanie" in main and "2017" in main
        seen.append(main)
        page.screenshot(path=str(SHOTS / f"presentation-{n}-1280x720.png"))
        if n < 5:
            page.mouse.click(640, 12)  # focus the page (the empty top margin), not a widget
            page.keyboard.press("ArrowRight")
    assert "ecran=5" in page.url
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => document.body.innerText.includes('4 / 5')", timeout=30_000)
    assert len(set(seen)) == 5
    page.close()
