"""Templates to fill in: for each data kind, the columns, one example row and the allowed values with French labels.

The CSV (semicolon, UTF-8 with BOM: what French Excel opens and saves) holds the header and
the example; the .xlsx adds a sheet « valeurs autorisées » and a sheet « colonnes » saying
which columns are required. The example row refers to the sourced seed, so a template filled
in on a seeded database imports as is.
"""

from __future__ import annotations

import csv
import io
import typing
from enum import StrEnum

from campus_metrics.enums import DataKind
from campus_metrics.importing.columns import columns, required_columns
from campus_metrics.templates.examples import EXAMPLES, HELP
from campus_metrics.validation import ROW_MODELS
from campus_metrics.validation.codes import french_label

DATA_SHEET = "données"
VALUES_SHEET = "valeurs autorisées"
COLUMNS_SHEET = "colonnes"


def allowed_values(kind: str) -> list[tuple[str, str, str]]:
    """(column, code, French label) for every column of the kind with a list of allowed values."""
    out = []
    for name, field in ROW_MODELS[kind].model_fields.items():
        enum = next((a for a in typing.get_args(field.annotation) or (field.annotation,) if isinstance(a, type) and issubclass(a, StrEnum)), None)
        if enum is None and isinstance(field.annotation, type) and issubclass(field.annotation, StrEnum):
            enum = field.annotation
        if enum is not None:
            out.extend((name, member.value, french_label(enum, member.value)) for member in enum)
    return out


def example(kind: str) -> list[str]:
    row = EXAMPLES[kind]
    return [row.get(col, "") for col in columns(kind)]


def template_csv(kind: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns(kind))
    writer.writerow(example(kind))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    data.append(columns(kind))
    data.append(example(kind))
    for cell in data[1]:
        cell.font = Font(bold=True)
    for cell in data[2]:
        cell.number_format = "@"  # text: Excel keeps 09, 2017-09-06 and codes as typed
    values = book.create_sheet(VALUES_SHEET)
    values.append(["colonne", "code", "libellé (le code ou le libellé sont acceptés)"])
    for row in allowed_values(kind):
        values.append(list(row))
    cols = book.create_sheet(COLUMNS_SHEET)
    cols.append(["colonne", "obligatoire", "ce qu'elle contient"])
    needed = set(required_columns(kind))
    for col in columns(kind):
        cols.append([col, "oui" if col in needed else "non", HELP.get(col, "")])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def template_bytes(kind: str, fmt: str = "xlsx") -> bytes:
    if kind not in DataKind.__members__:
        raise ValueError(kind)
    return template_xlsx(kind) if fmt == "xlsx" else template_csv(kind)
