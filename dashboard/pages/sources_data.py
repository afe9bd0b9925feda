"""Sources et données: every source with its quotes, coverage, context figures, downloads, geography attribution."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from campus_metrics import formatting, geo
from dashboard import data, export, filters, sources, tables, ui
from dashboard.i18n import lang, status_text, t

TOPICS = {
    "sites": ("Site", "Site"),
    "cohorts": ("Promotion", "Cohort"),
    "funding": ("Financement", "Funding"),
    "outcomes": ("Résultat", "Outcome"),
    "indicators": ("Contexte", "Context"),
}
TABLES = {
    "sites": ("Sites", "Sites"),
    "promotions": ("Promotions", "Cohorts"),
    "financements": ("Financements", "Funding"),
    "resultats": ("Résultats", "Outcomes"),
    "contexte": ("Chiffres de contexte", "Context figures"),
}


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if lang() == "en" else pair[0]


def source_block(r: pd.Series, quotes: pd.DataFrame) -> None:
    head = f"{sources.describe(r['id'])} — {t('facts', n=tables.num(r['facts']))} — {status_text(r['status'])}"
    mine = quotes[quotes["source_id"] == r["id"]]
    with st.expander(head, icon=":material/article:"):
        if tables.text(r["author"]):
            st.markdown(f"**{t('author')} :** {ui.safe(r['author'])}")
        st.markdown(f"**{t('licence')} :** {ui.safe(tables.text(r['licence']) or t('unknown'))}")
        if tables.text(r["url"]):
            st.markdown(f"**URL :** `{r['url']}`")
        st.markdown(f"**{t('quotes', n=len(mine))}**")
        st.dataframe(
            pd.DataFrame(
                {
                    "": mine["topic"].map(lambda x: _pick(TOPICS.get(x, (x, x)))),
                    t("status_label"): mine["fact_status"].map(status_text),
                    "Citation" if lang() == "fr" else "Quote": mine["quote"],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def context(f) -> None:
    ind = data.indicators(f)
    st.subheader(t("context_indicators"), anchor=False)
    if ind.empty:
        ui.empty()
        return
    frame = pd.DataFrame(
        {
            "": ind["label"],
            "Valeur" if lang() == "fr" else "Value": [formatting.value(v, u, lang()) for v, u in zip(ind["value"], ind["unit"], strict=True)],
            t("year"): ind["year"].map(tables.years),
            t("status_label"): ind["fact_status"].map(status_text),
            t("source"): [tables.src(a, b, c) for a, b, c in zip(ind["source_title"], ind["source_date"], ind["source_precision"], strict=True)],
        }
    )
    st.dataframe(frame, hide_index=True, width="stretch")


def downloads(f) -> None:
    st.subheader(t("download"), anchor=False)
    frames = data.filtered_tables(f)
    left, mid, right = st.columns([1.2, 1.4, 1.4], vertical_alignment="bottom")
    choice = left.selectbox(t("download_table"), list(frames), format_func=lambda k: f"{_pick(TABLES.get(k, (k, k)))} ({tables.num(len(frames[k]))})")
    mid.download_button(
        t("download_csv"),
        data=partial(export.csv_bytes, frames[choice]),
        file_name=f"campus_metrics_{choice}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        t("download_xlsx"),
        data=partial(export.xlsx_bytes, frames),
        file_name="campus_metrics.xlsx",
        mime=export.XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
    )


def main() -> None:
    f = filters.current()
    ui.page_header("page_sources", f)
    st.subheader(t("sources_of_view"), anchor=False)
    used = data.sources_for(f)
    if used.empty:
        ui.empty()
    quotes = data.quotes(f)
    for _, r in used.iterrows():
        source_block(r, quotes)
    cov = data.coverage(f)
    if not cov.empty:
        st.subheader(t("coverage"), anchor=False)
        for _, r in cov.iterrows():
            st.markdown(f"- {ui.safe(r['sentence'])}")
    context(f)
    downloads(f)
    st.subheader(t("all_sources"), anchor=False)
    every = data.all_sources()
    st.dataframe(
        pd.DataFrame(
            {
                t("title"): every["title"],
                t("publisher"): every["publisher"].fillna(t("unknown")),
                t("date"): [sources.source_date(d, p) for d, p in zip(every["published_on"], every["date_precision"], strict=True)],
                t("licence"): every["licence"].fillna(t("unknown")),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.subheader(t("geo_attribution"), anchor=False)
    st.caption(ui.safe(geo.ATTRIBUTION_FR if lang() == "fr" else geo.ATTRIBUTION_EN))


main()
