"""The map follows the user: zoom to the selection, overseas insets on the national view, the site card."""

from __future__ import annotations

import json

import pytest
from apptest_support import caption_text

from dashboard import map_view, maps
from dashboard.i18n import KEYED


def deck_spec(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def view(at) -> dict:
    return deck_spec(at)["initialViewState"]


def test_fit_puts_the_bounds_inside_the_map():
    bounds = (0.0, 42.0, 4.0, 45.0)
    v = map_view.fit(bounds, 900, 680)
    # half the map width in degrees at that zoom covers half the bounds' width, with a margin
    degrees_per_px = 360 / (512 * 2 ** v["zoom"])
    assert 900 / 2 * degrees_per_px >= 2.0
    assert abs(v["longitude"] - 2.0) < 1e-6 and 42 < v["latitude"] < 45
    assert map_view.fit((0.0, 42.0, 1.0, 43.0), 900, 680)["zoom"] > v["zoom"], "a smaller area zooms in further"


def test_the_map_zooms_to_the_selected_region_and_departement(app):
    at = app().run()
    at.switch_page("dashboard/pages/map.py").run()
    national = view(at)
    at.selectbox(key="region").set_value("76").run()
    occitanie = view(at)
    assert occitanie["zoom"] > national["zoom"] + 0.8
    assert 42 < occitanie["latitude"] < 45.1 and 0 < occitanie["longitude"] < 4.9  # Occitanie's box
    at.multiselect(key="dep").set_value(["31"]).run()
    haute_garonne = view(at)
    assert haute_garonne["zoom"] > occitanie["zoom"]
    assert 42.6 < haute_garonne["latitude"] < 44 and 0.4 < haute_garonne["longitude"] < 2.1


def test_overseas_departements_are_drawn_in_insets_on_the_national_view(app):
    at = app().run()
    at.switch_page("dashboard/pages/map.py").run()
    spec = deck_spec(at)
    deps = next(layer for layer in spec["layers"] if layer["id"] == "departements")["data"]["features"]
    by_code = {f["properties"]["code"]: f for f in deps}

    def lons(feature):
        coords = json.dumps(feature["geometry"]["coordinates"])
        return [float(x) for x in coords.replace("[", " ").replace("]", " ").replace(",", " ").split()[0::2]]

    for code in ("971", "972", "973", "974", "976"):
        xs = lons(by_code[code])
        assert -9.5 < min(xs) and max(xs) < -7.0, code  # moved into its box west of Brittany
    v = view(at)
    half_width_deg = maps.MAP_SIZE[False][0] / 2 * 360 / (512 * 2 ** v["zoom"])  # the width the view is fitted to
    assert v["longitude"] - half_width_deg <= -9.2, "the insets are inside the national frame"


def test_a_click_on_a_site_opens_its_card(app):
    at = app(query={"region": "76"}).run()
    at.switch_page("dashboard/pages/map.py").run()
    assert "Cliquez sur un site" in caption_text(at)
    spec = deck_spec(at)
    site = next(layer for layer in spec["layers"] if layer["id"] == "sites")["data"][0]
    at.session_state["_carte_map_0"] = {"selection": {"indices": {"sites": [0]}, "objects": {"sites": [site]}}}
    at.run()
    assert not at.exception
    card = " ".join(t.value for t in at.text)
    t_cohort = KEYED["tip_cohort"].strip(" :")
    assert site["tip_title"] in " ".join(s.value for s in at.header)
    for word in ("Programme", "Statut", "Ouverture", t_cohort, "Source"):
        assert word in card, word


@pytest.mark.parametrize("page", ["overview", "budgets", "cohorts", "compare"])
def test_every_chart_has_a_text_alternative(app, page):
    """Vega makes a spec's `description` the chart's accessible name: every chart gets one, in words."""
    at = app().run()
    at.switch_page(f"dashboard/pages/{page}.py").run()
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs, page
    for spec in specs:
        assert spec.get("description", "").startswith("Graphique : "), spec.get("description")
        assert len(spec["description"]) > len("Graphique : ") + 3


@pytest.mark.parametrize(("lang", "said"), [("fr", "Auvergne-Rhône-Alpes : 6,5\u00a0M€"), ("en", "Auvergne-Rhône-Alpes: €6.5M")])
def test_figures_no_departement_carries_are_said_under_the_map(app, lang, said):
    """Programme money known for a région only is named with its région, in the reader's punctuation."""
    at = app().run()  # AppTest: a first run in French registers the pages (see test_english_sweep._run)
    at.switch_page("dashboard/pages/map.py")
    at.query_params["lang"] = lang
    at.run()
    note = next((c.value for c in at.caption if "Non réparti" in c.value or "Not broken down" in c.value), "").replace("\\", "")  # ui.safe escapes
    assert said in note, note
    assert lang == "fr" or " : " not in note, note  # no French space before a colon in English


def test_a_cohort_year_without_its_headcount_is_said_unknown(db_url):
    """Generated national data has cohorts with a year and no headcount: the tooltip says so (it crashed)."""
    from campus_metrics import queries
    from campus_metrics.db import make_engine
    from campus_metrics.filters import Filters

    engine = make_engine(db_url)
    points = queries.site_points(engine, Filters(), limit=50)
    engine.dispose()
    with_cohort = points.index[points["cohort_year"].notna()]
    assert len(with_cohort) >= 2, "the seed has sites with a cohort"
    points.loc[with_cohort[0], "cohort_learners"] = float("nan")
    bodies = maps.site_bodies(points)
    year = int(points.loc[with_cohort[0], "cohort_year"])
    assert f"{year} : effectif non renseigné" in bodies[with_cohort[0]]
    assert "apprenant" in bodies[with_cohort[1]]
