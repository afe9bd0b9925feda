"""Charts as Vega-Lite dicts (`dashboard.vega`): Okabe-Ito colours, French number locale, a « Voir les données » table and a source line each.

Values printed on the charts come pre-formatted by `campus_metrics.formatting` (text
columns); axes use Vega's French number locale. Missing values are drawn as the word
« inconnu », never as a zero-length bar.

Builders (`money_chart`, `bar_chart`) return a `Chart`: the finished Vega-Lite spec (locale,
fonts, data inline), built once per (input frame, options, language) through `cache.memo`. A
rerun with the same filters sends the stored dict with `st.vega_lite_chart`: no Altair object is
built, copied or validated again. Colour scales and tooltips are plain tuples so they key the cache.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import streamlit as st

from campus_metrics.text import tr
from dashboard import downloads, sources, vega
from dashboard.cache import digest, memo
from dashboard.i18n import _, lang, status_text, t
from dashboard.ui import empty

# Okabe & Ito (2008), colour-blind-safe.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STATUS_COLOURS = {
    "realised": "#0072B2",
    "voted": "#009E73",
    "announced": "#E69F00",
    "estimate": "#CC79A7",
    "mixed": "#7F7F7F",
}
SHORTFALL_COLOUR = "#D55E00"
FONT_SIZE = vega.FONT_SIZE


Scale = tuple[tuple[str, ...], tuple[str, ...]]
"""A colour scale as plain values: (domain, colours)."""


@dataclass(frozen=True)
class Chart:
    """A finished Vega-Lite spec, the same with its data already in Arrow, and a digest (stable download keys).

    `spec` keeps its data inline as JSON rows (the PNG download renders from it); `wire` is what
    `st.vega_lite_chart` gets: the same datasets converted to Arrow once, as Streamlit would on
    every rerun.
    """

    spec: dict
    wire: dict
    key: str


def spec_of(spec: dict) -> Chart:
    """A Vega-Lite dict built with `vega`, with its inline datasets converted to Arrow once for the wire
    (as `st.vega_lite_chart` would on every rerun). No Altair: building its objects cost 70–250 ms a chart."""
    from streamlit import dataframe_util

    wire = spec
    if spec.get("datasets"):
        wire = {
            **spec,
            "datasets": {name: dataframe_util.convert_arrow_table_to_arrow_bytes(pa.Table.from_pylist(rows)) for name, rows in spec["datasets"].items()},
        }
    return Chart(spec, wire, digest(json.dumps(spec, sort_keys=True, default=str).encode(), 6))


def show(
    chart: Chart | None,
    table: pd.DataFrame | None,
    *,
    source_ids=None,
    status=None,
    empty_key: str = "no_data",
    export_frame: pd.DataFrame | None = None,
    name: str | None = None,
    title: str | None = None,
) -> None:
    """The chart, then « Voir les données » (the same numbers as a table, and downloads), then its source line."""
    if chart is None or table is None or table.empty:
        empty(empty_key)
        return
    render(chart)
    downloads.data_expander(table, chart, export_frame=export_frame, name=name, title=title, source_ids=source_ids, status=status)
    sources.source_line(source_ids, status)


def draw(chart: Chart) -> None:
    """A chart without its own table (the page shows one table for several charts)."""
    render(chart)


def render(chart: Chart) -> None:
    """Send the finished spec (Streamlit copies it before moving the Arrow data out)."""
    st.vega_lite_chart(with_description(chart.wire), width="stretch", theme="streamlit")


# --- issue 9 (accessibility hook, helper wt9a): a text alternative for every chart -----------------
def with_description(spec: dict) -> dict:
    """Vega turns a spec's top-level `description` into the chart's accessible name (aria-label):
    one is built from the chart's title and axis titles when the spec has none."""
    if spec.get("description"):
        return spec
    parts = [spec["title"]["text"] if isinstance(spec.get("title"), dict) else spec.get("title")]
    for unit in [spec, *spec.get("layer", [])]:
        for channel in ("x", "y", "color"):
            title = (unit.get("encoding", {}).get(channel) or {}).get("title")
            parts.append(title if isinstance(title, str) else None)
    words = [p for p in dict.fromkeys(parts) if p]
    # the marks leave the accessibility tree (axe `svg-img-alt` on unlabelled mark groups): the chart's
    # description names it, and its values are in the table beside it
    config = {**spec.get("config", {}), "mark": {**spec.get("config", {}).get("mark", {}), "aria": False}}
    return {**spec, "config": config, "description": _("Graphique : {what}", what=" — ".join(words) if words else _("valeurs par catégorie"))}


