"""The import page (AppTest): in French, templates offered, a filled template checked, written as a batch,
listed in the history and undone from the page, with the figures back as before."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from campus_metrics import bootstrap
from campus_metrics import models as m
from campus_metrics.db import make_engine
from campus_metrics.importing import list_batches
from campus_metrics.templates import DATA_SHEET, template_bytes
from dashboard import auth

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
IMPORT_PAGE = "dashboard/pages/import_data.py"
SECRET = "s3cret"


def filled_sites_template() -> bytes:
    """The sites template as an editor fills it in Excel: the example row replaced by a new site in Nîmes."""
    book = load_workbook(io.BytesIO(template_bytes("sites", "xlsx")))
    sheet = book[DATA_SHEET]
    header = [c.value for c in sheet[1]]
    row = dict.fromkeys(header, None) | {
        "site_id": "site_nimes",
        "name": "École du numérique de Nîmes",
        "programmes": "ern",
        "commune_insee": "30189",
        "site_status": "Ouvert",
        "opening_year": 2019,
        "fact_status": "Annoncé",
        "source_id": "S004",
        "quote": "a programmé 2,2 millions d’euros pour assurer les 15 sessions de 2017",
    }
    for i, col in enumerate(header, start=1):
        sheet.cell(row=2, column=i).value = row[col]  # cell(value=None) would keep the example
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@pytest.fixture
def editor_app(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'page.db'}"
    engine = make_engine(url)
    bootstrap.init_database(engine)
    engine.dispose()
    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", url)
    auth.THROTTLE.failures.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets.update({"admin_password": SECRET})
    at.run()
    at.text_input(key=auth.PASSWORD_KEY).input(SECRET)
    next(b for b in at.button if b.label == "Se connecter").click().run()
    at.switch_page(IMPORT_PAGE).run()
    assert not at.exception
    return at, url


def _sites(url: str) -> set[str]:
    with make_engine(url).connect() as conn:
        return set(conn.execute(select(m.Site.id)).scalars())


def test_import_page_offers_templates_in_french(editor_app):
    at, _ = editor_app
    text = " ".join(str(c.value) for c in at.caption)
    assert "Téléchargez le modèle" in text and "docs/DATA_MODEL.md" not in text
    uploader = at.get("file_uploader")[0]
    assert "Mo au plus" in uploader.proto.label and "Upload" not in uploader.proto.label
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Modèle Excel" in labels and "Modèle CSV" in labels
    assert any("Historique des imports" in str(s.value) for s in at.header)


def test_filled_template_is_written_listed_and_undone_from_the_page(editor_app):
    at, url = editor_app
    before = _sites(url)
    at.selectbox(key="_import_kind").set_value("sites")
    at.file_uploader(key="_import_file").upload(
        "sites_rempli.xlsx", filled_sites_template(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    at.run()
    next(b for b in at.button if b.label == "Vérifier le fichier").click().run()
    assert not at.error, [e.value for e in at.error]
    next(b for b in at.button if b.label == "Écrire dans la base").click().run()
    assert any("lot n°" in s.value for s in at.success), [s.value for s in at.success]
    assert _sites(url) == before | {"site_nimes"}
    batch = int(list_batches(make_engine(url)).iloc[0]["id"])
    history = at.dataframe[-1].value
    assert batch in set(history["Lot"]) and "sites_rempli.xlsx" in set(history["Fichiers"])
    at.selectbox(key="_undo_batch").set_value(batch)
    at.checkbox(key="_undo_sure").check()
    next(b for b in at.button if b.label == "Annuler ce lot").click().run()
    assert not at.exception
    assert any(f"Lot n° {batch} annulé" in s.value for s in at.success), [s.value for s in at.success]
    assert _sites(url) == before
    assert "annulé" in " ".join(at.dataframe[-1].value["Statut"])
