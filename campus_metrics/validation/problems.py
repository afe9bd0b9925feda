"""What a refused row reports: the located Problem, and RowError for a rule broken by one column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One refusal reason, located so a user can fix their spreadsheet."""

    file: str
    row: int | None  # line number in the file (header is line 1); None for the whole file
    column: str | None
    value: str | None
    reason: str
    fix: str = ""  # what to do, in the words of a spreadsheet user

    def __str__(self) -> str:
        where = self.file + (f", ligne {self.row}" if self.row else "") + (f", colonne « {self.column} »" if self.column else "")
        val = f" — valeur « {self.value} »" if self.value not in (None, "") else ""
        todo = f" → {self.fix}" if self.fix else ""
        return f"{where}{val} : {self.reason}{todo}"


class RowError(ValueError):
    """A row-level rule broken by one column: keeps the column for the report."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
