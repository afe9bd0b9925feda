"""AppTest of the Streamlit dashboard: every page under several filter sets, figures read back, editor access.

A session-wide temp SQLite database is built with `bootstrap.init_database` and handed to the
app through CAMPUS_METRICS_DATABASE_URL. Query caches are keyed on that URL, so tests with
another database never read this one's results.
"""

from __future__ import annotations

import pytest
import streamlit as st
from apptest_support import IMPORT_PAGE, PAGES, build, caption_text, card_texts, markdown_text, metric_values, plain, sentence
from sqlalchemy import event
from streamlit.testing.v1 import AppTest

from campus_metrics import queries
from campus_metrics.db import make_engine
from campus_metrics.figures import compute_all
from campus_metrics.figures.cards import card
from campus_metrics.filters import Filters


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


def test_overview_national_figures_match_the_catalogue_cards(app, db_url):
    """Every card shows exactly the values of the catalogue's Card, one metric per part, in catalogue order."""
    at = app().run()
    assert not at.exception
    figs = compute_all(make_engine(db_url), Filters())
    values = metric_values(at)
    for fig in figs.values():
        c = card(fig, "fr")
        expected = [plain(line.value) for line in c.lines] or ["—"]
        assert values[c.title] == expected, c.title
    headlines = [m.label for m in at.metric if m.proto.label_visibility.value == 0]  # VISIBLE: one per card
    assert headlines == [card(fig, "fr").title for fig in figs.values()]


def test_overview_all_statuses_shows_realised_and_announced_learners_apart(app):
    at = app().run()
    assert at.radio(key="statut").value == "all"
    assert metric_values(at)["Apprenants"] == ["126", "180"], "realised and announced side by side, never 306"
    learners = card_texts(at, "Apprenants")
    assert "126 apprenants inscrits Réalisé" in learners
    assert "180 places annoncées Annoncé" in learners
    assert "306" not in learners


def test_overview_realised_only_drops_the_announced_part(app):
    at = app().run()
    at.radio(key="statut").set_value("realised").run()
    assert not at.exception
    assert metric_values(at)["Apprenants"] == ["126"]
    assert "places annoncées" not in card_texts(at, "Apprenants")


def test_overview_aura_money_one_off_and_per_year_apart(app):
    at = app().run()
    at.selectbox(key="region").set_value("84").run()
    assert not at.exception
    money = metric_values(at)["Financements"]
    assert money == ["6,5 M€", "3,5 M€/an"], money
    text = card_texts(at, "Financements")
    assert "6,5 M€ réalisé" in text and "3,5 M€/an par an, annoncé" in text
    assert "10 M€" not in text, "one-off and per-year amounts are never added"


def test_overview_exit_rate_says_where_it_was_measured(app):
    at = app().run()
    assert metric_values(at)["Sorties positives"] == ["78 %"]
    text = card_texts(at, "Sorties positives")
    assert "Occitanie seulement (Écoles régionales du numérique (ERN), 2015-2016)" in text, text
    # in Occitanie the rate is not narrower than the filter: no « seulement »
    at.selectbox(key="region").set_value("76").run()
    assert "seulement" not in card_texts(at, "Sorties positives")


def test_overview_occitanie_2017(app):
    at = app().run()
    apply_occitanie_2017(at)
    at.run()
    assert not at.exception
    assert sentence(at).startswith("2017 · Occitanie")
    values = metric_values(at)
    assert values["Financements"] == ["2,2 M€"]
    assert values["Sorties positives"] == ["78 %"]
    assert values["Coût par apprenant"] == ["—"], "not calculable: never shown as 0"
    assert "non calculable" in card_texts(at, "Coût par apprenant")
    assert "effectif connu pour 4 sessions sur 15 prévues" in card_texts(at, "Coût par apprenant")
    assert "sept. 2017" in caption_text(at), "key figures carry their source date"
    assert "10 sites nommés sur 15" in caption_text(at)


