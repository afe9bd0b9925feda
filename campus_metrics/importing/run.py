"""Validate files in order and write them as one batch, all or nothing, with the summaries rebuilt."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, insert
from sqlalchemy.exc import DBAPIError

from campus_metrics import migrate, summaries
from campus_metrics import models as m
from campus_metrics.enums import DataKind, values
from campus_metrics.failures import classify, in_french
from campus_metrics.importing.columns import MODEL_FOR
from campus_metrics.importing.context import Context
from campus_metrics.importing.frame import validate_table
from campus_metrics.importing.limits import MAX_PROBLEMS, max_import_bytes
from campus_metrics.importing.reading import ReadError, read
from campus_metrics.validation import Problem

KINDS = values(DataKind)


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problème(s)")


@dataclass
class ImportReport:
    kind: str
    file: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    hidden: int = 0  # problems found beyond the listed ones (MAX_PROBLEMS per import)
    written: bool = False
    batch_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total_problems(self) -> int:
        return len(self.problems) + self.hidden

    def as_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [{"fichier": p.file, "ligne": p.row, "colonne": p.column, "valeur": p.value, "problème": p.reason, "que faire": p.fix} for p in self.problems],
            columns=["fichier", "ligne", "colonne", "valeur", "problème", "que faire"],
        )


def default_author() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in a container: still say where it came from
        return "cli"


def write_records(conn: Connection, kind: str, records: list[dict[str, Any]], batch_id: int | None = None) -> None:
    if not records:
        return
    links = []
    clean = []
    for rec in records:
        progs = rec.pop("_programmes", None)
        if progs:
            links.extend({"site_id": rec["id"], "programme_id": p} for p in dict.fromkeys(progs))
        clean.append(rec | {"batch_id": batch_id})
    for i in range(0, len(clean), 5000):
        conn.execute(insert(MODEL_FOR[kind]), clean[i : i + 5000])
    if links:
        conn.execute(insert(m.site_programmes), links)


def _read_report(kind: str, name: str, data: bytes, report: ImportReport):
    """The file as a Table, or None with the reason in the report."""
    if kind not in KINDS:
        report.problems.append(Problem(name, None, None, kind, f"type de données inconnu, attendu : {', '.join(KINDS)}", "choisissez le type de données"))
        return None
    if len(data) > max_import_bytes():
        limit = max_import_bytes() / 1048576
        report.problems.append(Problem(name, None, None, None, f"fichier trop volumineux ({len(data) / 1e6:.0f} Mo > {limit:.0f} Mo)", "découpez le fichier"))
        return None
    if not data.strip():
        report.problems.append(Problem(name, None, None, None, "fichier vide", "remplissez le modèle à télécharger"))
        return None
    try:
        return read(data, name)
    except ReadError as exc:
        report.problems.append(Problem(name, exc.line, None, exc.value, exc.reason, exc.fix))
    except Exception as exc:  # noqa: BLE001 - an unreadable file is a refusal, never a traceback
        report.problems.append(Problem(name, None, None, None, f"fichier illisible ({type(exc).__name__})", "enregistrez-le en .xlsx ou CSV UTF-8"))
    return None


def _cap(reports: list[ImportReport]) -> None:
    """Keep MAX_PROBLEMS problems over the whole import, count the rest."""
    room = MAX_PROBLEMS
    for r in reports:
        keep = r.problems[:room]
        r.hidden += len(r.problems) - len(keep)
        r.problems = keep
        room -= len(keep)


def _new_batch(conn: Connection, author: str, files: list[tuple[str, str, bytes]], counts: dict[str, int]) -> int:
    digest = hashlib.sha256()
    for *_, data in files:
        digest.update(hashlib.sha256(data).digest())
    result = conn.execute(
        insert(m.ImportBatch).values(
            created_at=dt.datetime.now(dt.UTC),
            author=author[:200],
            file_names=", ".join(name for _, name, _ in files)[:1000],
            file_hash=digest.hexdigest(),
            rows=json.dumps(counts),
        )
    )
    return int(result.inserted_primary_key[0])


def import_files(engine: Engine, files: Iterable[tuple[str, str, bytes]], *, dry_run: bool = False, author: str | None = None) -> list[ImportReport]:
    """Validate (kind, name, bytes) files in order and write them as one batch in one transaction.

    Nothing is written if any file has a problem: the reports then list every problem (capped).
    A database failure during the write (a concurrent import took an id, the base went away)
    is reported as a problem too, never as a raw SQL error.
    """
    files = list(files)
    reports: list[ImportReport] = []
    migrate.ensure_known(engine)
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            ctx = Context.load(conn, engine)
            batches = []
            for kind, name, data in files:
                report = ImportReport(kind=kind, file=name)
                reports.append(report)
                table = _read_report(kind, name, data, report)
                if table is None:
                    continue
                records, problems = validate_table(kind, table, name, ctx, conn)
                report.rows = len(records)
                report.problems.extend(problems)
                batches.append((kind, records))
            if dry_run or any(r.problems for r in reports):
                _cap(reports)
                trans.rollback()
                return reports
            counts = {MODEL_FOR[k].__tablename__: len(recs) for k, recs in batches if recs}
            batch_id = _new_batch(conn, author or default_author(), files, counts)
            for kind, records in batches:
                write_records(conn, kind, records, batch_id)
            summaries.refresh(conn)  # same transaction: a refused import leaves the summaries as they were
            trans.commit()
        except DBAPIError as exc:
            if trans.is_active:
                trans.rollback()
            failure = classify(exc)
            if failure is None or failure.code not in ("db_conflict", "db_busy", "db_error"):
                raise
            reports[-1].problems.append(Problem(reports[-1].file, None, None, None, in_french(failure)))
            return reports
        except BaseException:
            if trans.is_active:
                trans.rollback()
            raise
    for r in reports:
        r.written, r.batch_id = True, batch_id
    return reports


def import_paths(engine: Engine, items: Iterable[tuple[str, Path]], *, dry_run: bool = False, author: str | None = None) -> list[ImportReport]:
    return import_files(engine, [(kind, path.name, path.read_bytes()) for kind, path in items], dry_run=dry_run, author=author)
