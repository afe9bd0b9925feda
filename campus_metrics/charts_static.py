"""Static charts for the fiche territoire: Vega-Lite specs rendered to PNG by vl-convert.

Sizes are in points (1 Vega pixel = 1 pt) so a chart placed at its spec size on a slide or
an A4 page shows its text at the font size written here; PNGs are rasterised at `SCALE`.
The map is drawn from the same GeoJSON outlines as the dashboard, projected here (Lambert
conformal conic for metropolitan France) and clipped to the view: Vega only draws pixels,
which keeps a render around 0.1 s instead of seconds with Vega's own `fit`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
import vl_convert as vlc
from shapely.geometry import mapping, shape

from campus_metrics import geo

SCALE = 2.5  # PNG pixels per point: about 180 dpi on a projected slide, 220 dpi printed
FONT = "Liberation Sans, Arial, DejaVu Sans, sans-serif"
FONT_SIZE = 16
LABEL_SIZE = 14
INK = "#1A1A1A"
MUTED = "#595959"
ACCENT = "#0B5394"
# One hue: the accent in five steps (sequential, readable in grey print).
BLUES = ["#DCE9F5", "#A9C8E6", "#6A9FD0", "#2F6FB0", "#0B3D73"]
STATUS_FILL = {"realised": ACCENT, "mixed": "#5F8FC4", "announced": "#C9DCEF", "shortfall": "#FFFFFF", "unknown": "#FFFFFF"}
NO_DATA = "#E6E6E6"
OUTSIDE = "#FFFFFF"
LOCALE_FR = {"number": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0€"]}}
LOCALE_EN = {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]}}
OVERSEAS_REGIONS = ("01", "02", "03", "04", "06")
# site points: open = dark disc, planned = hollow ring, closed = grey disc
POINT_FILL = {"domain": ["filled", "hollow", "grey"], "range": [INK, "#FFFFFF", "#9A9A9A"]}
POINT_STROKE = {"domain": ["filled", "hollow", "grey"], "range": ["#FFFFFF", INK, "#FFFFFF"]}


def render_png(spec: dict, scale: float = SCALE) -> bytes:
    return vlc.vegalite_to_png(spec, scale=scale)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels from the PNG header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _config(lang: str) -> dict:
    return {
        "font": FONT,
        "locale": LOCALE_FR if lang == "fr" else LOCALE_EN,
        "view": {"stroke": None},
        "background": "white",
        "axis": {
            "labelFontSize": FONT_SIZE,
            "titleFontSize": FONT_SIZE,
            "labelColor": INK,
            "titleColor": INK,
            "titleFontWeight": "normal",
            "domainColor": "#7F7F7F",
            "tickColor": "#7F7F7F",
            "gridColor": "#E3E3E3",
        },
    }


# --- horizontal bars -------------------------------------------------------------------------


@dataclass
class Bar:
    """One row of a horizontal bar chart. `lo`/`hi` None: nothing drawn, only `text` (« inconnu »)."""

    label: str  # may hold "\n" for a second line
    lo: float | None
    hi: float | None
    text: str
    style: str = "realised"  # realised | announced | mixed | shortfall | unknown


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a line's width in points (Liberation Sans / Arial)."""
    return max((len(line) for line in text.split("\n")), default=0) * size * 0.56


