"""Failures injected (issue 10, item 5): each says what happened, in the user's language, never a traceback.

- a private PostgreSQL started by the test, then stopped and started again (CLI and app);
- the SQLite file removed while the app runs;
- a database stamped with a future schema revision (init, import, app);
- two imports of the same ids at once.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from campus_metrics import cli
from campus_metrics.bootstrap import init_database
from campus_metrics.db import make_engine
from campus_metrics.failures import SqliteFileMissing, UnknownSchema
from campus_metrics.importing import context as import_context
from campus_metrics.importing import import_files

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
QUOTE = "a programmé 2,2 millions d’euros pour assurer les 15 sessions de 2017"
FUNDING = (
    "funding_id;programme_id;region_code;year_start;funder_type;nature;amount_kind;amount_eur;fact_status;source_id;quote\n"
    f"twin_writer;ern;76;2018;region;teaching;point;1000;announced;S004;{QUOTE}\n"
).encode()


def run_cli(url: str, capsys, *args) -> tuple[int, str]:
    capsys.readouterr()  # what earlier app runs logged is not the command's output
    code = cli.main(["--database-url", url, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "SELECT" not in err and "INSERT" not in err and "[SQL" not in err
    return lines[0]


# --- a private PostgreSQL, stopped and started by the test ----------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivatePostgres:
    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def _ctl(self, *args: str) -> None:
        subprocess.run([*self.as_pg, "pg_ctl", "-D", str(self.root / "data"), *args], check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        self._ctl("-o", f"-p {self.port} -k {self.root} -h 127.0.0.1", "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")


@pytest.fixture(scope="module")
def private_pg():
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        pytest.skip("initdb / pg_ctl not on PATH: the private PostgreSQL cannot be started")
    root = Path(tempfile.mkdtemp(prefix="cm-private-pg-"))
    root.chmod(0o755)
    pg = PrivatePostgres(root, _free_port())
    if pg.as_pg:
        shutil.chown(root, "postgres", "postgres")
    subprocess.run([*pg.as_pg, "initdb", "-D", str(root / "data"), "-A", "trust", "-U", "postgres"], check=True, capture_output=True, timeout=120)
    pg.start()
    engine = make_engine(pg.url)
    init_database(engine)
    engine.dispose()
    yield pg
    try:
        pg.stop()
    except subprocess.CalledProcessError:
        pass  # already stopped
    shutil.rmtree(root, ignore_errors=True)


def test_cli_with_the_database_down_says_so_in_one_line(private_pg, capsys, tmp_path):
    assert run_cli(private_pg.url, capsys, "export", str(tmp_path / "up"))[0] == 0
    source = tmp_path / "f.csv"
    source.write_bytes(FUNDING)
    private_pg.stop()
    try:
        for args in (["init"], ["export", str(tmp_path / "down")], ["import", str(source), "--kind", "funding"], ["batches"]):
            code, err = run_cli(private_pg.url, capsys, *args)
            assert code == 3, (args, err)
            assert "injoignable" in one_line(err)
    finally:
        private_pg.start()
    assert run_cli(private_pg.url, capsys, "export", str(tmp_path / "again"))[0] == 0  # recovers


def _app(url: str, monkeypatch, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets.update({"_test": "no editor"})
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


def literal(markdown: str) -> str:
    """A message as the reader sees it: Markdown escapes removed."""
    return re.sub(r"\\(.)", r"\1", str(markdown))


def _texts(at: AppTest) -> str:
    return " ".join(literal(e.value) for e in [*at.error, *at.warning, *at.caption, *at.markdown])


def test_app_with_the_database_down_labels_cached_figures_and_offers_a_retry(private_pg, monkeypatch):
    at = _app(private_pg.url, monkeypatch).run()
    assert not at.exception and not at.error
    private_pg.stop()
    try:
        time.sleep(1.1)  # the data version is read at most once a second
        at.run()
        assert not at.exception
        assert any("peuvent ne plus être à jour" in w.value for w in at.warning), _texts(at)  # cached figures, labelled
        at.switch_page("dashboard/pages/budgets.py").run()  # figures never read: no cache to show
        assert not at.exception
        assert any("ne répond pas" in e.value for e in at.error), _texts(at)
        assert any(b.label == "Réessayer" for b in at.button)
    finally:
        private_pg.start()
    next(b for b in at.button if b.label == "Réessayer").click().run()
    assert not at.exception and not at.error, _texts(at)


def test_app_says_it_in_english_too(private_pg, monkeypatch):
    at = _app(private_pg.url, monkeypatch, {"lang": "English"}).run()
    assert not at.exception
    private_pg.stop()
    try:
        time.sleep(1.1)
        at = _app(private_pg.url, monkeypatch, {"lang": "English"}).run()  # a new visitor while the base is down
        assert not at.exception
        assert any("not answering" in e.value for e in [*at.error, *at.warning]), _texts(at)
    finally:
        private_pg.start()


# --- SQLite file removed ----------------------------------------------------------------------


def test_removed_sqlite_file_is_detected_by_the_engine_the_app_and_the_cli(tmp_path, monkeypatch, capsys):
    path = tmp_path / "gone.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    init_database(engine)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    at = _app(url, monkeypatch).run()
    assert not at.exception and not at.error
    path.unlink()
    with pytest.raises(SqliteFileMissing), engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert not path.exists()  # not silently recreated empty
    time.sleep(1.1)
    at.run()
    assert not at.exception
    assert any("a disparu" in e.value and str(path) in literal(e.value) for e in at.error), _texts(at)
    code, err = run_cli(url, capsys, "export", str(tmp_path / "out"))
    assert code == 3 and "a disparu" in one_line(err)
    assert not path.exists()


# --- a schema revision from the future ---------------------------------------------------------


def _stamp_future(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))


def test_unknown_schema_revision_is_refused_by_init_import_and_the_app(fresh, capsys, tmp_path, monkeypatch):
    url = fresh.url.render_as_string(hide_password=False)
    _stamp_future(fresh)
    with pytest.raises(UnknownSchema):
        init_database(fresh)
    code, err = run_cli(url, capsys, "init")
    assert code == 3 and "9999_future" in one_line(err)
    source = tmp_path / "f.csv"
    source.write_bytes(FUNDING)
    code, err = run_cli(url, capsys, "import", str(source), "--kind", "funding")
    assert code == 3 and "9999_future" in one_line(err)
    with fresh.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM funding_lines WHERE id = 'twin_writer'")).scalar_one() == 0  # nothing written
    at = _app(url, monkeypatch).run()
    assert not at.exception
    assert any("9999_future" in literal(e.value) for e in at.error), _texts(at)


# --- two writers at once ------------------------------------------------------------------------


def test_two_imports_of_the_same_id_at_once_one_lands_the_other_is_refused_cleanly(fresh, monkeypatch):
    barrier = threading.Barrier(2, timeout=60)
    load = import_context.Context.load.__func__

    def load_then_wait(cls, conn, engine):
        ctx = load(cls, conn, engine)
        barrier.wait()  # both writers have checked the ids before either writes
        return ctx

    monkeypatch.setattr(import_context.Context, "load", classmethod(load_then_wait))
    results: list = [None, None]

    def writer(i: int) -> None:
        results[i] = import_files(fresh, [("funding", f"writer{i}.csv", FUNDING)], author=f"w{i}")[0]

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert all(r is not None for r in results), "a writer raised instead of reporting"
    written = [r for r in results if r.written]
    refused = [r for r in results if not r.written]
    assert len(written) == 1 and len(refused) == 1
    [problem] = refused[0].problems
    assert "rien n'a été écrit" in problem.reason and "SQL" not in problem.reason and "INSERT" not in problem.reason
    with fresh.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM funding_lines WHERE id = 'twin_writer'")).scalar_one() == 1
