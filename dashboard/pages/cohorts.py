"""Promotions: learners by year, territory and programme; applicants and selectivity; women's share vs parity; training length."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, sources, tables, ui
from dashboard.i18n import lang, status_text, t


def _programme(frame: pd.DataFrame) -> pd.Series:
    return frame["programme_name"].fillna(t("no_programme"))


def _src(details: pd.DataFrame, column: str) -> dict:
    """The sources and status of the cohort rows that give this column."""
    rows = details[details[column].notna()]
    return {"source_ids": sources.sources_of_frame(rows), "status": sources.frame_status(rows)}


def learners(f, details: pd.DataFrame) -> None:
    by_year = data.cohort_summary(f, ("year_start", "programme_id"))
    known = by_year[by_year["year_start"].notna() & by_year["learners"].notna()]
    st.subheader(t("learners_by_year"), anchor=False)
    frame = known.assign(
        cat=[f"{int(y)} · {p}" for y, p in zip(known["year_start"], _programme(known), strict=True)],
        txt=known["learners"].map(tables.num),
        status_text=known["status"].map(status_text),
    )
    table = frame[["cat", "txt", "status_text"]].rename(columns={"cat": t("year"), "txt": t("kf_learners"), "status_text": t("status_label")})
    chart = (
        charts.bar_chart(
            frame,
            category="cat",
            value="learners",
            text="txt",
            value_title=t("kf_learners"),
            colour="status_text",
            colour_scale=charts.status_scale(frame["status"]),
        )
        if not frame.empty
        else None
    )
    charts.show(chart, table, **_src(details, "learners"))
    missing = int(by_year[by_year["year_start"].isna()]["cohorts"].sum())
    if missing:
        st.caption(t("no_year_cohorts", n=missing))
    st.subheader(t("learners_by_region"), anchor=False)
    regions = data.names()["regions"]
    reg = data.cohort_summary(f, ("region_code",))
    reg = reg[reg["learners"].notna()]
    reg = reg.assign(txt=reg["learners"].map(tables.num), name=reg["region_code"].map(lambda c: regions.get(c, c) if isinstance(c, str) else t("national")))
    table = reg[["name", "txt"]].rename(columns={"name": t("territory"), "txt": t("kf_learners")})
    chart = charts.bar_chart(reg, category="name", value="learners", text="txt", value_title=t("kf_learners")) if not reg.empty else None
    charts.show(chart, table, **_src(details, "learners"))


def selectivity(f, by_prog: pd.DataFrame) -> None:
    st.subheader(t("selectivity"), anchor=False)
    known = by_prog[by_prog["candidates"].notna()]
    if known.empty:
        ui.empty("no_candidates")
        return
    st.dataframe(tables.selectivity(known.assign(programme_name=_programme(known))), hide_index=True, width="stretch")


def women(by_prog: pd.DataFrame, details: pd.DataFrame) -> None:
    st.subheader(t("women_share"), anchor=False)
    known = by_prog[by_prog["women_share_pct"].notna()]
    if known.empty:
        ui.empty("no_women")
        return
    frame = known.assign(prog=_programme(known), txt=known["women_share_pct"].map(tables.pct), status_text=known["status"].map(status_text))
    chart = charts.bar_chart(
        frame,
        category="prog",
        value="women_share_pct",
        text="txt",
        value_title=t("women_share") + " (%)",
        value_format=",.0f",
        domain_max=60,
        rule_at=50,
        rule_label=t("parity"),
    )
    st.caption(t("parity_note"))
    charts.show(
        chart,
        frame[["prog", "txt", "status_text"]].rename(columns={"prog": t("programme"), "txt": t("women_share"), "status_text": t("status_label")}),
        **_src(details, "women_share_pct"),
    )


def duration(by_prog: pd.DataFrame, details: pd.DataFrame) -> None:
    st.subheader(t("duration"), anchor=False)
    known = by_prog[by_prog["duration_months"].notna()]
    if known.empty:
        ui.empty("no_duration")
        return
    fr = lang() == "fr"
    hours = [
        f" ({tables.num(c)} h {'en centre' if fr else 'in centre'}, {tables.num(e)} h {'en entreprise' if fr else 'in company'})" if pd.notna(c) else ""
        for c, e in zip(known["hours_centre"], known["hours_company"], strict=True)
    ]
    frame = known.assign(
        prog=_programme(known),
        txt=[
            tables.num(m, 0 if float(m).is_integer() else 1) + (" mois" if fr else " months") + h for m, h in zip(known["duration_months"], hours, strict=True)
        ],
    )
    chart = charts.bar_chart(
        frame,
        category="prog",
        value="duration_months",
        text="txt",
        value_title="Mois" if fr else "Months",
        domain_max=float(known["duration_months"].max()) * 1.3,
    )
    charts.show(chart, frame[["prog", "txt"]].rename(columns={"prog": t("programme"), "txt": t("duration")}), **_src(details, "duration_months"))


def main() -> None:
    f = filters.current()
    ui.page_header("page_cohorts", f)
    details = data.cohort_details(f)
    if details.empty:
        ui.empty()
        return
    learners(f, details)
    by_prog = data.cohort_summary(f, ("programme_id",))
    selectivity(f, by_prog)
    women(by_prog, details)
    duration(by_prog, details)
    st.subheader(t("cohort_details"), anchor=False)
    st.dataframe(tables.cohorts(details), hide_index=True, width="stretch")
    sources.source_line(sources.sources_of_frame(details), sources.frame_status(details))


main()
