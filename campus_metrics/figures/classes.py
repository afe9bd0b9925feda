"""Colour classes of a choropleth, shared by the dashboard map and the brief's map."""

from __future__ import annotations

import pandas as pd


def map_classes(values: pd.Series, n: int) -> tuple[pd.Series, list[tuple[float, float, int]]]:
    """Class index per row (-1: no data) and (lowest, highest, class index) per class.

    Up to `n` distinct values each get their own class, spread over the scale; beyond, quantiles.
    """
    known = values[values.notna() & (values > 0)]
    idx = pd.Series(-1, index=values.index)
    classes: list[tuple[float, float, int]] = []
    uniq = sorted(known.unique())
    if len(uniq) <= n:
        step = n // max(len(uniq), 1)
        for i, v in enumerate(uniq):
            ci = min(n - 1, (i + 1) * step - 1) if len(uniq) > 1 else n - 2
            idx[values == v] = ci
            classes.append((v, v, ci))
    else:
        bins = pd.qcut(known, n, labels=False, duplicates="drop")
        idx.loc[bins.index] = bins.astype(int)
        for b in sorted(bins.unique()):
            part = known[bins == b]
            classes.append((part.min(), part.max(), int(b)))
    return idx, classes