def status_scale(statuses: Iterable[str], extra: dict[str, str] | None = None) -> Scale:
    """A fixed colour per status label, so 'Annoncé' is the same orange on every chart."""
    present = set(statuses)
    domain, colours = [], []
    for s in STATUS_COLOURS:
        if s in present:
            domain.append(status_text(s))
            colours.append(STATUS_COLOURS[s])
    for name, colour in (extra or {}).items():
        domain.append(name)
        colours.append(colour)
    return tuple(domain), tuple(colours)


def group_text(group: str) -> str:
    """« Réalisé » / « Annoncé ou voté »: the label of a status group on a chart."""
    return t(f"group_{group}")


def group_scale(groups: Iterable[str]) -> Scale:
    """Realised in the realised blue, announced in the announced orange, on every chart that sets them side by side."""
    present = [g for g in ("realised", "announced") if g in set(groups)]
    return tuple(group_text(g) for g in present), tuple(STATUS_COLOURS[g] for g in present)


def _scale(scale: Scale) -> dict:
    return {"domain": list(scale[0]), "range": list(scale[1])}


def money_chart(long: pd.DataFrame, group_title: str, value_title: str | None = None) -> Chart | None:
    """Money per group: bars = counted amounts (colour = status), a rule for ranges, outlined dashed bars for shortfalls.

    `long` columns: group, series, status (code or 'shortfall'), lo, hi (millions), text. One period
    kind per chart: one-off amounts and yearly amounts are drawn apart, never added.
    """
    if long.empty:
        return None
    return _money_chart(long, group_title, value_title)


@memo
def _money_chart(long: pd.DataFrame, group_title: str, value_title: str | None) -> Chart:
    statuses = [s for s in long["status"].unique() if s != "shortfall"]
    extra = {_("Manque à financer"): SHORTFALL_COLOUR} if (long["status"] == "shortfall").any() else {}
    colour = vega.channel("series", "nominal", title=None, scale=_scale(status_scale(statuses, extra)))
    order = list(long.groupby("group")["hi"].max().sort_values(ascending=False).index)
    top = float(long["hi"].max() or 1)
    x_scale = {"domain": [0, top * 1.35], "nice": False}
    base = {
        "y": vega.channel("group", "nominal", title=None, sort=order, axis={"labelLimit": 440}),
        "yOffset": vega.channel("series", "nominal"),
        "tooltip": [
            vega.channel("group", "nominal", title=group_title),
            vega.channel("series", "nominal", title=_("Statut")),
            vega.channel("text", "nominal", title=_("Montant")),
        ],
    }
    x = vega.channel("lo", "quantitative", title=value_title or _("Millions d'euros"), scale=x_scale, axis={"format": ",.1~f", "tickCount": 8})
    is_range = ["(datum.hi > datum.lo)"]
    layers = [
        vega.unit(vega.mark("bar", height={"band": 0.9}), {**base, "x": x, "color": colour}, transform=[{"filter": "(datum.status !== 'shortfall')"}]),
        vega.unit(
            vega.mark("bar", height={"band": 0.9}, fillOpacity=0.18, strokeWidth=2.5, strokeDash=[6, 3]),
            {**base, "x": vega.channel("lo", "quantitative"), "color": colour, "stroke": colour},
            transform=[{"filter": "(datum.status === 'shortfall')"}],
        ),
        vega.unit(
            vega.mark("rule", strokeWidth=3, color="#222222"),
            {**base, "x": vega.channel("lo", "quantitative"), "x2": {"field": "hi"}},
            transform=[{"filter": f} for f in is_range],
        ),
        vega.unit(
            vega.mark("tick", color="#222222", thickness=3, size=16),
            {**base, "x": vega.channel("hi", "quantitative")},
            transform=[{"filter": f} for f in is_range],
        ),
        vega.unit(
            vega.mark("text", align="left", dx=6, fontSize=FONT_SIZE, color="#222222"),
            {**base, "x": vega.channel("hi", "quantitative"), "text": vega.channel("text", "nominal")},
        ),
    ]
    rows = long["group"].nunique() * max(1, long.groupby("group")["series"].nunique().max())
    return spec_of(vega.layered(layers, data=long, height=max(120, 34 * int(rows) + 20), lang=lang()))


