"""Résultats: positive-exit and employment rates, each with its base, cohorts, status and source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, downloads, filters, sources, tables, ui
from dashboard.cache import memo
from dashboard.i18n import _, code_label, status_text

RATES = ("positive_exit_rate", "employment_rate")
MAX_CARDS = 6  # one card per rate while it stays readable
MAX_BARS = 25


def rate_card(r: pd.Series) -> None:
    with st.container(border=True):
        st.metric(code_label("indicator", r["indicator"]), tables.pct(r["value"]))
        st.caption(ui.safe(f"{_('Taux mesuré sur')}{_(' : ')}{tables.text(r['base_description']) or _('inconnu')}"))
        period = tables.text(r["cohort_period"]) or _("inconnu")
        st.caption(ui.safe(f"{_('Promotions')}{_(' : ')}{period} · {_('mesuré en {year}', year=tables.years(r['year']))}"))
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
        cat=tables.each(lambda i, p: f"{code_label('indicator', i)} · {tables.text(p) or _('inconnu')}", rates["indicator"], rates["cohort_period"]),
        txt=tables.each(tables.pct, rates["value"]),
        base=tables.base_texts(rates),
        of=rates["base_description"].fillna(_("inconnu")),
        status=tables.each(status_text, rates["fact_status"]),
    )
    tips = [("cat:N", _("Promotions")), ("txt:N", "%"), ("of:N", _("Taux mesuré sur")), ("base:N", _("Base"))]
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
    st.header(_("Taux d'insertion"), anchor=False)  # h2 under the page h1 (heading order)
    if rates.empty:
        ui.empty("no_rates")
    else:
        if len(rates) <= MAX_CARDS:
            cols = st.columns(3)
            for i, (_i, r) in enumerate(rates.iterrows()):
                with cols[i % 3]:
                    rate_card(r)
        else:  # a wall of cards helps nobody: the chart and its table carry every rate with its base
            st.caption(ui.safe(_("{n} mesures : le graphique montre les 25 premières, le tableau les donne toutes.", n=tables.num(len(rates)))))
        charts.show(
            rates_chart(rates.head(MAX_BARS)),
            tables.outcomes(rates),
            source_ids=sources.sources_of_frame(rates),
            status=sources.frame_status(rates),
            export_frame=tables.outcomes_export(rates),
            name=_("resultats"),
            title=_("Taux d'insertion"),
        )
    others = out[~out.index.isin(rates.index)] if not out.empty else out
    st.header(_("Autres résultats (salaires, offres d'emploi)"), anchor=False)
    if others.empty:
        ui.empty()
    else:
        shown = tables.outcomes(others)
        st.dataframe(shown, hide_index=True, width="stretch")
        downloads.buttons(shown, export_frame=tables.outcomes_export(others), name=_("resultats"))
        sources.source_line(sources.sources_of_frame(others), sources.frame_status(others))


main()
