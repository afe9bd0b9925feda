"""Horizontal bar charts: amounts and headcounts with their status written beside each bar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from campus_metrics.charts_static.style import ACCENT, FONT_SIZE, INK, STATUS_FILL, _config, _text_width


@dataclass
class Bar:
    """One row of a horizontal bar chart. `lo`/`hi` None: nothing drawn, only `text` (« inconnu »)."""

    label: str  # may hold "\n" for a second line
    lo: float | None
    hi: float | None
    text: str
    style: str = "realised"  # realised | announced | mixed | shortfall | unknown


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
