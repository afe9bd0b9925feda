"""pydeck maps that work offline: the département outlines ARE the map (`map_provider=None`).

Layers: a département choropleth (pickable: a click filters the app), région outlines on top,
then the sites grouped by commune and programme, coloured by programme. The JSON stays small:
outlines rounded to 3 decimals, only the properties the tooltip and the click need.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
import shapely.geometry
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from campus_metrics import geo
from campus_metrics.figures.classes import map_classes
from campus_metrics.filters import Filters
from dashboard import data, map_view, tables
from dashboard.i18n import _, code_label, lang, n_, status_text, t
from dashboard.sources import source_date
from dashboard.ui import group_words

SITE_CAP = 3000
SIMPLIFY_DEG = 0.05  # about 5 km: two pixels at the national zoom
METRICS = ("sites", "learners", "money", "per_100k")
_METRIC_COLUMN = {"sites": "sites", "learners": "learners", "money": "money_min", "per_100k": "learners_per_100k"}
# Sequential, colour-blind-safe (ColorBrewer YlGnBu 5).
CLASS_COLOURS = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA = "#cdcdcd"
OUTSIDE = "#e8e8e8"
# Okabe-Ito without the blues used by the choropleth.
SITE_COLOURS = ["#D55E00", "#E69F00", "#CC79A7", "#000000", "#F0E442", "#009E73", "#56B4E9", "#0072B2"]
# Stable views: the same values on every rerun, one per zone (metropolitan France and the DROM).
VIEWS = {
    "metro": {"latitude": 46.45, "longitude": 2.55, "zoom": 4.95},
    "01": {"latitude": 16.2, "longitude": -61.5, "zoom": 8.3},
    "02": {"latitude": 14.65, "longitude": -61.0, "zoom": 9.0},
    "03": {"latitude": 4.0, "longitude": -53.2, "zoom": 6.3},
    "04": {"latitude": -21.13, "longitude": 55.53, "zoom": 8.8},
    "06": {"latitude": -12.82, "longitude": 45.15, "zoom": 9.6},
}


class CompactDeck(pdk.Deck):
    """pydeck pretty-prints its JSON (indent=2): several times larger over the websocket. Same spec, compact."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


class FrozenDeck(CompactDeck):
    """A deck serialised once (`_deck_json`): a rerun sends the stored JSON, builds no layer and dumps nothing."""

    def __init__(self, spec_json: str, tooltip: dict):
        super().__init__(layers=[], map_provider=None, tooltip=tooltip)
        self._json = spec_json

    def to_json(self) -> str:
        return self._json


def _rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def _round(coords):
    if isinstance(coords[0], int | float):
        return [round(coords[0], 3), round(coords[1], 3)]
    return [_round(c) for c in coords]


@lru_cache(maxsize=4)
def outlines(level: str, tolerance: float = SIMPLIFY_DEG) -> tuple[tuple[str, str, dict], ...]:
    """(code, name, geometry) of départements or régions, simplified together and rounded to 3 decimals.

    A national map needs no more detail, and a light layer keeps clicks responsive: deck.gl picks
    on the tessellated polygons, which is slow on heavy outlines (software WebGL, old laptops).
    Régions are the union of the simplified départements, so both layers share their borders.
    """
    feats = geo.geojson("departements")["features"]
    simplified = shapely.coverage_simplify([shapely.geometry.shape(f["geometry"]) for f in feats], tolerance)
    if level == "regions":
        names = {f["properties"]["code"]: f["properties"]["nom"] for f in geo.geojson("regions")["features"]}
        groups: dict[str, list] = {}
        for feat, geom in zip(feats, simplified, strict=True):
            groups.setdefault(feat["properties"]["region"], []).append(geom)
        items = [(code, names.get(code, code), shapely.union_all(geoms)) for code, geoms in sorted(groups.items())]
    else:
        items = [(f["properties"]["code"], f["properties"]["nom"], g) for f, g in zip(feats, simplified, strict=True)]
    out = []
    for code, name, geom in items:
        g = shapely.geometry.mapping(geom)
        out.append((code, name, {"type": g["type"], "coordinates": _round(json.loads(json.dumps(g["coordinates"])))}))
    return tuple(out)


