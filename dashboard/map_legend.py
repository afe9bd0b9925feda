"""What is written beside a map: its legends (Vega-Lite dicts) and the note on figures no département
carries. Used by the map page, the overview's small map and presentation mode."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from campus_metrics.filters import Filters
from dashboard import charts, data, tables, vega
from dashboard.cache import memo
from dashboard.i18n import _, t
from dashboard.maps import programme_colours
from dashboard.ui import group_words


@memo
def legend_spec(items: tuple[tuple[str, str], ...], title: str) -> charts.Chart:
    """`legend_chart` as a finished spec, built once per legend."""
    return charts.spec_of(legend_chart(items, title))


def legend_chart(items: Sequence[tuple[str, str]], title: str) -> vega.Spec:
    """A legend drawn as a chart: one coloured square per row and its label (text marks: never clipped).
    A plain Vega-Lite dict (`dashboard.vega`), like every other chart: no Altair object on the render path."""
    frame = pd.DataFrame({"label": [i[0] for i in items], "colour": [i[1] for i in items], "i": range(len(items))})
    row = vega.channel("i", "ordinal", axis=None, scale={"paddingInner": 0.15})
    squares = vega.unit(
        vega.mark("square", size=260, stroke="#777777", strokeWidth=0.6, opacity=1),
        {"x": {"value": 10}, "y": row, "color": vega.channel("colour", "nominal", scale=None)},
    )
    labels = vega.unit(
        vega.mark("text", align="left", baseline="middle", fontSize=15, color="#1a1a1a"),
        {"x": {"value": 28}, "y": row, "text": vega.channel("label", "nominal")},
    )
    name, rows = vega.dataset(frame)
    return {
        "$schema": vega.SCHEMA,
        "config": {"view": {"stroke": None}},  # no axis, legend or number: the theme's font, no locale
        "title": {"text": title, "fontSize": 15, "anchor": "start", "fontWeight": "bold", "color": "#1a1a1a"},
        "layer": [squares, labels],
        "data": {"name": name},
        "height": {"step": 28},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "datasets": {name: rows},
    }


def legend_title(f: Filters, metric: str) -> str:
    """« Apprenants — chiffres réalisés »: learners and money show one status group, the title says which."""
    group = group_words(f)
    return t(f"m_{metric}") if metric == "sites" or not group else f"{t(f'm_{metric}')} — {group}"


def legends(legend: list[tuple[str, str]], title: str, programmes: tuple[str, ...] = (), points: bool = True, stacked: bool = False) -> None:
    """The choropleth classes (under `title`) and, when sites are drawn, the colours of the programmes drawn
    (`programmes`: only those with a site under the filter), side by side under the map."""
    classes_spec = charts.with_description(legend_spec(tuple(map(tuple, legend)), title).wire)
    if not points:
        st.vega_lite_chart(classes_spec, width="stretch")
        return
    left, right = (st.container(), st.container()) if stacked else st.columns([1, 2])
    left.vega_lite_chart(classes_spec, width="stretch")
    progs = data.names()["programmes"]
    colours = programme_colours()
    sites = tuple((progs[p], colours[p]) for p in sorted(programmes, key=lambda p: progs.get(p, p)) if p in progs)
    if not sites:
        return
    right.vega_lite_chart(charts.with_description(legend_spec(sites, _("Sites (couleur = programme)")).wire), width="stretch")


def unallocated_text(f: Filters) -> str | None:
    """Programme-level figures known for a région (or nationally) but not for a département."""
    extra = data.query("unallocated_totals", f)
    if extra.empty:
        return None
    regions = data.names()["regions"]
    where = extra["code"].map(regions).fillna(extra["code"]).where(extra["code"].notna(), _("National (sans territoire)"))
    money = pd.Series([tables.money(lo, hi) for lo, hi in zip(extra["money_min"], extra["money_max"], strict=True)], index=extra.index)
    money = money.where(extra["money_min"].notna())
    learners = extra["learners"].map(tables.num).where(extra["learners"].notna()) + " " + _("Apprenants").lower()
    comma = pd.Series(", ", index=extra.index).where(money.notna() & learners.notna(), "")
    items = (where.astype(str) + _(" : ") + money.fillna("") + comma + learners.fillna("")).tolist()
    return _("Non réparti par département (chiffres de programme, {group}) : {items}.", items=" ; ".join(items), group=group_words(f))
