"""Sources et données: every source with its quotes, coverage, context figures, downloads, geography attribution."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from campus_metrics import formatting, geo
from dashboard import data, export, filters, sources, tables, ui
from dashboard.cache import memo
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
    "cohorts": ("Promotions", "Cohorts"),
    "funding": ("Financements", "Funding"),
    "outcomes": ("Résultats", "Outcomes"),
    "indicators": ("Chiffres de contexte", "Context figures"),
}


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if lang() == "en" else pair[0]


@memo
def _quote_tables(used: pd.DataFrame, quotes: pd.DataFrame) -> list[pd.DataFrame]:
    """The quotes of each source of the view, as shown under it (topic, status, quote)."""
    topics = tables.each(lambda x: _pick(TOPICS.get(x, (x, x))), quotes["topic"])
    statuses = tables.each(status_text, quotes["fact_status"])
    shown = pd.DataFrame({"": topics, t("status_label"): statuses, "Citation" if lang() == "fr" else "Quote": quotes["quote"]}, index=quotes.index)
    return [shown[quotes["source_id"] == source_id] for source_id in used["id"]]


def source_block(r: pd.Series, mine: pd.DataFrame) -> None:
    head = f"{sources.describe(r['id'])} — {t('facts', n=tables.num(r['facts']))} — {status_text(r['status'])}"
    with st.expander(ui.safe(head), icon=":material/article:"):
        if tables.text(r["author"]):
            st.caption(ui.safe(f"{t('author')}{t('colon')}{r['author']}"))
        st.caption(ui.safe(f"{t('licence')}{t('colon')}{tables.text(r['licence']) or t('unknown')}"))
        if tables.text(r["url"]):
            st.text(f"URL{t('colon')}{r['url']}")  # plain text: never a link the data chose
        st.markdown(f"**{t('quotes', n=len(mine))}**")  # interface words and a count only
        st.dataframe(mine, hide_index=True, width="stretch")


@memo
def _context_table(ind: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "": ind["label"],
            "Valeur" if lang() == "fr" else "Value": tables.each(lambda v, u: formatting.value(v, u, lang()), ind["value"], ind["unit"]),
            t("year"): tables.each(tables.years, ind["year"]),
            t("status_label"): tables.each(status_text, ind["fact_status"]),
            t("source"): tables.each(tables.src, ind["source_title"], ind["source_date"], ind["source_precision"]),
        }
    )


def context(f) -> None:
    ind = data.query("indicators", f)
    st.subheader(t("context_indicators"), anchor=False)
    if ind.empty:
        ui.empty()
        return
    st.dataframe(_context_table(ind), hide_index=True, width="stretch")


@memo
def _sources_table(every: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("title"): every["title"],
            t("publisher"): every["publisher"].fillna(t("unknown")),
            t("date"): tables.each(sources.source_date, every["published_on"], every["date_precision"]),
            t("licence"): every["licence"].fillna(t("unknown")),
        }
    )


def _table_bytes(f, choice: str | None, fmt: str) -> bytes:
    """Built when the button is clicked: the detail tables run to 100 000 rows each at national volume."""
    frames = data.query("filtered_tables", f)
    return export.csv_bytes(frames[choice]) if fmt == "csv" else export.xlsx_bytes(frames)


def downloads(f) -> None:
    st.subheader(t("download"), anchor=False)
    left, mid, right = st.columns([1.2, 1.4, 1.4], vertical_alignment="bottom")
    choice = left.selectbox(t("download_table"), list(TABLES), format_func=lambda k: _pick(TABLES[k]))
    mid.download_button(
        t("download_csv"),
        data=partial(_table_bytes, f, choice, "csv"),
        file_name=f"campus_metrics_{_pick(TABLES[choice]).lower().replace(' ', '_')}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        t("download_xlsx"),
        data=partial(_table_bytes, f, None, "xlsx"),
        file_name="campus_metrics.xlsx",
        mime=export.XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
    )


def main() -> None:
    f = filters.current()
    ui.page_header("page_sources", f)
    st.subheader(t("sources_of_view"), anchor=False)
    used = data.query("sources_for", f)
    if used.empty:
        ui.empty()
    quoted = _quote_tables(used, data.query("quotes", f)) if not used.empty else []
    for (_, r), mine in zip(used.iterrows(), quoted, strict=True):
        source_block(r, mine)
    cov = data.query("coverage", f)
    if not cov.empty:
        st.subheader(t("coverage"), anchor=False)
        for sentence in ui.coverage_sentences(cov):
            st.caption("• " + ui.safe(sentence))
    context(f)
    downloads(f)
    st.subheader(t("all_sources"), anchor=False)
    st.dataframe(_sources_table(data.all_sources()), hide_index=True, width="stretch")
    st.subheader(t("geo_attribution"), anchor=False)
    st.caption(ui.safe(geo.ATTRIBUTION_FR if lang() == "fr" else geo.ATTRIBUTION_EN))


main()
