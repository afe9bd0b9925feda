"""Carte: département choropleth, région outlines, sites by programme.

A click on a département filters the whole app to it (the map then zooms to it); a click on a
site opens its card beside the map: programme(s), status, opening date, cohorts and sources.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, downloads, filters, map_legend, maps, sources, tables, ui
from dashboard.i18n import _, t

MAP_KEY = "_carte_map"
MAP_GEN = "_carte_map_gen"
APP_RERUN = "_carte_app_rerun"  # a département was clicked: the whole app follows the new filter


def _map_key() -> str:
    return f"{MAP_KEY}_{st.session_state.get(MAP_GEN, 0)}"


def _picked(layer: str) -> list[dict]:
    state = st.session_state.get(_map_key())
    return (state or {}).get("selection", {}).get("objects", {}).get(layer) or []


def _on_click() -> None:
    """Callback: a click on a département filters the app to it (sets the bound widgets' state)."""
    objects = _picked("departements")
    if objects:
        obj = objects[0]
        code = obj.get("code") or (obj.get("properties") or {}).get("code")
        if code:
            filters.select_departement(str(code))
            st.session_state[MAP_GEN] = st.session_state.get(MAP_GEN, 0) + 1  # a fresh chart: our colours, not the selection overlay
            st.session_state[APP_RERUN] = True


def _undo() -> None:
    filters.undo_map_selection()
    st.session_state[MAP_GEN] = st.session_state.get(MAP_GEN, 0) + 1  # forget the chart's selection


def controls() -> tuple[str, str]:
    left, right = st.columns([3, 1.3])
    metric = left.radio(_("Couleur des départements"), maps.METRICS, format_func=lambda m: t(f"m_{m}"), horizontal=True, key="_carte_metric")
    regions = data.names()["regions"]
    zones = list(maps.VIEWS)
    default = zones.index(maps.zone_for(filters.current()))
    # With a metropolitan région or département selected, the « metro » framing is that selection.
    metro = _("Territoire filtré") if maps.zoom_targets(filters.current()) else _("France métropolitaine")
    zone = right.selectbox(_("Cadrage"), zones, index=default, format_func=lambda z: metro if z == "metro" else regions.get(z, z))
    return metric, zone


def site_card(objects: list[dict]) -> None:
    """The clicked site's card (the same words as its tooltip, one line each), or how to get one."""
    with st.container(border=True, key="map_site_card"):
        if not objects:
            st.caption(":material/ads_click: " + _("Cliquez sur un site de la carte pour ouvrir sa fiche."))
            return
        obj = objects[0]
        st.header(str(obj.get("tip_title", "")), anchor=False)  # h2 under the page h1
        for line in str(obj.get("tip_body", "")).split("\n"):
            if line.strip():
                st.text(line)


@st.fragment
def interactive_map(f) -> None:
    """The map, its controls, legends and the clicked site's card: a fragment, so choosing a measure,
    a zone or a site reruns this part only; a click on a département reruns the whole app (the
    filters change)."""
    if st.session_state.pop(APP_RERUN, False):
        st.rerun(scope="app")
    metric, zone = controls()
    deck, legend, n_sites, progs = maps.deck(f, metric, zone)
    left, right = st.columns([2.2, 1], gap="medium")  # the card's title on three lines at 1280 px, not five
    with left:
        st.pydeck_chart(deck, height=680, on_select=_on_click, selection_mode="single-object", key=_map_key())
    with right:
        site_card(_picked("sites"))
    st.caption(
        _("Cliquez sur un département pour filtrer toute l'application sur ce département.")
        + " "
        + _("Fond : contours des départements (pas de fond de carte en ligne).")
    )
    map_legend.legends(legend, map_legend.legend_title(f, metric), progs)
    if metric != "sites":
        ui.one_group_note(f)
    if n_sites > maps.SITE_CAP:
        st.warning(_("{n} sites correspondent : seuls les {cap} premiers sont dessinés.", n=tables.num(n_sites), cap=tables.num(maps.SITE_CAP)))
    elif n_sites == 0:
        ui.empty("map_no_sites")


def main() -> None:
    f = filters.current()
    ui.page_header("page_map", f)
    if st.session_state.get(filters.MAP_UNDO) is not None and f.departements:
        names = data.names()["departements"]
        label = ", ".join(f"{names.get(c, c)} ({c})" for c in f.departements)
        info, button = st.columns([3, 1.3])
        info.success(ui.safe(_("Filtré sur {name} depuis la carte.", name=label)), icon=":material/touch_app:")
        button.button(_("Annuler la sélection sur la carte"), on_click=_undo, icon=":material/undo:", width="stretch")
    interactive_map(f)
    note = map_legend.unallocated_text(f)
    if note:
        st.caption(ui.safe(note))
    totals = data.query("departement_totals", f)
    known = totals[(totals["sites"] > 0) | totals["learners"].notna() | totals["money_min"].notna()]
    regions = data.names()["regions"]
    with st.expander(f"{_('Voir les données')} — {_('Totaux par département')} ({ui.group_words(f)})", icon=":material/table:"):
        if known.empty:
            ui.empty()
        else:
            named = known.assign(region_name=known["region_code"].map(regions))
            shown = tables.departement_totals(named)
            st.dataframe(shown, hide_index=True, width="stretch")
            downloads.buttons(shown, export_frame=tables.departement_totals_export(named, ui.group_label(f)), name=_("totaux-par-departement"))
    used = data.query("sources_for", f)
    sources.source_line(list(used["id"]), sources.frame_status(used, "status"))


main()