def test_copied_link_reopens_the_view(app):
    at = app(query={"region": "Occitanie", "annees": ["2017", "2017"]}).run()
    assert not at.exception
    assert at.selectbox(key="region").value == "76"
    assert at.slider(key="annees").value == (2017, 2017)
    assert metric_values(at)["Financements"] == ["2,2 M€"]


def test_filters_survive_page_changes(app):
    # (Writing the bound values into the address bar is the browser's job: not visible to AppTest.)
    at = app().run()
    apply_occitanie_2017(at)
    at.run()
    for page in ("budgets", "map", "overview"):
        at.switch_page(f"dashboard/pages/{page}.py").run()
        assert sentence(at).startswith("2017 · Occitanie"), page
    assert metric_values(at)["Financements"] == ["2,2 M€"]


def test_no_data_departement_says_not_published_not_zero(app):
    at = app().run()
    apply_creuse(at)
    at.run()
    values = metric_values(at)
    for title in ("Apprenants", "Financements", "Sorties positives"):
        assert values[title] == ["—"], title  # a dash, never 0
        assert "non publié" in card_texts(at, title)
    assert values["Sites"] == ["0"]


def test_english_switch(app):
    at = app(query={"lang": "English"}).run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metric_values(at)["Learners"] == ["126", "180"]
    assert "learners enrolled" in card_texts(at, "Learners")


def frames_text(at: AppTest) -> str:
    return plain(" ".join(d.value.to_string() for d in at.dataframe))


def test_cohorts_all_statuses_show_the_announced_candidates(app):
    at = app().run()
    at.switch_page("dashboard/pages/cohorts.py").run()
    assert not at.exception
    selectivity = next(d.value for d in at.dataframe if "Candidats" in d.value.columns and "Taux de sélection" in d.value.columns)
    rows = selectivity.map(plain)
    assert list(rows["Candidats"]) == ["2 500"], rows
    assert list(rows["Statut"]) == ["Annoncé"]
    assert not any("Aucun nombre de candidats publié" in i.value for i in at.info)
    # under « Réalisés » the announced count is filtered out, and the page says one exists elsewhere
    at.radio(key="statut").set_value("realised").run()
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "un chiffre est publié sous un autre statut" in infos and "Aucun nombre de candidats publié" not in infos


def test_cohorts_never_add_realised_and_announced_learners(app):
    at = app().run()
    at.switch_page("dashboard/pages/cohorts.py").run()
    text = frames_text(at)
    assert "126" in text and "120" in text
    assert "246" not in text, "101's realised 126 and announced 120 stay apart"


def test_budgets_one_off_and_per_year_apart_and_reasons_in_words(app):
    at = app().run()
    at.switch_page("dashboard/pages/budgets.py").run()
    assert not at.exception
    headings = markdown_text(at)
    assert "Montants ponctuels ou sur la période" in headings and "Montants annuels (par an)" in headings
    tables = frames_text(at)
    assert "3,5 M€/an" in tables
    cost = next(d.value for d in at.dataframe if "Coût par apprenant" in d.value.columns).map(plain)
    assert "15 873 €" in set(cost["Coût par apprenant"])
    assert "non calculable : effectif inconnu" in set(cost["Coût par apprenant"])
    assert "non calculable : effectif connu pour 4 sessions sur 15 prévues" in set(cost["Coût par apprenant"])
    assert "non calculable : pas de taux de sorties positives pour ce périmètre" in set(cost["Coût par sortie positive"])
    assert not any(c in " ".join(cost.to_numpy().ravel()) for c in ("headcount_unknown", "sessions_known_for", "no_exit_rate")), "codes never shown"


