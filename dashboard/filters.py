"""The global sidebar filters, shared by every page and encoded in the URL.

The widgets are drawn by the router on every run (so their state survives page changes) and
their codes are kept in the URL (key = parameter name), so a copied link reopens the same view
in any language: `?annees=2017&annees=2017&region=76&statut=realised&lang=en`. The period slider
is bound by Streamlit (`bind="query-params"`: numbers are its own codes); the other widgets are
synced by `dashboard.links` (Streamlit would write their translated labels). Code that changes
a filter (map click, reset) sets the widget's `st.session_state` key in a callback.
"""

from __future__ import annotations

import streamlit as st

from campus_metrics.filters import Filters
from dashboard import data, links
from dashboard.i18n import LANG_KEY, LANGS, SWITCH_LABEL, _, t

YEARS, REGION, DEPS, PROGS, STATUS = "annees", "region", "dep", "prog", "statut"
STATUS_GROUPS = ("all", "announced", "realised")
MAP_UNDO = "_map_undo"  # (region, deps) before a click on the map


def seed_from_url() -> None:
    """Before any widget: the URL's codes (or old labels) into the widgets' state (see `dashboard.links`)."""
    links.seed_one(LANG_KEY, links.lang_code)
    links.seed_one(REGION, links.region_code)
    links.seed_one(DEPS, links.departement_code, many=True)
    links.seed_one(PROGS, links.programme_code, many=True)
    links.seed_one(STATUS, links.status_code)
    st.session_state.setdefault(LANG_KEY, "fr")


def write_to_url() -> None:
    """After the widgets: their codes into the URL (defaults leave no parameter)."""
    links.write_one(LANG_KEY, st.session_state.get(LANG_KEY), "fr")
    links.write_one(REGION, st.session_state.get(REGION), "")
    links.write_one(DEPS, st.session_state.get(DEPS))
    links.write_one(PROGS, st.session_state.get(PROGS))
    links.write_one(STATUS, st.session_state.get(STATUS), "all")


def language_switch() -> str:
    """Français / English, kept in `?lang=fr|en`; returns the code."""
    choice = st.sidebar.segmented_control(SWITCH_LABEL, options=list(LANGS), format_func=LANGS.get, key=LANG_KEY, required=True)
    return choice or "fr"


def year_bounds() -> tuple[int, int] | None:
    """First and last year of any figure, site openings included (a chart of sites opened in 2020
    must not sit beside a slider that stops at 2018); computed once per data version."""
    return data.year_bounds()


def _dep_options(region: str) -> list[str]:
    return [code for code, reg in data.departement_regions().items() if not region or reg == region]


def _on_region_change() -> None:
    st.session_state[DEPS] = []
    st.session_state.pop(MAP_UNDO, None)


def reset() -> None:
    """Back to the default view (callback)."""
    years = year_bounds()
    if years:
        st.session_state[YEARS] = tuple(years)
    st.session_state[REGION] = ""
    st.session_state[DEPS] = []
    st.session_state[PROGS] = []
    st.session_state[STATUS] = "all"
    st.session_state.pop(MAP_UNDO, None)


def select_departement(code: str) -> None:
    """Filter the whole app to one département (map click), remembering how to undo it."""
    deps = data.options()["departements"]
    row = deps[deps["code"] == code]
    if row.empty:
        return
    st.session_state[MAP_UNDO] = (st.session_state.get(REGION, ""), list(st.session_state.get(DEPS, [])))
    st.session_state[REGION] = str(row.iloc[0]["region_code"])
    st.session_state[DEPS] = [code]


def undo_map_selection() -> None:
    region, deps = st.session_state.pop(MAP_UNDO, ("", []))
    st.session_state[REGION] = region
    st.session_state[DEPS] = deps


def sidebar() -> None:
    """Draw the filters in the sidebar (called by the router before the page runs)."""
    bounds = year_bounds()
    names = data.names()
    sb = st.sidebar
    sb.header(_("Filtres"), anchor=False, divider="gray")
    if bounds:
        lo, hi = bounds
        if lo < hi:
            sb.slider(
                _("Période"),
                min_value=lo,
                max_value=hi,
                value=(lo, hi),
                step=1,
                key=YEARS,
                bind="query-params",
                help=_("Toute l'étendue = toutes années, y compris les chiffres sans année connue."),
            )
        else:
            sb.caption(_("Période") + _(" : ") + str(lo))
    else:
        sb.caption(_("Aucune année renseignée dans la base."))
    regions = names["regions"]
    sb.selectbox(
        _("Région"),
        options=["", *regions],
        format_func=lambda c: regions.get(c, c) if c else _("France entière"),
        key=REGION,
        on_change=_on_region_change,
    )
    deps = names["departements"]
    sb.multiselect(
        _("Départements"),
        options=_dep_options(st.session_state.get(REGION, "")),
        format_func=lambda c: f"{deps.get(c, c)} ({c})",
        key=DEPS,
        placeholder=_("Tous les départements"),
    )
    progs = names["programmes"]
    sb.multiselect(_("Programmes"), options=list(progs), format_func=lambda p: progs.get(p, p), key=PROGS, placeholder=_("Tous les programmes"))
    sb.radio(
        _("Statut des chiffres"),
        options=STATUS_GROUPS,
        format_func=lambda g: t(f"status_{g}"),
        key=STATUS,
        horizontal=True,
        help=_("Annoncés : annonces, budgets votés, objectifs, estimations. Réalisés : constatés (ouverts, inscrits, dépensés, mesurés)."),
    )
    sb.button(_("Réinitialiser les filtres"), on_click=reset, icon=":material/restart_alt:", width="stretch")
    sb.caption(_("L'adresse de la page contient les filtres : copiez-la pour rouvrir la même vue."))


def current() -> Filters:
    """The Filters value the sidebar describes (full period = no period restriction)."""
    bounds = year_bounds()
    year_min = year_max = None
    years = st.session_state.get(YEARS)
    if bounds and years and tuple(years) != tuple(bounds):
        year_min, year_max = int(years[0]), int(years[1])
    region = st.session_state.get(REGION) or ""
    deps = tuple(st.session_state.get(DEPS) or ())
    return Filters.for_status_group(
        st.session_state.get(STATUS) or "all",
        year_min=year_min,
        year_max=year_max,
        regions=(region,) if region else (),
        departements=deps,
        programmes=tuple(st.session_state.get(PROGS) or ()),
    )
