"""Résultats: positive-exit and employment rates, each with its base, cohorts, status and source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, downloads, filters, sources, tables, ui
from dashboard.cache import memo
from dashboard.i18n import code_label, status_text, t

RATES = ("positive_exit_rate", "employment_rate")
MAX_CARDS = 6  # one card per rate while it stays readable
MAX_BARS = 25


def rate_card(r: pd.Series) -> None:
    with st.container(border=True):
        st.metric(code_label("indicator", r["indicator"]), tables.pct(r["value"]))
        st.caption(ui.safe(f"{t('rate_of')}{t('colon')}{tables.text(r['base_description']) or t('unknown')}"))
        period = tables.text(r["cohort_period"]) or t("unknown")
        st.caption(ui.safe(f"{t('cohort_period')}{t('colon')}{period} · {t('measured_in', year=tables.years(r['year']))}"))
        sources.status_badge(r["fact_status"])
        flag = tables.base_text(r)
        if r["base_flag"] in ("small", "unknown"):
            st.warning(ui.safe(flag), icon=":material/warning:")
        else:
            st.caption(ui.safe(flag))
        sources.source_line(r["source_id"])


@memo
def rates_chart(rates: pd.DataFrame) -> charts.Chart:
    """The rates as bars with their base in the tooltip, built once per rates frame and language."""
    frame = rates.assign(
        cat=tables.each(lambda i, p: f"{code_label('indicator', i)} · {tables.text(p) or t('unknown')}", rates["indicator"], rates["cohort_period"]),
        txt=tables.each(tables.pct, rates["value"]),
        base=tables.base_texts(rates),
        of=rates["base_description"].fillna(t("unknown")),
        status=tables.each(status_text, rates["fact_status"]),
    )
    tips = [("cat:N", t("cohort_period")), ("txt:N", "%"), ("of:N", t("rate_of")), ("base:N", t("base"))]
    return charts.bar_chart(
        frame,
        category="cat",
        value="value",
        text="txt",
        value_title="%",
        cap=100,
        colour="status",
        colour_scale=charts.status_scale(frame["fact_status"]),
        tooltip=tips,
    )


def main() -> None:
    f = filters.current()
    ui.page_header("page_outcomes", f)
    out = data.query("outcomes", f)
    rates = out[out["indicator"].isin(RATES) & (out["unit"] == "percent")] if not out.empty else out
    st.subheader(t("rates"), anchor=False)
    if rates.empty:
        ui.empty("no_rates")
    else:
        if len(rates) <= MAX_CARDS:
            cols = st.columns(3)
            for i, (_, r) in enumerate(rates.iterrows()):
                with cols[i % 3]:
                    rate_card(r)
        else:  # a wall of cards helps nobody: the chart and its table carry every rate with its base
            st.caption(ui.safe(t("n_measures", n=tables.num(len(rates)))))
        charts.show(
            rates_chart(rates.head(MAX_BARS)),
            tables.outcomes(rates),
            source_ids=sources.sources_of_frame(rates),
            status=sources.frame_status(rates),
            export_frame=tables.outcomes_export(rates),
            name=t("export_outcomes"),
            title=t("rates"),
        )
    others = out[~out.index.isin(rates.index)] if not out.empty else out
    st.subheader(t("other_outcomes"), anchor=False)
    if others.empty:
        ui.empty()
    else:
        shown = tables.outcomes(others)
        st.dataframe(shown, hide_index=True, width="stretch")
        downloads.buttons(shown, export_frame=tables.outcomes_export(others), name=t("export_outcomes"))
        sources.source_line(sources.sources_of_frame(others), sources.frame_status(others))


main()
