"""Presentation mode (AppTest): every screen runs, follows the filters, and the URL carries the screen."""

from __future__ import annotations

import pytest
from apptest_support import APP, TIMEOUT, card_texts, metric_values, plain, unescape
from streamlit.testing.v1 import AppTest

OCC_2017 = {"annees": ["2017", "2017"], "region": "Occitanie"}


def run(db_url, monkeypatch, query: dict) -> AppTest:
    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", db_url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets.update({"_test": "no editor"})
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def param(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value if isinstance(value, str) else value[0]


def texts(at: AppTest) -> str:
    return " ".join(unescape(e.value) for e in [*at.markdown, *at.caption, *at.title])


@pytest.mark.parametrize("screen", ["1", "2", "3", "4", "5", "6"])
def test_every_screen_runs_with_filter_sentence_and_sources(db_url, monkeypatch, screen):
    at = run(db_url, monkeypatch, {"present": "1", "ecran": screen})
    assert not at.exception, at.exception
    text = texts(at)
    assert f"Écran {screen} / 6" in text
    assert "Toutes années" in text  # the filter sentence
    assert "Sources" in text or "Aucune donnée" in text


def test_headline_screen_follows_the_link_filters(db_url, monkeypatch):
    at = run(db_url, monkeypatch, {"present": "1", "ecran": "1"} | OCC_2017)
    assert not at.exception
    values = metric_values(at)
    assert values["Financements"] == ["2,2 M€"]
    assert "Occitanie" in texts(at)
    at = run(db_url, monkeypatch, {"present": "1", "ecran": "2"} | OCC_2017)  # the other three cards
    values = metric_values(at)
    assert values["Sorties positives"] == ["78 %"]
    assert values["Coût par apprenant"] == ["—"]  # never 0: a dash, and the words below it
    assert "non calculable" in texts(at)


def test_headline_screen_draws_the_overview_cards(db_url, monkeypatch):
    """Same component as the overview: realised and announced parts apart, money per year apart, the rate's scope."""
    at = run(db_url, monkeypatch, {"present": "1", "ecran": "1"})
    assert not at.exception
    values = metric_values(at)
    assert values["Apprenants"] == ["126", "180"]
    assert values["Financements"] == ["6,5 M€", "7,2 M€", "3,5 M€/an"]
    assert "places annoncées" in card_texts(at, "Apprenants")
    assert "Sorties positives" not in values, "six cards pass 720 px: three a screen"
    assert "Occitanie seulement" in card_texts(run(db_url, monkeypatch, {"present": "1", "ecran": "2"}), "Sorties positives")
    at = run(db_url, monkeypatch, {"present": "1", "ecran": "1", "region": "Auvergne-Rhône-Alpes"})
    assert metric_values(at)["Financements"] == ["6,5 M€", "3,5 M€/an"]


def test_budget_screen_keeps_yearly_amounts_apart(db_url, monkeypatch):
    at = run(db_url, monkeypatch, {"present": "1", "ecran": "4"})
    assert not at.exception
    assert "Montants annuels (par an), à part" in texts(at)
    assert len(at.get("vega_lite_chart")) == 2, "one-off chart, then the per-year chart"


def test_next_button_moves_forward_and_writes_the_screen_in_the_url(db_url, monkeypatch):
    at = run(db_url, monkeypatch, {"present": "1", "ecran": "2"})
    nxt = next(b for b in at.button if b.key == "present_next")
    at = nxt.click().run()
    assert param(at, "ecran") == "3"
    assert "Écran 3 / 6" in texts(at)
    prev = next(b for b in at.button if b.key == "present_prev")
    at = prev.click().run()
    assert param(at, "ecran") == "2"


def test_comparison_screen_appears_when_territories_are_picked(db_url, monkeypatch):
    at = run(db_url, monkeypatch, {"present": "1", "ecran": "7", "comparer": ["76", "84"], "niveau": "region"})
    assert not at.exception
    assert "Écran 7 / 7" in texts(at)
    table = at.dataframe[0].value.map(plain)
    assert list(table.columns) == ["Mesure", "Occitanie", "Auvergne-Rhône-Alpes"], "a column per territory: fits a projector"
    aura = table.set_index("Mesure")["Auvergne-Rhône-Alpes"]
    assert (aura["Apprenants — Réalisé"], aura["Apprenants — Annoncé ou voté"]) == ("126", "120")
    assert "Note" not in set(table["Mesure"]), "the notes are below the table, said once"
    notes = [unescape(c.value) for c in at.caption if "non répartis par département" in c.value]
    assert len(notes) == 1 and notes[0].startswith("Occitanie, Auvergne-Rhône-Alpes : "), notes
    assert not any("habitant" in m for m in table["Mesure"]), "per-inhabitant values stay on the page"


def test_no_data_departement_says_so(db_url, monkeypatch):
    for screen in ("4", "6"):
        at = run(db_url, monkeypatch, {"present": "1", "ecran": screen, "region": "Nouvelle-Aquitaine", "dep": "Creuse (23)"})
        assert not at.exception
        assert at.info, screen  # the plain French message, not an empty chart


def test_presentation_button_exists_on_normal_pages(db_url, monkeypatch):
    at = run(db_url, monkeypatch, {})
    assert any(b.key == "meeting_present" for b in at.button)
    at = next(b for b in at.button if b.key == "meeting_present").click().run()
    assert param(at, "present") == "1" and not at.exception


def _chart_text(at: AppTest) -> str:
    """Specs and their (Arrow) data as text: ASCII words are readable in it, accented letters are escaped."""
    return " ".join(str(c.proto.spec) + str([d for d in c.proto.datasets]) for c in at.get("vega_lite_chart"))


def test_map_screen_legend_lists_only_the_programmes_inside_the_filter(db_url, monkeypatch):
    at = run(db_url, monkeypatch, {"present": "1", "ecran": "3", "region": "76"})
    assert not at.exception
    legend = _chart_text(at)
    assert "(ERN)" in legend
    assert "Auvergne-Rh" not in legend and "101 (" not in legend, "no AURA programme while filtered to Occitanie"
    national = _chart_text(run(db_url, monkeypatch, {"present": "1", "ecran": "3"}))
    assert "Auvergne-Rh" in national and "101 (" in national


def test_escape_leaves_presentation_mode(db_url, monkeypatch):
    at = run(db_url, monkeypatch, {"present": "1", "ecran": "2"})
    quit_button = next(b for b in at.button if b.key == "present_quit")
    assert quit_button.proto.shortcut.lower() in ("escape", "esc")
    at = quit_button.click().run()
    assert "present" not in at.query_params and not at.exception


def test_outcome_screen_shows_each_figure_once_with_its_unit(db_url, monkeypatch):
    """Two reports of 42's exit salary (same fact_key) are one card, and « 3 500 » says it is euros a month."""
    at = run(db_url, monkeypatch, {"present": "1", "ecran": "6"})
    assert not at.exception
    salaries = [plain(m.value) for m in at.metric if m.label == "Salaire à la sortie"]
    assert salaries == ["3 500 € / mois"], salaries
    offers = [plain(m.value) for m in at.metric if m.label.startswith("Offres d")]
    assert offers == ["10"], offers