def bar_chart(bars: Sequence[Bar], *, width: float, axis_title: str, lang: str = "fr", value_format: str = ",.1~f", row_height: float = 58) -> dict:
    """Bars with their formatted value and status written beside them; ranges drawn as a line
    from the low to the high end; shortfalls as dashed outlines; unknown values as text only.
    `width` is the whole chart's width in points (labels included)."""
    label_w = min(max(_text_width(b.label, FONT_SIZE) for b in bars) + 12, width * 0.42)
    plot_w = width - label_w - 16
    top = 0.0
    for b in bars:
        end = max(v for v in (b.lo, b.hi, 0.0) if v is not None)
        room = plot_w - _text_width(b.text, FONT_SIZE) - 14
        top = max(top, end * plot_w / max(room, plot_w * 0.25))
    top = top or 1.0
    rows = [
        {
            "i": i,
            "label": b.label,
            "lo": b.lo,
            "hi": b.hi if b.hi is not None else b.lo,
            "pos": b.hi if b.hi is not None else (b.lo if b.lo is not None else 0),
            "text": b.text,
            "fill": STATUS_FILL.get(b.style, STATUS_FILL["announced"]),
            "dash": b.style == "shortfall",
            "range": b.lo is not None and b.hi is not None and b.hi > b.lo,
        }
        for i, b in enumerate(bars)
    ]
    x = {
        "field": "lo",
        "type": "quantitative",
        "title": axis_title,
        "scale": {"domain": [0, top], "nice": False},
        "axis": {"format": value_format, "tickCount": 5},
    }
    y = {
        "field": "label",
        "type": "nominal",
        "sort": None,
        "title": None,
        "axis": {"labelExpr": "split(datum.label, '\\n')", "labelLimit": label_w, "ticks": False, "domain": False, "labelPadding": 10, "labelLineHeight": 19},
    }
    known = {"filter": "datum.lo != null && !datum.dash"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": plot_w,
        "height": {"step": row_height},
        "padding": {"left": 4, "right": 4, "top": 6, "bottom": 4},
        "config": _config(lang),
        "data": {"values": rows},
        "encoding": {"y": y},
        "layer": [
            {
                "transform": [known],
                "mark": {"type": "bar", "height": {"band": 0.62}, "stroke": ACCENT, "strokeWidth": 1.2},
                "encoding": {"x": x, "fill": {"field": "fill", "type": "nominal", "scale": None}},
            },
            {
                "transform": [{"filter": "datum.lo != null && datum.dash"}],
                "mark": {"type": "bar", "height": {"band": 0.62}, "fill": "#FFFFFF", "stroke": INK, "strokeWidth": 2, "strokeDash": [6, 4]},
                "encoding": {"x": x},
            },
            {
                "transform": [{"filter": "datum.range"}],
                "mark": {"type": "rule", "color": INK, "strokeWidth": 3},
                "encoding": {"x": x, "x2": {"field": "hi"}},
            },
            {
                "transform": [{"filter": "datum.range"}],
                "mark": {"type": "tick", "color": INK, "thickness": 3, "size": 22},
                "encoding": {"x": {"field": "hi", "type": "quantitative"}},
            },
            {
                "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 7, "fontSize": FONT_SIZE, "color": INK},
                "encoding": {"x": {"field": "pos", "type": "quantitative"}, "text": {"field": "text"}},
            },
        ],
    }


# --- map ---------------------------------------------------------------------------------------

_PHI1, _PHI2, _PHI0, _LAM0 = (math.radians(v) for v in (44.0, 49.0, 46.5, 3.0))
_N = math.log(math.cos(_PHI1) / math.cos(_PHI2)) / math.log(math.tan(math.pi / 4 + _PHI2 / 2) / math.tan(math.pi / 4 + _PHI1 / 2))
_F = math.cos(_PHI1) * math.tan(math.pi / 4 + _PHI1 / 2) ** _N / _N
_RHO0 = _F / math.tan(math.pi / 4 + _PHI0 / 2) ** _N


def lambert(xy: np.ndarray) -> np.ndarray:
    """Lambert conformal conic (spherical, parallels 44° and 49°, like Lambert-93), unit sphere."""
    lon, lat = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    rho = _F / np.tan(np.pi / 4 + lat / 2) ** _N
    theta = _N * (lon - _LAM0)
    return np.column_stack([rho * np.sin(theta), _RHO0 - rho * np.cos(theta)])


def _local(lat0: float):
    """Equirectangular at the territory's latitude, for the overseas régions."""
    k = math.cos(math.radians(lat0))

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack([np.radians(xy[:, 0]) * k, np.radians(xy[:, 1])])

    return project


@lru_cache(maxsize=8)
def _projector(zone: str):
    if zone == "metro":
        return lambert
    lats = [c[1] for feat in geo.geojson("regions")["features"] if feat["properties"]["code"] == zone for c in _coords(feat["geometry"]["coordinates"])]
    return _local(sum(lats) / len(lats) if lats else 0.0)


