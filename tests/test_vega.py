"""Charts are written as plain Vega-Lite dicts (`dashboard/vega.py`): each builder's output must be
valid against the Vega-Lite schema that the pinned Altair ships, and carry the data it was given."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd
import pytest
from altair.utils.schemapi import validate_jsonschema

from dashboard import budget_views, charts, map_legend, vega

SCHEMA = alt.vegalite.v6.schema.core.load_schema()

BARS = pd.DataFrame(
    {
        "cat": ["Occitanie", "Bretagne", "Corse", "Auvergne-Rhône-Alpes"],
        "v": [12.0, np.nan, 3.0, 7.5],
        "txt": ["12", "inconnu", "3", "7,5"],
        "grp": ["Réalisé", "Annoncé ou voté", "Réalisé", "Annoncé ou voté"],
    }
)
LONG = pd.DataFrame(
    {
        "group": ["Région", "Région", "État", "Métropole"],
        "series": ["Réalisé", "Manque", "Annoncé", "Voté"],
        "status": ["realised", "shortfall", "announced", "voted"],
        "lo": [2.2, 0.5, 0.6, 1.0],
        "hi": [2.2, 0.5, 0.8, 1.0],
        "text": ["2,2 M€", "0,5 M€", "0,6 à 0,8 M€", "1 M€"],
        "lines": [1, 0, 1, 1],
    }
)
BAR_OPTIONS = dict(
    category="cat",
    value="v",
    text="txt",
    category_title="Région",
    value_title="Apprenants",
    colour=None,
    colour_scale=None,
    value_format=",.0f",
    domain_max=None,
    cap=None,
    rule_at=None,
    rule_label=None,
    horizontal=True,
    sort=None,
    height=None,
    tooltip=None,
    offset=None,
    label_limit=440,
)


def _valid(spec: dict) -> dict:
    validate_jsonschema(spec, SCHEMA)  # raises on any invalid property
    json.dumps(spec, allow_nan=False)  # strict JSON: no NaN sneaks into the browser
    return spec


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"horizontal": False, "height": 140, "sort": ["Corse", "Occitanie"]},
        {"colour": "grp", "colour_scale": (("Réalisé", "Annoncé ou voté"), ("#0072B2", "#E69F00")), "offset": "grp"},
        {"rule_at": 8.0, "rule_label": "moyenne"},
        {"rule_at": 8.0, "rule_label": "moyenne", "horizontal": False},
        {"cap": 100.0, "value_format": ",.0f"},
        {"tooltip": (("cat:N", "Région"), ("v:Q", "Apprenants"))},
    ],
)
def test_bar_chart_specs_are_valid_vega_lite(options):
    chart = charts._bar_chart.__wrapped__(BARS, **{**BAR_OPTIONS, **options})
    spec = _valid(chart.spec)
    rows = spec["datasets"][spec["data"]["name"]]
    assert [r["cat"] for r in rows] == list(BARS["cat"])
    assert rows[1]["v"] is None, "an unknown value stays unknown (null), never 0"
    assert spec["layer"][0]["transform"] == [{"filter": {"field": "v", "valid": True}}], "no bar for an unknown value"
    if options.get("rule_at") is not None:
        rule_rows = [rows for name, rows in spec["datasets"].items() if name != spec["data"]["name"]]
        assert rule_rows == [[{"v": 8.0, "label": "moyenne"}]]
    if options.get("cap") is not None:
        assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 100.0]
    assert set(chart.wire["datasets"]) == set(spec["datasets"]) and all(isinstance(b, bytes) for b in chart.wire["datasets"].values())


def test_money_chart_spec_is_valid_and_draws_ranges_and_shortfalls():
    spec = _valid(charts._money_chart.__wrapped__(LONG, "Financeur", None).spec)
    filters = [layer.get("transform", []) for layer in spec["layer"]]
    assert [{"filter": "(datum.status === 'shortfall')"}] in filters, "shortfalls get their own dashed layer"
    assert [{"filter": "(datum.hi > datum.lo)"}] in filters, "a range is drawn from its minimum to its maximum"
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert len(colour["domain"]) == len(colour["range"]) == 4  # three statuses + the shortfall


def test_spending_chart_spec_is_valid():
    long = LONG.assign(row=["Ligne 1", "Ligne 2", "Ligne 3", "Ligne 4"], funder=["Région", "État", "Ville", "Privé"], counted=["compté"] * 4)
    long["series"] = ["Réalisé", "Réalisé", "Annoncé", "Voté"]
    _valid(budget_views._spending_chart.__wrapped__(long).spec)


@pytest.mark.parametrize("items", [(("0", "#eeeeee"), ("1 à 2", "#9ecae1")), (("École 42 (modèle 42)", "#009E73"),)])
def test_map_legend_spec_is_valid_vega_lite(items):
    chart = charts.spec_of(map_legend.legend_chart(items, "Sites (couleur = programme)"))
    spec = _valid(chart.spec)
    rows = spec["datasets"][spec["data"]["name"]]
    assert [(r["label"], r["colour"]) for r in rows] == list(items), "one swatch and its label per item, in order"
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["square", "text"] and spec["title"]["text"] == "Sites (couleur = programme)"
    assert spec["layer"][0]["encoding"]["color"] == {"field": "colour", "type": "nominal", "scale": None}, "the colours are drawn as given"


@pytest.mark.parametrize(("lang", "decimal"), [("fr", ","), ("en", ".")])
def test_the_number_locale_follows_the_language(lang, decimal):
    spec = vega.layered([vega.unit(vega.mark("bar"), {"x": vega.channel("v", "quantitative")})], data=BARS, height=100, lang=lang)
    assert _valid(spec)["config"]["locale"]["number"]["decimal"] == decimal


def test_dataset_names_follow_content():
    a, _ = vega.dataset(BARS)
    b, _ = vega.dataset(BARS.copy())
    c, _ = vega.dataset(BARS.assign(v=1.0))
    assert a == b != c


def test_money_long_one_row_per_amount_then_its_shortfall():
    frame = pd.DataFrame(
        {
            "fact_status": ["announced", "realised", "voted"],
            "amount_period": ["one_off", "per_year", "one_off"],
            "amount_min": [600_000.0, 2_200_000.0, np.nan],
            "amount_max": [800_000.0, 2_200_000.0, np.nan],
            "shortfall": [100_000.0, np.nan, 50_000.0],
            "lines": [2, 1, 0],
        },
        index=[7, 3, 5],  # any index: the order is the frame's
    )
    long = charts.money_long.__wrapped__(frame, pd.Series(["Région", "État", "Ville"]))
    assert list(long["group"]) == ["Région", "Région", "État", "Ville"]
    assert list(long["status"]) == ["announced", "shortfall", "realised", "shortfall"]
    assert list(long["lo"]) == [0.6, 0.1, 2.2, 0.05]
    assert list(long["hi"]) == [0.8, 0.1, 2.2, 0.05]
    assert list(long["lines"]) == [2, 0, 1, 0]
    assert long["text"][2].endswith(charts.tr("fr", "/an")), "a yearly amount says so"
    assert not long["text"][0].endswith(charts.tr("fr", "/an"))


def test_described_spec_names_the_chart_and_keeps_its_config():
    chart = charts._bar_chart.__wrapped__(BARS, **{**BAR_OPTIONS, "colour": "grp", "colour_scale": (("Réalisé",), ("#0072B2",)), "offset": "grp"})
    spec = _valid(vega.described(chart.spec, "Graphique : Sites, par territoire — Réalisé en bleu."))
    assert spec["description"] == "Graphique : Sites, par territoire — Réalisé en bleu."
    assert spec["config"]["mark"]["aria"] is False and spec["config"]["locale"] == chart.spec["config"]["locale"]
    assert "description" not in chart.spec, "the built spec is not changed in place (it is cached)"
    assert charts.with_description(spec) is spec, "a spec that has its description keeps it"
