"""Browser tests: `streamlit run` driven by Playwright in Debian's chromium.

Skipped (and saying why) when chromium or Playwright is missing. Never downloads a browser.
Screenshots of every page land in artifacts/screenshots/ as test artefacts. Also the meeting kit:
projector fit of every presentation screen, the comparison link, the map that zooms to the
selection and opens a site's card, and axe-core (axe-playwright-python) on every page.
"""

from __future__ import annotations

import math

import pytest
from browser_support import CHROMIUM, ERROR_SELECTORS, NO_CHROMIUM, SHOTS, chromium, main_text, running_app, settle

from campus_metrics import geo
from dashboard import map_view, maps

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("browser")) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium(sync_api) as b:
        yield b


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
    assert "Occitanie seulement" in main_text(page), "the 78 % card says where it was measured"
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
    assert "Occitanie" in main_text(page)

    other = browser.new_page(viewport={"width": 1920, "height": 1080})
    other.goto(link)
    settle(other)
    assert metric_texts(other) == filtered
    assert "Occitanie" in main_text(other)
    other.screenshot(path=str(SHOTS / "copied-link-occitanie.png"))
    page.close()
    other.close()


def test_presentation_mode_from_a_filtered_link_steps_with_the_keyboard(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server}/?present=1&ecran=1&region=Occitanie&annees=2017&annees=2017")  # an old label link
    settle(page)
    assert page.locator('[data-testid="stSidebar"]').is_hidden()  # no chrome on the projector
    seen = []
    for n in range(1, 7):
        page.wait_for_function(f"() => document.body.innerText.includes('{n} / 6')", timeout=30_000)
        settle(page)
        assert page.locator(ERROR_SELECTORS).count() == 0
        main = main_text(page)
        assert "Occitanie" in main and "2017" in main
        seen.append(main)
        page.screenshot(path=str(SHOTS / f"presentation-{n}-1280x720.png"))
        if n < 6:
            page.mouse.click(640, 8)  # focus the page (the empty top margin), not a widget
            page.keyboard.press("ArrowRight")
    assert "ecran=6" in page.url and "region=76" in page.url, page.url
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => document.body.innerText.includes('5 / 6')", timeout=30_000)
    assert len(set(seen)) == 6
    page.mouse.click(640, 8)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present=1')", timeout=30_000)
    settle(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible(), "Escape leaves presentation mode"
    assert "region=76" in page.url, "the filters stay"
    page.close()


SIZES = [(1280, 720), (1920, 1080)]
COMPARED = "comparer=76&comparer=84"
# Every element a presentation screen draws, navigation included, with its box.
BOXES_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]'))
  .map(e => [e.innerText.slice(0, 40), e.getBoundingClientRect().toJSON()])
  .filter(([, r]) => r.width > 0 && r.height > 0)"""


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_presentation_screen_fits_the_projector(server, browser, size, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    width, height = size
    page = browser.new_page(viewport={"width": width, "height": height})
    for n in range(1, 8):  # six screens, a seventh with the compared territories
        page.goto(f"{server}/?present=1&ecran={n}&{COMPARED}&lang={lang}")
        settle(page)
        page.wait_for_function(f"() => document.body.innerText.includes('{n} / 7')", timeout=30_000)
        page.wait_for_selector(".st-key-present_quit button", timeout=30_000)
        settle(page)  # the whole screen drawn before its boxes are measured
        assert page.locator(ERROR_SELECTORS).count() == 0
        for key in ("present_prev", "present_next", "present_quit"):
            assert page.locator(f".st-key-{key} button").is_visible(), key
        outside = [(text, r) for text, r in page.evaluate(BOXES_JS) if r["bottom"] > height + 1 or r["right"] > width + 1 or r["top"] < -1]
        page.screenshot(path=str(SHOTS / f"presentation-{n}-{lang}-{width}x{height}.png"))
        assert not outside, (n, outside)
        assert page.evaluate("() => document.scrollingElement.scrollHeight") <= height + 1, f"screen {n} scrolls"
    page.close()


def test_a_comparison_link_reopens_the_same_comparison(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server}/comparer")
    settle(page)
    page.wait_for_function("() => location.search.includes('comparer=76')", timeout=30_000)
    box = page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').first
    box.click()
    page.keyboard.type("Bretagne")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('comparer=53')", timeout=30_000)
    settle(page)
    link = page.url
    assert "comparer=76" in link and "comparer=84" in link, link

    other = browser.new_page(viewport={"width": 1920, "height": 1080})
    other.goto(link)
    settle(other)
    chosen = other.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').first.inner_text()
    for name in ("Occitanie", "Auvergne-Rhône-Alpes", "Bretagne"):
        assert name in chosen, (name, chosen)
    other.screenshot(path=str(SHOTS / "comparison-link.png"))
    page.close()
    other.close()


def _pixel(view: dict, lon: float, lat: float, box: dict) -> tuple[float, float]:
    """Where deck.gl draws (lon, lat) for a view (centre, zoom), in page pixels (web Mercator, 512 px world)."""
    scale = map_view.WORLD_TILE * 2 ** view["zoom"] / (2 * math.pi)

    def merc(lo, la):
        return math.radians(lo), math.log(math.tan(math.pi / 4 + math.radians(la) / 2))

    x0, y0 = merc(view["longitude"], view["latitude"])
    x, y = merc(lon, lat)
    return box["x"] + box["width"] / 2 + (x - x0) * scale, box["y"] + box["height"] / 2 - (y - y0) * scale


def test_the_map_zooms_to_the_selection_opens_a_sites_card_and_filters_on_a_departement(server, browser):
    """Filtered to Occitanie, Rodez is drawn where the view fitted to Occitanie puts it (the national
    view would put France's centre there): hovering that pixel shows its site's tooltip. A click on it
    opens its card beside the map; a click on Aveyron away from any site filters the app to Aveyron."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    occitanie = {f["properties"]["code"] for f in geo.geojson("departements")["features"] if f["properties"]["region"] == "76"}
    view = map_view.fit(map_view.selection_bounds(maps.outlines("departements"), occitanie), *maps.MAP_SIZE[False], margin=0.04)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server}/carte?region=76")
    settle(page)
    canvas = page.locator('[data-testid="stDeckGlJsonChart"]').first
    box = canvas.bounding_box()
    assert box and box["y"] + box["height"] <= 1080, "the whole map is on screen at 1920x1080"
    card = page.locator(".st-key-map_site_card")
    assert "Cliquez sur un site" in card.inner_text(), "no card before a click"
    x, y = _pixel(view, 2.56708, 44.35872, box)  # the Rodez site (one dot in its commune)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y)
    page.wait_for_function("() => document.body.innerText.includes('Rodez (12)')", timeout=30_000)
    page.screenshot(path=str(SHOTS / "map-zoom-occitanie.png"))

    page.mouse.click(x, y)
    page.wait_for_function("() => document.querySelector('.st-key-map_site_card h2')?.innerText.includes('Rodez')", timeout=60_000)
    text = card.inner_text()
    for part in ("École régionale du numérique – Rodez", "Rodez (12)", "Écoles régionales du numérique (ERN)", "Annoncé", "2017", "15 apprenants", "Déjà 15"):
        assert part in text, (part, text)  # name, commune, programme, status, opening, cohort, source
    assert "region=76" in page.url and "dep=" not in page.url, "a site click does not filter the app"
    page.mouse.move(box["x"] + 5, box["y"] + 5)  # the tooltip away from the card
    page.screenshot(path=str(SHOTS / "map-site-card-1920x1080.png"))

    x, y = _pixel(view, 3.08, 44.10, box)  # Millau, Aveyron: no site there
    page.mouse.click(x, y)
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('dep').includes('12')", timeout=60_000)
    page.wait_for_function("() => document.body.innerText.includes('Aveyron (12) depuis la carte')", timeout=60_000)
    settle(page)
    assert page.locator(ERROR_SELECTORS).count() == 0
    page.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_a_selected_region_is_whole_on_the_map_at_both_sizes(server, browser, size):
    """The zoom is fixed before the browser's width is known: Occitanie's corners must fall inside the
    canvas the browser actually lays out, on a 1280-px screen with the sidebar open too."""
    occitanie = {f["properties"]["code"] for f in geo.geojson("departements")["features"] if f["properties"]["region"] == "76"}
    bounds = map_view.selection_bounds(maps.outlines("departements"), occitanie)
    view = map_view.fit(bounds, *maps.MAP_SIZE[False], margin=0.04)
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(f"{server}/carte?region=76")
    settle(page)
    box = page.locator('[data-testid="stDeckGlJsonChart"]').first.bounding_box()
    x0, y0, x1, y1 = bounds
    for lon, lat in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
        x, y = _pixel(view, lon, lat, box)
        assert box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"], (size, lon, lat, x, y, box)
    page.close()


