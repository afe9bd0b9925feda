"""Territories side by side (comparison page and presentation mode), from `queries.compare_territories`.

Sites, learners and money come per status group: realised and announced are separate bars in
their own colours and separate table columns, never a sum of both; each chart's description says
which colour is which. One-off and yearly amounts are separate measures. Note codes become words
here. `export_table` is the same comparison as numbers, for the CSV and Excel downloads.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from campus_metrics.enums import STATUS_GROUP
from campus_metrics.filters import Filters
from campus_metrics.queries import source_id_list
from campus_metrics.text import tr
from dashboard import charts, sources, tables, vega
from dashboard.cache import memo
from dashboard.i18n import _, lang, status_text, t
from dashboard.ui import safe

PANEL_WIDTH = 440
# (measure, title key, column (with {g} for a status group, None: one value for all), divisor, digits)
RAW = (
    ("sites", "c_sites", "sites_{g}", 1),
    ("learners", "c_learners", "learners_{g}", 1),
    ("money", "c_money", "money_{g}_min", 1e6),
    ("money_per_year", "c_money_per_year", "money_per_year_{g}_min", 1e6),
)
PER_CAPITA = (
    ("sites_per_million", "c_sites_per_million", "sites_per_million_{g}", 1),
    ("learners_per_100k", "c_learners_per_100k", "learners_per_100k_{g}", 1),
    ("money_per_inhabitant", "c_money_per_inhabitant", "money_per_inhabitant_{g}", 1),
    ("money_per_year_per_inhabitant", "c_money_per_year_per_inhabitant", "money_per_year_per_inhabitant_{g}", 1),
)
NOTES = {"no_data": "note_no_data", "unallocated": "note_unallocated"}


def _groups(f: Filters) -> list[str]:
    return [g.value for g in f.groups]


def _col(ct: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(ct[name], errors="coerce") if name in ct else pd.Series(float("nan"), index=ct.index)


def value_text(measure: str, ct: pd.DataFrame, column: str) -> pd.Series:
    """The printed value of one measure for each territory (ranges for money)."""
    v = _col(ct, column)
    if measure in ("money", "money_per_year"):
        hi = _col(ct, column.replace("_min", "_max"))
        suffix = tr(lang(), "/an") if measure == "money_per_year" else ""
        return pd.Series([tables.money(a, b) + (suffix if pd.notna(a) else "") for a, b in zip(v, hi, strict=True)], index=ct.index)
    if measure in ("money_per_inhabitant", "money_per_year_per_inhabitant"):
        return v.map(lambda x: tables.num(x, 2))  # the chart title says « Euros par habitant »
    return v.map(lambda x: tables.num(x, 1 if measure in ("sites_per_million", "learners_per_100k") else 0))


def long_frame(ct: pd.DataFrame, f: Filters, measure: str, column: str, scale: float) -> pd.DataFrame:
    """One row per territory (and status group, for the measures that have one)."""
    if "{g}" not in column:
        return pd.DataFrame({"name": ct["name"], "v": _col(ct, column) / scale, "txt": value_text(measure, ct, column), "group": None})
    parts = []
    for g in _groups(f):
        c = column.format(g=g)
        parts.append(pd.DataFrame({"name": ct["name"], "v": _col(ct, c) / scale, "txt": value_text(measure, ct, c), "group": g}))
    out = pd.concat(parts, ignore_index=True)
    out["series"] = out["group"].map(charts.group_text)
    return out


def _has_values(ct: pd.DataFrame, f: Filters, column: str) -> bool:
    cols = [column.format(g=g) for g in _groups(f)] if "{g}" in column else [column]
    return any(_col(ct, c).notna().any() for c in cols)


def description(key: str, f: Filters) -> str:
    """The chart's text alternative: what it shows, and which colour is which status group."""
    colours = {
        "realised": _("{status} en bleu", status=charts.group_text("realised")),
        "announced": _("{status} en orange", status=charts.group_text("announced")),
    }
    legend = ", ".join(colours[g] for g in _groups(f))
    if len(f.groups) > 1:
        return _("Graphique : {what}, par territoire — {legend} : barres séparées, jamais additionnées.", what=t(key), legend=legend)
    return _("Graphique : {what}, par territoire — {legend}.", what=t(key), legend=legend)


