"""Comparer les territoires: 2 to 4 régions or départements side by side, on the same scales."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, sources, tables, ui
from dashboard.i18n import lang, t

RAW = (("sites", "c_sites", 1), ("learners", "c_learners", 1), ("money_min", "c_money", 1e6))
PER_CAPITA = (
    ("sites_per_million", "c_sites_per_million", 1),
    ("learners_per_100k", "c_learners_per_100k", 1),
    ("money_per_inhabitant", "c_money_per_inhabitant", 1),
)
DEFAULT_REGIONS = ["76", "84"]
PANEL_WIDTH = 440


def pick() -> tuple[str, tuple[str, ...]]:
    names = data.names()
    left, right = st.columns([1, 3])
    level = left.radio(t("compare_level"), ("region", "departement"), format_func=lambda lv: t(f"level_{lv}"), key="_cmp_level", horizontal=True)
    pool = names["regions"] if level == "region" else names["departements"]
    default = [c for c in DEFAULT_REGIONS if c in pool] if level == "region" else []
    fmt = (lambda c: pool.get(c, c)) if level == "region" else (lambda c: f"{pool.get(c, c)} ({c})")
    codes = right.multiselect(t("compare_pick"), list(pool), default=default, format_func=fmt, max_selections=4, key=f"_cmp_{level}")
    return level, tuple(codes)


def value_text(column: str, v) -> str:
    if column == "money_min":
        return tables.money(v)
    if column == "money_per_inhabitant":
        return tables.num(v, 2)  # the chart title says « Euros par habitant »
    return tables.num(v, 1 if column in ("sites_per_million", "learners_per_100k") else 0)


def panel(ct: pd.DataFrame, specs: tuple, order: list[str]) -> None:
    """One small chart per measure; fixed-width boxes wrap: three a row on a wide screen, one on a projector."""
    row = st.container(horizontal=True, gap="medium")
    for column, key, scale in specs:
        frame = ct.assign(v=pd.to_numeric(ct[column], errors="coerce") / scale, txt=ct[column].map(lambda v, c=column: value_text(c, v)))
        with row.container(width=PANEL_WIDTH):
            st.markdown(f"**{t(key)}**")
            charts.draw(charts.bar_chart(frame, category="name", value="v", text="txt", sort=order, value_format=",.1~f", height=48 * len(frame) + 10))


def main() -> None:
    f = filters.current()
    ui.page_header("page_compare", f)
    st.caption(t("compare_scope"))
    level, codes = pick()
    if len(codes) < 2:
        ui.empty("compare_need_two")
        return
    ct = data.compare_territories(f.with_(regions=(), departements=()), codes, level)
    if ct.empty:
        ui.empty()
        return
    order = list(ct["name"])
    st.subheader(t("raw_counts"), anchor=False)
    panel(ct, RAW, order)
    st.subheader(t("per_capita"), anchor=False)
    panel(ct, PER_CAPITA, order)
    for _, r in ct[ct["note"] != ""].iterrows():
        st.caption(f":material/info: {ui.safe(r['name'])} : {ui.safe(r['note'])}")
    fr = lang() == "fr"
    table = pd.DataFrame(
        {t("territory"): ct["name"], t("c_population"): ct["population"].map(tables.num)}
        | {t(key): ct[column].map(lambda v, c=column: value_text(c, v)) for column, key, _ in RAW + PER_CAPITA}
        | {t("c_exit_rate"): ct["positive_exit_rate"].map(tables.pct), ("Note" if fr else "Note"): ct["note"]}
    )
    charts.data_expander(table)
    used = pd.concat([data.sources_for(f.with_(regions=(c,), departements=()) if level == "region" else f.with_(regions=(), departements=(c,))) for c in codes])
    sources.source_line(list(used["id"]), sources.frame_status(used, "status"))


main()
