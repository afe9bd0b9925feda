"""Vue d'ensemble: key figures with status and source, coverage, a small map, what changed over the period."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, filters, maps, sources, tables, ui
from dashboard.i18n import t

METRICS = ("sites", "learners", "money", "cost_per_learner", "positive_exit_rate")
CARD_WIDTH = 240  # five cards on a 1920 px screen, three per row at 1280 px


def figure_text(metric: str, value, value_max) -> str:
    if metric in ("sites", "learners"):
        return tables.num(value)
    if metric == "money":
        return tables.money(value, value_max)
    if metric == "cost_per_learner":
        return tables.money(value, value_max, compact=False)
    text = tables.pct(value)
    return text if value_max is None or value_max != value_max else f"{text} – {tables.pct(value_max)}"


def key_figures(f) -> None:
    kf = data.key_figures(f).set_index("metric")
    numbers = sources.numbering(*kf["source_ids"])
    row = st.container(horizontal=True, gap="small")
    for metric in METRICS:
        r = kf.loc[metric]
        source = sources.source_text(r["source_ids"])
        detail = tables.text(r["detail"])
        with row.container(border=True, width=CARD_WIDTH):
            st.metric(t(f"kf_{metric}"), figure_text(metric, r["value"], r["value_max"]), help=ui.safe(f"{detail}\n\n{source}" if detail else source))
            if metric == "cost_per_learner" and tables.text(r["value"]) == "" and detail:
                st.badge(t("not_calculable"), color="gray")
            else:
                sources.status_badge(r["status"])
            if detail and metric != "sites":
                st.caption(ui.safe(detail))
            if metric == "sites" and not r["value"]:
                st.caption(t("no_named_site"))
            if metric == "money" and tables.text(r.get("shortfall")):
                st.caption(ui.safe(t("shortfall_line", v=tables.money(r["shortfall"]))))
            st.caption(":material/description: " + ui.safe(sources.source_dates(r["source_ids"], numbers)))
    sources.footnotes(numbers)


def coverage(f) -> None:
    cov = data.coverage(f)
    if cov.empty:
        return
    with st.container(border=True):
        st.markdown(f"**{t('coverage')}**")
        for _, r in cov.iterrows():
            st.markdown(f"- {ui.safe(r['sentence'])}")
        sources.source_line(list(cov["source_id"]), "announced")


def small_map(f) -> None:
    st.subheader(t("small_map"), anchor=False)
    deck, legend, _ = maps.deck(f, "sites", maps.zone_for(f), small=True)
    st.pydeck_chart(deck, height=430)
    maps.legends(legend, "sites", points=False)
    st.caption(t("map_full"))


def what_changed(f) -> None:
    st.subheader(t("what_changed"), anchor=False)
    ys = data.year_series(f)
    if ys.empty:
        ui.empty()
        return
    frame = ys.assign(
        year_label=ys["year"].astype(int).astype(str),
        money_m=ys["money_min"] / 1e6,
        sites_text=ys["sites_opened"].map(tables.num),
        learners_text=ys["learners"].map(tables.num),
        money_text=[tables.money(a, b) for a, b in zip(ys["money_min"], ys["money_max"], strict=True)],
    )
    order = list(frame["year_label"])
    for value, text, title, fmt in (
        ("sites_opened", "sites_text", "ys_sites", ",.0f"),
        ("learners", "learners_text", "ys_learners", ",.0f"),
        ("money_m", "money_text", "ys_money", ",.1~f"),
    ):
        st.markdown(f"**{t(title)}**")
        charts.draw(charts.bar_chart(frame, category="year_label", value=value, text=text, horizontal=False, height=140, value_format=fmt, sort=order))
    table = frame[["year_label", "sites_text", "learners_text", "money_text"]].rename(
        columns={"year_label": t("year"), "sites_text": t("ys_sites"), "learners_text": t("ys_learners"), "money_text": t("kf_money")}
    )
    charts.data_expander(table)
    used = data.sources_for(f)
    sources.source_line(list(used["id"]), sources.frame_status(used, "status"))


def main() -> None:
    f = filters.current()
    ui.page_header("page_overview", f)
    key_figures(f)
    coverage(f)
    left, right = st.columns([1.25, 1], gap="large")
    with left:
        small_map(f)
    with right:
        what_changed(f)


main()
