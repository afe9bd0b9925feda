"""What went wrong, as a code and its values (never SQL nor parameters): the CLI and the dashboard put it in words.

Codes: unknown_schema (revision), sqlite_missing (path), db_unreachable, db_busy, db_conflict, db_error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError


class UnknownSchema(Exception):
    """The database was written by a newer (or foreign) version: reading or writing it could corrupt it."""

    def __init__(self, revision: str):
        super().__init__(f"unknown schema revision {revision}")
        self.revision = revision


class SqliteFileMissing(Exception):
    """The SQLite file the engine opened was removed or replaced while the app ran."""

    def __init__(self, path: str):
        super().__init__(f"SQLite file missing: {path}")
        self.path = path


@dataclass(frozen=True)
class Failure:
    code: str
    values: dict[str, str] = field(default_factory=dict)


def _first_line(exc: BaseException) -> str:
    """The driver's own first line, without the SQL and parameters SQLAlchemy appends."""
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0][:200] if str(orig).strip() else type(orig).__name__


def classify(exc: BaseException) -> Failure | None:
    """The failure code of a database exception, None when it is not a database failure."""
    cause = exc
    while cause is not None:
        if isinstance(cause, UnknownSchema):
            return Failure("unknown_schema", {"revision": cause.revision})
        if isinstance(cause, SqliteFileMissing):
            return Failure("sqlite_missing", {"path": cause.path})
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, IntegrityError):
        return Failure("db_conflict", {"detail": _first_line(exc)})
    if isinstance(exc, OperationalError):
        detail = _first_line(exc)
        if "locked" in detail or "could not serialize" in detail or "deadlock" in detail:
            return Failure("db_busy", {"detail": detail})
        return Failure("db_unreachable", {"detail": detail})
    if isinstance(exc, DBAPIError | SQLAlchemyError):
        return Failure("db_error", {"detail": _first_line(exc)})
    return None


FRENCH = {
    "unknown_schema": "la base de données est à la révision de schéma « {revision} », inconnue de cette version : "
    "rien n'a été lu ni écrit. Installez la version de campus_metrics qui l'a créée, ou utilisez une autre base.",
    "sqlite_missing": "le fichier de la base SQLite a disparu ou a été remplacé ({path}) : rien n'a été lu ni écrit. Restaurez le fichier, puis relancez.",
    "db_unreachable": "base de données injoignable ({detail}). Vérifiez qu'elle est démarrée et que l'adresse est la bonne, puis réessayez.",
    "db_busy": "base de données occupée par une autre écriture ({detail}) : rien n'a été écrit. Réessayez dans un instant.",
    "db_conflict": "un autre import a écrit les mêmes identifiants au même moment : rien n'a été écrit. Relancez l'import pour voir lesquels.",
    "db_error": "la base de données a refusé l'opération ({detail}) : rien n'a été écrit.",
}


def in_french(failure: Failure) -> str:
    return FRENCH[failure.code].format(**failure.values)
