"""Promotions: learners by year, territory and programme; applicants and selectivity; women's share vs parity; training length.

Every summary is grouped by status (`fact_status`): realised and announced figures are drawn as
separate bars or rows, never added together.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, downloads, filters, sources, tables, ui
from dashboard.cache import memo
from dashboard.i18n import lang, status_text, t


def _programme(frame: pd.DataFrame) -> pd.Series:
    return frame["programme_name"].fillna(t("no_programme"))


def _src(details: pd.DataFrame, column: str) -> dict:
    """The sources and status of the cohort rows that give this column."""
    rows = details.loc[details[column].notna(), [c for c in ("source_id", "fact_status") if c in details.columns]]  # two columns, not all 24
    return {"source_ids": sources.sources_of_frame(rows), "status": sources.frame_status(rows)}


def _status_bars(frame: pd.DataFrame, value: str, value_title: str, **kwargs) -> charts.Chart | None:
    if frame.empty:
        return None
    return charts.bar_chart(
        frame,
        category="cat",
        value=value,
        text="txt",
        value_title=value_title,
        colour="status_text",
        colour_scale=charts.status_scale(frame["fact_status"]),
        offset="status_text",
        **kwargs,
    )


def _table(frame: pd.DataFrame, cat: str, txt: str) -> pd.DataFrame:
    """The numbers of a chart as its « Voir les données » table."""
    return frame[["cat", "txt", "status_text"]].rename(columns={"cat": cat, "txt": txt, "status_text": t("status_label")})


def _export(frame: pd.DataFrame, cat: str, value: str, header: str) -> pd.DataFrame:
    """The same rows for a spreadsheet: the value as a number, its unit in the header."""
    return pd.DataFrame({cat: frame["cat"], header: pd.to_numeric(frame[value], errors="coerce"), t("status_label"): frame["status_text"]})


def _show(view: tuple, title: str, src: dict) -> None:
    """A chart with its table, numeric export and title (file names and PNG say what it is)."""
    chart, table, export = view
    charts.show(chart, table, export_frame=export, name=t("export_cohorts"), title=title, **src)


@memo
def _by_year(by_year: pd.DataFrame) -> tuple[charts.Chart | None, pd.DataFrame, pd.DataFrame]:
    """(chart, table) of the learners by start year and programme, built once per summary and language."""
    known = by_year[by_year["year_start"].notna() & by_year["learners"].notna()]
    frame = known.assign(
        cat=[f"{int(y)} · {p}" for y, p in zip(known["year_start"], _programme(known), strict=True)],
        txt=tables.each(tables.num, known["learners"]),
        status_text=tables.each(status_text, known["fact_status"]),
    )
    return (
        _status_bars(frame, "learners", t("kf_learners")),
        _table(frame, t("year"), t("kf_learners")),
        _export(frame, t("year"), "learners", t("kf_learners")),
    )


@memo
def _by_region(reg: pd.DataFrame, regions: dict[str, str]) -> tuple[charts.Chart | None, pd.DataFrame, pd.DataFrame]:
    """(chart, table) of the learners by région."""
    reg = reg[reg["learners"].notna()]
    reg = reg.assign(
        cat=tables.each(lambda c: regions.get(c, c) if isinstance(c, str) else t("national"), reg["region_code"]),
        txt=tables.each(tables.num, reg["learners"]),
        status_text=tables.each(status_text, reg["fact_status"]),
    )
    return (
        _status_bars(reg, "learners", t("kf_learners")),
        _table(reg, t("territory"), t("kf_learners")),
        _export(reg, t("territory"), "learners", t("kf_learners")),
    )


def learners(f, details: pd.DataFrame) -> None:
    by_year = data.cohort_summary(f, ("year_start", "programme_id", "fact_status"))
    st.subheader(t("learners_by_year"), anchor=False)
    src = _src(details, "learners")
    _show(_by_year(by_year), t("learners_by_year"), src)
    missing = int(by_year[by_year["year_start"].isna()]["cohorts"].sum())
    if missing:
        st.caption(t("no_year_cohorts", n=missing))
    st.subheader(t("learners_by_region"), anchor=False)
    _show(_by_region(data.cohort_summary(f, ("region_code", "fact_status")), data.names()["regions"]), t("learners_by_region"), src)


def selectivity(f, by_prog: pd.DataFrame) -> None:
    st.subheader(t("selectivity"), anchor=False)
    known = by_prog[by_prog["candidates"].notna()]
    if known.empty:
        # a count published under another status (an announced 2 500 under « Réalisés ») is not « none published »
        elsewhere = bool(f.statuses) and data.cohort_summary(f.with_(statuses=()), ("fact_status",))["candidates"].notna().any()
        ui.empty("candidates_other_status" if elsewhere else "no_candidates")
        return
    st.dataframe(tables.selectivity(known.assign(programme_name=_programme(known))), hide_index=True, width="stretch")


@memo
def _women(by_prog: pd.DataFrame) -> tuple[charts.Chart | None, pd.DataFrame, pd.DataFrame] | None:
    """(chart, table) of the women's share against parity; None when no share is published."""
    known = by_prog[by_prog["women_share_pct"].notna()]
    if known.empty:
        return None
    frame = known.assign(
        cat=_programme(known), txt=tables.each(tables.pct, known["women_share_pct"]), status_text=tables.each(status_text, known["fact_status"])
    )
    chart = _status_bars(frame, "women_share_pct", t("women_share") + " (%)", value_format=",.0f", domain_max=60, rule_at=50, rule_label=t("parity"))
    return chart, _table(frame, t("programme"), t("women_share")), _export(frame, t("programme"), "women_share_pct", t("women_share") + " (%)")


