"""The map's legend drawn as marks, so it renders like the map (squares for fills, circles for sites)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from campus_metrics.charts_static.style import FONT_SIZE, INK, POINT_FILL, POINT_STROKE


@dataclass
class LegendItem:
    text: str
    kind: str  # 'square' | 'filled' | 'hollow' | 'grey' | 'gap'
    colour: str = ""


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
