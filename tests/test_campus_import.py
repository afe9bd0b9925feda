"""Import: French Excel files are read, bad files are refused whole, the database stays unchanged."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from campus_metrics import cli
from campus_metrics import models as m
from campus_metrics.exporter import export_tables
from campus_metrics.importer import KINDS, import_files, read_table

TEST_DATA = Path(__file__).resolve().parent / "data"
TABLES = [m.Source, m.Programme, m.Site, m.Cohort, m.FundingLine, m.Outcome, m.Indicator]


def snapshot(engine) -> dict[str, tuple]:
    """Row count and sorted ids of every table: what 'unchanged' means here."""
    with engine.connect() as conn:
        return {t.__tablename__: tuple(sorted(conn.execute(select(t.id)).scalars())) for t in TABLES} | {
            "links": conn.execute(select(func.count()).select_from(m.site_programmes)).scalar_one()
        }


def run_cli(engine, capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["--database-url", str(engine.url.render_as_string(hide_password=False)), *args])
    out, err = capsys.readouterr()
    return code, out, err


BAD_FILES = [
    ("cohorts", "cohorts_wrong_types.csv", ["nombre entier attendu", "date attendue", "valeur non autorisée"]),
    (
        "sites",
        "sites_unknown_commune.csv",
        ["commune inconnue : Trifouillis-les-Oies", "commune ambiguë : Valence", "Valence (26, 26362)", "code INSEE inconnu : 99999"],
    ),
    ("funding", "funding_negative.csv", ["négatif"]),
    ("outcomes", "outcomes_rate_over_100.csv", ["taux supérieur à 100 %"]),
    ("funding", "funding_missing_source.csv", ["source manquante", "source inconnue"]),
    ("cohorts", "cohorts_duplicates.csv", ["ligne en double", "identifiant en double"]),
    ("funding", "funding_end_before_start.csv", ["fin avant le début"]),
    ("sites", "sites_script.csv", ["balise HTML ou script interdite"]),
]


@pytest.mark.parametrize(("kind", "name", "reasons"), BAD_FILES, ids=[b[1] for b in BAD_FILES])
def test_bad_file_is_refused_with_every_reason_and_nothing_written(fresh, capsys, kind, name, reasons):
    before = snapshot(fresh)
    code, out, err = run_cli(fresh, capsys, "import", str(TEST_DATA / name), "--kind", kind)
    assert code != 0
    assert "Traceback" not in err + out
    for reason in reasons:
        assert reason in err, (reason, err)
    assert name in err and "ligne" in err  # located: file and row
    assert snapshot(fresh) == before


def test_one_bad_row_refuses_the_good_rows_too(fresh):
    before = snapshot(fresh)
    reports = import_files(fresh, [("outcomes", "x.csv", (TEST_DATA / "outcomes_rate_over_100.csv").read_bytes())])
    assert len(reports[0].problems) == 1 and reports[0].problems[0].row == 2
    assert reports[0].problems[0].column == "value"
    assert snapshot(fresh) == before


def test_empty_file_is_refused(fresh, tmp_path, capsys):
    before = snapshot(fresh)
    for content in (b"", b"funding_id,amount_eur\n"):
        path = tmp_path / "empty.csv"
        path.write_bytes(content)
        code, _, err = run_cli(fresh, capsys, "import", str(path), "--kind", "funding")
        assert code != 0 and "vide" in err
    assert snapshot(fresh) == before


def test_50_mb_file_is_refused_without_reading_it(fresh, tmp_path, capsys):
    before = snapshot(fresh)
    path = tmp_path / "big.csv"
    line = (TEST_DATA / "funding_negative.csv").read_text(encoding="utf-8").splitlines()[1] + "\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write((TEST_DATA / "funding_negative.csv").read_text(encoding="utf-8").splitlines()[0] + "\n")
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(line * 1000)
    code, _, err = run_cli(fresh, capsys, "import", str(path), "--kind", "funding")
    assert code != 0 and "trop volumineux" in err
    assert snapshot(fresh) == before


def test_french_excel_csv_cp1252_semicolon_decimal_comma_is_imported(fresh, capsys):
    code, out, err = run_cli(fresh, capsys, "import", str(TEST_DATA / "funding_fr_excel.csv"), "--kind", "funding")
    assert code == 0, err
    with fresh.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(m.FundingLine).where(m.FundingLine.id.in_(["imp_f1", "imp_f2"])))}
    assert rows["imp_f1"].amount_min_eur == 150_000 and rows["imp_f1"].beneficiary.startswith("Écoles")
    assert (rows["imp_f2"].amount_min_eur, rows["imp_f2"].amount_max_eur) == (12_500.5, 20_000)
    assert rows["imp_f2"].region_code == "76"  # derived from département 34
    assert rows["imp_f1"].quote.endswith("sessions de 2017") and "’" in rows["imp_f1"].quote
    assert rows["imp_f1"].amount_period == rows["imp_f2"].amount_period == "one_off"  # no amount_period column: one_off


def test_utf8_bom_and_xlsx_are_read_like_the_csv():
    raw = (TEST_DATA / "funding_fr_excel.csv").read_bytes()
    plain = read_table(raw, "f.csv")
    bom = read_table(b"\xef\xbb\xbf" + raw.decode("cp1252").encode("utf-8"), "f.csv")
    pd.testing.assert_frame_equal(plain, bom)
    buf = io.BytesIO()
    plain.to_excel(buf, index=False)
    xlsx = read_table(buf.getvalue(), "f.xlsx").fillna("")
    assert list(xlsx.columns) == list(plain.columns)
    assert xlsx.loc[0, "amount_eur"] == "150 000" and xlsx.loc[1, "amount_min_eur"] == "12 500,50"


def test_xlsx_import_and_dry_run(fresh, tmp_path, capsys):
    frame = read_table((TEST_DATA / "sites_ok_by_name.csv").read_bytes(), "s.csv")
    path = tmp_path / "sites.xlsx"
    frame.to_excel(path, index=False)
    before = snapshot(fresh)
    code, out, _ = run_cli(fresh, capsys, "import", str(path), "--kind", "sites", "--dry-run")
    assert code == 0 and "essai" in out
    assert snapshot(fresh) == before
    code, out, err = run_cli(fresh, capsys, "import", str(path), "--kind", "sites")
    assert code == 0, err
    with fresh.connect() as conn:
        communes = dict(conn.execute(select(m.Site.id, m.Site.commune_insee).where(m.Site.id.in_(["ok1", "ok2"]))).all())
    assert communes == {"ok1": "81004", "ok2": "82186"}


def test_import_of_an_id_already_present_is_refused(fresh):
    before = snapshot(fresh)
    data = (TEST_DATA / "funding_fr_excel.csv").read_bytes()
    assert import_files(fresh, [("funding", "a.csv", data)])[0].written
    again = import_files(fresh, [("funding", "a.csv", data)])[0]
    assert not again.written and "déjà présent" in again.problems[0].reason
    after = snapshot(fresh)
    assert len(after["funding_lines"]) == len(before["funding_lines"]) + 2


def test_cli_never_prints_a_traceback_on_an_unreadable_file(fresh, tmp_path, capsys):
    path = tmp_path / "garbage.xlsx"
    path.write_bytes(os.urandom(2048))
    code, out, err = run_cli(fresh, capsys, "import", str(path), "--kind", "cohorts")
    assert code != 0 and "Traceback" not in err and "illisible" in err


# --- amount_period: one sum for the period, or the same amount each year ----------------------

FUNDING_HEADER = (
    "funding_id,beneficiary,programme_id,region_code,year_start,year_end,funder_name,funder_type,nature,amount_kind,amount_eur,"
    "amount_period,in_totals,fact_status,source_id,quote"
)
QUOTE = "pour un fonctionnement annuel de 3,5 millions d'euros pour la suite"


def _funding_file(*lines: str) -> bytes:
    return ("\n".join((FUNDING_HEADER, *lines)) + "\n").encode("utf-8")


def test_amount_period_per_year_imports_and_round_trips_through_the_export(fresh, empty, tmp_path, capsys):
    data = _funding_file(
        f'imp_run,Campus (fonctionnement),campus_aura,84,2019,2021,Région,region,operating,point,1000000,per_year,true,announced,S000,"{QUOTE}"',
        f'imp_once,Campus (travaux),campus_aura,84,2019,2019,Région,region,investment,point,2000000,,true,announced,S000,"{QUOTE}"',
    )
    assert import_files(fresh, [("funding", "periods.csv", data)])[0].written
    with fresh.connect() as conn:
        periods = dict(conn.execute(select(m.FundingLine.id, m.FundingLine.amount_period).where(m.FundingLine.id.in_(["imp_run", "imp_once"]))).all())
    assert periods == {"imp_run": "per_year", "imp_once": "one_off"}  # an empty cell is one_off
    exported = export_tables(fresh)["funding"].set_index("funding_id")
    assert exported.loc["imp_run", "amount_period"] == "per_year" and exported.loc["imp_run", "amount_period_label"] == "Par an"
    assert exported.loc["imp_once", "amount_period"] == "one_off"
    # export → import into another database: the period comes back with every other column
    url = fresh.url.render_as_string(hide_password=False)
    assert cli.main(["--database-url", url, "export", str(tmp_path)]) == 0
    capsys.readouterr()
    assert "per_year" in (tmp_path / "funding.csv").read_text(encoding="utf-8")
    reports = import_files(empty, [(kind, f"{kind}.csv", (tmp_path / f"{kind}.csv").read_bytes()) for kind in KINDS])
    assert all(r.written for r in reports), [str(p) for r in reports for p in r.problems][:10]
    with empty.connect() as conn:
        again = dict(conn.execute(select(m.FundingLine.id, m.FundingLine.amount_period)).all())
    with fresh.connect() as conn:
        assert again == dict(conn.execute(select(m.FundingLine.id, m.FundingLine.amount_period)).all())
    assert again["imp_run"] == "per_year" and again["fund_campus_operating_annual"] == "per_year"
    # the same rows; only the batch differs (one batch here, the seed then this import there)
    pd.testing.assert_frame_equal(
        export_tables(empty)["funding"].drop(columns="batch_id").astype(str),
        export_tables(fresh)["funding"].drop(columns="batch_id").astype(str),
        check_dtype=False,
    )


def test_unknown_amount_period_is_refused_naming_the_column(fresh):
    before = snapshot(fresh)
    data = _funding_file(f'imp_bad,Campus,campus_aura,84,2019,,Région,region,operating,point,1000000,mensuel,true,announced,S000,"{QUOTE}"')
    report = import_files(fresh, [("funding", "bad_period.csv", data)])[0]
    assert not report.written
    [problem] = report.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("bad_period.csv", 2, "amount_period", "mensuel")
    assert "valeur non autorisée" in problem.reason and "one_off" in problem.reason and "per_year" in problem.reason
    assert snapshot(fresh) == before
