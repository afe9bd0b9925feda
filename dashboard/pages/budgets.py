"""Budgets: money by funder, nature, programme and year (one-off and yearly amounts apart); who paid
(private funders named); investment against running costs; cost per learner; every funding line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campus_metrics.labels import note_ids
from campus_metrics.queries.budgets import SPENDING_PER_NATURE
from dashboard import budget_views, charts, data, downloads, filters, sources, tables, ui
from dashboard.cache import memo
from dashboard.i18n import code_label, t

GROUPS = {"funder_type": "by_funder", "nature": "by_nature", "programme_id": "by_programme", "year_start": "by_year"}


def group_labels(frame: pd.DataFrame, group: str) -> pd.Series:
    if group in ("funder_type", "nature"):
        return frame[group].map(lambda c: code_label(group, c))
    if group == "programme_id":
        return frame["programme_name"].fillna(t("no_programme"))
    return frame[group].map(lambda y: tables.years(y))


@memo
def _period(bb: pd.DataFrame, group: str, period: str) -> tuple[charts.Chart | None, pd.DataFrame, pd.DataFrame]:
    """(chart, table, export) of one period kind, built once per breakdown and language; no chart without amounts."""
    rows = bb[bb["amount_period"] == period]
    long = charts.money_long(rows, group_labels(rows, group))
    table = long.drop(columns=["status", "lo", "hi", "lines"]).rename(columns={"group": t(f"col_{group}"), "series": t("status_label"), "text": t("amount")})
    export = budget_views.breakdown_export(long, t(f"col_{group}"), period == "per_year")
    return charts.money_chart(long, t(f"col_{group}"), t("million_eur_per_year") if period == "per_year" else None), table, export


def breakdown(f, group: str, src: dict) -> None:
    """The one-off amounts in the main chart; yearly amounts, when there are any, in their own chart below."""
    bb = data.budget_breakdown(f, (group, "fact_status"))
    chart, table, export = _period(bb, group, "one_off")
    title = f"{t('one_off_title')} — {t(GROUPS[group])}"
    st.markdown(f"**{t('one_off_title')}**")  # interface words only
    charts.show(chart, table, empty_key="no_one_off", export_frame=export, name=t("export_budgets"), title=title, **src)
    yearly, yearly_table, yearly_export = _period(bb, group, "per_year")
    if yearly is not None:
        st.markdown(f"**{t('per_year_title')}**")
        title = f"{t('per_year_title')} — {t(GROUPS[group])}"
        charts.show(yearly, yearly_table, export_frame=yearly_export, name=t("export_budgets"), title=title, **src)


def who_paid(f) -> None:
    """Every funder the sources name, private ones included, with what is counted and what is only cited."""
    st.subheader(t("funders_title"), anchor=False)
    st.caption(t("funders_help"))
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
        name=t("export_funders"),
        title=t("funders_title"),
    )


def investment_against_running(f) -> None:
    """Investment, running costs and teaching costs side by side; ranges drawn from minimum to maximum."""
    st.subheader(t("spending_title"), anchor=False)
    st.caption(t("spending_help"))
    lines = data.query("spending_lines", f)
    total = int(lines.drop_duplicates("nature")["nature_lines"].sum()) if not lines.empty else 0
    if total > len(lines):
        st.caption(t("spending_top", shown=len(lines), total=tables.num(total), per=SPENDING_PER_NATURE))
    chart, table, export = budget_views.spending(lines)
    src = {"source_ids": sources.sources_of_frame(lines), "status": sources.frame_status(lines)}
    charts.show(chart, table, empty_key="spending_none", export_frame=export, name=t("export_spending"), title=t("spending_title"), **src)


def cost_per_learner(f) -> None:
    st.subheader(t("cpl_title"), anchor=False)
    st.caption(t("cpl_method"))
    cpl = data.query("cost_per_learner", f)
    if cpl.empty:
        ui.empty("cpl_none")
        return
    if not cpl["calculable"].any():
        ui.empty("cpl_none")
    shown = tables.cost_table(cpl)
    st.dataframe(shown, hide_index=True, width="stretch")
    downloads.buttons(shown, export_frame=tables.cost_export(cpl), name=t("export_costs"))
    sources.source_line(sources.sources_of_frame(cpl, "source_ids"), sources.frame_status(cpl, "status"))


def main() -> None:
    f = filters.current()
    ui.page_header("page_budgets", f)
    lines = data.query("funding_lines", f)
    if lines.empty:
        ui.empty()
        return
    st.caption(t("budget_legend"))
    src = {"source_ids": sources.sources_of_frame(lines), "status": sources.frame_status(lines)}
    for tab, group in zip(st.tabs([t(k) for k in GROUPS.values()]), GROUPS, strict=True):
        with tab:
            breakdown(f, group, src)
    unknown = int((lines["amount_kind"] == "unknown").sum())
    if unknown:
        st.caption(t("unknown_amounts", n=unknown))
    who_paid(f)
    investment_against_running(f)
    cost_per_learner(f)
    st.subheader(t("funding_lines"), anchor=False)
    st.caption(t("funding_lines_help"))
    refs = data.query("fact_refs", None, note_ids(lines["notes"]))
    shown = tables.funding_lines(lines, refs)
    st.dataframe(shown, hide_index=True, width="stretch", column_config={t("amount"): st.column_config.TextColumn(width="medium")})
    downloads.buttons(shown, export_frame=tables.funding_lines_export(lines, refs), name=t("export_funding_lines"))
    sources.source_line(src["source_ids"], src["status"])


main()
