"""Vue d'ensemble: key-figure cards with status and source, coverage, a small map, what changed over the period."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campus_metrics.figures.cards import Card
from campus_metrics.filters import Filters
from dashboard import charts, data, downloads, figure_cards, filters, key_figures_table, map_legend, maps, sources, tables, ui
from dashboard.cache import memo
from dashboard.i18n import _, lang


def key_figures_data(f: Filters, drawn: list[Card]) -> None:
    """The cards' figures as a table, with CSV and Excel downloads that hold numbers."""
    words = sources.titles([s for c in drawn for s in c.source_ids])
    shown, numbers = key_figures_table.frames(list(data.figures(f).values()), drawn, f.period_text(lang()), words)
    downloads.data_expander(shown, export_frame=numbers, name=_("chiffres-cles"))


def coverage(f) -> None:
    cov = data.query("coverage", f)
    if cov.empty:
        return
    with st.container(border=True):
        st.caption(":material/fact_check: " + _("Couverture des données"))
        for sentence in ui.coverage_sentences(cov):
            st.caption("• " + ui.safe(sentence))
        sources.source_line(list(cov["source_id"]), "announced")


def small_map(f) -> None:
    st.header(_("Sites par département"), anchor=False)  # h2 under the page h1 (heading order)
    deck, legend, _zoom, _view = maps.deck(f, "sites", maps.zone_for(f), small=True)
    st.pydeck_chart(deck, height=430)
    map_legend.legends(legend, map_legend.legend_title(f, "sites"), points=False)
    st.caption(_("Carte détaillée : page « Carte »."))


@memo
def _year_views(ys: pd.DataFrame, group: str) -> tuple[list[tuple[str, charts.Chart]], pd.DataFrame]:
    """(title, chart) of sites, learners and money by year, and their table: built once per series, status group and language."""
    ys = ys.reindex(columns=list(dict.fromkeys([*ys.columns, "learners", "money_min", "money_max"])))  # no status group: no learners or money
    frame = ys.assign(
        year_label=ys["year"].astype(int).astype(str),
        money_m=pd.to_numeric(ys["money_min"], errors="coerce") / 1e6,
        sites_text=tables.each(tables.num, ys["sites_opened"]),
        learners_text=tables.each(tables.num, ys["learners"]),
        money_text=tables.each(tables.money, ys["money_min"], ys["money_max"]),
    )
    order = list(frame["year_label"])
    views = [
        (title, charts.bar_chart(frame, category="year_label", value=value, text=text, horizontal=False, height=140, value_format=fmt, sort=order))
        for value, text, title, fmt in (
            ("sites_opened", "sites_text", _("Sites ouverts"), ",.0f"),
            ("learners", "learners_text", f"{_('Apprenants entrés en formation')} — {group}", ",.0f"),
            ("money_m", "money_text", f"{_('Montants engagés (M€)')} — {group}", ",.1~f"),
        )
    ]
    table = frame[["year_label", "sites_text", "learners_text", "money_text"]].rename(
        columns={
            "year_label": _("Année"),
            "sites_text": _("Sites ouverts"),
            "learners_text": f"{_('Apprenants entrés en formation')} ({group})",
            "money_text": f"{_('Montants engagés')} ({group})",
        }
    )
    return views, table


def what_changed(f) -> None:
    st.header(_("Ce qui a changé sur la période"), anchor=False)
    ys = data.query("year_series", f)
    if ys.empty:
        ui.empty()
        return
    views, table = _year_views(ys, ui.group_words(f))
    for title, chart in views:
        st.markdown(f"**{title}**")  # interface words only
        charts.draw(chart)
    ui.one_group_note(f)
    used = data.query("sources_for", f)
    named = " ; ".join(sources.titles(used["id"]).values())
    downloads.data_expander(table, export_frame=tables.year_series_export(ys, ui.group_label(f), named), name=_("evolution-par-annee"))
    sources.source_line(list(used["id"]), sources.frame_status(used, "status"))


def main() -> None:
    f = filters.current()
    ui.page_header("page_overview", f)
    key_figures_data(f, figure_cards.draw_all(f))
    coverage(f)
    left, right = st.columns([1.25, 1], gap="large")
    with left:
        small_map(f)
    with right:
        what_changed(f)


main()