def zone_for(f: Filters) -> str:
    """The DROM view when the filter is one overseas région, else metropolitan France."""
    regions = set(f.regions)
    if f.departements:
        dep_region = data.departement_regions()
        regions = {dep_region[c] for c in f.departements if c in dep_region}
    return regions.pop() if len(regions) == 1 and next(iter(regions)) in VIEWS else "metro"


def metric_text(metric: str, value) -> str:
    if metric == "money":
        return tables.money(value)
    return tables.num(value, 1 if metric == "per_100k" else 0)


def classes(values: pd.Series, metric: str) -> tuple[pd.Series, list[tuple[str, str]]]:
    """Class index per row (-1 = no data) and the legend (label, colour): the classes the brief draws too."""
    idx, found = map_classes(values, len(CLASS_COLOURS))
    legend = [(metric_text(metric, lo) if lo == hi else f"{metric_text(metric, lo)} – {metric_text(metric, hi)}", CLASS_COLOURS[ci]) for lo, hi, ci in found]
    return idx, legend


def _dep_features(f: Filters, metric: str, moves: dict) -> tuple[dict, list[tuple[str, str]]]:
    totals = data.query("departement_totals", f).set_index("code")
    values = totals[_METRIC_COLUMN[metric]].astype(float)
    group = group_words(f)
    idx, legend = classes(values, metric)
    feats = []
    region_of = data.departement_regions()
    for code, name, geom in outlines("departements"):
        title = f"{name} ({code})"
        if region_of.get(code) in moves:
            geom = map_view.move_geometry(geom, moves[region_of[code]])
        if code in totals.index:
            r = totals.loc[code]
            colour = _rgba(CLASS_COLOURS[idx[code]] if idx[code] >= 0 else NO_DATA, 235)
            body = "\n".join(
                [
                    f"{_('Sites')}{_(' : ')}{tables.num(r['sites'])}",
                    f"{_('Apprenants')} ({group}){_(' : ')}{tables.num(r['learners'])}",
                    f"{_('Montants')} ({group}){_(' : ')}{tables.money(r['money_min'], r['money_max'])}",
                    f"{_('Apprenants / 100 000 hab.')} ({group}){_(' : ')}{tables.num(r['learners_per_100k'], 1)}",
                ]
            )
        else:
            colour, body = _rgba(OUTSIDE, 255), _("Hors filtre")
        props = {"code": code, "fill": colour, "tip_title": title, "tip_body": body}
        feats.append({"type": "Feature", "geometry": geom, "properties": props, **{k: props[k] for k in ("code", "tip_title", "tip_body")}})
    legend += [(_("Aucune donnée sourcée"), NO_DATA)]
    if f.is_territorial:
        legend.append((_("Hors filtre"), OUTSIDE))
    return {"type": "FeatureCollection", "features": feats}, legend


def programme_colours() -> dict[str, str]:
    progs = sorted(data.names()["programmes"])
    return {p: SITE_COLOURS[i % len(SITE_COLOURS)] for i, p in enumerate(progs)}


def _mapped(values: pd.Series, fn) -> pd.Series:
    """`fn` applied once per distinct value: dates, statuses and sources repeat across thousands of sites."""
    uniq = {v: fn(v) for v in pd.unique(values.astype(object))}
    return values.astype(object).map(uniq)


