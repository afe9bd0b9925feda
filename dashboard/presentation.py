"""Presentation mode: full-screen screens that follow the current filters, for a projector.

`?present=1&ecran=N` opens screen N; ← → (buttons or keyboard) move between screens.
The sidebar and toolbar are hidden with static CSS (no data in it); the bound filter
widgets still run, hidden, so the filters stay in the URL.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from campus_metrics.filters import Filters
from dashboard import charts, compare_view, data, figure_cards, maps, sources, tables, ui
from dashboard.i18n import lang, status_text, t

SCREEN_KEY = "ecran"
COMPARE_KEY = "comparer"
LEVEL_KEY = "niveau"
PRESENT_CARD_WIDTH = 390  # three cards a row on a 1280 px projector

WORDS = {
    "fr": {
        "figures": "Les chiffres clés",
        "map": "Où sont les sites ?",
        "budget": "Qui finance, et combien ?",
        "cohorts": "Combien de personnes formées ?",
        "outcomes": "Avec quels résultats ?",
        "compare": "Territoires comparés",
        "prev": "Précédent",
        "next": "Suivant",
        "quit": "Quitter",
        "screen": "Écran {n} / {total}",
        "data_date": "Sources publiées jusqu'en {d}",
        "no_data": "Aucune donnée sourcée pour ce périmètre.",
        "learners": "Apprenants",
        "base": "base {n} personnes",
        "base_unknown": "base inconnue",
        "year": "Année",
        "cohorts_known": "{n} promotion(s) dont l'effectif est publié ; les autres restent inconnues.",
        "per_year": "Montants annuels (par an), à part",
        "sources": "Sources",
    },
    "en": {
        "figures": "Key figures",
        "map": "Where are the sites?",
        "budget": "Who pays, and how much?",
        "cohorts": "How many people trained?",
        "outcomes": "With what results?",
        "compare": "Territories compared",
        "prev": "Previous",
        "next": "Next",
        "quit": "Exit",
        "screen": "Screen {n} / {total}",
        "data_date": "Sources published up to {d}",
        "no_data": "No sourced data for this scope.",
        "learners": "Learners",
        "base": "base {n} people",
        "base_unknown": "unknown base",
        "year": "Year",
        "cohorts_known": "{n} cohort(s) with a published headcount; the others stay unknown.",
        "per_year": "Yearly amounts (per year), apart",
        "sources": "Sources",
    },
}

# Static CSS only: hide chrome, enlarge type for the back row of a 1280×720 projector.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebarNav"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.2rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 2.6rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.8rem !important; font-weight: 650 !important; line-height: 1.15 !important; }
[data-testid="stMetricLabel"] p { font-size: 1.35rem !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.3rem; }
[data-testid="stCaptionContainer"] p { font-size: 0.95rem !important; }
*:focus:not(button):not(input):not([role="button"]) { outline: none !important; box-shadow: none; }
</style>
"""


def w(key: str, **values) -> str:
    return WORDS.get(lang(), WORDS["fr"])[key].format(**values)


def compare_codes() -> tuple[str, ...]:
    raw = st.query_params.get_all(COMPARE_KEY)
    return tuple(c for c in raw if c)[:4]


def screens() -> list[tuple[str, Callable[[Filters], None]]]:
    out = [("figures", figures), ("map", territory_map), ("budget", budget), ("cohorts", cohorts), ("outcomes", outcomes)]
    if len(compare_codes()) >= 2:
        out.append(("compare", compare))
    return out


def current_screen(total: int) -> int:
    try:
        n = int(st.query_params.get(SCREEN_KEY, "1"))
    except ValueError:
        n = 1
    return min(max(n, 1), total)


def _go(n: int) -> None:
    st.query_params[SCREEN_KEY] = str(n)


def figures(f: Filters) -> None:
    """The catalogue's cards, drawn by the same component as the overview (three a row on a projector)."""
    figure_cards.draw_all(f, width=PRESENT_CARD_WIDTH, max_notes=1)
    cov = data.query("coverage", f)
    for sentence in ui.coverage_sentences(cov):
        st.caption(ui.safe(sentence))


def territory_map(f: Filters) -> None:
    deck, legend, _ = maps.deck(f, "sites", maps.zone_for(f), small=True)  # whole country within 720 px
    st.pydeck_chart(deck, height=430)
    maps.legends(legend, maps.legend_title(f, "sites"))


