"""Budgets: money by funder, nature, programme and year (one-off and yearly amounts apart);
cost per learner and per positive exit; every funding line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, sources, tables, ui
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
def _period(bb: pd.DataFrame, group: str, period: str) -> tuple[charts.Chart | None, pd.DataFrame]:
    """(chart, table) of one period kind, built once per breakdown and language; no chart without amounts."""
    rows = bb[bb["amount_period"] == period]
    long = charts.money_long(rows, group_labels(rows, group))
    table = long.drop(columns=["status", "lo", "hi", "lines"]).rename(columns={"group": t(f"col_{group}"), "series": t("status_label"), "text": t("amount")})
    return charts.money_chart(long, t(f"col_{group}"), t("million_eur_per_year") if period == "per_year" else None), table


def breakdown(f, group: str, src: dict) -> None:
    """The one-off amounts in the main chart; yearly amounts, when there are any, in their own chart below."""
    bb = data.budget_breakdown(f, (group, "fact_status"))
    chart, table = _period(bb, group, "one_off")
    st.markdown(f"**{t('one_off_title')}**")  # interface words only
    charts.show(chart, table, empty_key="no_one_off", **src)
    yearly, yearly_table = _period(bb, group, "per_year")
    if yearly is not None:
        st.markdown(f"**{t('per_year_title')}**")
        charts.show(yearly, yearly_table, **src)


def cost_per_learner(f) -> None:
    st.subheader(t("cpl_title"), anchor=False)
    st.caption(t("cpl_method"))
    cpl = data.query("cost_per_learner", f)
    if cpl.empty:
        ui.empty("cpl_none")
        return
    if not cpl["calculable"].any():
        ui.empty("cpl_none")
    st.dataframe(tables.cost_table(cpl), hide_index=True, width="stretch")
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
    cost_per_learner(f)
    st.subheader(t("funding_lines"), anchor=False)
    st.caption(t("funding_lines_help"))
    st.dataframe(tables.funding_lines(lines), hide_index=True, width="stretch", column_config={t("amount"): st.column_config.TextColumn(width="medium")})
    sources.source_line(src["source_ids"], src["status"])


main()
