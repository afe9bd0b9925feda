"""Geography reference and French formats."""

from __future__ import annotations

import datetime as dt

import pytest
from shapely.geometry import shape

from campus_metrics import formatting as fm
from campus_metrics.geo import CommuneIndex, CommuneRef, geojson


def _norm(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("level,count", [("departements", 101), ("regions", 18)])
def test_outlines_are_complete_valid_and_clockwise(level, count):
    features = geojson(level)["features"]
    assert len(features) == count
    for feat in features:
        geom = shape(feat["geometry"])
        assert geom.is_valid, feat["properties"]
        polys = getattr(geom, "geoms", [geom])
        for poly in polys:
            assert not poly.exterior.is_ccw, feat["properties"]["code"]  # Altair needs clockwise outer rings


def test_departements_carry_their_region():
    props = {f["properties"]["code"]: f["properties"] for f in geojson("departements")["features"]}
    assert props["46"]["region"] == "76" and props["69"]["region"] == "84" and props["2A"]["region"] == "94"


def test_commune_lookup_by_code_and_ambiguous_names():
    idx = CommuneIndex(
        [
            CommuneRef("26362", "Valence", "26", "84"),
            CommuneRef("82186", "Valence", "82", "76"),
            CommuneRef("16393", "Valence", "16", "75"),
            CommuneRef("46042", "Cahors", "46", "76"),
        ]
    )
    ref, why = idx.resolve(None, "Valence", None)
    assert ref is None and "26362" in why and "82186" in why and "16393" in why
    assert idx.resolve(None, "valence", "82")[0].insee == "82186"
    assert idx.resolve("46042", None, None)[0].name == "Cahors"
    assert idx.resolve("46042", "Rodez", None)[0] is None


def test_french_formats():
    assert _norm(fm.eur(2_200_000)) == "2,2 M€"
    assert _norm(fm.eur(15_000, compact=False)) == "15 000 €"
    assert _norm(fm.percent(78)) == "78 %"
    assert fm.date(dt.date(2017, 9, 6)) == "6 sept. 2017"
    assert fm.date(dt.date(2017, 9, 1), "month") == "sept. 2017"
    assert fm.date(dt.date(2017, 1, 1), "year") == "2017"
    assert fm.eur(None) == "inconnu" and fm.percent(float("nan")) == "inconnu"
    assert _norm(fm.eur_range(600_000, 800_000)) == "600 k€ – 800 k€"
    assert fm.eur(2_200_000, "en") == "€2.2M"
