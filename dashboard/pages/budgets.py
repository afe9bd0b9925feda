"""Budgets: money by funder, nature, programme and year (one-off and yearly amounts apart); who paid
(private funders named); investment against running costs; cost per learner; every funding line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campus_metrics.labels import note_ids
from campus_metrics.queries.budgets import SPENDING_PER_NATURE
from dashboard import budget_views, charts, data, downloads, filters, sources, tables, ui
from dashboard.cache import memo
from dashboard.i18n import _, code_label, n_, t

GROUPS = {"funder_type": "by_funder", "nature": "by_nature", "programme_id": "by_programme", "year_start": "by_year"}


def group_labels(frame: pd.DataFrame, group: str) -> pd.Series:
    if group in ("funder_type", "nature"):
        return frame[group].map(lambda c: code_label(group, c))
    if group == "programme_id":
        return frame["programme_name"].fillna(_("Sans programme"))
    return frame[group].map(lambda y: tables.years(y))


@memo
def _period(bb: pd.DataFrame, group: str, period: str) -> tuple[charts.Chart | None, pd.DataFrame, pd.DataFrame]:
    """(chart, table, export) of one period kind, built once per breakdown and language; no chart without amounts."""
    rows = bb[bb["amount_period"] == period]
    long = charts.money_long(rows, group_labels(rows, group))
    table = long.drop(columns=["status", "lo", "hi", "lines"]).rename(columns={"group": t(f"col_{group}"), "series": _("Statut"), "text": _("Montant")})
    export = budget_views.breakdown_export(long, t(f"col_{group}"), period == "per_year")
    return charts.money_chart(long, t(f"col_{group}"), _("Millions d'euros par an") if period == "per_year" else None), table, export


def breakdown(f, group: str, src: dict) -> None:
    """The one-off amounts in the main chart; yearly amounts, when there are any, in their own chart below."""
    bb = data.budget_breakdown(f, (group, "fact_status"))
    chart, table, export = _period(bb, group, "one_off")
    title = f"{_('Montants ponctuels ou sur la période')} — {t(GROUPS[group])}"
    st.markdown(f"**{_('Montants ponctuels ou sur la période')}**")  # interface words only
    charts.show(chart, table, empty_key="no_one_off", export_frame=export, name=_("budgets"), title=title, **src)
    yearly, yearly_table, yearly_export = _period(bb, group, "per_year")
    if yearly is not None:
        st.markdown(f"**{_('Montants annuels (par an)')}**")
        title = f"{_('Montants annuels (par an)')} — {t(GROUPS[group])}"
        charts.show(yearly, yearly_table, export_frame=yearly_export, name=_("budgets"), title=title, **src)


def who_paid(f) -> None:
    """Every funder the sources name, private ones included, with what is counted and what is only cited."""
    st.header(_("Qui a financé"), anchor=False)  # h2 under the page h1 (heading order)
    st.caption(
        _(
            "Un financeur par ligne, nommé comme la source le nomme. Barre : montants comptés dans les totaux. Les montants cités mais non comptés (détail ou doublon d'une autre ligne) et les montants non publiés sont dits en toutes lettres."
        )
    )
    frame = data.query("funders", f)
    chart, table, export = budget_views.funders(frame)
    ids = sources.sources_of_frame(frame, "source_ids")
    charts.show(
        chart,
        table,
        source_ids=ids,
        status=sources.frame_status(frame, "status"),
        empty_key="funders_none",
        export_frame=export,
        name=_("financeurs"),
        title=_("Qui a financé"),
    )


def investment_against_running(f) -> None:
    """Investment, running costs and teaching costs side by side; ranges drawn from minimum to maximum."""
    st.header(_("Investissement et fonctionnement"), anchor=False)
    st.caption(
        _(
            "Chaque montant cité comme investissement, fonctionnement ou frais pédagogiques, compté dans les totaux ou non (barre pâle : détail ou doublon d'une autre ligne, jamais additionné). Fourchette : barre du minimum au maximum. Les lignes « total » qui ne séparent pas investissement et fonctionnement n'y figurent pas."
        )
    )
    lines = data.query("spending_lines", f)
    total = int(lines.drop_duplicates("nature")["nature_lines"].sum()) if not lines.empty else 0
    if total > len(lines):
        st.caption(
            _(
                "{shown} lignes sur {total} : les {per} plus grosses de chaque nature. Les autres sont dans « Toutes les lignes de financement », plus bas.",
                shown=len(lines),
                total=tables.num(total),
                per=SPENDING_PER_NATURE,
            )
        )
    chart, table, export = budget_views.spending(lines)
    src = {"source_ids": sources.sources_of_frame(lines), "status": sources.frame_status(lines)}
    charts.show(
        chart,
        table,
        empty_key="spending_none",
        export_frame=export,
        name=_("investissement-fonctionnement"),
        title=_("Investissement et fonctionnement"),
        **src,
    )


def cost_per_learner(f) -> None:
    st.header(_("Coût par apprenant et par sortie positive"), anchor=False)
    st.caption(_("Méthode : coût calculé seulement quand le financement et l'effectif couvrent le même périmètre et la même année (financement ÷ apprenants)."))
    cpl = data.query("cost_per_learner", f)
    if cpl.empty:
        ui.empty("cpl_none")
        return
    if not cpl["calculable"].any():
        ui.empty("cpl_none")
    shown = tables.cost_table(cpl)
    st.dataframe(shown, hide_index=True, width="stretch")
    downloads.buttons(shown, export_frame=tables.cost_export(cpl), name=_("cout-par-apprenant"))
    sources.source_line(sources.sources_of_frame(cpl, "source_ids"), sources.frame_status(cpl, "status"))


def main() -> None:
    f = filters.current()
    ui.page_header("page_budgets", f)
    lines = data.query("funding_lines", f)
    if lines.empty:
        ui.empty()
        return
    st.caption(
        _(
            "Barres pleines : montants comptés dans les totaux (couleur = annoncé / réalisé). Trait : fourchette (minimum – maximum). Barre hachurée contournée : manque à financer. Les montants annuels (par an) sont à part, jamais additionnés aux montants ponctuels."
        )
    )
    src = {"source_ids": sources.sources_of_frame(lines), "status": sources.frame_status(lines)}
    for tab, group in zip(st.tabs([t(k) for k in GROUPS.values()]), GROUPS, strict=True):
        with tab:
            breakdown(f, group, src)
    unknown = int((lines["amount_kind"] == "unknown").sum())
    if unknown:
        st.caption(n_("{n} financement au montant inconnu (financeur connu).", "{n} financements au montant inconnu (financeur connu).", unknown))
    who_paid(f)
    investment_against_running(f)
    cost_per_learner(f)
    st.header(_("Toutes les lignes de financement"), anchor=False)
    st.caption(_("Y compris les lignes non comptées dans les totaux (détail d'une autre ligne, chiffre alternatif) : voir la colonne « Note »."))
    refs = data.query("fact_refs", None, note_ids(lines["notes"]))
    shown = tables.funding_lines(lines, refs)
    st.dataframe(shown, hide_index=True, width="stretch", column_config={_("Montant"): st.column_config.TextColumn(width="medium")})
    downloads.buttons(shown, export_frame=tables.funding_lines_export(lines, refs), name=_("lignes-de-financement"))
    sources.source_line(src["source_ids"], src["status"])


main()