# rule id -> the Streamlit element it is excused inside.
STREAMLIT_OWNED = {
    # The sidebar navigation of st.navigation: <ul data-testid="stSidebarNavItems"> holds the section
    # headers beside its <li> (and its <li> sit in that invalid list): axe's `list` and `listitem`.
    "list": '[data-testid="stSidebarNavItems"]',
    "listitem": '[data-testid="stSidebarNavItems"]',
}


def _streamlit_owned(page, rule: str, target: list[str]) -> bool:
    selector = STREAMLIT_OWNED.get(rule)
    return bool(selector) and page.evaluate("([t, s]) => !!document.querySelector(t)?.closest(s)", [target[0], selector])


def test_no_serious_accessibility_violation_in_the_apps_own_markup(server, browser):
    axe = axe_sync.Axe()
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(server)
    settle(page)
    urls = [*nav_links(page, server), f"{server}/?present=1&ecran=3", f"{server}/?present=1&ecran=1&lang=en"]
    found = []
    for url in urls:
        page.goto(url)
        settle(page)
        for v in axe.run(page).response["violations"]:
            if v["impact"] not in ("serious", "critical"):
                continue
            own = [n["target"] for n in v["nodes"] if not _streamlit_owned(page, v["id"], n["target"])]
            if own:
                found.append((url, v["id"], own[:3]))
    page.close()
    assert not found, found
