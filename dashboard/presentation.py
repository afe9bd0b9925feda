"""Presentation mode: full-screen screens that follow the current filters, for a projector.

`?present=1&ecran=N` opens screen N; ← → (buttons or keyboard) move between screens.
The sidebar and toolbar are hidden with static CSS (no data in it); the bound filter
widgets still run, hidden, so the filters stay in the URL.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from campus_metrics import formatting
from campus_metrics.figures.cards import Card
from campus_metrics.filters import Filters
from campus_metrics.text import N_
from dashboard import charts, compare_view, data, figure_cards, map_legend, maps, sources, tables, ui
from dashboard.i18n import _, code_label, lang, n_, status_text

SCREEN_KEY = "ecran"
COMPARE_KEY = "comparer"
LEVEL_KEY = "niveau"
PRESENT_CARD_WIDTH = 350  # three cards a row on a 1280 px projector
CARDS_PER_SCREEN = 3  # six cards on one screen pass 720 px: two screens of three
FOOTER_SOURCES = 3
MAP_HEIGHT = 400  # with the title, navigation and footer: inside 720 px

# Screen titles, reached by the screen's key: French msgids, marked for extraction.
WORDS: dict[str, str] = {
    "figures": N_("Les chiffres clés"),
    "figures_more": N_("Les chiffres clés (suite)"),
    "map": N_("Où sont les sites ?"),
    "budget": N_("Qui finance, et combien ?"),
    "cohorts": N_("Combien de personnes formées ?"),
    "outcomes": N_("Avec quels résultats ?"),
    "compare": N_("Territoires comparés"),
}

# Static CSS only: hide chrome, enlarge type for the back row of a 1280×720 projector.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stSidebarNav"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 0.8rem; padding-bottom: 0.5rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 2.2rem; padding: 0.2rem 0 0.4rem 0; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.3rem !important; font-weight: 650 !important; line-height: 1.15 !important; }
[data-testid="stMetricLabel"] p { font-size: 1.35rem !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.3rem; }
[data-testid="stCaptionContainer"] p { font-size: 0.95rem !important; }
*:focus:not(button):not(input):not([role="button"]) { outline: none !important; box-shadow: none; }
</style>
"""


def w(key: str, **values) -> str:
    return _(WORDS[key], **values)


def compare_codes() -> tuple[str, ...]:
    raw = st.query_params.get_all(COMPARE_KEY)
    return tuple(c for c in raw if c)[:4]


def screens() -> list[tuple[str, Callable[[Filters], str | None]]]:
    out = [("figures", figures), ("figures_more", figures_more), ("map", territory_map), ("budget", budget), ("cohorts", cohorts), ("outcomes", outcomes)]
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


def figures(f: Filters, part: int = 0) -> str:
    """The catalogue's cards, three a screen, compact for a projector: each part with its status (realised
    and announced apart, never added), the scope, numbered sources; notes and coverage stay on the overview."""
    drawn = figure_cards.cards(f)[part * CARDS_PER_SCREEN : (part + 1) * CARDS_PER_SCREEN]
    numbers = sources.numbering(*(c.source_ids for c in drawn))
    grid = st.container(horizontal=True, gap="small")
    for c in drawn:
        with grid.container(border=True, width=PRESENT_CARD_WIDTH, gap=None, key=f"present_card_{c.title}"):
            compact_card(c, numbers)
    return numbered_sources(numbers)


def numbered_sources(numbers: dict[str, int]) -> str:
    """« Sources : [1] « titre », date ; [2] … »: the list the numbers on a screen point to."""
    return _("Sources") + _(" : ") + " ; ".join(f"[{n}] {sources.describe(s, short=True)}" for s, n in numbers.items())


def figures_more(f: Filters) -> str:
    return figures(f, part=1)


def compact_card(c: Card, numbers: dict[str, int]) -> None:
    if not c.lines:
        st.metric(c.title, "—")
        st.caption(ui.safe(c.empty_text))
    for i, line in enumerate(c.lines):
        st.metric(c.title, line.value, label_visibility="visible" if i == 0 else "collapsed")
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            if line.label:
                st.caption(ui.safe(line.label))
            sources.status_badge(line.status)
    notes = [c.scope_note] if c.scope_note else []
    st.caption(ui.safe(" · ".join([*notes, sources.source_dates(c.source_ids, numbers)])))


def territory_map(f: Filters) -> None:
    """The map, and its legends beside it: below it they would fall off a 720 px projector."""
    deck, legend, _, progs = maps.deck(f, "sites", maps.zone_for(f), small=True)
    left, right = st.columns([2.2, 1], gap="medium")
    left.pydeck_chart(deck, height=MAP_HEIGHT)
    with right:
        map_legend.legends(legend, map_legend.legend_title(f, "sites"), progs, stacked=True)