@lru_cache(maxsize=4)
def _outlines(level: str, zone: str) -> tuple[tuple[dict, object], ...]:
    """(properties, projected shapely geometry) for every outline of the level."""
    project = _projector(zone)
    out = []
    for feat in geo.geojson(level)["features"]:
        g = shapely.transform(shape(feat["geometry"]), project)
        out.append((feat["properties"], g))
    return tuple(out)


def _coords(c):
    if isinstance(c[0], int | float):
        yield c
        return
    for part in c:
        yield from _coords(part)


@dataclass
class MapArea:
    code: str
    fill: str
    in_scope: bool


@dataclass
class MapPoint:
    lon: float
    lat: float
    label: str  # '' for no label
    size: int  # sites at this point
    style: str  # 'filled' (open) | 'hollow' (planned) | 'grey' (closed)


@dataclass
class LegendItem:
    text: str
    kind: str  # 'square' | 'filled' | 'hollow' | 'grey' | 'gap'
    colour: str = ""


def zone_of(region_codes: Sequence[str]) -> str:
    """'metro', or the overseas région code when the whole scope is one overseas région."""
    regions = set(region_codes)
    if len(regions) == 1 and next(iter(regions)) in OVERSEAS_REGIONS:
        return next(iter(regions))
    return "metro"


