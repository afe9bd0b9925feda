"""Import history and undo (issue 10, item 1), and the export's batch column and CSV quoting (item 4)."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from sqlalchemy import func, select

from campus_metrics import cli, summaries
from campus_metrics import models as m
from campus_metrics.db import data_version
from campus_metrics.exporter import export_tables, export_to
from campus_metrics.importing import UndoRefused, import_files, list_batches, read, undo_batch
from campus_metrics.summaries.tables import COST, COST_TOTALS, SOURCES, TABLES

QUOTE = "a programmé 2,2 millions d’euros pour assurer les 15 sessions de 2017"
SITES = (
    "site_id;name;programmes;commune_insee;site_status;opening_year;fact_status;source_id;quote\n"
    f"b_site;École d'essai;ern;46042;ouvert;2019;annoncé;S004;{QUOTE}\n"
).encode()
COHORTS = f"cohort_id;site_id;label;start_year;learners;fact_status;source_id;quote\nb_promo;b_site;Promo;2019;12;réalisé;S004;{QUOTE}\n".encode()


def summary_state(engine) -> dict:
    """Every summary table's rows, sorted: what "the map is back as before" means in the database."""
    with engine.connect() as conn:
        out = {}
        for table in (*TABLES.values(), SOURCES, COST, COST_TOTALS):
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted(tuple(str(v) for v in r) for r in rows)
        return out


def facts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {model.__tablename__: conn.execute(select(func.count()).select_from(model)).scalar_one() for model in (m.Site, m.Cohort, m.Source)} | {
            "links": conn.execute(select(func.count()).select_from(m.site_programmes)).scalar_one()
        }


def test_every_write_is_a_batch_with_who_when_file_hash_and_rows(fresh):
    [report] = import_files(fresh, [("sites", "sites.csv", SITES)], author="alice")
    assert report.written and report.batch_id
    batch = list_batches(fresh).iloc[0]
    assert (batch["id"], batch["author"], batch["file_names"]) == (report.batch_id, "alice", "sites.csv")
    assert batch["file_hash"] == hashlib.sha256(hashlib.sha256(SITES).digest()).hexdigest()
    assert json.loads(batch["rows"]) == {"sites": 1}
    assert batch["created_at"] is not None and batch["undone_at"] is None
    with fresh.connect() as conn:
        assert conn.execute(select(m.Site.batch_id).where(m.Site.id == "b_site")).scalar_one() == report.batch_id
    # the seed itself is the first batch, written by init
    assert list_batches(fresh).iloc[-1]["author"] == "init"


def test_undo_removes_the_batch_rebuilds_summaries_and_bumps_the_version(fresh):
    before_facts, before_summaries = facts(fresh), summary_state(fresh)
    [report] = import_files(fresh, [("sites", "sites.csv", SITES)], author="alice")
    assert summary_state(fresh) != before_summaries  # the new site is counted
    version = data_version(fresh)
    result = undo_batch(fresh, report.batch_id, "bob")
    assert result.deleted == {"sites": 1}
    assert facts(fresh) == before_facts
    assert summary_state(fresh) == before_summaries
    assert data_version(fresh) > version
    batch = list_batches(fresh).iloc[0]
    assert batch["undone_by"] == "bob" and batch["undone_at"] is not None  # kept in the history, marked
    with pytest.raises(UndoRefused) as refused:
        undo_batch(fresh, report.batch_id, "bob")
    assert refused.value.code == "already_undone"


def test_undo_refuses_while_later_rows_depend_on_the_batch(fresh):
    before = facts(fresh)
    [sites] = import_files(fresh, [("sites", "s.csv", SITES)], author="a")
    [cohorts] = import_files(fresh, [("cohorts", "c.csv", COHORTS)], author="a")
    version = data_version(fresh)
    with pytest.raises(UndoRefused) as refused:
        undo_batch(fresh, sites.batch_id, "a")
    assert refused.value.code == "has_dependants"
    assert ("cohorts", "b_promo", "b_site") in refused.value.values["rows"]
    assert data_version(fresh) == version and facts(fresh)["sites"] == before["sites"] + 1  # nothing changed
    undo_batch(fresh, cohorts.batch_id, "a")
    undo_batch(fresh, sites.batch_id, "a")
    assert facts(fresh) == before


def test_undo_of_a_batch_made_of_several_files_is_all_or_nothing(fresh):
    before = facts(fresh)
    [s, c] = import_files(fresh, [("sites", "s.csv", SITES), ("cohorts", "c.csv", COHORTS)], author="a")
    assert s.batch_id == c.batch_id
    assert undo_batch(fresh, s.batch_id, "a").deleted == {"cohorts": 1, "sites": 1}
    assert facts(fresh) == before


def test_cli_lists_and_undoes_batches(fresh, tmp_path, capsys):
    url = fresh.url.render_as_string(hide_password=False)
    path = tmp_path / "sites.csv"
    path.write_bytes(SITES)
    assert cli.main(["--database-url", url, "import", str(path), "--kind", "sites"]) == 0
    batch = int(list_batches(fresh).iloc[0]["id"])
    assert cli.main(["--database-url", url, "batches"]) == 0
    assert f"lot n° {batch}" in capsys.readouterr().out
    assert cli.main(["--database-url", url, "undo", str(batch)]) == 0
    assert "annulé" in capsys.readouterr().out
    code = cli.main(["--database-url", url, "undo", str(batch)])
    _, err = capsys.readouterr()
    assert code == 1 and "déjà annulé" in err and "Traceback" not in err


def test_export_states_the_batch_of_every_row(fresh):
    [report] = import_files(fresh, [("sites", "sites.csv", SITES)], author="a")
    sites = export_tables(fresh)["sites"].set_index("site_id")
    assert sites.loc["b_site", "batch_id"] == report.batch_id
    seed_batch = int(list_batches(fresh).iloc[-1]["id"])
    assert set(export_tables(fresh)["sources"]["batch_id"]) == {seed_batch}


def test_summaries_module_is_the_one_rebuilding(fresh, monkeypatch):
    """Undo rebuilds through summaries.refresh, inside its transaction (a failing refresh undoes nothing)."""
    [report] = import_files(fresh, [("sites", "sites.csv", SITES)], author="a")
    before = facts(fresh)

    def boom(conn):
        raise RuntimeError("refresh failed")

    monkeypatch.setattr(summaries, "refresh", boom)
    with pytest.raises(RuntimeError):
        undo_batch(fresh, report.batch_id, "a")
    assert facts(fresh) == before and list_batches(fresh).iloc[0]["undone_at"] is None


@pytest.mark.parametrize("text", ["ligne 1\rligne 2", "a\nb", "col\tonne", "fin\r\n"])
def test_csv_export_quotes_cr_lf_and_tab_and_round_trips(fresh, tmp_path, text):
    header = "source_id;title;seed_file;notes\n"
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerow(["X9", "Titre", "x.txt", f"avant {text} après"])
    assert import_files(fresh, [("sources", "s.csv", (header + buf.getvalue()).encode())])[0].written
    export_to(fresh, tmp_path)
    raw = (tmp_path / "sources.csv").read_bytes()
    assert f'"avant {text} après"'.encode() in raw  # quoted, whatever the character
    records = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(records) == len(export_tables(fresh)["sources"]) + 1  # no record split
    table = read(raw, "sources.csv")
    notes = {r[0]: r[table.header.index("notes")] for r in table.rows}
    assert notes["X9"] == f"avant {text} après"
