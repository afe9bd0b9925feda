"""Volumes, the drawing helpers and numpy-to-driver conversions shared by the table generators."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TypeVar

import numpy as np

YEARS = (2015, 2024)
VOLUME = {"sites": 20_000, "cohorts": 200_000, "funding_lines": 500_000, "outcomes": 200_000}
N_SOURCES = 5

E = TypeVar("E", bound=StrEnum)


def _n(scale: float, table: str) -> int:
    return max(1, int(round(VOLUME[table] * scale)))


def _weights(enum: type[E], weights: Mapping[E, float]) -> dict[E, float]:
    """The drawing weights of every value of `enum`, in the order written (the draw order: changing it changes a seed's data)."""
    if set(weights) != set(enum) or len(weights) != len(enum):
        raise ValueError(f"{enum.__name__}: a weight for each of {', '.join(e.value for e in enum)}")
    return dict(weights)


def _choice(rng: np.random.Generator, values: Sequence[str], p: Sequence[float], n: int) -> np.ndarray:
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=np.asarray(p) / np.sum(p))]


def _draw(rng: np.random.Generator, weights: Mapping[StrEnum, float], n: int) -> np.ndarray:
    """n enum values drawn with `weights` (see `_weights`), as plain strings for the drivers."""
    return _choice(rng, [e.value for e in weights], list(weights.values()), n)


def _py(a) -> list:
    """numpy array to a list of plain Python values (the drivers refuse numpy scalars)."""
    return a.tolist() if isinstance(a, np.ndarray) else list(a)


def _masked(values, mask) -> list:
    """Values where mask is True, None elsewhere."""
    return [v if k else None for v, k in zip(_py(values), _py(mask), strict=True)]


def _known(a) -> np.ndarray:
    """Element-wise `is not None` on an object array."""
    return np.array([v is not None for v in _py(a)], dtype=bool)


def _iso(years, months, days) -> list[str]:
    return [f"{y:04d}-{mo:02d}-{d:02d}" for y, mo, d in zip(_py(years), _py(months), _py(days), strict=True)]


def _fact_cols(n: int, status, source, quote, notes, region, dep, y0, y1) -> dict[str, list]:
    return {
        "fact_status": _py(status),
        "source_id": _py(source),
        "quote": _py(quote),
        "notes": _py(notes) if notes is not None else [None] * n,
        "region_code": _py(region),
        "departement_code": _py(dep),
        "year_start": _py(y0),
        "year_end": _py(y1),
    }


def _split_duplicates(rng: np.random.Generator, n: int, share: float) -> tuple[int, np.ndarray]:
    """n rows in all: n_base originals plus companions that report the same figure (same fact_key)."""
    n_dup = int(round(n * share)) if n >= 20 else 0
    n_base = n - n_dup
    return n_base, rng.choice(n_base, size=n_dup, replace=False) if n_dup else np.array([], dtype=int)


def _years_from(rng: np.random.Generator, lo: np.ndarray) -> np.ndarray:
    lo = np.clip(lo, YEARS[0], YEARS[1])
    return lo + np.floor(rng.random(len(lo)) * (YEARS[1] + 1 - lo)).astype(int)