def _described(chart: charts.Chart, text: str) -> charts.Chart:
    return replace(chart, spec=vega.described(chart.spec, text), wire=vega.described(chart.wire, text))


@memo
def panel_charts(ct: pd.DataFrame, f: Filters, specs: tuple, order: list[str]) -> list[tuple[str, charts.Chart]]:
    """(title key, chart) per measure of a panel, built once per comparison, filters and language.

    Yearly amounts get a chart only when some territory has one."""
    out = []
    for measure, key, column, scale in specs:
        if measure.startswith("money_per_year") and not _has_values(ct, f, column):
            continue
        frame = long_frame(ct, f, measure, column, scale)
        grouped = "{g}" in column
        extra = {"colour": "series", "colour_scale": charts.group_scale(frame["group"]), "offset": "series"} if grouped else {}
        height = 48 * len(frame) + 10 + (30 if grouped else 0)
        chart = charts.bar_chart(frame, category="name", value="v", text="txt", sort=order, value_format=",.1~f", height=height, **extra)
        out.append((key, _described(chart, description(key, f))))
    return out


def panel(ct: pd.DataFrame, f: Filters, specs: tuple, order: list[str]) -> None:
    """One small chart per measure; fixed-width boxes wrap: three a row on a wide screen, one on a projector."""
    row = st.container(horizontal=True, gap="medium")
    for key, chart in panel_charts(ct, f, specs, order):
        with row.container(width=PANEL_WIDTH):
            st.markdown(f"**{t(key)}**")  # interface words only
            charts.draw(chart)


def _with_status(text: pd.Series, status: pd.Series, group: str) -> list[str]:
    """« 2,2 M€ (voté) » when the stored status says more than the group (announced, voted or estimate)."""
    out = []
    for v, s in zip(text, status, strict=True):
        detail = isinstance(s, str) and s != group and v != _("inconnu")
        out.append(f"{v} ({status_text(s).lower()})" if detail else v)
    return out


