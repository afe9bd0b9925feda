"""Templates: every kind's CSV and .xlsx hold the columns, one example and the allowed values; filled in, they import."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from campus_metrics import cli
from campus_metrics.enums import DataKind, FactStatus, values
from campus_metrics.importing import columns, import_files, list_batches, read
from campus_metrics.templates import COLUMNS_SHEET, DATA_SHEET, VALUES_SHEET, template_bytes

KINDS = values(DataKind)


@pytest.mark.parametrize("kind", KINDS)
def test_xlsx_template_has_header_example_and_allowed_values_in_french(kind):
    book = load_workbook(io.BytesIO(template_bytes(kind, "xlsx")))
    assert book.sheetnames == [DATA_SHEET, VALUES_SHEET, COLUMNS_SHEET]
    rows = list(book[DATA_SHEET].iter_rows(values_only=True))
    assert list(rows[0]) == columns(kind) and len(rows) == 2 and any(rows[1])
    allowed = list(book[VALUES_SHEET].iter_rows(values_only=True))[1:]
    if kind not in ("sources",):
        assert allowed, kind
    if kind not in ("sources", "programmes"):
        labels = {code: label for col, code, label in allowed if col == "fact_status"}
        assert labels == {"announced": "Annoncé", "voted": "Voté", "realised": "Réalisé", "estimate": "Estimation"}
        assert set(labels) == set(values(FactStatus))


@pytest.mark.parametrize("kind", KINDS)
def test_csv_template_reads_back_with_the_same_columns(kind):
    table = read(template_bytes(kind, "csv"), f"{kind}.csv")
    assert table.header == columns(kind) and len(table.rows) == 1


def test_filled_templates_import_on_the_seeded_database(fresh):
    """The example rows (French codes, French numbers) import as they are, all kinds in one batch."""
    files = [(kind, f"modele_{kind}.xlsx", template_bytes(kind, "xlsx")) for kind in KINDS]
    reports = import_files(fresh, files, author="test")
    assert all(r.written for r in reports), [str(p) for r in reports for p in r.problems]
    assert list_batches(fresh).iloc[0]["author"] == "test"


def test_template_command_writes_the_file(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert cli.main(["template", "funding", "--output", str(out)]) == 0
    assert load_workbook(out)[DATA_SHEET]["A1"].value == "funding_id"
    assert cli.main(["template", "sites", "--format", "csv", "--output", str(tmp_path / "s.csv")]) == 0
    assert (tmp_path / "s.csv").read_bytes().startswith(b"\xef\xbb\xbfsite_id;")
