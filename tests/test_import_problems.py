"""Every finding of the import probes (issue 10, item 2): each file below was accepted, garbled or
reported in rounds before; now it is refused in one round, naming line, column and value, in French.

Refused imports write nothing, so they run on the shared seeded database, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from campus_metrics import models as m
from campus_metrics.importing import MAX_PROBLEMS, import_files, read

SEED = Path(__file__).resolve().parent.parent / "data" / "seed"
QUOTE = "a programmé 2,2 millions d’euros pour assurer les 15 sessions de 2017"
COHORT_HEADER = ["cohort_id", "programme_id", "region_code", "label", "start_year", "learners", "women_share_pct", "fact_status", "source_id", "quote"]


def csv_bytes(header: list[str], *rows: list[str], encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def cohort(cid: str = "p_new", **cells) -> list[str]:
    row = dict(zip(COHORT_HEADER, [cid, "ern", "76", "Promo", "2019", "15", "", "announced", "S004", QUOTE], strict=True)) | cells
    return [row[c] for c in COHORT_HEADER]


def refused(engine, kind: str, name: str, data: bytes):
    report = import_files(engine, [(kind, name, data)], dry_run=True)[0]
    assert report.problems, f"{name} was accepted"
    for p in report.problems:
        assert p.reason and p.fix, p  # every problem says what to do
    return report


def dry_ok(engine, kind, name, data):
    report = import_files(engine, [(kind, name, data)], dry_run=True)[0]
    assert not report.problems, [str(p) for p in report.problems]
    return report


# --- accepted although it should not be ------------------------------------------------------


def test_a_column_one_letter_off_is_refused_with_did_you_mean(seeded):
    header = [c if c != "women_share_pct" else "women_share_pc" for c in COHORT_HEADER]
    report = refused(seeded, "cohorts", "typo.csv", csv_bytes(header, cohort(women_share_pct="35")))
    [p] = report.problems
    assert (p.row, p.column, p.reason) == (1, "women_share_pc", "colonne inconnue")
    assert "women_share_pct" in p.fix


def test_a_duplicated_header_is_refused(seeded):
    report = refused(seeded, "cohorts", "dup.csv", csv_bytes([*COHORT_HEADER, "learners"], [*cohort(), "20"]))
    assert [(p.row, p.column) for p in report.problems] == [(1, "learners")]
    assert "2 fois" in report.problems[0].reason


def test_a_percent_formatted_excel_cell_holds_the_percentage_shown(seeded):
    book = Workbook()
    sheet = book.active
    sheet.append(COHORT_HEADER)
    sheet.append(cohort())
    cell = sheet.cell(row=2, column=COHORT_HEADER.index("women_share_pct") + 1, value=0.35)
    cell.number_format = "0%"
    buf = io.BytesIO()
    book.save(buf)
    table = read(buf.getvalue(), "p.xlsx")
    assert table.rows[0][COHORT_HEADER.index("women_share_pct")] == "35"
    dry_ok(seeded, "cohorts", "p.xlsx", buf.getvalue())


def test_a_file_with_mixed_encodings_is_refused_naming_the_first_bad_line(seeded):
    utf8 = csv_bytes(COHORT_HEADER, cohort("p1", label="École A"))
    cp1252 = csv_bytes(COHORT_HEADER, cohort("p2", label="École B"), encoding="cp1252").split(b"\n", 1)[1]
    report = refused(seeded, "cohorts", "mixed.csv", utf8 + cp1252)
    [p] = report.problems
    assert p.row == 3 and "encodages mélangés" in p.reason and "UTF-8" in p.fix


def test_text_already_garbled_is_refused(seeded):
    report = refused(seeded, "cohorts", "moji.csv", csv_bytes(COHORT_HEADER, cohort(label="Ã‰cole rÃ©gionale")))
    assert report.problems[0].row == 2 and "mal encodé" in report.problems[0].reason


def test_a_cp1252_file_is_still_read(seeded):
    dry_ok(seeded, "cohorts", "win.csv", csv_bytes(COHORT_HEADER, cohort(label="École numérique"), encoding="cp1252"))


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "Infinity", "NaN"])
def test_inf_and_nan_are_refused(seeded, value):
    report = refused(seeded, "cohorts", "inf.csv", csv_bytes(COHORT_HEADER, cohort(learners=value, women_share_pct=value)))
    assert {p.column for p in report.problems} == {"learners", "women_share_pct"}


def _seed_funding() -> tuple[list[str], list[str]]:
    with (SEED / "funding.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1]


def test_the_same_figure_under_a_new_id_is_refused_naming_its_twin(seeded):
    header, row = _seed_funding()
    twin_of = row[0]
    copy = [f"{twin_of}_bis", *row[1:]]
    report = refused(seeded, "funding", "twin.csv", csv_bytes(header, copy))
    [p] = report.problems
    assert p.row == 2 and twin_of in p.reason and p.value == f"{twin_of}_bis"
    # and within one file
    other = [f"{twin_of}_ter", *row[1:]]
    other[header.index("amount_eur")] = "1234"
    again = [f"{twin_of}_quater", *other[1:]]
    report = refused(seeded, "funding", "twin2.csv", csv_bytes(header, other, again))
    assert [(p.row, f"{twin_of}_ter" in p.reason) for p in report.problems] == [(3, True)]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "ftp://x.fr/a", "https://x.fr/`a`", "www.x.fr"])
def test_only_http_urls_are_accepted(seeded, url):
    header = ["source_id", "title", "url"]
    report = refused(seeded, "sources", "u.csv", csv_bytes(header, ["S901", "Titre", url]))
    assert [p.column for p in report.problems] == ["url"]
    dry_ok(seeded, "sources", "ok.csv", csv_bytes(header, ["S901", "Titre", "https://www.exemple.fr/a?b=1"]))


def test_a_name_longer_than_the_schema_is_refused_before_the_database(seeded):
    report = refused(seeded, "cohorts", "long.csv", csv_bytes(COHORT_HEADER, cohort("x" * 41, label="L" * 201)))
    got = {p.column: p.reason for p in report.problems}
    assert set(got) == {"cohort_id", "label"}
    assert "41 caractères, au plus 40" in got["cohort_id"] and "au plus 200" in got["label"]
    # and written for real: still a refusal, never a database error (PostgreSQL raised DataError)
    report = import_files(seeded, [("cohorts", "long.csv", csv_bytes(COHORT_HEADER, cohort(label="L" * 201)))])[0]
    assert not report.written and [p.column for p in report.problems] == ["label"]


# --- slow or unclear -------------------------------------------------------------------------


def _bomb(unpacked_mb: int) -> bytes:
    """A small .xlsx whose sheet unpacks to `unpacked_mb` MB of XML."""
    buf = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1000
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>")
            for _ in range(unpacked_mb * 1024 * 1024 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def test_a_decompression_bomb_is_refused_with_one_problem(seeded):
    data = _bomb(190)
    assert len(data) < 1024 * 1024
    report = refused(seeded, "cohorts", "bomb.xlsx", data)
    [p] = report.problems
    assert "décompressé" in p.reason and "190 Mo" in p.reason


def test_too_many_rows_is_refused_without_listing_them(seeded, monkeypatch):
    monkeypatch.setenv("CAMPUS_METRICS_MAX_IMPORT_ROWS", "50")
    report = refused(seeded, "cohorts", "rows.csv", csv_bytes(COHORT_HEADER, *(cohort(f"p{i}") for i in range(51))))
    [p] = report.problems
    assert "trop de lignes" in p.reason


def test_the_problem_list_is_capped_with_a_count_of_the_rest(seeded):
    rows = [cohort(f"p{i}", learners="beaucoup") for i in range(MAX_PROBLEMS + 30)]
    report = refused(seeded, "cohorts", "many.csv", csv_bytes(COHORT_HEADER, *rows))
    assert len(report.problems) == MAX_PROBLEMS and report.hidden == 30 and report.total_problems == MAX_PROBLEMS + 30


@pytest.mark.parametrize(
    ("kind", "header", "row", "column"),
    [
        ("sources", ["source_id", "title", "published_on", "url"], ["S902", "Titre", "2017-02-30", "https://x.fr"], "published_on"),
        ("cohorts", [*COHORT_HEADER, "start_date"], [*cohort(), "30/02/2019"], "start_date"),
    ],
)
def test_an_impossible_date_names_its_column(seeded, kind, header, row, column):
    report = refused(seeded, kind, "date.csv", csv_bytes(header, row))
    assert [(p.row, p.column) for p in report.problems] == [(2, column)]


# --- found in rounds ---------------------------------------------------------------------------

SITE_HEADER = ["site_id", "name", "commune_insee", "site_status", "opening_year", "fact_status", "source_id", "quote"]


def test_six_mistakes_are_reported_in_one_round(seeded):
    rows = [
        ["s1", "Site un", "46042", "open", "deux mille", "announced", "S004", QUOTE],  # bad year
        ["s2", "Site deux", "46042", "peut-être", "2018", "announced", "S004", QUOTE],  # bad status
        ["s3", "Site trois", "46042", "open", "2018", "announced", "S004", ""],  # missing quote
        ["s4", "Site quatre", "46042", "open", "2018", "announced", "S999", QUOTE],  # unknown source
        ["s5", "Site cinq", "99999", "open", "2018", "announced", "S004", QUOTE],  # unknown commune
        ["s6", "", "46042", "open", "2018", "rumeur", "S004", QUOTE],  # missing name and bad fact status
    ]
    report = refused(seeded, "sites", "six.csv", csv_bytes(SITE_HEADER, *rows))
    found = {(p.row, p.column) for p in report.problems}
    assert found == {(2, "opening_year"), (3, "site_status"), (4, "quote"), (5, "source_id"), (6, "commune_insee"), (7, "name"), (7, "fact_status")}
    for p in report.problems:
        assert p.file == "six.csv" and p.row and p.column


def test_references_are_checked_even_on_a_row_with_other_mistakes(seeded):
    row = ["s7", "Site", "99999", "open", "deux mille", "announced", "S999", ""]
    report = refused(seeded, "sites", "all.csv", csv_bytes(SITE_HEADER, row))
    assert {p.column for p in report.problems} == {"commune_insee", "opening_year", "source_id", "quote"}


# --- written for developers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"), [("annoncé", "announced"), ("Réalisé", "realised"), ("REALISE", "realised"), ("voté", "voted"), ("realised", "realised")]
)
def test_french_and_english_status_codes_are_accepted(fresh, typed, code):
    report = import_files(fresh, [("cohorts", "fr.csv", csv_bytes(COHORT_HEADER, cohort("p_fr", fact_status=typed)))])[0]
    assert report.written, [str(p) for p in report.problems]
    with fresh.connect() as conn:
        assert conn.execute(select(m.Cohort.fact_status).where(m.Cohort.id == "p_fr")).scalar_one() == code
