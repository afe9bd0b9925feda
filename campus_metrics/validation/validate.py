"""Validate one raw row: the typed row, or every problem of the row at once in French."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from campus_metrics.validation.problems import Problem, RowError
from campus_metrics.validation.rows import ROW_MODELS, Row


def _allowed(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" in French: "'a', 'b' ou 'c'"."""
    head, sep, last = expected.rpartition(" or ")
    return f"{head} ou {last}" if sep else expected


def validate_row(kind: str, raw: dict[str, Any], file: str, line: int) -> tuple[Row | None, list[Problem]]:
    try:
        return ROW_MODELS[kind].model_validate(raw), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            col = str(err["loc"][0]) if err["loc"] else None
            cause = (err.get("ctx") or {}).get("error")
            if isinstance(cause, RowError):
                col = cause.column
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] in ("enum", "literal_error"):
                msg = "valeur non autorisée, attendu : " + _allowed(err["ctx"]["expected"])
            elif err["type"] == "missing":
                msg = "colonne obligatoire absente"
            value = raw.get(col) if col else None
            problems.append(Problem(file, line, col, None if value is None else str(value)[:80], msg))
        return None, problems
