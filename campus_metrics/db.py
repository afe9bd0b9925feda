"""Engine and session factory: one engine per URL, one short session per user action."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from campus_metrics.failures import SqliteFileMissing
from campus_metrics.settings import database_url


def normalise_url(url: str) -> str:
    """Make plain `postgresql://` URLs use psycopg 3, the driver we ship."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_file_creator(path: str):
    """Open the file read-write once it exists, and refuse a file that was removed or replaced meanwhile.

    SQLite would otherwise create a new, empty file in place of a deleted one (and an open
    connection keeps reading the deleted one): the app would show nothing, or stale data, silently.
    """
    seen: dict[str, int] = {}

    def inode() -> int | None:
        try:
            return os.stat(path).st_ino
        except OSError:
            return None

    def connect() -> sqlite3.Connection:
        known = seen.get("inode")
        if known is not None and inode() != known:
            raise SqliteFileMissing(path)
        mode = "rw" if known is not None else "rwc"
        conn = sqlite3.connect(f"file:{quote(path)}?mode={mode}", uri=True, check_same_thread=False)
        seen.setdefault("inode", inode())
        return conn

    def still_there(_dbapi_conn, _record, _proxy) -> None:
        known = seen.get("inode")
        if known is not None and inode() != known:
            raise DisconnectionError(f"SQLite file missing: {path}")

    return connect, still_there


def make_engine(url: str | None = None, *, must_exist: bool = False) -> Engine:
    """An engine for the URL; with `must_exist`, a SQLite file that is not there is refused (not created empty)."""
    url = normalise_url(url or database_url())
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:" and not path.startswith("file:"):
            if must_exist and not os.path.exists(path):
                raise SqliteFileMissing(os.path.abspath(path))
            creator, still_there = _sqlite_file_creator(os.path.abspath(path))
            engine = create_engine(url, creator=creator)
            event.listen(engine, "checkout", still_there)
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA cache_size=-65536")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """One engine per URL for the process (the dashboard also wraps it in cache_resource)."""
    return make_engine(url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A short transaction: commit on success, roll back on any error."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def data_version(engine: Engine) -> int:
    """The version written by the last import, init or generate (0 before any)."""
    from sqlalchemy import select

    from campus_metrics.models import DataVersion

    with engine.connect() as conn:
        return int(conn.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar() or 0)
