"""Bulk writing: COPY on PostgreSQL (psycopg 3), executemany in big chunks elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

CHUNK = 50_000


def _bulk_insert(conn: Connection, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Fast inserts: COPY on PostgreSQL (psycopg 3), executemany in big chunks elsewhere."""
    n = 0
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        return n
    if conn.dialect.paramstyle == "qmark":
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    else:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('%s' for _ in columns)})"
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            conn.exec_driver_sql(sql, chunk)
            n += len(chunk)
            chunk = []
    if chunk:
        conn.exec_driver_sql(sql, chunk)
        n += len(chunk)
    return n


def _write(conn: Connection, table: str, cols: dict[str, Sequence[Any]]) -> int:
    names = list(cols)
    return _bulk_insert(conn, table, names, zip(*(cols[c] for c in names), strict=True))
