"""Editor sign-in resists guessing (issue 10, item 6): waits grow after a few wrong passwords, a lock
follows repeated failures, per session and per client address; attempts are logged without the password."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
SECRET = "s3cret-éditeur"
IMPORT_PAGE = "dashboard/pages/import_data.py"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(auth, "_clock", c)
    auth.THROTTLE.failures.clear()
    yield c
    auth.THROTTLE.failures.clear()


def test_throttle_waits_then_locks_per_key():
    th = auth.Throttle()
    keys = ["session:a", "address:10.0.0.1"]
    for _ in range(auth.FREE_TRIES):
        assert th.refusal(keys, 0) is None
        th.failed(keys, 0)
    assert th.refusal(keys, 0) == ("wait", 1)
    assert th.refusal(keys, 2) is None  # the wait is over
    for i in range(auth.LOCK_AFTER - auth.FREE_TRIES):
        th.failed(keys, 100 * (i + 1))
    kind, minutes = th.refusal(keys, 100 * (auth.LOCK_AFTER - auth.FREE_TRIES))
    assert kind == "locked" and minutes == auth.LOCK_SECONDS // 60
    # another session from the same address is locked too; another address is not
    assert th.refusal(["session:b", "address:10.0.0.1"], 1000)[0] == "locked"
    assert th.refusal(["session:c", "address:10.0.0.2"], 1000) is None
    assert th.refusal(keys, 100 * auth.LOCK_AFTER + auth.LOCK_SECONDS + 1) is None  # the lock ends


def _login(at: AppTest, password: str) -> AppTest:
    at.text_input(key=auth.PASSWORD_KEY).input(password)
    return next(b for b in at.button if b.label == "Se connecter").click().run()


@pytest.fixture(scope="module")
def db_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('auth_db') / 'auth.db'}"  # never the default data/ file


def _app(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets.update({"admin_password": SECRET})
    return at.run()


def test_thirty_wrong_passwords_are_slowed_then_locked_even_the_right_one(clock, monkeypatch, caplog, db_url):
    caplog.set_level(logging.INFO, logger="campus_metrics.auth")
    at = _app(monkeypatch, db_url)
    messages = []
    for _ in range(30):
        clock.now += 20  # a try every 20 s: 30 tries in 10 minutes
        _login(at, "wrong")
        messages.append(" ".join(str(e.value) for e in [*at.error, *at.warning]))
    assert all("incorrect" in m for m in messages[: auth.FREE_TRIES])
    assert any("attendez" in m for m in messages)  # slowed down
    assert all("bloquée" in m for m in messages[-10:])  # then locked
    assert sum("incorrect" in m for m in messages) == auth.LOCK_AFTER  # only that many were compared
    clock.now += 20
    _login(at, SECRET)
    assert any("bloquée" in str(e.value) for e in at.error)
    with pytest.raises(ValueError):
        at.switch_page(IMPORT_PAGE)  # still no import page
    clock.now += auth.LOCK_SECONDS
    _login(at, SECRET)
    at.switch_page(IMPORT_PAGE).run()
    assert not at.exception and at.title[0].value == "Importer des données"
    logged = caplog.text
    assert "sign-in failed" in logged and "refused (locked)" in logged and "succeeded" in logged
    assert "wrong" not in logged and SECRET not in logged


def test_quick_retries_must_wait_and_are_not_even_compared(clock, monkeypatch, db_url):
    at = _app(monkeypatch, db_url)
    for _ in range(auth.FREE_TRIES):
        _login(at, "wrong")
    _login(at, SECRET)  # the right password, too soon
    assert any("attendez" in str(w.value) for w in at.warning)
    with pytest.raises(ValueError):
        at.switch_page(IMPORT_PAGE)
    clock.now += 2
    _login(at, SECRET)
    at.switch_page(IMPORT_PAGE).run()
    assert not at.exception
