"""Type, palette and Vega-Lite config shared by every static chart.

Sizes are in points (1 Vega pixel = 1 pt) so a chart placed at its spec size on a slide or
an A4 page shows its text at the font size written here; PNGs are rasterised at `SCALE`.
"""

from __future__ import annotations

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


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a line's width in points (Liberation Sans / Arial)."""
    return max((len(line) for line in text.split("\n")), default=0) * size * 0.56
