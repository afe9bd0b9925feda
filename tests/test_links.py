"""Stable links (AppTest): the URL carries codes, old label links keep working, the comparison is in the URL."""

from __future__ import annotations

from apptest_support import metric_values, sentence

from campus_metrics import queries
from campus_metrics.db import make_engine
from campus_metrics.filters import Filters
from dashboard.links import fold, status_code


def qp(at, key: str) -> list[str]:
    value = at.query_params.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def test_code_link_opens_english_occitanie(app):
    at = app(query={"lang": "en", "region": "76", "annees": ["2017", "2017"]}).run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert at.selectbox(key="region").value == "76"
    assert sentence(at).startswith("2017 · Occitanie")
    assert [v.replace(" ", "") for v in metric_values(at)["Funding"]] in (["2.2M€"], ["€2.2M"]), metric_values(at)["Funding"]
    assert qp(at, "lang") == ["en"] and qp(at, "region") == ["76"]


def test_old_label_link_still_works_and_is_rewritten_with_codes(app):
    old = {"lang": "English", "region": "Occitanie", "dep": "Haute-Garonne (31)", "statut": "Réalisés", "prog": "Écoles régionales du numérique (ERN)"}
    at = app(query=old).run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert at.selectbox(key="region").value == "76"
    assert at.multiselect(key="dep").value == ["31"]
    assert at.radio(key="statut").value == "realised"
    assert len(at.multiselect(key="prog").value) == 1
    prog = at.multiselect(key="prog").value[0]
    assert (qp(at, "lang"), qp(at, "region"), qp(at, "dep"), qp(at, "statut"), qp(at, "prog")) == (["en"], ["76"], ["31"], ["realised"], [prog])


def test_a_changed_filter_writes_its_code_and_the_default_leaves_no_parameter(app):
    at = app().run()
    assert qp(at, "region") == [] and qp(at, "lang") == []
    at.selectbox(key="region").set_value("84").run()
    assert qp(at, "region") == ["84"]
    at.radio(key="statut").set_value("announced").run()
    assert qp(at, "statut") == ["announced"]
    at.selectbox(key="region").set_value("").run()
    assert qp(at, "region") == []
    at.segmented_control(key="lang").set_value("en").run()
    assert qp(at, "lang") == ["en"] and at.title[0].value == "Overview"


def test_unknown_values_are_ignored(app):
    at = app(query={"lang": "klingon", "region": "Atlantis", "statut": "maybe"}).run()
    assert not at.exception
    assert at.title[0].value == "Vue d'ensemble"
    assert at.selectbox(key="region").value == ""
    assert at.radio(key="statut").value == "all"


def test_status_words_fold_accents_and_case():
    assert status_code("Réalisés") == status_code("realises") == status_code("REALISED") == "realised"
    assert status_code("Annoncés") == "announced" and status_code("Tous") == "all"
    assert fold("  Île-de-France ") == "ile-de-france"


def test_compared_territories_are_in_the_url_and_a_link_reopens_them(app):
    at = app().run()
    at.switch_page("dashboard/pages/compare.py").run()
    assert not at.exception
    assert qp(at, "comparer") == ["76", "84"], "the default pair is written, so the link is explicit"
    at.multiselect(key="_cmp_region").set_value(["11", "76", "93"]).run()
    assert qp(at, "comparer") == ["11", "76", "93"]

    shared = app(query={"comparer": ["11", "93"]}).run()
    shared.switch_page("dashboard/pages/compare.py").run()
    assert not shared.exception
    assert shared.multiselect(key="_cmp_region").value == ["11", "93"]
    names = set(shared.dataframe[0].value.iloc[:, 0])
    assert names == {"Île-de-France", "Provence-Alpes-Côte d'Azur"}, names


def test_compared_departements_link(app):
    at = app(query={"comparer": ["31", "69"], "niveau": "departement"}).run()
    at.switch_page("dashboard/pages/compare.py").run()
    assert not at.exception
    assert at.radio(key="_cmp_level").value == "departement"
    assert at.multiselect(key="_cmp_departement").value == ["31", "69"]
    assert (qp(at, "niveau"), qp(at, "comparer")) == (["departement"], ["31", "69"])


def test_year_slider_reaches_the_last_year_any_chart_shows(app, db_url):
    at = app().run()
    lo, hi = at.slider(key="annees").value
    ys = queries.year_series(make_engine(db_url), Filters())
    assert hi >= int(ys["year"].max()) and lo <= int(ys["year"].min())
