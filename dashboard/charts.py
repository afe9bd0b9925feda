"""Altair charts: Okabe-Ito colours, French number locale, a « Voir les données » table and a source line each.

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

import altair as alt
import pandas as pd
import streamlit as st

from campus_metrics.figures.words import w
from dashboard import sources
from dashboard.cache import digest, fingerprint, memo
from dashboard.i18n import lang, status_text, t
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
FONT_SIZE = 15

LOCALE_FR = {"number": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0€"]}}
LOCALE_EN = {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]}}


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


def finish(chart: alt.TopLevelMixin, lang: str = "fr") -> alt.TopLevelMixin:
    """Projection-friendly sizes and the French number locale."""
    chart = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))  # width follows the page, height is the plot's
    return (
        chart.configure(locale=LOCALE_FR if lang == "fr" else LOCALE_EN, font="sans-serif")
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=440, titleFontWeight="normal")
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=420, orient="bottom", columns=3)
        .configure_view(stroke=None)
    )


def spec_of(chart: alt.TopLevelMixin) -> Chart:
    """The chart as a Vega-Lite dict, serialised once without re-validating it against the schema.

    `st.altair_chart` validates every spec with jsonschema on every rerun; our charts are built by
    this module and rendered by every AppTest and browser test, so the spec is serialised once,
    unvalidated, with our small aggregated data inline (the builders cache it).
    """
    from streamlit import dataframe_util  # what st.vega_lite_chart applies to inline datasets on every call

    spec = chart.to_dict(validate=False)
    view = spec.get("config", {}).get("view", {})
    for key in ("continuousWidth", "continuousHeight"):  # Altair's default theme; Streamlit sizes the chart
        view.pop(key, None)
    wire = spec
    if spec.get("datasets"):
        wire = {**spec, "datasets": {name: dataframe_util.convert_anything_to_arrow_bytes(rows) for name, rows in spec["datasets"].items()}}
    return Chart(spec, wire, digest(json.dumps(spec, sort_keys=True, default=str).encode(), 6))


def show(chart: Chart | None, table: pd.DataFrame | None, *, source_ids=None, status=None, empty_key: str = "no_data") -> None:
    """The chart, then « Voir les données » (the same numbers as a table), then its source line."""
    if chart is None or table is None or table.empty:
        empty(empty_key)
        return
    render(chart)
    data_expander(table, chart)
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
    return {**spec, "config": config, "description": t("chart_alt", what=" — ".join(words) if words else t("chart_alt_none"))}


def _png(spec: dict) -> bytes:
    """The chart as a PNG, rendered only when its download button is clicked (vl-convert, offline)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png({**spec, "width": 900}, scale=2)


def data_expander(table: pd.DataFrame, chart: Chart | None = None) -> None:
    """« Voir les données »: the table, with CSV (French Excel), Excel and PNG downloads, each built on click.

    The buttons' keys come from the chart's spec (its data included) and the table's columns, or
    from the table's content when there is no chart: the same widgets on every rerun with the same
    filters (two identical charts with identical tables on one page would be a page bug).
    """
    from dashboard import export

    with st.expander(t("see_data"), icon=":material/table:"):
        st.dataframe(table, hide_index=True, width="stretch")
        row = st.container(horizontal=True, gap="small")
        # the chart's digest covers its data; a table alone is read (small: every such table is an aggregate)
        uid = digest(f"{chart.key}{list(table.columns)}".encode() if chart is not None else str(fingerprint(table)).encode(), 5)
        stem = "donnees" if lang() == "fr" else "data"
        row.download_button(
            "CSV",
            data=lambda: export.csv_bytes(table),
            file_name=f"{stem}.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=f"dl_csv_{uid}",
        )
        row.download_button(
            "Excel",
            data=lambda: export.xlsx_bytes({stem: table}),
            file_name=f"{stem}.xlsx",
            mime=export.XLSX_MIME,
            icon=":material/download:",
            on_click="ignore",
            key=f"dl_xlsx_{uid}",
        )
        if chart is not None:
            spec = chart.spec
            row.download_button(
                "PNG",
                data=lambda: _png(spec),
                file_name=f"{'graphique' if lang() == 'fr' else 'chart'}.png",
                mime="image/png",
                icon=":material/image:",
                on_click="ignore",
                key=f"dl_png_{uid}",
            )


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