def map_chart(
    areas: dict[str, MapArea],
    points: Sequence[MapPoint],
    legend: Sequence[LegendItem],
    *,
    focus: Sequence[str],
    zone: str = "metro",
    width: float = 600,
    height: float = 420,
    legend_width: float = 190,
    lang: str = "fr",
    legend_title: str = "",
    names: Sequence[tuple[float, float, str]] = (),
) -> dict:
    """Département choropleth + région outlines + site points, framed on the `focus` départements.

    `areas` maps département codes to their fill; départements not in it are drawn as
    context (white). Returns a Vega-Lite spec whose map part is `width - legend_width` wide.
    """
    map_w, map_h = width - legend_width, height
    deps = _outlines("departements", zone)
    regs = _outlines("regions", zone)
    in_zone = [(p, g) for p, g in deps if (zone == "metro" and len(p["code"]) == 2) or (zone != "metro" and p.get("region") == zone)]
    focus_geoms = [g for p, g in in_zone if p["code"] in set(focus)] or [g for _, g in in_zone]
    x0, y0, x1, y1 = shapely.bounds(shapely.union_all(focus_geoms)).tolist()
    pad = 0.45 if len(focus_geoms) == 1 else 0.06
    dx, dy = (x1 - x0) * pad + 1e-9, (y1 - y0) * pad + 1e-9
    x0, x1, y0, y1 = x0 - dx, x1 + dx, y0 - dy, y1 + dy
    # the largest scale that fits the box; the map then takes the view's own aspect ratio
    k = min(map_w / (x1 - x0), map_h / (y1 - y0))
    map_w, map_h = (x1 - x0) * k, (y1 - y0) * k
    tol = 0.6 / k  # simplify to about half a point

    def to_px(geom):
        clipped = shapely.clip_by_rect(geom, x0, y0, x1, y1)
        if clipped.is_empty:
            return None
        clipped = shapely.simplify(clipped, tol, preserve_topology=True)
        px = shapely.transform(clipped, lambda a: np.column_stack([(a[:, 0] - x0) * k, (y1 - a[:, 1]) * k]))
        return mapping(shapely.set_precision(px, 0.1))

    dep_features, dep_lines, reg_lines = [], [], []
    for props, g in deps:
        gm = to_px(g)
        if gm is None:
            continue
        area = areas.get(props["code"])
        dep_features.append({"type": "Feature", "geometry": gm, "properties": {"fill": area.fill if area else OUTSIDE}})
        line = to_px(shapely.boundary(g))
        if line is not None:
            dep_lines.append({"type": "Feature", "geometry": line, "properties": {"stroke": "#FFFFFF" if area and area.in_scope else "#C4C4C4"}})
    dep_lines.sort(key=lambda d: d["properties"]["stroke"] == "#FFFFFF")  # in-scope borders on top
    for _props, g in regs:
        line = to_px(shapely.boundary(g))
        if line is not None:
            reg_lines.append({"type": "Feature", "geometry": line, "properties": {}})

    project = _projector(zone)
    pts = []
    if points:
        xy = project(np.array([[p.lon, p.lat] for p in points], dtype=float))
        for p, (px, py) in zip(points, xy, strict=True):
            if x0 <= px <= x1 and y0 <= py <= y1:
                pts.append({"x": (px - x0) * k, "y": (y1 - py) * k, "label": p.label, "size": p.size, "style": p.style})
    area_names = []
    if names:
        xy = project(np.array([[lon, lat] for lon, lat, _ in names], dtype=float))
        area_names = [{"x": (px - x0) * k, "y": (y1 - py) * k, "label": text} for (px, py), (_, _, text) in zip(xy, names, strict=True)]
    # territory names first (bold, centred); site labels then avoid them
    taken = [
        (a["x"] - _text_width(a["label"], FONT_SIZE) / 2, a["y"] - FONT_SIZE * 0.6, a["x"] + _text_width(a["label"], FONT_SIZE) / 2, a["y"] + FONT_SIZE * 0.6)
        for a in area_names
    ]
    _place_labels(pts, map_w, map_h, taken=taken)

    identity = {"type": "identity", "scale": 1, "translate": [0, 0]}
    layers: list[dict] = [
        {
            "data": {"values": dep_features},
            "mark": {"type": "geoshape", "strokeWidth": 0},
            "encoding": {"fill": {"field": "properties.fill", "type": "nominal", "scale": None}},
            "projection": identity,
        },
        {
            "data": {"values": dep_lines},
            "mark": {"type": "geoshape", "filled": False, "strokeWidth": 0.8},
            "encoding": {"stroke": {"field": "properties.stroke", "type": "nominal", "scale": None}},
            "projection": identity,
        },
        {"data": {"values": reg_lines}, "mark": {"type": "geoshape", "filled": False, "stroke": "#404040", "strokeWidth": 1.4}, "projection": identity},
    ]
    if pts:
        pos = {"longitude": {"field": "x", "type": "quantitative"}, "latitude": {"field": "y", "type": "quantitative"}}
        size = {"field": "area", "type": "quantitative", "scale": None}
        layers += [
            {
                "data": {"values": pts},
                "transform": [{"calculate": "90 + 50 * (datum.size - 1)", "as": "area"}],
                "mark": {"type": "circle", "opacity": 1, "strokeWidth": 1.8},
                "encoding": {
                    **pos,
                    "size": size,
                    "fill": {"field": "style", "type": "nominal", "scale": POINT_FILL, "legend": None},
                    "stroke": {"field": "style", "type": "nominal", "scale": POINT_STROKE, "legend": None},
                },
                "projection": identity,
            },
        ]
        lpos = {"longitude": {"field": "lx", "type": "quantitative"}, "latitude": {"field": "ly", "type": "quantitative"}}
        for align in ("left", "right", "center"):
            labelled = [p for p in pts if p.get("lx") is not None and p["align"] == align]
            if not labelled:
                continue
            text_mark = {"type": "text", "fontSize": LABEL_SIZE, "baseline": "middle", "align": align}
            layers += [
                {
                    "data": {"values": labelled},
                    "mark": {**text_mark, "stroke": "#FFFFFF", "strokeWidth": 4, "strokeJoin": "round"},
                    "encoding": {**lpos, "text": {"field": "label"}},
                    "projection": identity,
                },
                {"data": {"values": labelled}, "mark": {**text_mark, "fill": INK}, "encoding": {**lpos, "text": {"field": "label"}}, "projection": identity},
            ]
    if area_names:
        npos = {"longitude": {"field": "x", "type": "quantitative"}, "latitude": {"field": "y", "type": "quantitative"}}
        name_mark = {"type": "text", "fontSize": FONT_SIZE, "fontWeight": "bold", "baseline": "middle", "align": "center"}
        layers += [
            {
                "data": {"values": area_names},
                "mark": {**name_mark, "stroke": "#FFFFFF", "strokeWidth": 4, "strokeJoin": "round"},
                "encoding": {**npos, "text": {"field": "label"}},
                "projection": identity,
            },
            {"data": {"values": area_names}, "mark": {**name_mark, "fill": INK}, "encoding": {**npos, "text": {"field": "label"}}, "projection": identity},
        ]
    map_spec = {"width": map_w, "height": map_h, "layer": layers}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "config": {**_config(lang), "concat": {"spacing": 12}},
        "padding": 4,
        "hconcat": [map_spec, legend_spec(legend, legend_width - 12, max(map_h, 60 + 26 * len(legend)), legend_title)],
    }


