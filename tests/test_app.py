"""AppTest of the Streamlit dashboard: every page under several filter sets, figures read back, editor access.

A session-wide temp SQLite database is built with `bootstrap.init_database` and handed to the
app through CAMPUS_METRICS_DATABASE_URL. Query caches are keyed on that URL, so tests with
another database never read this one's results.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import event
from streamlit.testing.v1 import AppTest

from campus_metrics import bootstrap, formatting, queries
from campus_metrics.db import make_engine
from campus_metrics.filters import Filters

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
PAGES = ["overview", "map", "budgets", "cohorts", "outcomes", "compare", "sources_data"]
IMPORT_PAGE = "dashboard/pages/import_data.py"
TIMEOUT = 60


def plain(text: str) -> str:
    """Babel's narrow and non-breaking spaces read as plain spaces."""
    return str(text).replace("\xa0", " ").replace("\u202f", " ")


def _build(url: str) -> None:
    engine = make_engine(url)
    bootstrap.init_database(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def db_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('app_db') / 'campus_metrics.db'}"
    _build(url)
    return url


@pytest.fixture
def app(db_url, monkeypatch):
    """A factory of AppTest objects on the session database (no editor secrets unless asked)."""
    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", db_url)

    def make(secrets: dict | None = None, query: dict | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        # Always pass secrets so a developer's own .streamlit/secrets.toml never leaks into the test.
        at.secrets.update(secrets or {"_test": "no editor"})
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at

    return make


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: plain(m.value) for m in at.metric}


def unescape(markdown: str) -> str:
    """Markdown source as the reader sees it: escapes, bold marks and icons removed."""
    text = re.sub(r":material/[a-z_]+:", "", markdown).replace("**", "")
    return plain(re.sub(r"\\(.)", r"\1", text)).strip()


def markdown_text(at: AppTest) -> str:
    return " ".join(unescape(m.value) for m in at.markdown)


def sentence(at: AppTest) -> str:
    """The filter sentence above the page."""
    return " ".join(unescape(m.value) for m in at.markdown if "filter_alt" in m.value)


def apply_occitanie_2017(at: AppTest) -> None:
    at.selectbox(key="region").set_value("76")
    at.slider(key="annees").set_value((2017, 2017))


def apply_creuse(at: AppTest) -> None:
    at.selectbox(key="region").set_value("75").run()
    at.multiselect(key="dep").set_value(["23"])


FILTER_SETS = {
    "defaults": ({}, None),
    "occitanie_2017": ({}, apply_occitanie_2017),
    "creuse_no_data": ({}, apply_creuse),
    "copied_link": ({"region": "Occitanie", "annees": ["2017", "2017"], "statut": "Réalisés", "prog": "Écoles régionales du numérique (ERN)"}, None),
}


