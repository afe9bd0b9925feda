"""Where the map looks: overseas insets on the national view, and a zoom that follows the selection.

The national view moves the five overseas départements (DROM) into boxes in the Atlantic, west of
Brittany, as printed maps of France do: outlines and sites get the same affine move, so a click on
an inset still filters to its département. A DROM zone (or a DROM selection) shows the real place.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely
import shapely.affinity
import shapely.geometry

# région code -> (longitude, latitude) of its inset's centre; boxes of INSET_BOX degrees.
INSETS = {"01": (-8.2, 49.0), "02": (-8.2, 47.5), "03": (-8.2, 45.9), "04": (-8.2, 44.3), "06": (-8.2, 42.8)}
INSET_BOX = (1.9, 1.35)
METRO_BOUNDS = (-5.2, 41.3, 9.6, 51.1)  # metropolitan France, for the national frame with its insets
WORLD_TILE = 512  # deck.gl's world is 512 px wide at zoom 0


def _affine(bounds: tuple[float, float, float, float], region: str) -> tuple[float, float, float, float, float]:
    """(scale, source centre x, y, target centre x, y) that fits a DROM's bounds in its inset box."""
    x0, y0, x1, y1 = bounds
    scale = min(INSET_BOX[0] * 0.9 / max(x1 - x0, 1e-6), INSET_BOX[1] * 0.9 / max(y1 - y0, 1e-6))
    tx, ty = INSETS[region]
    return scale, (x0 + x1) / 2, (y0 + y1) / 2, tx, ty


def inset_moves(items: tuple[tuple[str, str, dict], ...], region_of: dict[str, str]) -> dict[str, tuple[float, float, float, float, float]]:
    """The move of each DROM région, from its outline's bounds (`items`: département or région outlines)."""
    shapes: dict[str, list] = {}
    for code, _, geom in items:
        region = region_of.get(code, code)
        if region in INSETS:
            shapes.setdefault(region, []).append(shapely.geometry.shape(geom))
    return {region: _affine(shapely.union_all(geoms).bounds, region) for region, geoms in shapes.items()}


def move_geometry(geom: dict, move: tuple[float, float, float, float, float]) -> dict:
    s, cx, cy, tx, ty = move
    moved = shapely.affinity.affine_transform(shapely.geometry.shape(geom), [s, 0, 0, s, tx - s * cx, ty - s * cy])
    return shapely.geometry.mapping(shapely.set_precision(moved, 0.001))


def move_points(points: pd.DataFrame, region_col: pd.Series, moves: dict) -> pd.DataFrame:
    """Sites of the DROM moved with their inset (vectorised per région)."""
    out = points.copy()
    for region, (s, cx, cy, tx, ty) in moves.items():
        mask = (region_col == region).to_numpy()
        if mask.any():
            out.loc[mask, "lon"] = tx + s * (out.loc[mask, "lon"] - cx)
            out.loc[mask, "lat"] = ty + s * (out.loc[mask, "lat"] - cy)
    return out


def inset_frames() -> dict:
    """A thin box around each inset (drawn with the région outlines)."""
    w, h = INSET_BOX
    boxes = [shapely.geometry.mapping(shapely.geometry.box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)) for x, y in INSETS.values()]
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": b, "properties": {}} for b in boxes]}


def _merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(min(lat, 85.0), -85.0)) / 2))


def fit(bounds: tuple[float, float, float, float], width: int, height: int, margin: float = 0.08) -> dict:
    """The deck.gl view (centre, zoom) that shows `bounds` whole in a width × height map."""
    x0, y0, x1, y1 = bounds
    lon_frac = max(x1 - x0, 0.05) / 360
    y_frac = max(_merc_y(y1) - _merc_y(y0), 0.001) / (2 * math.pi)
    zoom = min(math.log2(width * (1 - margin) / (WORLD_TILE * lon_frac)), math.log2(height * (1 - margin) / (WORLD_TILE * y_frac)))
    centre_y = (_merc_y(y0) + _merc_y(y1)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return {"latitude": round(centre_lat, 4), "longitude": round((x0 + x1) / 2, 4), "zoom": round(min(zoom, 10.5), 2)}


def selection_bounds(items: tuple[tuple[str, str, dict], ...], codes: set[str]) -> tuple[float, float, float, float] | None:
    """Bounds of the selected outlines (`codes` of départements), None when nothing matches."""
    geoms = [shapely.geometry.shape(g) for code, _, g in items if code in codes]
    return tuple(np.round(shapely.union_all(geoms).bounds, 4)) if geoms else None
