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
from dashboard import charts, data, maps, sources, tables, ui
from dashboard.i18n import lang, status_text

SCREEN_KEY = "ecran"
COMPARE_KEY = "comparer"
LEVEL_KEY = "niveau"

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
        "sites": "Sites",
        "learners": "Apprenants",
        "money": "Montants engagés",
        "cost_per_learner": "Coût par apprenant",
        "positive_exit_rate": "Sorties positives",
        "rate_of": "de {what}",
        "base": "base {n} personnes",
        "base_unknown": "base inconnue",
        "year": "Année",
        "cohorts_known": "{n} promotion(s) dont l'effectif est publié ; les autres restent inconnues.",
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
        "sites": "Sites",
        "learners": "Learners",
        "money": "Money committed",
        "cost_per_learner": "Cost per learner",
        "positive_exit_rate": "Positive exits",
        "rate_of": "of {what}",
        "base": "base {n} people",
        "base_unknown": "unknown base",
        "year": "Year",
        "cohorts_known": "{n} cohort(s) with a published headcount; the others stay unknown.",
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
    kf = data.key_figures(f).set_index("metric")
    cols = st.columns(5)
    for col, metric in zip(cols, ("sites", "learners", "money", "cost_per_learner", "positive_exit_rate"), strict=True):
        r = kf.loc[metric]
        if metric in ("sites", "learners"):
            text = tables.num(r["value"])
        elif metric == "positive_exit_rate":
            text = tables.pct(r["value"])
        else:
            text = tables.money(r["value"], r["value_max"], compact=metric == "money")
        with col:
            st.metric(w(metric), text)
            st.caption(
                ui.safe(status_text(r["status"]) + (" · " + tables.text(r["detail"]) if metric == "cost_per_learner" and tables.text(r["detail"]) else ""))
            )
    cov = data.coverage(f)
    for sentence in cov.get("sentence", []):
        st.markdown(ui.safe(sentence))


def territory_map(f: Filters) -> None:
    deck, legend, _ = maps.deck(f, "sites", maps.zone_for(f), small=True)  # whole country within 720 px
    st.pydeck_chart(deck, height=430)
    maps.legends(legend, "sites")


def budget(f: Filters) -> None:
    frame = data.budget_breakdown(f, ("funder_type", "fact_status"))
    if frame.empty:
        ui.empty()
        return
    long = charts.money_long(frame, frame["funder_type_label"])
    chart = charts.money_chart(long, "")
    if chart is None:
        ui.empty()
    else:
        charts.draw(chart)


def cohorts(f: Filters) -> None:
    summary = data.cohort_summary(f, ("year_start",))
    summary = summary[summary["learners"].notna()] if not summary.empty else summary
    if summary.empty:
        ui.empty()
        return
    frame = summary.assign(
        year=summary["year_start"].astype(int).astype(str),
        text=summary["learners"].map(tables.num),
        status_label=summary["status"].map(status_text),
    )
    chart = charts.bar_chart(
        frame,
        category="year",
        value="learners",
        text="text",
        category_title=w("year"),
        value_title=w("learners"),
        colour="status_label",
        colour_scale=charts.status_scale(frame["status"].dropna()),
        horizontal=False,
        height=340,
    )
    charts.draw(chart)
    known = int(summary["with_learners"].sum())
    st.caption(ui.safe(w("cohorts_known", n=known)))


def outcomes(f: Filters) -> None:
    out = data.outcomes(f)
    if out.empty:
        ui.empty()
        return
    for _, r in out.iterrows():
        base = w("base", n=tables.num(r["base_count"])) if pd.notna(r["base_count"]) else w("base_unknown")
        value = tables.pct(r["value"]) if r["unit"] == "percent" else tables.num(r["value"])
        what = ui.safe(r["base_description"] or "")
        period = f" · {ui.safe(r['cohort_period'])}" if pd.notna(r["cohort_period"]) else ""
        st.markdown(f"### {value} — {ui.safe(r['indicator_label'])}")
        st.caption(f"{what}{period} · {base} · " + ui.safe(sources.source_text(r["source_id"], r["fact_status"], short=True)))


def compare(f: Filters) -> None:
    codes = compare_codes()
    level = "departement" if st.query_params.get(LEVEL_KEY) == "departement" else "region"
    table = data.compare_territories(f, codes, level)
    if table.empty:
        ui.empty()
        return
    shown = pd.DataFrame(
        {
            "Territoire": table["name"],
            w("sites"): table["sites"].map(tables.num),
            w("learners"): table["learners"].map(tables.num),
            w("money"): [tables.money(a, b) for a, b in zip(table["money_min"], table["money_max"], strict=True)],
            w("positive_exit_rate"): table["positive_exit_rate"].map(tables.pct),
            "Note": table["note"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")


def footer(f: Filters) -> None:
    srcs = data.sources_for(f)
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