@pytest.mark.parametrize("filter_set", list(FILTER_SETS))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_under_every_filter_set(app, page, filter_set):
    query, apply = FILTER_SETS[filter_set]
    at = app(query=query).run()
    assert not at.exception, [e.message for e in at.exception]
    if apply:
        apply(at)
        at.run()
    at.switch_page(f"dashboard/pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, "every page has a title"
    if page != "sources_data":
        assert sentence(at), "the filter sentence is shown above the page content"
    if filter_set == "creuse_no_data":
        assert "Creuse (23)" in sentence(at)
    if filter_set == "copied_link":
        assert sentence(at).startswith("2017 · Occitanie · Écoles régionales du numérique (ERN) · Chiffres réalisés")


def test_overview_national_figures_match_the_queries(app, db_url):
    at = app().run()
    assert not at.exception
    kf = queries.key_figures(make_engine(db_url), Filters()).set_index("metric")
    values = metric_values(at)
    assert values["Sites"] == plain(formatting.number(kf.loc["sites", "value"]))
    assert values["Apprenants"] == plain(formatting.number(kf.loc["learners", "value"]))
    assert values["Montants engagés"] == plain(formatting.eur_range(kf.loc["money", "value"], kf.loc["money", "value_max"]))
    assert values["Apprenants"] not in ("0", "inconnu")


def test_overview_occitanie_2017(app):
    at = app().run()
    apply_occitanie_2017(at)
    at.run()
    assert not at.exception
    assert sentence(at).startswith("2017 · Occitanie")
    values = metric_values(at)
    assert values["Montants engagés"] == "2,2 M€"
    assert values["Taux de sorties positives"] == "78 %"
    assert values["Coût par apprenant"] == "inconnu", "not calculable: never shown as 0"
    captions = " ".join(unescape(c.value) for c in at.caption)
    assert "sept. 2017" in captions, "key figures carry their source date"
    assert "10 site(s) nommé(s) sur 15" in markdown_text(at)


def test_copied_link_reopens_the_view(app):
    at = app(query={"region": "Occitanie", "annees": ["2017", "2017"]}).run()
    assert not at.exception
    assert at.selectbox(key="region").value == "76"
    assert at.slider(key="annees").value == (2017, 2017)
    assert metric_values(at)["Montants engagés"] == "2,2 M€"


def test_filters_survive_page_changes(app):
    # (Writing the bound values into the address bar is the browser's job: not visible to AppTest.)
    at = app().run()
    apply_occitanie_2017(at)
    at.run()
    for page in ("budgets", "map", "overview"):
        at.switch_page(f"dashboard/pages/{page}.py").run()
        assert sentence(at).startswith("2017 · Occitanie"), page
    assert metric_values(at)["Montants engagés"] == "2,2 M€"


def test_no_data_departement_says_unknown_not_zero(app):
    at = app().run()
    apply_creuse(at)
    at.run()
    values = metric_values(at)
    assert values["Apprenants"] == "inconnu"
    assert values["Montants engagés"] == "inconnu"
    assert values["Taux de sorties positives"] == "inconnu"


def test_english_switch(app):
    at = app(query={"lang": "English"}).run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert "Learners" in metric_values(at)


def test_rerun_with_same_filters_runs_no_sql(app, db_url):
    from dashboard import data

    at = app().run()
    at.switch_page("dashboard/pages/budgets.py").run()
    statements: list[str] = []
    engine = data.engine_for(db_url)
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        at.run()
        assert not at.exception
        assert statements == [], "same filters: every query comes from the cache"
        data.clear()  # what an import does
        at.run()
        assert statements, "after clearing, the same page queries the database again (the listener sees it)"
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def test_import_page_absent_without_password(app):
    at = app().run()
    with pytest.raises(ValueError):
        at.switch_page(IMPORT_PAGE)


def test_import_page_needs_the_right_password(app):
    at = app(secrets={"admin_password": "s3cret"}).run()
    at.text_input(key="_editor_password").input("wrong")
    next(b for b in at.button if b.label == "Se connecter").click().run()
    assert at.error, "a wrong password says so"
    with pytest.raises(ValueError):
        at.switch_page(IMPORT_PAGE)


SOURCE_CSV = (
    "source_id;publisher;title;author;published_on;seed_file;url;licence;notes\n"
    "T900;Région Test;Rapport d'activité de test;;2018-05-04;;https://example.org/rapport;Licence Ouverte;\n"
).encode()


def test_import_with_password_checks_then_writes_and_clears_caches(app, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'import.db'}"
    _build(url)
    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", url)
    at = app(secrets={"admin_password": "s3cret"}).run()
    at.text_input(key="_editor_password").input("s3cret")
    next(b for b in at.button if b.label == "Se connecter").click().run()
    at.switch_page(IMPORT_PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Importer des données"
    at.selectbox(key="_import_kind").set_value("sources")
    at.file_uploader(key="_import_file").upload("sources.csv", SOURCE_CSV, "text/csv")
    at.run()
    next(b for b in at.button if b.label == "Vérifier le fichier").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("1 ligne(s) valides" in s.value for s in at.success)
    before = queries.all_sources(make_engine(url))
    assert "T900" not in set(before["id"])
    next(b for b in at.button if b.label == "Écrire dans la base").click().run()
    assert not at.exception
    assert any("écrites" in s.value for s in at.success)
    assert "T900" in set(queries.all_sources(make_engine(url))["id"])
    at.switch_page("dashboard/pages/sources_data.py").run()
    titles = " ".join(str(e.label) for e in at.expander) + " ".join(str(d.value.to_string()) for d in at.dataframe)
    assert "Rapport d'activité de test" in titles, "the cache was cleared after the import"


def teardown_module() -> None:
    st.cache_data.clear()
