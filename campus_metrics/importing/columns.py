"""The header of a file: every column known, none twice, the required ones there, and text lengths the schema holds."""

from __future__ import annotations

import difflib
from collections import Counter
from enum import StrEnum
from typing import Any

from sqlalchemy import String

from campus_metrics import models as m
from campus_metrics.validation import ID_COLUMN, ROW_MODELS, Problem

MODEL_FOR = {
    "sources": m.Source,
    "programmes": m.Programme,
    "sites": m.Site,
    "cohorts": m.Cohort,
    "funding": m.FundingLine,
    "outcomes": m.Outcome,
    "indicators": m.Indicator,
}
# columns our own export adds beside the import columns (labels, batch): read back, then ignored
EXPORT_ONLY = frozenset(
    {
        "batch_id",
        "departement_name",
        "region_name",
        "programme_name",
        "source_title",
        "fact_status_label",
        "site_status_label",
        "funder_type_label",
        "nature_label",
        "amount_kind_label",
        "amount_period_label",
        "indicator_label",
    }
)


PROVENANCE = ("fact_status", "source_id", "quote", "notes")


def columns(kind: str) -> list[str]:
    """The import columns of a kind, in the template's order: the id first, provenance last."""
    names = [c for c in ROW_MODELS[kind].model_fields if c != ID_COLUMN[kind]]
    if kind in ("sources", "programmes"):
        return [ID_COLUMN[kind], *names]
    return [ID_COLUMN[kind], *(c for c in names if c not in PROVENANCE), *(c for c in PROVENANCE if c in names)]


def required_columns(kind: str) -> list[str]:
    return [name for name, f in ROW_MODELS[kind].model_fields.items() if f.is_required()]


def check_header(kind: str, header: list[str], file: str) -> list[Problem]:
    """Unknown, duplicated, unnamed and missing columns, each with what to do."""
    known = columns(kind)
    allowed = set(known) | EXPORT_ONLY
    problems = []
    for col, n in Counter(header).items():
        if col and n > 1:
            problems.append(Problem(file, 1, col, col, f"colonne présente {n} fois", "gardez une seule colonne de ce nom"))
    for i, col in enumerate(header, start=1):
        if not col:
            problems.append(Problem(file, 1, None, None, f"colonne n° {i} sans nom", "nommez la colonne ou supprimez-la"))
        elif col not in allowed:
            close = difflib.get_close_matches(col.lower(), known, n=1, cutoff=0.6)
            hint = f"vouliez-vous dire « {close[0]} » ? Renommez la colonne" if close else "supprimez cette colonne ou reprenez l'en-tête du modèle"
            problems.append(Problem(file, 1, col, col, "colonne inconnue", hint))
    present = set(header)
    for col in required_columns(kind):
        if col not in present:
            problems.append(Problem(file, 1, col, None, "colonne obligatoire absente", "ajoutez cette colonne (voir le modèle à télécharger)"))
    return problems


def _is_choice(kind: str, col: str) -> bool:
    """A column of allowed values: checked against its list (a label may be longer than the code)."""
    ann = ROW_MODELS[kind].model_fields[col].annotation
    return isinstance(ann, type) and issubclass(ann, StrEnum)


def _lengths(kind: str) -> dict[str, int]:
    table = MODEL_FOR[kind].__table__
    out = {}
    for col in columns(kind):
        if _is_choice(kind, col):
            continue
        name = "id" if col == ID_COLUMN[kind] else col
        if name in table.c and isinstance(table.c[name].type, String) and table.c[name].type.length:
            out[col] = table.c[name].type.length
    return out


LENGTHS: dict[str, dict[str, int]] = {kind: _lengths(kind) for kind in MODEL_FOR}


def check_lengths(kind: str, raw: dict[str, Any], file: str, line: int) -> list[Problem]:
    """Texts longer than their column, refused before the database sees them (PostgreSQL would refuse the batch)."""
    problems = []
    for col, limit in LENGTHS[kind].items():
        value = raw.get(col)
        if isinstance(value, str) and len(value.strip()) > limit:
            problems.append(
                Problem(
                    file,
                    line,
                    col,
                    value[:80] + "…",
                    f"texte trop long ({len(value.strip())} caractères, au plus {limit})",
                    f"raccourcissez à {limit} caractères",
                )
            )
    return problems
