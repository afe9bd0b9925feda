"""Validate one raw row: the typed row, or every problem of the row at once in French."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from campus_metrics.validation.codes import french_label
from campus_metrics.validation.problems import Problem, RowError
from campus_metrics.validation.rows import ROW_MODELS, Row


def _allowed(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" in French: "'a', 'b' ou 'c'"."""
    head, sep, last = expected.rpartition(" or ")
    return f"{head} ou {last}" if sep else expected


def _choices(kind: str, col: str | None, expected: str) -> str:
    """« 'announced' (Annoncé), 'voted' (Voté) … » : the codes with the French label also accepted."""
    field = ROW_MODELS[kind].model_fields.get(col or "")
    enum = field.annotation if field is not None else None
    if not (isinstance(enum, type) and issubclass(enum, StrEnum)):
        return _allowed(expected)
    return _allowed(
        ", ".join(f"'{m.value}' ({french_label(enum, m.value)})" for m in enum).replace(f", '{list(enum)[-1].value}'", f" or '{list(enum)[-1].value}'")
    )


def _fix(kind: str, message: str) -> str:
    """What to do about a refused cell, by the kind of mistake."""
    if kind in ("enum", "literal_error"):
        return "choisissez une valeur de la feuille « valeurs autorisées » du modèle"
    if kind == "missing" or "manquant" in message:
        return "remplissez cette cellule"
    if "nombre" in message:
        return "saisissez un nombre, par exemple 2 200 000 ou 35"
    if "date" in message:
        return "saisissez une date réelle, par exemple 06/09/2017 ou 2017-09-06"
    if "année" in message:
        return "saisissez une année sur quatre chiffres"
    if "http" in message:
        return "copiez l'adresse complète de la page, commençant par https://"
    if "balise" in message:
        return "retirez les caractères < et > de ce texte"
    return "corrigez la valeur dans le tableur"


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
                msg = "valeur non autorisée, attendu : " + _choices(kind, col, err["ctx"]["expected"])
            elif err["type"] == "missing":
                msg = "colonne obligatoire absente"
            value = raw.get(col) if col else None
            problems.append(Problem(file, line, col, None if value is None else str(value)[:80], msg, _fix(err["type"], msg)))
        return None, problems
