"""Budgets: money by funder, nature, programme and year; cost per learner; every funding line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, sources, tables, ui
from dashboard.i18n import code_label, t

GROUPS = {"funder_type": "by_funder", "nature": "by_nature", "programme_id": "by_programme", "year_start": "by_year"}


def group_labels(frame: pd.DataFrame, group: str) -> pd.Series:
    if group in ("funder_type", "nature"):
        return frame[group].map(lambda c: code_label(group, c))
    if group == "programme_id":
        return frame["programme_name"].fillna(t("no_programme"))
    return frame[group].map(lambda y: tables.years(y))


def breakdown(f, group: str, lines: pd.DataFrame) -> None:
    bb = data.budget_breakdown(f, (group, "fact_status"))
    long = charts.money_long(bb, group_labels(bb, group)) if not bb.empty else pd.DataFrame()
    table = long.rename(columns={"group": t(f"col_{group}"), "series": t("status_label"), "text": t("amount")})
    table = table.drop(columns=["status", "lo", "hi", "lines"]) if not long.empty else table
    chart = charts.money_chart(long, t(f"col_{group}")) if not long.empty else None
    charts.show(chart, table, source_ids=sources.sources_of_frame(lines), status=sources.frame_status(lines))


def cost_per_learner(f) -> None:
    st.subheader(t("cpl_title"), anchor=False)
    st.caption(t("cpl_method"))
    cpl = data.cost_per_learner(f)
    ok = cpl[cpl["calculable"]] if not cpl.empty else cpl
    if ok.empty:
        ui.empty("cpl_none")
    else:
        st.dataframe(tables.cost_per_learner(ok), hide_index=True, width="stretch")
        sources.source_line(",".join(ok["source_ids"]), sources.frame_status(ok, "status"))
    reasons = cpl[~cpl["calculable"]]["reason"].dropna().unique() if not cpl.empty else []
    if len(reasons):
        st.markdown(f"**{t('cpl_reasons')}**\n" + "\n".join(f"- {ui.safe(r)}" for r in reasons))


def main() -> None:
    f = filters.current()
    ui.page_header("page_budgets", f)
    lines = data.funding_lines(f)
    if lines.empty:
        ui.empty()
        return
    st.caption(t("budget_legend"))
    for tab, group in zip(st.tabs([t(k) for k in GROUPS.values()]), GROUPS, strict=True):
        with tab:
            breakdown(f, group, lines)
    unknown = int((lines["amount_kind"] == "unknown").sum())
    if unknown:
        st.caption(t("unknown_amounts", n=unknown))
    cost_per_learner(f)
    st.subheader(t("funding_lines"), anchor=False)
    st.caption(t("funding_lines_help"))
    st.dataframe(tables.funding_lines(lines), hide_index=True, width="stretch", column_config={t("amount"): st.column_config.TextColumn(width="medium")})
    sources.source_line(sources.sources_of_frame(lines), sources.frame_status(lines))


main()