def bar_chart(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    text: str,
    category_title: str | None = None,
    value_title: str = "",
    colour: str | None = None,
    colour_scale: Scale | None = None,
    value_format: str = ",.0f",
    domain_max: float | None = None,
    cap: float | None = None,
    rule_at: float | None = None,
    rule_label: str | None = None,
    horizontal: bool = True,
    sort: Sequence | str | None = None,
    height: int | None = None,
    tooltip: Sequence[tuple[str, str]] | None = None,
    offset: str | None = None,
    label_limit: int = 440,
) -> Chart:
    """Bars with their formatted value printed beside them; missing values print « inconnu ».

    `cap`: the value axis ends exactly there (100 for a rate); `domain_max` only widens it. A
    format without decimals (",.0f") puts ticks on whole numbers.

    `label_limit`: category labels longer than this (px) end with « … » (the tooltip has them whole).
    `offset`: a column whose values get a bar each within a category (realised beside announced),
    never stacked. `colour_scale`: from `status_scale` or `group_scale`. `tooltip`: (shorthand,
    title) pairs such as ("cat:N", "Promotions").
    """
    fields = [category, value, text, colour, offset] + [shorthand.split(":")[0] for shorthand, _ in tooltip or ()]
    frame = frame[list(dict.fromkeys(f for f in fields if f and f in frame.columns))]  # only what the chart shows: the cache key
    options = {
        "category": category,
        "value": value,
        "text": text,
        "category_title": category_title,
        "value_title": value_title,
        "colour": colour,
        "colour_scale": colour_scale,
        "value_format": value_format,
        "domain_max": domain_max,
        "cap": cap,
        "rule_at": rule_at,
        "rule_label": rule_label,
        "horizontal": horizontal,
        "sort": list(sort) if isinstance(sort, Sequence) and not isinstance(sort, str) else sort,
        "height": height,
        "tooltip": tuple(tuple(tip) for tip in tooltip) if tooltip else None,
        "offset": offset,
        "label_limit": label_limit,
    }
    return _bar_chart(frame, **options)


def whole_ticks(value_format: str, top: float, most: int = 6) -> dict:
    """Counts (a format without decimals) get ticks at whole numbers only, never « 0, 0, 1, 1 »."""
    if not value_format.endswith((".0f", "d")):
        return {}
    step = next(m * 10**e for e in range(16) for m in (1, 2, 5) if top / (m * 10**e) <= most - 1)
    return {"values": list(range(0, int(top) + 1, step))}


@memo
def _bar_chart(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    text: str,
    category_title: str | None,
    value_title: str,
    colour: str | None,
    colour_scale: Scale | None,
    value_format: str,
    domain_max: float | None,
    cap: float | None,
    rule_at: float | None,
    rule_label: str | None,
    horizontal: bool,
    sort: list | str | None,
    height: int | None,
    tooltip: tuple[tuple[str, str], ...] | None,
    offset: str | None,
    label_limit: int,
) -> Chart:
    frame = frame.copy()
    known = frame[value].notna()
    top = float(frame.loc[known, value].max()) if known.any() else 1.0
    top = max(top, rule_at or 0, domain_max or 0) or 1.0
    scale = {"domain": [0, top * (1.3 if horizontal else 1.2)], "nice": False}
    if cap is not None:  # a rate: the axis stops at 100 %, the labels sit beside the bars
        scale = {"domain": [0, cap], "nice": False, "clamp": True}
    axis = {"format": value_format, "tickCount": 6, **whole_ticks(value_format, scale["domain"][1])}
    frame["_pos"] = frame[value].fillna(0)
    cat_ch, val_ch = ("y", "x") if horizontal else ("x", "y")
    base: dict = {
        cat_ch: vega.channel(category, "nominal", title=category_title, sort=sort, axis={"labelLimit": label_limit, "labelAngle": 0}),
        "tooltip": [_tip(shorthand, title) for shorthand, title in tooltip]
        if tooltip
        else [vega.channel(category, "nominal", title=category_title or ""), vega.channel(text, "nominal", title=value_title or "")],
    }
    if offset:
        base[f"{cat_ch}Offset"] = vega.channel(offset, "nominal")
    colour_enc = {"color": vega.channel(colour, "nominal", title=None, scale=_scale(colour_scale) if colour_scale else {"range": OKABE_ITO})} if colour else {}
    bars = vega.unit(
        vega.mark("bar", color=OKABE_ITO[0]),
        {**base, val_ch: vega.channel(value, "quantitative", title=value_title, scale=scale, axis=axis), **colour_enc},
        transform=[{"filter": {"field": value, "valid": True}}],  # no bar for an unknown value
    )
    text_props = {"align": "left", "dx": 6, "baseline": "middle"} if horizontal else {"align": "center", "dy": -10, "baseline": "bottom"}
    labels = vega.unit(
        vega.mark("text", fontSize=FONT_SIZE, color="#222222", **text_props),
        {**base, val_ch: vega.channel("_pos", "quantitative", scale=scale), "text": vega.channel(text, "nominal")},
    )
    layers = [bars, labels]
    extra = None
    if rule_at is not None:
        rule_name, rule_rows = vega.dataset(pd.DataFrame({"v": [rule_at], "label": [rule_label or ""]}))
        extra = {rule_name: rule_rows}
        rule_text_props = {"align": "left", "dx": 4, "dy": -6, "baseline": "bottom"} if horizontal else {"align": "right", "dy": -6}
        layers += [
            vega.unit(
                vega.mark("rule", color=SHORTFALL_COLOUR, strokeDash=[8, 4], strokeWidth=2.5),
                {val_ch: vega.channel("v", "quantitative", scale=scale)},
                data=rule_name,
            ),
            vega.unit(
                vega.mark("text", color=SHORTFALL_COLOUR, fontSize=FONT_SIZE, **rule_text_props),
                {val_ch: vega.channel("v", "quantitative", scale=scale), "text": vega.channel("label", "nominal"), cat_ch: {"value": 0}},
                data=rule_name,
            ),
        ]
    n = frame[category].nunique() * (max(1, frame.groupby(category)[offset].nunique().max()) if offset else 1)
    chart_height = (height or max(110, 44 * int(n) + 30)) if horizontal else (height or 300)
    return spec_of(vega.layered(layers, data=frame, height=chart_height, lang=lang(), extra=extra))


