"""One pass over a file: header, every cell, every reference and twin, so one round reports every problem."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from campus_metrics.importing.columns import EXPORT_ONLY, check_header, check_lengths
from campus_metrics.importing.context import Context, cells, check_references
from campus_metrics.importing.reading import Table
from campus_metrics.importing.records import Twins, record
from campus_metrics.validation import ID_COLUMN, Problem, validate_row


def validate_table(kind: str, table: Table, file: str, ctx: Context, conn: Connection) -> tuple[list[dict[str, Any]], list[Problem]]:
    """(records to write, problems): the records are only written when there is no problem at all."""
    problems = check_header(kind, table.header, file)
    if not table.rows:
        return [], [*problems, Problem(file, None, None, None, "fichier vide : aucune ligne de données", "remplissez au moins une ligne sous l'en-tête")]
    header_cols = {p.column for p in problems if p.row == 1}
    used = [(i, col) for i, col in enumerate(table.header) if col and col not in EXPORT_ONLY and col not in header_cols]
    id_col = ID_COLUMN[kind]
    seen_ids: dict[str, int] = {}
    seen_rows: dict[tuple, int] = {}
    twins = Twins(conn, kind)
    records = []
    for n, values in enumerate(table.rows):
        line = n + 2
        raw = {col: (values[i] if i < len(values) else None) for i, col in used}
        content = tuple("" if v is None else str(v).strip() for v in raw.values())
        if not any(content):
            continue  # blank line
        if content in seen_rows:
            problems.append(Problem(file, line, None, None, f"ligne en double (identique à la ligne {seen_rows[content]})", "supprimez l'une des deux lignes"))
            continue
        seen_rows[content] = line
        found = check_lengths(kind, raw, file, line)
        row, errs = validate_row(kind, raw, file, line)
        long_cols = {p.column for p in found}
        found += [e for e in errs if e.column not in header_cols and e.column not in long_cols]
        rid = getattr(row, id_col) if row is not None else cells(raw).get(id_col) or str(raw.get(id_col) or "").strip() or None
        if rid and rid in seen_ids:
            found.append(
                Problem(file, line, id_col, rid, f"identifiant en double (déjà ligne {seen_ids[rid]})", "donnez un identifiant différent à chaque ligne")
            )
        elif rid and rid in ctx.taken[kind]:
            found.append(
                Problem(
                    file,
                    line,
                    id_col,
                    rid,
                    "identifiant déjà présent dans la base",
                    "choisissez un nouvel identifiant, ou annulez d'abord l'import qui l'a créé",
                )
            )
        if rid:
            seen_ids.setdefault(rid, line)
        v = {k: getattr(row, k, None) for k in cells(raw)} if row is not None else cells(raw)
        commune = check_references(kind, v, ctx, file, line, found)
        if not found and row is not None:
            rec = record(row, ctx, commune)
            twin = twins.check(rec, file, line)
            if twin is None:
                records.append(rec)
            else:
                found.append(twin)
        problems.extend(found)
    return records, problems
