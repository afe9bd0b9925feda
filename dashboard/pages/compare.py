"""Comparer les territoires: 2 to 4 régions or départements side by side, on the same scales.

The compared territories are in the URL (`?comparer=76&comparer=84&niveau=region`, codes), so a
shared link reopens the same comparison, and presentation mode reads the same parameters.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import compare_view, data, downloads, filters, links, presentation, sources, ui
from dashboard.i18n import _, t

DEFAULT_REGIONS = ["76", "84"]
LEVEL_STATE = "_cmp_level"


def _seed(pool_of) -> str:
    """The URL's level and territories into the widgets' state, before they are drawn."""
    links.seed_one(presentation.LEVEL_KEY, links.level_code, state_key=LEVEL_STATE)
    level = st.session_state.setdefault(LEVEL_STATE, "region")
    pool = pool_of(level)
    links.seed_one(presentation.COMPARE_KEY, lambda c: c if c in pool else _named(c, pool), state_key=f"_cmp_{level}", many=True)
    if level == "region":
        st.session_state.setdefault(f"_cmp_{level}", [c for c in DEFAULT_REGIONS if c in pool])
    return level


def _named(value: str, pool: dict[str, str]) -> str | None:
    return next((code for code, name in pool.items() if links.fold(name) == links.fold(value)), None)


def pick() -> tuple[str, tuple[str, ...]]:
    names = data.names()

    def pool_of(lv: str) -> dict[str, str]:
        return names["regions"] if lv == "region" else names["departements"]

    _seed(pool_of)
    left, right = st.columns([1, 3])
    level = left.radio(_("Comparer des"), ("region", "departement"), format_func=lambda lv: t(f"level_{lv}"), key=LEVEL_STATE, horizontal=True)
    pool = pool_of(level)
    fmt = (lambda c: pool.get(c, c)) if level == "region" else (lambda c: f"{pool.get(c, c)} ({c})")
    codes = right.multiselect(_("Territoires (2 à 4)"), list(pool), format_func=fmt, max_selections=4, key=f"_cmp_{level}")
    links.write_one(presentation.LEVEL_KEY, level, "region")
    links.write_one(presentation.COMPARE_KEY, codes)
    return level, tuple(codes)


def main() -> None:
    f = filters.current()
    ui.page_header("page_compare", f)
    st.caption(_("Période, programmes et statut suivent les filtres ; le territoire est choisi ici."))
    level, codes = pick()
    if len(codes) < 2:
        ui.empty("compare_need_two")
        return
    g = f.with_(regions=(), departements=())
    ct = data.compare_territories(g, codes, level)
    if ct.empty:
        ui.empty()
        return
    order = list(ct["name"])
    if len(f.groups) > 1:
        st.caption(_("Réalisé (bleu) et annoncé ou voté (orange) : barres séparées, jamais additionnées."))
    st.header(_("Chiffres bruts"), anchor=False)  # h2 under the page h1 (heading order)
    compare_view.panel(ct, g, compare_view.RAW, order)
    st.header(_("Rapportés à la population"), anchor=False)
    compare_view.panel(ct, g, compare_view.PER_CAPITA, order)
    compare_view.notes(ct)
    shown = compare_view.table(ct, g)
    export_frame = compare_view.export_table(ct, g, compare_view.source_words(ct))
    compared = g.with_(regions=codes) if level == "region" else g.with_(departements=codes)  # the file name says which territories
    downloads.data_expander(shown, export_frame=export_frame, name=_("comparaison"), filters=compared)
    scopes = [g.with_(regions=(c,)) if level == "region" else g.with_(departements=(c,)) for c in codes]
    used = pd.concat([data.query("sources_for", s) for s in scopes])
    sources.source_line(list(used["id"]), sources.frame_status(used, "status"))


main()