def budget(f: Filters) -> None:
    """Money by funder: one-off amounts, then yearly amounts in their own small chart (never added)."""
    frame = data.budget_breakdown(f, ("funder_type", "fact_status"))
    drawn = False
    cols = iter(st.columns([1.6, 1], gap="large"))  # side by side: stacked, they pass 720 px
    for period, title in (("one_off", None), ("per_year", _("Montants annuels (par an), à part"))):
        rows = frame[frame["amount_period"] == period] if not frame.empty else frame
        chart = (
            charts.money_chart(
                charts.money_long(rows, rows["funder_type"].map(lambda c: code_label("funder_type", c))), "", _("Millions d'euros par an") if title else None
            )
            if not rows.empty
            else None
        )
        if chart is None:
            continue
        with next(cols):
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
        category_title=_("Année"),
        value_title=_("Apprenants"),
        colour="status_label",
        colour_scale=charts.status_scale(frame["fact_status"].dropna()),
        offset="status_label",
        horizontal=False,
        height=260,
    )
    charts.draw(chart)
    known = int(summary["with_learners"].sum())
    st.caption(
        ui.safe(
            n_(
                "{n} promotion dont l'effectif est publié ; les autres restent inconnues.",
                "{n} promotions dont l'effectif est publié ; les autres restent inconnues.",
                known,
            )
        )
    )


def outcomes(f: Filters) -> str | None:
    """One small card per outcome, wrapping three a row; what it counts in the help bubble, numbered sources."""
    out = data.query("outcomes", f, counted_only=True)  # each figure once: two reports of one salary are one card
    if out.empty:
        ui.empty()
        return None
    numbers = sources.numbering(*out["source_id"])
    grid = st.container(horizontal=True, gap="small")
    for i, r in enumerate(out.itertuples(index=False)):  # a handful of published outcomes, not a data frame walk
        base = _("base {n} personnes", n=tables.num(r.base_count)) if pd.notna(r.base_count) else _("base inconnue")
        value = formatting.value(r.value, r.unit, lang())  # with its unit: « 3 500 € / mois », not « 3 500 »
        words = [str(r.cohort_period)] if pd.notna(r.cohort_period) else []
        words += [base, status_text(r.fact_status), f"[{numbers.get(r.source_id, '?')}]"]
        with grid.container(border=True, width=PRESENT_CARD_WIDTH, gap=None, key=f"present_outcome_{i}"):
            label = code_label("indicator", r.indicator)
            # the label on its own line, wrapped: a metric's label is cut at the card's width (« Embauches en CDI ou CDD … »)
            st.markdown(ui.safe(label), help=ui.safe(tables.text(r.base_description)))
            st.metric(label, value, label_visibility="collapsed")
            st.caption(ui.safe(" · ".join(words)))
    return numbered_sources(numbers)


def compare(f: Filters) -> None:
    codes = compare_codes()
    level = "departement" if st.query_params.get(LEVEL_KEY) == "departement" else "region"
    g = f.with_(regions=(), departements=())
    table = data.compare_territories(g, codes, level)
    if table.empty:
        ui.empty()
        return
    st.dataframe(compare_view.projector_table(table, g), hide_index=True, width="stretch", row_height=30)  # ten rows, notes and sources in 720 px
    compare_view.notes(table)


def footer(f: Filters, numbered: str | None = None) -> None:
    """One caption: date of the latest source, then the first sources (the full list is on the pages),
    or the `numbered` list the cards point to."""
    srcs = data.query("sources_for", f)
    if srcs.empty:
        st.caption(_("Aucune donnée sourcée pour ce périmètre."))
        return
    dated = srcs.dropna(subset=["published_on"]).sort_values("published_on")
    parts = []
    if not dated.empty:
        last = dated.iloc[-1]
        parts.append(_("Sources publiées jusqu'en {d}", d=sources.source_date(last["published_on"], last["date_precision"])))
    more = f" (+{len(srcs) - FOOTER_SOURCES})" if len(srcs) > FOOTER_SOURCES else ""
    parts.append(numbered or _("Sources") + _(" : ") + " ; ".join(sources.describe(s, short=True) for s in srcs["id"][:FOOTER_SOURCES]) + more)
    st.caption(ui.safe(" · ".join(parts)))


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
    # Navigation on top: whatever a screen holds, the buttons stay on a 720 px projector.
    top = st.columns([4, 1.6, 1.5, 1.3], vertical_alignment="center")
    top[0].caption(ui.safe(f.sentence(data.names(), lang())) + " · " + _("Écran {n} / {total}", n=n, total=len(items)))
    top[1].button("← " + _("Précédent"), on_click=_go, args=(max(1, n - 1),), disabled=n == 1, shortcut="ArrowLeft", key="present_prev", width="stretch")
    top[2].button(
        _("Suivant") + " →", on_click=_go, args=(min(len(items), n + 1),), disabled=n == len(items), shortcut="ArrowRight", key="present_next", width="stretch"
    )
    top[3].button(_("Quitter"), on_click=stop, key="present_quit", width="stretch", shortcut="Escape")
    st.title(w(key), anchor=False)
    footer(f, render(f))  # a screen of cards returns the numbered sources its cards point to