def site_bodies(points: pd.DataFrame) -> pd.Series:
    """Every site's tooltip text, column by column (each word and format computed once per distinct value)."""
    c = _(" : ")

    def line(key: str, values: pd.Series) -> pd.Series:
        return t(key) + c + values.astype(str)

    opened = _mapped(points["opened_on"], lambda v: source_date(v, "day") if tables.text(v) else "")
    years = _mapped(points["opening_year"], tables.years)
    opening = opened.where(opened != "", years)
    both = points["cohort_year"].notna()
    pairs = list(zip(points["cohort_year"], points["cohort_learners"], strict=True))
    cohort_words = {  # a cohort's year can be known without its headcount: unknown stays unknown
        p: n_("{year} : {n} apprenant", "{year} : {n} apprenants", int(p[1]), year=int(p[0]), n=tables.num(p[1]))
        if pd.notna(p[1])
        else _("{year} : effectif non renseigné", year=int(p[0]))
        for p in set(pairs)
        if pd.notna(p[0])
    }
    cohort = pd.Series([cohort_words.get(p, "") for p in pairs], index=points.index).where(both, _("inconnu"))
    status = _mapped(points["site_status"], lambda v: code_label("site_status", v)) + " — " + _mapped(points["fact_status"], status_text)
    source_keys = pd.Series(list(zip(points["source_title"], points["source_date"], points["source_precision"], strict=True)), index=points.index)
    source = _mapped(source_keys, lambda k: f"« {k[0]} », {source_date(k[1], k[2])}")
    programme = points["programme_name"].astype(object).where(points["programme_name"].notna(), _("Sans programme"))
    return (
        line("tip_commune", points["commune"].astype(str) + " (" + points["departement_code"].astype(str) + ")")
        + "\n"
        + line("tip_programme", programme)
        + "\n"
        + line("tip_status", status)
        + "\n"
        + line("tip_opening", opening)
        + "\n"
        + line("tip_cohort", cohort)
        + "\n"
        + line("tip_source", source)
    )


def site_frame(points: pd.DataFrame) -> pd.DataFrame:
    """One dot per commune and programme; dots sharing a commune are spread on a small ring."""
    if points.empty:
        return pd.DataFrame(columns=["lon", "lat", "colour", "radius", "tip_title", "tip_body", "programme_id", "region_code"])
    colours = programme_colours()
    keys = ["lat", "lon", "programme_id"]
    pts = points.assign(programme_id=points["programme_id"].astype(object).fillna(""), _body=site_bodies(points)).sort_values([*keys, "id"])
    grouped = pts.groupby(keys, sort=True)
    rank, size = grouped.cumcount(), grouped["id"].transform("size")
    pts["_body"] = pts["name"].where(size > 1, "").astype(str).where(size <= 1, pts["name"].astype(str) + "\n") + pts["_body"]
    first4 = pts[rank < 4]
    out = (
        first4.groupby(keys, sort=True)
        .agg(body=("_body", "\n\n".join), name=("name", "first"), commune=("commune", "first"), region_code=("region_code", "first"))
        .reset_index()
    )
    n = grouped.size().reindex(pd.MultiIndex.from_frame(out[keys])).to_numpy()
    out["tip_title"] = np.where(n == 1, out["name"].astype(str), out["commune"].astype(str) + " — " + n.astype(str) + " sites")
    out["tip_body"] = out["body"] + np.where(n > 4, "\n\n+ " + (n - 4).astype(str) + " …", "")
    out["colour"] = [_rgba(colours.get(p, "#444444")) for p in out["programme_id"]]  # one per dot, a dict look-up
    out["radius"] = 5000 + 1500 * np.minimum(n, 6)
    out = out[["lat", "lon", "colour", "radius", "tip_title", "tip_body", "programme_id", "region_code"]]
    ring = out.groupby(["lat", "lon"]).cumcount()
    ring_size = out.groupby(["lat", "lon"])["lat"].transform("size")
    angle = 2 * np.pi * ring / ring_size
    spread = np.where(ring_size > 1, 0.12, 0.0)
    out["lon"] = out["lon"] + spread * np.cos(angle) * 1.4
    out["lat"] = out["lat"] + spread * np.sin(angle)
    return out.reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=500, ttl=6 * 3600)
def site_layer(db_url: str, f: Filters, language: str) -> pd.DataFrame:
    """The site dots with their tooltips, built once per database, filters and language.

    Building 3 000 tooltips takes seconds at the national volume; a rerun must not pay it again.
    """
    return site_frame(data.query("site_points", f, limit=SITE_CAP))


# The size a map is drawn at, for the zoom that fits a selection (the page map, the small maps): the
# narrowest the canvas gets on a 1280-px screen with the sidebar open, so a selected région is whole
# there (the view cannot follow the browser's width: deck.gl gets a fixed centre and zoom).
MAP_SIZE = {False: (500, 680), True: (560, 430)}


def selected_departements(f: Filters) -> set[str]:
    """The départements the filter selects (those of its régions when none is picked), empty for all of France."""
    if f.departements:
        return set(f.departements)
    regions = set(f.regions)
    return {code for code, region in data.departement_regions().items() if region in regions} if regions else set()


