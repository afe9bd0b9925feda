"""Static charts for the fiche territoire: Vega-Lite specs rendered to PNG by vl-convert.

The map is drawn from the same GeoJSON outlines as the dashboard. Callers use the package
(`import campus_metrics.charts_static as cs`); the modules split style, bars, projection, map,
legend and rendering.
"""

from campus_metrics.charts_static.bars import Bar, bar_chart
from campus_metrics.charts_static.legend import LegendItem, legend_spec
from campus_metrics.charts_static.maps import MapArea, MapPoint, map_chart, zone_of
from campus_metrics.charts_static.projection import lambert, warm_outlines
from campus_metrics.charts_static.render import png_size, render_png
from campus_metrics.charts_static.style import (
    ACCENT,
    BLUES,
    FONT,
    FONT_SIZE,
    INK,
    LABEL_SIZE,
    LOCALE_EN,
    LOCALE_FR,
    MUTED,
    NO_DATA,
    OUTSIDE,
    OVERSEAS_REGIONS,
    POINT_FILL,
    POINT_STROKE,
    SCALE,
    STATUS_FILL,
)

__all__ = [
    "ACCENT",
    "BLUES",
    "FONT",
    "FONT_SIZE",
    "INK",
    "LABEL_SIZE",
    "LOCALE_EN",
    "LOCALE_FR",
    "MUTED",
    "NO_DATA",
    "OUTSIDE",
    "OVERSEAS_REGIONS",
    "POINT_FILL",
    "POINT_STROKE",
    "SCALE",
    "STATUS_FILL",
    "Bar",
    "LegendItem",
    "MapArea",
    "MapPoint",
    "bar_chart",
    "lambert",
    "legend_spec",
    "map_chart",
    "png_size",
    "render_png",
    "warm_outlines",
    "zone_of",
]
