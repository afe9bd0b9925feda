"""Vega-Lite spec to PNG (vl-convert), and a PNG's size without decoding it."""

from __future__ import annotations

import vl_convert as vlc

from campus_metrics.charts_static.style import SCALE


def render_png(spec: dict, scale: float = SCALE) -> bytes:
    return vlc.vegalite_to_png(spec, scale=scale)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels from the PNG header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
