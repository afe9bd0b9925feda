"""Sources et données: every source with its quotes, coverage, context figures, downloads, geography attribution."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from campus_metrics import formatting, geo
from campus_metrics.text import N_
from dashboard import data, export, filters, sources, tables, ui
from dashboard.cache import memo
from dashboard.i18n import _, lang, n_, status_text

TOPICS: dict[str, str] = {
    "sites": N_("Site"),
    "cohorts": N_("Promotion"),
    "funding": N_("Financement"),
    "outcomes": N_("Résultat"),
    "indicators": N_("Contexte"),
}
TABLES: dict[str, str] = {
    "sites": N_("Sites"),
    "cohorts": N_("Promotions"),
    "funding": N_("Financements"),
    "outcomes": N_("Résultats"),
    "indicators": N_("Chiffres de contexte"),
}


def _pick(msgid: str) -> str:
    return _(msgid)


@memo
def _quote_tables(used: pd.DataFrame, quotes: pd.DataFrame) -> list[pd.DataFrame]:
    """The quotes of each source of the view, as shown under it (topic, status, quote)."""
    topics = tables.each(lambda x: _pick(TOPICS.get(x, x)), quotes["topic"])
    statuses = tables.each(status_text, quotes["fact_status"])
    shown = pd.DataFrame({_("Thème"): topics, _("Statut"): statuses, _("Citation"): quotes["quote"]}, index=quotes.index)
    return [shown[quotes["source_id"] == source_id] for source_id in used["id"]]


def source_block(r: pd.Series, mine: pd.DataFrame) -> None:
    head = f"{sources.describe(r['id'])} — {n_('{n} chiffre', '{n} chiffres', int(r['facts']), n=tables.num(r['facts']))} — {status_text(r['status'])}"
    with st.expander(ui.safe(head), icon=":material/article:"):
        if tables.text(r["author"]):
            st.caption(ui.safe(f"{_('Auteur')}{_(' : ')}{r['author']}"))
        st.caption(ui.safe(f"{_('Licence')}{_(' : ')}{tables.text(r['licence']) or _('inconnu')}"))
        if tables.text(r["url"]):
            st.text(f"URL{_(' : ')}{r['url']}")  # plain text: never a link the data chose
        st.markdown(f"**{_('Citations ({n})', n=len(mine))}**")  # interface words and a count only
        st.dataframe(mine, hide_index=True, width="stretch")


@memo
def _context_table(ind: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Chiffre"): ind["label"],
            _("Valeur"): tables.each(lambda v, u: formatting.value(v, u, lang()), ind["value"], ind["unit"]),
            _("Année"): tables.each(tables.years, ind["year"]),
            _("Statut"): tables.each(status_text, ind["fact_status"]),
            _("Source"): tables.each(tables.src, ind["source_title"], ind["source_date"], ind["source_precision"]),
        }
    )


def context(f) -> None:
    ind = data.query("indicators", f)
    st.header(_("Chiffres de contexte"), anchor=False)
    if ind.empty:
        ui.empty()
        return
    st.dataframe(_context_table(ind), hide_index=True, width="stretch")


@memo
def _sources_table(every: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Titre"): every["title"],
            _("Éditeur"): every["publisher"].fillna(_("inconnu")),
            _("Date"): tables.each(sources.source_date, every["published_on"], every["date_precision"]),
            _("Licence"): every["licence"].fillna(_("inconnu")),
        }
    )


def _table_bytes(f, choice: str | None, fmt: str) -> bytes:
    """Built when the button is clicked: the detail tables run to 100 000 rows each at national volume."""
    frames = data.query("filtered_tables", f)
    return export.csv_bytes(frames[choice]) if fmt == "csv" else export.xlsx_bytes(frames)


def downloads(f) -> None:
    st.header(_("Télécharger les données filtrées"), anchor=False)
    left, mid, right = st.columns([1.2, 1.4, 1.4], vertical_alignment="bottom")
    choice = left.selectbox(_("Tableau"), list(TABLES), format_func=lambda k: _pick(TABLES[k]))
    mid.download_button(
        _("CSV (Excel français : « ; », virgule décimale)"),
        data=partial(_table_bytes, f, choice, "csv"),
        file_name=f"campus_metrics_{_pick(TABLES[choice]).lower().replace(' ', '_')}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        _("Classeur Excel (tous les tableaux)"),
        data=partial(_table_bytes, f, None, "xlsx"),
        file_name="campus_metrics.xlsx",
        mime=export.XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
    )


def main() -> None:
    f = filters.current()
    ui.page_header("page_sources", f)
    st.header(_("Sources des chiffres affichés"), anchor=False)  # h2 under the page h1 (heading order)
    used = data.query("sources_for", f)
    if used.empty:
        ui.empty()
    quoted = _quote_tables(used, data.query("quotes", f)) if not used.empty else []
    for (_i, r), mine in zip(used.iterrows(), quoted, strict=True):
        source_block(r, mine)
    cov = data.query("coverage", f)
    if not cov.empty:
        st.header(_("Couverture des données"), anchor=False)
        for sentence in ui.coverage_sentences(cov):
            st.caption("• " + ui.safe(sentence))
    context(f)
    downloads(f)
    st.header(_("Toutes les sources de la base"), anchor=False)
    st.dataframe(_sources_table(data.all_sources()), hide_index=True, width="stretch")
    st.header(_("Géographie"), anchor=False)
    st.caption(ui.safe(_(geo.ATTRIBUTION)))


main()