def _scale(scale: Scale) -> alt.Scale:
    return alt.Scale(domain=list(scale[0]), range=list(scale[1]))


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
    extra = {t("shortfall"): SHORTFALL_COLOUR} if (long["status"] == "shortfall").any() else {}
    colour = alt.Color("series:N", title=None, scale=_scale(status_scale(statuses, extra)))
    order = list(long.groupby("group")["hi"].max().sort_values(ascending=False).index)
    top = float(long["hi"].max() or 1)
    x_scale = alt.Scale(domain=[0, top * 1.35], nice=False)
    base = alt.Chart(long).encode(
        y=alt.Y("group:N", title=None, sort=order, axis=alt.Axis(labelLimit=440)),
        yOffset=alt.YOffset("series:N"),
        tooltip=[alt.Tooltip("group:N", title=group_title), alt.Tooltip("series:N", title=t("status_label")), alt.Tooltip("text:N", title=t("amount"))],
    )
    amounts = (
        base.transform_filter(alt.datum.status != "shortfall")
        .mark_bar(height={"band": 0.9})
        .encode(x=alt.X("lo:Q", title=value_title or t("million_eur"), scale=x_scale, axis=alt.Axis(format=",.1~f", tickCount=8)), color=colour)
    )
    gaps = (
        base.transform_filter(alt.datum.status == "shortfall")
        .mark_bar(height={"band": 0.9}, fillOpacity=0.18, strokeWidth=2.5, strokeDash=[6, 3])
        .encode(x="lo:Q", color=colour, stroke=colour)
    )
    ranges = base.transform_filter(alt.datum.hi > alt.datum.lo).mark_rule(strokeWidth=3, color="#222222").encode(x="lo:Q", x2="hi:Q")
    ends = base.transform_filter(alt.datum.hi > alt.datum.lo).mark_tick(color="#222222", thickness=3, size=16).encode(x="hi:Q")
    labels = base.mark_text(align="left", dx=6, fontSize=FONT_SIZE, color="#222222").encode(x="hi:Q", text="text:N")
    rows = long["group"].nunique() * max(1, long.groupby("group")["series"].nunique().max())
    return spec_of(finish(alt.layer(amounts, gaps, ranges, ends, labels).properties(height=max(120, 34 * rows + 20)), lang()))


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
    rule_at: float | None = None,
    rule_label: str | None = None,
    horizontal: bool = True,
    sort: Sequence | str | None = None,
    height: int | None = None,
    tooltip: Sequence[tuple[str, str]] | None = None,
    offset: str | None = None,
) -> Chart:
    """Bars with their formatted value printed beside them; missing values print « inconnu ».

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
        "rule_at": rule_at,
        "rule_label": rule_label,
        "horizontal": horizontal,
        "sort": list(sort) if isinstance(sort, Sequence) and not isinstance(sort, str) else sort,
        "height": height,
        "tooltip": tuple(tuple(tip) for tip in tooltip) if tooltip else None,
        "offset": offset,
    }
    return _bar_chart(frame, **options)


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
    rule_at: float | None,
    rule_label: str | None,
    horizontal: bool,
    sort: list | str | None,
    height: int | None,
    tooltip: tuple[tuple[str, str], ...] | None,
    offset: str | None,
) -> Chart:
    frame = frame.copy()
    known = frame[value].notna()
    top = float(frame.loc[known, value].max()) if known.any() else 1.0
    top = max(top, rule_at or 0, domain_max or 0) or 1.0
    scale = alt.Scale(domain=[0, top * (1.3 if horizontal else 1.2)], nice=False)
    frame["_pos"] = frame[value].fillna(0)
    cat_enc = alt.Y if horizontal else alt.X
    val_enc = alt.X if horizontal else alt.Y
    cat = cat_enc(f"{category}:N", title=category_title, sort=sort, axis=alt.Axis(labelLimit=440, labelAngle=0))
    tips = (
        [alt.Tooltip(shorthand, title=title) for shorthand, title in tooltip]
        if tooltip
        else [alt.Tooltip(f"{category}:N", title=category_title or ""), alt.Tooltip(f"{text}:N", title=value_title or "")]
    )
    base = alt.Chart(frame).encode(cat, tooltip=tips)
    if offset:
        base = base.encode(**({"yOffset": alt.YOffset(f"{offset}:N")} if horizontal else {"xOffset": alt.XOffset(f"{offset}:N")}))
    bar_kwargs = {"color": alt.Color(f"{colour}:N", title=None, scale=_scale(colour_scale) if colour_scale else alt.Scale(range=OKABE_ITO))} if colour else {}
    bars = (
        base.transform_filter(alt.FieldValidPredicate(field=value, valid=True))  # no bar for an unknown value
        .mark_bar(color=OKABE_ITO[0])
        .encode(val_enc(f"{value}:Q", title=value_title, scale=scale, axis=alt.Axis(format=value_format, tickCount=6)), **bar_kwargs)
    )
    text_kwargs = {"align": "left", "dx": 6, "baseline": "middle"} if horizontal else {"align": "center", "dy": -10, "baseline": "bottom"}
    labels = base.mark_text(fontSize=FONT_SIZE, color="#222222", **text_kwargs).encode(val_enc("_pos:Q", scale=scale), text=f"{text}:N")
    layers = [bars, labels]
    if rule_at is not None:
        rule_frame = pd.DataFrame({"v": [rule_at], "label": [rule_label or ""]})
        rule = alt.Chart(rule_frame).mark_rule(color=SHORTFALL_COLOUR, strokeDash=[8, 4], strokeWidth=2.5).encode(val_enc("v:Q", scale=scale))
        rule_text_kwargs = {"align": "left", "dx": 4, "dy": -6, "baseline": "bottom"} if horizontal else {"align": "right", "dy": -6}
        rule_text = (
            alt.Chart(rule_frame)
            .mark_text(color=SHORTFALL_COLOUR, fontSize=FONT_SIZE, **rule_text_kwargs)
            .encode(val_enc("v:Q", scale=scale), text="label:N", **({"y": alt.value(0)} if horizontal else {"x": alt.value(0)}))
        )
        layers += [rule, rule_text]
    n = frame[category].nunique() * (max(1, frame.groupby(category)[offset].nunique().max()) if offset else 1)
    chart = alt.layer(*layers)
    if horizontal:
        chart = chart.properties(height=height or max(110, 44 * n + 30))
    else:
        chart = chart.properties(height=height or 300)
    return spec_of(finish(chart, lang()))


@memo
def money_long(frame: pd.DataFrame, group_labels: pd.Series) -> pd.DataFrame:
    """`budget_breakdown(by=(group, 'fact_status'))` rows of ONE period kind as rows to draw: one per counted amount, one per shortfall."""
    from dashboard import tables

    rows = []
    for (_, r), group in zip(frame.iterrows(), group_labels, strict=True):
        suffix = w("per_year_suffix", lang()) if r.get("amount_period") == "per_year" else ""
        if pd.notna(r["amount_min"]):
            rows.append(
                {
                    "group": group,
                    "series": status_text(r["fact_status"]),
                    "status": r["fact_status"],
                    "lo": r["amount_min"] / 1e6,
                    "hi": r["amount_max"] / 1e6,
                    "text": tables.money(r["amount_min"], r["amount_max"]) + suffix,
                    "lines": int(r["lines"]),
                }
            )
        if pd.notna(r["shortfall"]):
            rows.append(
                {
                    "group": group,
                    "series": t("shortfall"),
                    "status": "shortfall",
                    "lo": r["shortfall"] / 1e6,
                    "hi": r["shortfall"] / 1e6,
                    "text": tables.money(r["shortfall"]),
                    "lines": 0,
                }
            )
    return pd.DataFrame(rows, columns=["group", "series", "status", "lo", "hi", "text", "lines"])
