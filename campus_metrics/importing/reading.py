"""Read a .csv or .xlsx file the way the spreadsheet meant it: one encoding, percent cells as shown, bounded size."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import pandas as pd

from campus_metrics.exporter import unneutralise
from campus_metrics.importing.limits import MAX_COLUMNS, max_rows, max_unpacked_bytes

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# UTF-8 text decoded as Windows-1252 once too often: « Ã‰cole », « Ã© », « Â »
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|Â[\u00a0-\u00bf]")


class ReadError(Exception):
    """The file cannot be read as a table: one reason, with the line when there is one."""

    def __init__(self, reason: str, line: int | None = None, value: str | None = None, fix: str = ""):
        super().__init__(reason)
        self.reason, self.line, self.value, self.fix = reason, line, value, fix


@dataclass
class Table:
    """The header as written (duplicates kept, so they can be refused) and the data rows as text."""

    header: list[str]
    rows: list[list[Any]]

    def frame(self) -> pd.DataFrame:
        """A frame of the rows (a duplicated header keeps its first column)."""
        width = len(self.header)
        rows = [(r + [None] * width)[:width] for r in self.rows]
        frame = pd.DataFrame(rows, columns=self.header, dtype=object)
        return frame.loc[:, ~frame.columns.duplicated()]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252, never a mix of both, never already garbled text."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        lines = data.split(b"\n")
        bad = utf8 = None
        for i, raw in enumerate(lines):
            try:
                raw.decode("utf-8")
                if utf8 is None and any(b >= 0x80 for b in raw):
                    utf8 = i
            except UnicodeDecodeError:
                bad = i if bad is None else bad
            if bad is not None and utf8 is not None:
                raise ReadError(
                    "encodages mélangés : une partie du fichier est en UTF-8, une autre en Windows-1252",
                    line=bad + 1,
                    fix="enregistrez tout le fichier en « CSV UTF-8 » depuis Excel",
                ) from None
        text = data.decode("cp1252", errors="replace")
    found = _MOJIBAKE.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise ReadError(
            "texte mal encodé (accents abîmés)",
            line=line,
            value=found.group(0),
            fix="corrigez les accents dans le tableur, puis enregistrez en « CSV UTF-8 »",
        )
    return text


def _separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda s: (counts[s], s == ","))


def _bounded(rows, header_width: int) -> list[list[Any]]:
    limit = max_rows()
    out = []
    for row in rows:
        if len(out) >= limit:
            raise ReadError(f"trop de lignes (plus de {limit})", fix="découpez le fichier en plusieurs imports")
        out.append(row)
    return out


def _check_header(header: list[Any]) -> list[str]:
    if len(header) > MAX_COLUMNS:
        raise ReadError(f"trop de colonnes ({len(header)}, au plus {MAX_COLUMNS})", line=1, fix="gardez seulement les colonnes du modèle")
    return ["" if h is None else str(h).strip() for h in header]


def read_csv(data: bytes) -> Table:
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text.split("\n", 1)[0]))
    try:
        header = _check_header(next(reader, []))
        rows = _bounded(([unneutralise(c) for c in row] for row in reader), len(header))
    except csv.Error as exc:
        raise ReadError(f"CSV mal formé ({exc})", line=reader.line_num, fix="vérifiez les guillemets de cette ligne") from None
    return Table(header, rows)


def _excel_value(cell) -> Any:
    v = getattr(cell, "value", None)
    if v is None:
        return None
    if isinstance(v, dt.datetime | dt.date):
        return (v.date() if isinstance(v, dt.datetime) else v).isoformat()
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int | float):
        if "%" in (getattr(cell, "number_format", "") or ""):
            v = round(v * 100, 9)  # a cell shown as 35 % holds 0.35: the figure meant is 35
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)
    return unneutralise(str(v))


def read_xlsx(data: bytes) -> Table:
    """The first sheet, read cell by cell in read-only mode after checking the unpacked size."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ReadError("fichier illisible : ce n'est pas un classeur .xlsx", fix="enregistrez le fichier au format .xlsx ou CSV UTF-8") from None
    if unpacked > max_unpacked_bytes():
        raise ReadError(
            f"classeur trop volumineux une fois décompressé ({unpacked / 1048576:.0f} Mo, au plus {max_unpacked_bytes() / 1048576:.0f} Mo)",
            fix="gardez une seule feuille avec les colonnes du modèle",
        )
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows()
        first = next(rows, ())
        header = _check_header([c.value for c in first[: MAX_COLUMNS + 1]])
        width = len(header)
        table = _bounded(([_excel_value(c) for c in row[:width]] for row in rows), width)
    finally:
        book.close()
    return Table(header, table)


def read(data: bytes, name: str) -> Table:
    """Bytes of a .csv or .xlsx file to a Table of raw text cells (validation parses them)."""
    if name.lower().endswith(EXCEL_SUFFIXES):
        return read_xlsx(data)
    return read_csv(data)


def read_table(data: bytes, name: str) -> pd.DataFrame:
    """The same as a frame of text cells (blank CSV cells are empty strings)."""
    return read(data, name).frame()
