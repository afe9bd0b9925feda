"""Browser test of the editors' round trip (issue 10): import a template filled in Excel, see it on the map,
undo it, see the map back as before. `streamlit run` driven by Playwright in Debian's chromium.

Skipped (and saying why) when chromium or Playwright is missing. Never downloads a browser.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from browser_support import CHROMIUM, ERROR_SELECTORS, NO_CHROMIUM, SHOTS, chromium, main_text, running_app, settle
from openpyxl import load_workbook

from campus_metrics.templates import DATA_SHEET, template_bytes

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (python) is not installed")

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)]

PASSWORD = "mot-de-passe-de-test"
NO_SITE = "Aucun site localisé"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a fresh seeded SQLite base, with an editor password in a secrets file of its own."""
    tmp = tmp_path_factory.mktemp("browser_import")
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'admin_password = "{PASSWORD}"\n', encoding="utf-8")
    with running_app(tmp, "--secrets.files", str(secrets)) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium(sync_api) as b:
        yield b


def filled_in_excel(path: Path) -> None:
    """The sites template as an editor fills it: the example row replaced by a site in Nîmes (Gard has none)."""
    book = load_workbook(io.BytesIO(template_bytes("sites", "xlsx")))
    sheet = book[DATA_SHEET]
    header = [c.value for c in sheet[1]]
    row = dict.fromkeys(header) | {
        "site_id": "site_nimes",
        "name": "École du numérique de Nîmes",
        "programmes": "ern",
        "commune_insee": "30189",
        "site_status": "Ouvert",
        "opening_year": 2017,
        "fact_status": "Annoncé",
        "source_id": "S004",
        "quote": "a programmé 2,2 millions d’euros pour assurer les 15 sessions de 2017",
    }
    for i, col in enumerate(header, start=1):
        sheet.cell(row=2, column=i).value = row[col]
    book.save(path)


def go(page, href_part: str) -> None:
    """Follow a sidebar link: the session (editor sign-in, filters) stays."""
    page.locator(f'[data-testid="stSidebarNav"] a[href*="{href_part}"]').first.click()
    page.wait_for_function(f"() => location.pathname.includes('{href_part}')", timeout=30_000)
    settle(page)


def map_drawn(page) -> str:
    """The map page's text once the whole page has run (the data table comes after the map and its notes)."""
    page.wait_for_function("() => document.body.innerText.includes('Totaux par département')", timeout=60_000)
    settle(page)
    return main_text(page)


def test_import_a_filled_template_see_it_on_the_map_undo_it_map_back(server, browser, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    xlsx = tmp_path / "sites_rempli.xlsx"
    filled_in_excel(xlsx)
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{server}/carte")
    settle(page)
    deps = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    deps.click()
    page.keyboard.type("Gard")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    # the link carries the département's code, not its name (stable links, issue 9)
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('dep').includes('30')", timeout=20_000)
    before = map_drawn(page)
    assert NO_SITE in before, "no site in the Gard before the import"

    page.locator('[data-testid="stSidebar"] [data-testid="stExpander"]').filter(has_text="Espace éditeur").click()
    page.get_by_label("Mot de passe éditeur").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_selector('[data-testid="stSidebarNav"] a[href*="import"]', timeout=30_000)
    go(page, "import")
    assert "Upload" not in main_text(page) and "per file" not in main_text(page)  # the upload box speaks French
    kind = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first
    kind.click()
    page.keyboard.type("Sites")
    page.keyboard.press("Enter")
    settle(page)
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(xlsx))
    page.get_by_role("button", name="Vérifier le fichier").wait_for(timeout=30_000)
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.wait_for_function("() => document.body.innerText.includes('aucun problème')", timeout=60_000)
    page.get_by_role("button", name="Écrire dans la base").click()
    page.wait_for_function("() => document.body.innerText.includes('lot n°')", timeout=60_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "import-written-1920x1080.png"))

    go(page, "carte")
    assert NO_SITE not in map_drawn(page), "the imported site is on the map"
    assert page.locator(ERROR_SELECTORS).count() == 0
    page.screenshot(path=str(SHOTS / "map-after-import-1920x1080.png"))

    go(page, "import")
    page.locator('[data-testid="stCheckbox"]').filter(has_text="Je confirme").locator("label").click()
    page.get_by_role("button", name="Annuler ce lot").click()
    page.wait_for_function("() => document.body.innerText.includes('annulé')", timeout=60_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "import-undone-1920x1080.png"))

    go(page, "carte")
    page.wait_for_function(f"() => document.body.innerText.includes('{NO_SITE}')", timeout=60_000)
    assert map_drawn(page) == before, "the map is back as before"
    page.close()
