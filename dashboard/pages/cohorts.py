"""Promotions: learners by year, territory and programme; applicants and selectivity; women's share vs parity; training length.

Every summary is grouped by status (`fact_status`): realised and announced figures are drawn as
separate bars or rows, never added together.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, downloads, filters, sources, tables, ui
from dashboard.cache import memo
from dashboard.i18n import _, n_, status_text, t


def _programme(frame: pd.DataFrame) -> pd.Series:
    return frame["programme_name"].fillna(_("Sans programme"))


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
    return frame[["cat", "txt", "status_text"]].rename(columns={"cat": cat, "txt": txt, "status_text": _("Statut")})


def _export(frame: pd.DataFrame, cat: str, value: str, header: str) -> pd.DataFrame:
    """The same rows for a spreadsheet: the value as a number, its unit in the header."""
    return pd.DataFrame({cat: frame["cat"], header: pd.to_numeric(frame[value], errors="coerce"), _("Statut"): frame["status_text"]})


def _show(view: tuple, title: str, src: dict) -> None:
    """A chart with its table, numeric export and title (file names and PNG say what it is)."""
    chart, table, export = view
    charts.show(chart, table, export_frame=export, name=_("promotions"), title=title, **src)


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
        _status_bars(frame, "learners", _("Apprenants")),
        _table(frame, _("Année"), _("Apprenants")),
        _export(frame, _("Année"), "learners", _("Apprenants")),
    )


@memo
def _by_region(reg: pd.DataFrame, regions: dict[str, str]) -> tuple[charts.Chart | None, pd.DataFrame, pd.DataFrame]:
    """(chart, table) of the learners by région."""
    reg = reg[reg["learners"].notna()]
    reg = reg.assign(
        cat=tables.each(lambda c: regions.get(c, c) if isinstance(c, str) else _("National (sans territoire)"), reg["region_code"]),
        txt=tables.each(tables.num, reg["learners"]),
        status_text=tables.each(status_text, reg["fact_status"]),
    )
    return (
        _status_bars(reg, "learners", _("Apprenants")),
        _table(reg, _("Territoire"), _("Apprenants")),
        _export(reg, _("Territoire"), "learners", _("Apprenants")),
    )


def learners(f, details: pd.DataFrame) -> None:
    by_year = data.cohort_summary(f, ("year_start", "programme_id", "fact_status"))
    st.header(_("Apprenants par année d'entrée et programme"), anchor=False)  # h2 under the page h1 (heading order)
    src = _src(details, "learners")
    _show(_by_year(by_year), _("Apprenants par année d'entrée et programme"), src)
    missing = int(by_year[by_year["year_start"].isna()]["cohorts"].sum())
    if missing:
        st.caption(
            n_("{n} promotion sans année connue ne figure pas sur ce graphique.", "{n} promotions sans année connue ne figurent pas sur ce graphique.", missing)
        )
    st.header(_("Apprenants par région"), anchor=False)
    _show(_by_region(data.cohort_summary(f, ("region_code", "fact_status")), data.names()["regions"]), _("Apprenants par région"), src)


def selectivity(f, by_prog: pd.DataFrame) -> None:
    st.header(_("Candidatures et sélectivité"), anchor=False)
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
    chart = _status_bars(frame, "women_share_pct", _("Part des femmes") + " (%)", value_format=",.0f", domain_max=60, rule_at=50, rule_label=_("Parité (50 %)"))
    return chart, _table(frame, _("Programme"), _("Part des femmes")), _export(frame, _("Programme"), "women_share_pct", _("Part des femmes") + " (%)")


def women(by_prog: pd.DataFrame, details: pd.DataFrame) -> None:
    st.header(_("Part des femmes"), anchor=False)
    view = _women(by_prog)
    if view is None:
        ui.empty("no_women")
        return
    st.caption(_("La Région Occitanie vise la parité : ligne à 50 %."))
    _show(view, _("Part des femmes"), _src(details, "women_share_pct"))


def _duration_text(months, centre, company) -> str:
    hours = _(" ({centre} h en centre, {company} h en entreprise)", centre=tables.num(centre), company=tables.num(company)) if pd.notna(centre) else ""
    return tables.num(months, 0 if float(months).is_integer() else 1) + _(" mois") + hours


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
    chart = _status_bars(frame, "duration_months", _("Mois"), domain_max=float(known["duration_months"].max()) * 1.3)
    export = _export(frame, _("Programme"), "duration_months", _("Durée des formations") + (_(" (mois)")))
    for column, key in (("hours_centre", "x_hours_centre"), ("hours_company", "x_hours_company")):
        export[t(key)] = pd.to_numeric(frame[column], errors="coerce")
    return chart, _table(frame, _("Programme"), _("Durée des formations")), export


def duration(by_prog: pd.DataFrame, details: pd.DataFrame) -> None:
    st.header(_("Durée des formations"), anchor=False)
    view = _duration(by_prog)
    if view is None:
        ui.empty("no_duration")
        return
    _show(view, _("Durée des formations"), _src(details, "duration_months"))


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
    st.header(_("Détail des promotions"), anchor=False)
    shown = tables.cohorts(details)
    st.dataframe(shown, hide_index=True, width="stretch")
    downloads.buttons(shown, export_frame=tables.cohorts_export(details), name=_("promotions"))
    sources.source_line(sources.sources_of_frame(details), sources.frame_status(details))


main()