def test_compare_draws_status_groups_apart_with_notes_in_words(app):
    at = app().run()
    at.switch_page("dashboard/pages/compare.py").run()
    assert not at.exception
    table = at.dataframe[0].value.map(plain).set_index("Territoire")
    assert table.loc["Auvergne-Rhône-Alpes", "Apprenants — Réalisé"] == "126"
    assert table.loc["Auvergne-Rhône-Alpes", "Apprenants — Annoncé ou voté"] == "120"
    assert table.loc["Occitanie", "Apprenants — Réalisé"] == "inconnu"
    assert table.loc["Auvergne-Rhône-Alpes", "Montants annuels (M€ par an) — Annoncé ou voté"] == "3,5 M€/an"
    assert "non répartis par département" in table.loc["Auvergne-Rhône-Alpes", "Note"]
    assert "unallocated" not in caption_text(at) and "non répartis par département" in caption_text(at)
    bars = [c for c in at.get("vega_lite_chart")]
    assert bars, "the comparison draws charts"


def test_map_says_which_status_group_it_shows(app):
    at = app().run()
    at.switch_page("dashboard/pages/map.py").run()
    assert not at.exception
    assert any("chiffres réalisés" in str(e.label) for e in at.expander)


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
        # the data version (one indexed row, read at most once a second) is the only statement allowed:
        # it is how an import by another process invalidates the caches
        queries = [s for s in statements if "data_version" not in s]
        assert queries == [], "same filters: every query comes from the cache"
        data.clear()  # what an import does
        at.run()
        assert statements, "after clearing, the same page queries the database again (the listener sees it)"
    finally:
        event.remove(engine, "before_cursor_execute", listener)


@pytest.mark.parametrize("page", PAGES)
def test_warm_rerun_builds_no_chart_formats_no_cell_and_keeps_download_keys(app, monkeypatch, page):
    """Same filters: chart specs and display tables come from st.cache_data, the download buttons keep their ids."""
    from dashboard import charts, tables

    at = app().run()
    at.switch_page(f"dashboard/pages/{page}.py").run()
    assert not at.exception
    specs = [c.proto.spec for c in at.get("vega_lite_chart")]
    keys = [b.proto.id for b in at.get("download_button")]
    calls: list[str] = []
    spec_of, each = charts.spec_of, tables.each
    monkeypatch.setattr(charts, "spec_of", lambda chart: calls.append("spec_of") or spec_of(chart))
    monkeypatch.setattr(tables, "each", lambda fn, *columns: calls.append("each") or each(fn, *columns))
    at.run()
    assert not at.exception
    assert calls == [], "a warm rerun builds no Altair chart and formats no table column"
    assert [c.proto.spec for c in at.get("vega_lite_chart")] == specs
    assert [b.proto.id for b in at.get("download_button")] == keys, "stable widget ids, not a fresh uuid per run"
    assert len(set(keys)) == len(keys)


def test_chart_png_renders_from_the_cached_spec():
    import pandas as pd

    from dashboard import charts, downloads

    chart = charts.bar_chart(pd.DataFrame({"cat": ["a", "b"], "v": [3.0, None], "txt": ["3", "inconnu"]}), category="cat", value="v", text="txt")
    assert downloads.png_bytes(chart.spec, "Titre", ["Toutes années"]).startswith(b"\x89PNG")


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
    build(url)
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
    assert any("1 ligne valide" in s.value for s in at.success)
    before = queries.all_sources(make_engine(url))
    assert "T900" not in set(before["id"])
    next(b for b in at.button if b.label == "Écrire dans la base").click().run()
    assert not at.exception
    assert any("1 ligne écrite" in s.value for s in at.success)
    assert "T900" in set(queries.all_sources(make_engine(url))["id"])
    at.switch_page("dashboard/pages/sources_data.py").run()
    titles = " ".join(str(e.label) for e in at.expander) + " ".join(str(d.value.to_string()) for d in at.dataframe)
    assert "Rapport d'activité de test" in titles, "the cache was cleared after the import"


def teardown_module() -> None:
    st.cache_data.clear()
