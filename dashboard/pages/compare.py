"""Comparer les territoires: 2 to 4 régions or départements side by side, on the same scales."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, compare_view, data, filters, sources, ui
from dashboard.i18n import t

DEFAULT_REGIONS = ["76", "84"]


def pick() -> tuple[str, tuple[str, ...]]:
    names = data.names()
    left, right = st.columns([1, 3])
    level = left.radio(t("compare_level"), ("region", "departement"), format_func=lambda lv: t(f"level_{lv}"), key="_cmp_level", horizontal=True)
    pool = names["regions"] if level == "region" else names["departements"]
    default = [c for c in DEFAULT_REGIONS if c in pool] if level == "region" else []
    fmt = (lambda c: pool.get(c, c)) if level == "region" else (lambda c: f"{pool.get(c, c)} ({c})")
    codes = right.multiselect(t("compare_pick"), list(pool), default=default, format_func=fmt, max_selections=4, key=f"_cmp_{level}")
    return level, tuple(codes)


def main() -> None:
    f = filters.current()
    ui.page_header("page_compare", f)
    st.caption(t("compare_scope"))
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
        st.caption(t("compare_groups"))
    st.subheader(t("raw_counts"), anchor=False)
    compare_view.panel(ct, g, compare_view.RAW, order)
    st.subheader(t("per_capita"), anchor=False)
    compare_view.panel(ct, g, compare_view.PER_CAPITA, order)
    compare_view.notes(ct)
    charts.data_expander(compare_view.table(ct, g))
    scopes = [g.with_(regions=(c,)) if level == "region" else g.with_(departements=(c,)) for c in codes]
    used = pd.concat([data.query("sources_for", s) for s in scopes])
    sources.source_line(list(used["id"]), sources.frame_status(used, "status"))


main()
