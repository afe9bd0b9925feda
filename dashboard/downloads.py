"""« Voir les données »: the table on screen, and CSV, Excel and PNG downloads built on click.

The CSV and Excel files hold numbers (the page passes an `export` frame with units in its
headers; the display table, all text, is the fallback). File names say what and for which
filters. The PNG carries the chart's title, the filter sentence and the sources.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard import export, sources
from dashboard.cache import digest, fingerprint
from dashboard.i18n import _, lang

if TYPE_CHECKING:
    from campus_metrics.filters import Filters
    from dashboard.charts import Chart

PNG_WIDTH = 900
WRAP = 120  # characters per subtitle line at the PNG's width


def png_spec(spec: dict, title: str, lines: list[str]) -> dict:
    """The chart's spec with a title and subtitle lines (filters, sources) drawn above it."""
    subtitle = [part for line in lines if line for part in textwrap.wrap(line, WRAP)]
    head = {"text": title, "subtitle": subtitle, "anchor": "start", "fontSize": 20, "subtitleFontSize": 14, "subtitlePadding": 6, "offset": 14}
    return {**spec, "width": PNG_WIDTH, "title": head, "background": "white"}


def png_bytes(spec: dict, title: str, lines: list[str]) -> bytes:
    """The chart as a PNG with its title, filters and sources (vl-convert, offline), rendered on click."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(png_spec(spec, title, lines), scale=2)


def _names(what: str | None, f: Filters | None = None) -> tuple[str, str, str]:
    """(file stem, filter sentence, chart title fallback) for these filters (default: the page's)."""
    from dashboard import data, filters

    f = f if f is not None else filters.current()
    names = data.names()
    what = what or _("donnees")
    return export.file_name(what, f, names, "x")[:-2], f.sentence(names, lang()), what


def data_expander(
    table: pd.DataFrame,
    chart: Chart | None = None,
    *,
    export_frame: pd.DataFrame | None = None,
    name: str | None = None,
    title: str | None = None,
    source_ids=None,
    status: str | None = None,
    filters: Filters | None = None,
) -> None:
    """The table, with CSV (French Excel), Excel and PNG downloads, each built on click.

    `export_frame`: the same rows as numbers with units in the headers (what the CSV and Excel
    files hold); `name`: what the file holds (« budgets »); `title`: the chart's title on the PNG;
    `filters`: what the file name says when the table is not for the page's filters (a comparison).
    The buttons' keys come from the chart's spec (its data included) and the table's columns, or
    from the table's content when there is no chart: the same widgets on every rerun.
    """
    with st.expander(_("Voir les données"), icon=":material/table:"):
        st.dataframe(table, hide_index=True, width="stretch")
        buttons(table, chart, export_frame=export_frame, name=name, title=title, source_ids=source_ids, status=status, filters=filters)


def buttons(
    table: pd.DataFrame,
    chart: Chart | None = None,
    *,
    export_frame: pd.DataFrame | None = None,
    name: str | None = None,
    title: str | None = None,
    source_ids=None,
    status: str | None = None,
    filters: Filters | None = None,
) -> None:
    """CSV, Excel and (with a chart) PNG download buttons in one row, each file built on click."""
    out = table if export_frame is None else export_frame
    stem, sentence, heading = _names(name, filters)
    row = st.container(horizontal=True, gap="small")
    uid = digest(f"{chart.key}{list(table.columns)}".encode() if chart is not None else str(fingerprint(table)).encode(), 5)
    row.download_button(
        "CSV",
        data=lambda: export.csv_bytes(out),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"dl_csv_{uid}",
    )
    row.download_button(
        "Excel",
        data=lambda: export.xlsx_bytes({stem: out}),
        file_name=f"{stem}.xlsx",
        mime=export.XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
        key=f"dl_xlsx_{uid}",
    )
    if chart is not None:
        spec, lines = chart.spec, [sentence, sources.source_text(source_ids, status)]
        row.download_button(
            "PNG",
            data=lambda: png_bytes(spec, title or heading, lines),
            file_name=f"{stem}.png",
            mime="image/png",
            icon=":material/image:",
            on_click="ignore",
            key=f"dl_png_{uid}",
        )