@memo
def table(ct: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The same numbers as a table: a column per measure and status group, the notes in words."""
    cols: dict[str, object] = {_("Territoire"): list(ct["name"]), _("Population"): list(ct["population"].map(tables.num))}
    for measure, key, column, _unit in RAW + PER_CAPITA:
        if measure.startswith("money_per_year") and not _has_values(ct, f, column):
            continue
        if "{g}" not in column:
            cols[t(key)] = list(value_text(measure, ct, column))
            continue
        for g in _groups(f):
            c = column.format(g=g)
            status_col = c.replace("_min", "") + "_status" if measure in ("learners", "money", "money_per_year") else None
            text = value_text(measure, ct, c)
            if status_col and status_col in ct:
                text = pd.Series(_with_status(text, ct[status_col], g), index=ct.index)
            cols[f"{t(key)} — {charts.group_text(g)}"] = list(text)
    cols[_("Sorties positives")] = [
        f"{tables.pct(v)} ({status_text(s).lower()})" if pd.notna(v) else tables.pct(v)
        for v, s in zip(ct["positive_exit_rate"], ct["positive_exit_rate_status"], strict=True)
    ]
    cols[_("Note")] = list(_notes(ct))
    return pd.DataFrame(cols)


def projector_table(ct: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """`table` turned for a projector: a row per raw measure and status group, a column per territory.

    Two to four territories fit a 1280-px screen this way (a column per measure did not: « Montant
    ponctuel » and the rest were cut at the right edge); the per-inhabitant values stay on the page,
    the notes go below the table (`note_lines`).
    """
    full = table(ct, f)
    raw = [t(key) for _m, key, _c, _u in RAW]
    kept = [c for c in full.columns if c in (_("Population"), _("Sorties positives")) or any(c == r or c.startswith(r + " — ") for r in raw)]
    turned = full.set_index(_("Territoire"))[kept].T
    turned.columns.name = None
    return turned.reset_index(names=_("Mesure"))


def _notes(ct: pd.DataFrame) -> pd.Series:
    """The notes of every territory in words, joined (« ; »), column-wise."""
    coded = ct["note"].map(lambda c: t(NOTES[c]) if c in NOTES else "")
    narrower = ct["positive_exit_scope_narrower"].fillna(False).astype(bool) & ct["positive_exit_rate"].notna()
    scope = narrower.map({True: _("taux de sorties positives mesuré sur une partie du territoire seulement"), False: ""})
    return (coded + " ; " + scope).str.strip(" ;")


def _status_words(status: pd.Series, value: pd.Series) -> list[str]:
    """The stored status in words where there is a value; empty where the value is unknown."""
    return tables.each(lambda s: status_text(s) if isinstance(s, str) and s else "", status.where(value.notna()))


def source_words(ct: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """(source id, « title », date) of every source of the compared territories, for `export_table`."""
    return tuple(sources.titles(source_id_list(",".join(ct["source_ids"].dropna()))).items())


@memo
def export_table(ct: pd.DataFrame, f: Filters, source_words: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """The comparison for a spreadsheet: one row per territory and status group (never added), numbers
    with the unit in the header, statuses in words; an unknown value stays empty, never 0.

    `source_words`: (source id, « title », date) pairs, so the file names its sources as the page does.
    """
    words = dict(source_words)
    yearly = _has_values(ct, f, "money_per_year_{g}_min")
    rate_group = ct["positive_exit_rate_status"].map({k: v.value for k, v in STATUS_GROUP.items()}).fillna(_groups(f)[0] if f.groups else "")
    common = {
        _("Territoire"): ct["name"],
        _("Code"): ct["code"],
        _("Période"): f.period_text(lang()),
        _("Population"): pd.to_numeric(ct["population"], errors="coerce").astype("Int64"),
    }
    parts = []
    for g in _groups(f):
        rate = _col(ct, "positive_exit_rate").where(rate_group == g)
        cols = {
            **common,
            _("Statut"): charts.group_text(g),
            t("c_sites"): _col(ct, f"sites_{g}").astype("Int64"),
            t("c_sites_per_million"): _col(ct, f"sites_per_million_{g}"),
            t("c_learners"): _col(ct, f"learners_{g}"),
            _("Statut des apprenants"): _status_words(ct[f"learners_{g}_status"], _col(ct, f"learners_{g}")),
            t("c_learners_per_100k"): _col(ct, f"learners_per_100k_{g}"),
            _("Montant ponctuel min (€)"): _col(ct, f"money_{g}_min"),
            _("Montant ponctuel max (€)"): _col(ct, f"money_{g}_max"),
            _("Statut du montant ponctuel"): _status_words(ct[f"money_{g}_status"], _col(ct, f"money_{g}_min")),
            t("c_money_per_inhabitant"): _col(ct, f"money_per_inhabitant_{g}"),
        }
        if yearly:
            cols |= {
                _("Montant annuel min (€/an)"): _col(ct, f"money_per_year_{g}_min"),
                _("Montant annuel max (€/an)"): _col(ct, f"money_per_year_{g}_max"),
                _("Statut du montant annuel"): _status_words(ct[f"money_per_year_{g}_status"], _col(ct, f"money_per_year_{g}_min")),
                t("c_money_per_year_per_inhabitant"): _col(ct, f"money_per_year_per_inhabitant_{g}"),
            }
        cols |= {
            _("Taux de sorties positives (%)"): rate,
            _("Statut du taux de sorties positives"): _status_words(ct["positive_exit_rate_status"], rate),
            _("Note"): _notes(ct),
            _("Sources"): tables.each(lambda ids: " ; ".join(words.get(i, i) for i in source_id_list(ids)), ct["source_ids"]),
        }
        parts.append(pd.DataFrame(cols))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(common))


def note_lines(ct: pd.DataFrame) -> list[str]:
    """One line per distinct note, naming the territories it concerns (the same note for two
    territories is said once), column-wise."""
    named = pd.DataFrame({"name": ct["name"].astype(str), "note": _notes(ct)})
    grouped = named[named["note"] != ""].groupby("note", sort=False)["name"].agg(", ".join)
    return [names + _(" : ") + note for note, names in grouped.items()]


def notes(ct: pd.DataFrame) -> None:
    """The note codes of the compared territories, in words, one caption per distinct note."""
    for line in note_lines(ct):
        st.caption(":material/info: " + safe(line))