_TYPES = {"N": "nominal", "Q": "quantitative", "O": "ordinal", "T": "temporal"}


def _tip(shorthand: str, title: str) -> dict:
    """A tooltip from Altair's shorthand ("name:N")."""
    field, _, kind = shorthand.partition(":")
    return vega.channel(field, _TYPES.get(kind or "N", "nominal"), title=title)


@memo
def money_long(frame: pd.DataFrame, group_labels: pd.Series) -> pd.DataFrame:
    """`budget_breakdown(by=(group, 'fact_status'))` rows of ONE period kind as rows to draw: one per counted amount, one per shortfall.

    Column-wise: counted amounts first, then shortfalls, each in the frame's order (a group's
    shortfall follows its amounts once the chart sorts the groups).
    """
    from dashboard import tables

    columns = ["group", "series", "status", "lo", "hi", "text", "lines"]
    groups = pd.Series(list(group_labels), index=frame.index)
    per_year = frame["amount_period"].eq("per_year") if "amount_period" in frame else pd.Series(False, index=frame.index)
    suffix = per_year.map({True: tr(lang(), "/an"), False: ""})
    got = frame["amount_min"].notna()
    amounts = pd.DataFrame(
        {
            "group": groups[got],
            "series": tables.each(status_text, frame.loc[got, "fact_status"]),
            "status": frame.loc[got, "fact_status"],
            "lo": frame.loc[got, "amount_min"] / 1e6,
            "hi": frame.loc[got, "amount_max"] / 1e6,
            "text": [m + x for m, x in zip(tables.each(tables.money, frame.loc[got, "amount_min"], frame.loc[got, "amount_max"]), suffix[got], strict=True)],
            "lines": frame.loc[got, "lines"].astype(int),
        },
        columns=columns,
    )
    short = frame["shortfall"].notna()
    gaps = pd.DataFrame(
        {
            "group": groups[short],
            "series": _("Manque à financer"),
            "status": "shortfall",
            "lo": frame.loc[short, "shortfall"] / 1e6,
            "hi": frame.loc[short, "shortfall"] / 1e6,
            "text": tables.each(tables.money, frame.loc[short, "shortfall"]),
            "lines": 0,
        },
        columns=columns,
    )
    # one row per amount, then its shortfall, in the frame's order (as the row-by-row loop did)
    position = pd.Series(range(len(frame)), index=frame.index)
    both = pd.concat([amounts.assign(_o=position[got], _k=0), gaps.assign(_o=position[short], _k=1)])
    return both.sort_values(["_o", "_k"], kind="stable").drop(columns=["_o", "_k"]).reset_index(drop=True)
