"""Downloads a spreadsheet can compute with: CSV for French Excel and typed .xlsx cells.

CSV: `;` separator, decimal comma, UTF-8 BOM, numbers as plain numbers (no « M€ » or « % » in a
cell: the unit is in the column header, « Montant min (€) »). .xlsx: numbers, years and
percentages are typed cells with a number format chosen from the header's unit. File names say
what and for which filters: `budgets_occitanie_2017.csv`.

Text cells that a spreadsheet would run as a formula are neutralised (`exporter.neutralise_frame`).
This module does not import Streamlit: the page passes the names and the filters.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping

import pandas as pd
from openpyxl.utils import get_column_letter

from campus_metrics.exporter import neutralise_frame
from campus_metrics.filters import STATUS_GROUPS, Filters

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Number formats by the unit a header ends with; Excel shows them with the reader's separators.
FORMATS = {"(€)": '#,##0 "€"', "(M€)": "#,##0.0##", "(%)": "0%", "(€/an)": '#,##0 "€"', "(€/year)": '#,##0 "€"', "(M€/an)": "#,##0.0##"}
YEAR_WORDS = ("année", "year", "an ")


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns holding only whole numbers as integers: « 2200000 », not « 2200000,0 »."""
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_float_dtype(values):
            known = values.dropna()
            if not known.empty and (known % 1 == 0).all() and known.abs().max() < 2**53:
                out[col] = values.round().astype("Int64")
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """French Excel CSV: numbers stay numbers (decimal comma), text is neutralised."""
    text = neutralise_frame(whole_numbers(frame)).to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def number_format(header: str, series: pd.Series) -> str | None:
    """The .xlsx number format of a numeric column, from its header's unit; None for text."""
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return None
    for unit, fmt in FORMATS.items():
        if header.rstrip().endswith(unit):
            return fmt
    if _is_year(header):
        return "0"
    known = series.dropna()
    if not known.empty and (known.astype(float) % 1 == 0).all():
        return "#,##0"
    return "#,##0.0##"


def _is_year(header: str) -> bool:
    text = f"{header.lower()} "
    return any(word in text for word in YEAR_WORDS)


def xlsx_bytes(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """One sheet per frame; numeric columns as typed cells with a number format (percentages as fractions)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            out = neutralise_frame(frame)
            formats = {col: number_format(str(col), out[col]) for col in out.columns}
            for col, fmt in formats.items():
                if fmt == "0%":
                    out[col] = out[col] / 100  # a typed percentage: 78 % is 0.78 shown as « 78 % »
            sheet = name[:31]
            out.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            for i, col in enumerate(out.columns, start=1):
                letter = get_column_letter(i)
                fmt = formats[col]
                if fmt:
                    for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                        cell.number_format = fmt
                longest = max([len(str(col)), *(len(str(v)) for v in out[col].head(200))])
                ws.column_dimensions[letter].width = min(60, max(10, longest + 2))
            ws.freeze_panes = "A2"
    return buffer.getvalue()


def slug(text: str) -> str:
    """ASCII, lower case, words joined by '-': safe in a download header."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = "".join(ch if ch.isalnum() else "-" for ch in text)
    while "--" in text:
        text = text.replace("--", "-")
    return text.strip("-")


def file_name(what: str, f: Filters, names: Mapping[str, Mapping[str, str]], ext: str) -> str:
    """'budgets_occitanie_2017.csv': what, territory, period, then programmes and status group when chosen."""
    parts = [slug(what)]
    if f.departements:
        deps = names.get("departements", {})
        parts += [slug(deps.get(c, c)) for c in f.departements]
    elif f.regions:
        regs = names.get("regions", {})
        parts += [slug(regs.get(c, c)) for c in f.regions]
    else:
        parts.append("france")
    if f.year_min is not None or f.year_max is not None:
        lo, hi = f.year_min, f.year_max
        parts.append(str(lo) if lo == hi else f"{lo if lo is not None else ''}-{hi if hi is not None else ''}".strip("-"))
    parts += [slug(p) for p in f.programmes]
    group = next((g for g, s in STATUS_GROUPS.items() if s and tuple(sorted(s)) == f.statuses), None)
    if group:
        parts.append(group)
    return "_".join(p for p in parts if p) + f".{ext}"