def legend_spec(items: Sequence[LegendItem], width: float, height: float, title: str = "") -> dict:
    """A legend drawn as marks (squares for fills, circles for sites), top-aligned."""
    rows, y = [], 10.0
    if title:
        rows.append({"x": 0, "y": y, "text": title, "kind": "title", "colour": ""})
        y += 21 * (title.count("\n") + 1) + 12
    for item in items:
        rows.append({"x": 0, "y": y, "text": item.text, "kind": item.kind, "colour": item.colour})
        y += 26 if item.kind != "gap" else 10
    pos = {"x": {"field": "x", "type": "quantitative", "scale": None}, "y": {"field": "y", "type": "quantitative", "scale": None}}
    return {
        "width": width,
        "height": height,
        "data": {"values": rows},
        "layer": [
            {
                "transform": [{"filter": "datum.kind == 'square'"}],
                "mark": {"type": "square", "size": 260, "opacity": 1, "stroke": "#8C8C8C", "strokeWidth": 0.8, "xOffset": 9},
                "encoding": {**pos, "fill": {"field": "colour", "type": "nominal", "scale": None}},
            },
            {
                "transform": [{"filter": "indexof(['filled', 'hollow', 'grey'], datum.kind) >= 0"}],
                "mark": {"type": "circle", "size": 120, "opacity": 1, "strokeWidth": 1.8, "xOffset": 9},
                "encoding": {
                    **pos,
                    "fill": {"field": "kind", "type": "nominal", "scale": POINT_FILL, "legend": None},
                    "stroke": {"field": "kind", "type": "nominal", "scale": POINT_STROKE, "legend": None},
                },
            },
            {
                "transform": [{"filter": "datum.kind != 'title' && datum.kind != 'gap'"}],
                "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": FONT_SIZE, "fill": INK, "dx": 26, "limit": width - 28},
                "encoding": {**pos, "text": {"field": "text"}},
            },
            {
                "transform": [{"filter": "datum.kind == 'title'"}],
                "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": FONT_SIZE, "fontWeight": "bold", "fill": INK, "lineBreak": "\n"},
                "encoding": {**pos, "text": {"field": "text"}},
            },
        ],
    }


def _place_labels(pts: list[dict], w: float, h: float, size: float = LABEL_SIZE, taken: Sequence[tuple[float, float, float, float]] = ()) -> None:
    """Greedy label placement: right of the point, else left, above, below; skipped when it would overlap
    a point, another label or a `taken` box."""
    placed: list[tuple[float, float, float, float]] = list(taken)
    for p in pts:
        r = math.sqrt(90 + 50 * (p["size"] - 1)) / 2
        placed.append((p["x"] - r, p["y"] - r, p["x"] + r, p["y"] + r))
    for p in sorted(pts, key=lambda p: -p["size"]):
        p["lx"] = p["ly"] = None
        if not p["label"]:
            continue
        tw = len(p["label"]) * size * 0.56
        r = math.sqrt(90 + 50 * (p["size"] - 1)) / 2 + 4
        dy = r + size * 0.45
        candidates = (
            ("left", p["x"] + r, p["y"], p["x"] + r),  # (text-align, box left, label y, anchor x)
            ("right", p["x"] - r - tw, p["y"], p["x"] - r),
            ("center", p["x"] - tw / 2, p["y"] - dy, p["x"]),
            ("center", p["x"] - tw / 2, p["y"] + dy, p["x"]),
        )
        for align, bx, ly, lx in candidates:
            box = (bx, ly - size * 0.6, bx + tw, ly + size * 0.6)
            inside = box[0] >= 2 and box[2] <= w - 2 and box[1] >= 2 and box[3] <= h - 2
            if inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                placed.append(box)
                p.update(lx=lx, ly=ly, align=align)
                break


def warm_outlines(zone: str = "metro") -> None:
    """Project and cache the outlines of a zone (first map of a process)."""
    _outlines("departements", zone)
    _outlines("regions", zone)
