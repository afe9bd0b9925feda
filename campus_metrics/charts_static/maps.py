"""The fiche's map: département choropleth, région outlines, site points and their labels,
clipped to the view in projected coordinates."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import mapping

from campus_metrics.charts_static.legend import LegendItem, legend_spec
from campus_metrics.charts_static.projection import _outlines, _projector
from campus_metrics.charts_static.style import FONT_SIZE, INK, LABEL_SIZE, OUTSIDE, OVERSEAS_REGIONS, POINT_FILL, POINT_STROKE, _config, _text_width


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