def zoom_targets(f: Filters) -> set[str]:
    """The départements the metropolitan view zooms to: the selection, unless it has an overseas one
    (its inset is on the national view) — empty for the national view."""
    selected = selected_departements(f)
    region_of = data.departement_regions()
    return set() if any(region_of.get(c) in map_view.INSETS for c in selected) else selected


def view_for(f: Filters, zone: str, small: bool) -> dict:
    """Metropolitan France with its insets, or the selected région/département filling the map, or a DROM."""
    if zone != "metro":
        view = dict(VIEWS.get(zone, VIEWS["metro"]))
        view["zoom"] -= 0.55 if small else 0
        return view
    width, height = MAP_SIZE[small]
    selected = zoom_targets(f)
    bounds = map_view.selection_bounds(outlines("departements"), selected) if selected else None
    if bounds is None:
        x0, y0, x1, y1 = map_view.METRO_BOUNDS
        bounds = (min(x0, min(x for x, _ in map_view.INSETS.values()) - map_view.INSET_BOX[0] / 2), y0, x1, y1)
    return map_view.fit(bounds, width, height, margin=0.04)


def deck(f: Filters, metric: str, zone: str = "metro", *, small: bool = False) -> tuple[pdk.Deck, list[tuple[str, str]], int, tuple[str, ...]]:
    """The map, its legend, the number of matching sites (may exceed the drawn ones) and the programmes drawn."""
    view = view_for(f, zone, small)
    spec_json, tooltip, legend, n_sites, progs = _deck_json(
        db_url=data.cache_key(), f=f, metric=metric, zone=zone, view=tuple(sorted(view.items())), language=lang()
    )
    return FrozenDeck(spec_json, tooltip), legend, n_sites, progs


@st.cache_data(show_spinner=False, max_entries=48, ttl=6 * 3600)  # a national map is 1.6 MB of JSON
def _deck_json(db_url: str, f: Filters, metric: str, zone: str, view: tuple, language: str) -> tuple[str, dict, list[tuple[str, str]], int, tuple[str, ...]]:
    """The map's JSON, tooltip, legend, site count and programmes drawn, built once per database, filters, view and language.

    Serialising 3 000 sites and a hundred outlines takes most of a warm map page otherwise.
    """
    moves = map_view.inset_moves(outlines("regions"), {}) if zone == "metro" else {}
    deps, legend = _dep_features(f, metric, moves)
    region_shapes = [g if code not in moves else map_view.move_geometry(g, moves[code]) for code, _, g in outlines("regions")]
    regions = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": g, "properties": {}} for g in region_shapes]}
    if moves:
        regions["features"] += map_view.inset_frames()["features"]
    n_sites = data.query("site_count", f)
    sites = site_layer(data.cache_key(), f, lang())
    progs = tuple(sorted({p for p in sites["programme_id"] if p}))
    sites = map_view.move_points(sites, sites["region_code"], moves).drop(columns=["programme_id", "region_code"])
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            deps,
            id="departements",
            pickable=True,
            auto_highlight=True,
            stroked=True,
            filled=True,
            get_fill_color="properties.fill",
            get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=0.7,
            highlight_color=[255, 200, 0, 160],
        ),
        pdk.Layer(
            "GeoJsonLayer", regions, id="regions", pickable=False, stroked=True, filled=False, get_line_color=[40, 40, 40, 255], line_width_min_pixels=1.8
        ),
        pdk.Layer(
            "ScatterplotLayer",
            sites,
            id="sites",
            pickable=True,
            get_position=["lon", "lat"],
            get_fill_color="colour",
            get_radius="radius",
            radius_min_pixels=6,
            radius_max_pixels=16,
            stroked=True,
            get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=1.5,
        ),
    ]
    tooltip = {
        "text": "{tip_title}\n{tip_body}",
        "style": {"maxWidth": "460px", "whiteSpace": "pre-wrap", "fontSize": "14px", "backgroundColor": "#1f2937", "color": "white", "pointerEvents": "none"},
    }
    chart = CompactDeck(
        layers=layers, initial_view_state=pdk.ViewState(**dict(view), min_zoom=3, max_zoom=12, pitch=0, bearing=0), map_provider=None, tooltip=tooltip
    )
    return chart.to_json(), tooltip, legend, n_sites, progs