def women(by_prog: pd.DataFrame, details: pd.DataFrame) -> None:
    st.subheader(t("women_share"), anchor=False)
    view = _women(by_prog)
    if view is None:
        ui.empty("no_women")
        return
    st.caption(t("parity_note"))
    _show(view, t("women_share"), _src(details, "women_share_pct"))


def _duration_text(months, centre, company) -> str:
    fr = lang() == "fr"
    hours = (
        f" ({tables.num(centre)} h {'en centre' if fr else 'in centre'}, {tables.num(company)} h {'en entreprise' if fr else 'in company'})"
        if pd.notna(centre)
        else ""
    )
    return tables.num(months, 0 if float(months).is_integer() else 1) + (" mois" if fr else " months") + hours


@memo
def _duration(by_prog: pd.DataFrame) -> tuple[charts.Chart | None, pd.DataFrame, pd.DataFrame] | None:
    """(chart, table) of the training lengths; None when no length is published."""
    known = by_prog[by_prog["duration_months"].notna()]
    if known.empty:
        return None
    frame = known.assign(
        cat=_programme(known),
        txt=tables.each(_duration_text, known["duration_months"], known["hours_centre"], known["hours_company"]),
        status_text=tables.each(status_text, known["fact_status"]),
    )
    chart = _status_bars(frame, "duration_months", "Mois" if lang() == "fr" else "Months", domain_max=float(known["duration_months"].max()) * 1.3)
    export = _export(frame, t("programme"), "duration_months", t("duration") + (" (mois)" if lang() == "fr" else " (months)"))
    for column, key in (("hours_centre", "x_hours_centre"), ("hours_company", "x_hours_company")):
        export[t(key)] = pd.to_numeric(frame[column], errors="coerce")
    return chart, _table(frame, t("programme"), t("duration")), export


def duration(by_prog: pd.DataFrame, details: pd.DataFrame) -> None:
    st.subheader(t("duration"), anchor=False)
    view = _duration(by_prog)
    if view is None:
        ui.empty("no_duration")
        return
    _show(view, t("duration"), _src(details, "duration_months"))


def main() -> None:
    f = filters.current()
    ui.page_header("page_cohorts", f)
    details = data.query("cohort_details", f)
    if details.empty:
        ui.empty()
        return
    learners(f, details)
    by_prog = data.cohort_summary(f, ("programme_id", "fact_status"))
    selectivity(f, by_prog)
    women(by_prog, details)
    duration(by_prog, details)
    st.subheader(t("cohort_details"), anchor=False)
    shown = tables.cohorts(details)
    st.dataframe(shown, hide_index=True, width="stretch")
    downloads.buttons(shown, export_frame=tables.cohorts_export(details), name=t("export_cohorts"))
    sources.source_line(sources.sources_of_frame(details), sources.frame_status(details))


main()