def budget(f: Filters) -> None:
    """Money by funder: one-off amounts, then yearly amounts in their own small chart (never added)."""
    frame = data.budget_breakdown(f, ("funder_type", "fact_status"))
    drawn = False
    for period, title in (("one_off", None), ("per_year", w("per_year"))):
        rows = frame[frame["amount_period"] == period] if not frame.empty else frame
        chart = (
            charts.money_chart(charts.money_long(rows, rows["funder_type_label"]), "", t("million_eur_per_year") if title else None) if not rows.empty else None
        )
        if chart is None:
            continue
        if title:
            st.caption(title)
        charts.draw(chart)
        drawn = True
    if not drawn:
        ui.empty()


def cohorts(f: Filters) -> None:
    """Learners by start year, one bar per status (realised beside announced, never added)."""
    summary = data.cohort_summary(f, ("year_start", "fact_status"))
    summary = summary[summary["learners"].notna() & summary["year_start"].notna()] if not summary.empty else summary
    if summary.empty:
        ui.empty()
        return
    frame = summary.assign(
        year=summary["year_start"].astype(int).astype(str),
        text=summary["learners"].map(tables.num),
        status_label=summary["fact_status"].map(status_text),
    )
    chart = charts.bar_chart(
        frame,
        category="year",
        value="learners",
        text="text",
        category_title=w("year"),
        value_title=w("learners"),
        colour="status_label",
        colour_scale=charts.status_scale(frame["fact_status"].dropna()),
        offset="status_label",
        horizontal=False,
        height=340,
    )
    charts.draw(chart)
    known = int(summary["with_learners"].sum())
    st.caption(ui.safe(w("cohorts_known", n=known)))


def outcomes(f: Filters) -> None:
    out = data.query("outcomes", f)
    if out.empty:
        ui.empty()
        return
    for _, r in out.iterrows():
        base = w("base", n=tables.num(r["base_count"])) if pd.notna(r["base_count"]) else w("base_unknown")
        value = tables.pct(r["value"]) if r["unit"] == "percent" else tables.num(r["value"])
        period = f" · {r['cohort_period']}" if pd.notna(r["cohort_period"]) else ""
        st.metric(r["indicator_label"], value)
        st.caption(ui.safe(f"{tables.text(r['base_description'])}{period} · {base} · " + sources.source_text(r["source_id"], r["fact_status"], short=True)))


def compare(f: Filters) -> None:
    codes = compare_codes()
    level = "departement" if st.query_params.get(LEVEL_KEY) == "departement" else "region"
    g = f.with_(regions=(), departements=())
    table = data.compare_territories(g, codes, level)
    if table.empty:
        ui.empty()
        return
    st.dataframe(compare_view.table(table, g), hide_index=True, width="stretch")


def footer(f: Filters) -> None:
    srcs = data.query("sources_for", f)
    if srcs.empty:
        st.caption(w("no_data"))
        return
    dated = srcs.dropna(subset=["published_on"]).sort_values("published_on")
    if not dated.empty:
        last = dated.iloc[-1]
        st.caption(w("data_date", d=sources.source_date(last["published_on"], last["date_precision"])))
    st.caption(w("sources") + " : " + ui.safe(" ; ".join(sources.describe(s, short=True) for s in srcs["id"][:6])))


def active() -> bool:
    return st.query_params.get("present") == "1"


def start(codes: tuple[str, ...] = (), level: str = "region") -> None:
    """Callback of the « Mode présentation » button: same filters, screen 1, compared territories kept."""
    st.query_params["present"] = "1"
    st.query_params[SCREEN_KEY] = "1"
    if codes:
        st.query_params[COMPARE_KEY] = list(codes)
        st.query_params[LEVEL_KEY] = level


def stop() -> None:
    for key in ("present", SCREEN_KEY, COMPARE_KEY, LEVEL_KEY):
        st.query_params.pop(key, None)


def run(f: Filters) -> None:
    st.markdown(CSS, unsafe_allow_html=True)  # static stylesheet, no data
    items = screens()
    n = current_screen(len(items))
    key, render = items[n - 1]
    top = st.columns([6, 1])
    top[0].caption(ui.safe(f.sentence(data.names(), lang())) + " · " + w("screen", n=n, total=len(items)))
    top[1].button(w("quit"), on_click=stop, key="present_quit", width="stretch")
    st.title(w(key), anchor=False)
    render(f)
    footer(f)
    nav = st.columns([1, 1, 4])
    nav[0].button("← " + w("prev"), on_click=_go, args=(max(1, n - 1),), disabled=n == 1, shortcut="ArrowLeft", key="present_prev", width="stretch")
    nav[1].button(
        w("next") + " →", on_click=_go, args=(min(len(items), n + 1),), disabled=n == len(items), shortcut="ArrowRight", key="present_next", width="stretch"
    )
