"""What a brief says, as formatted text, images and tables: built once, read by both writers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    first_col_bold: bool = False


@dataclass
class KeyFigure:
    metric: str
    label: str
    value: str
    status: str
    detail: str
    sources: str
    known: bool


@dataclass
class Section:
    key: str
    title: str
    lead: str = ""
    empty: str = ""  # the « Aucune donnée sourcée… » sentence when there is nothing to show
    image: bytes | None = None
    image_pt: tuple[float, float] = (0.0, 0.0)  # display size in points
    table: Table | None = None
    notes: list[str] = field(default_factory=list)
    small: list[str] = field(default_factory=list)


@dataclass
class BriefContent:
    lang: str
    territory: str
    sentence: str
    period: str
    generated: str
    synthetic: bool
    no_data: bool
    key_figures: list[KeyFigure]
    coverage: list[str]
    sections: list[Section]

    def all_text(self) -> str:
        """Every word of the brief (tests, search)."""
        parts = [self.territory, self.sentence, self.period, self.generated, *self.coverage]
        for k in self.key_figures:
            parts += [k.label, k.value, k.status, k.detail, k.sources]
        for s in self.sections:
            parts += [s.title, s.lead, s.empty, *s.notes, *s.small]
            if s.table:
                parts += s.table.columns + [c for r in s.table.rows for c in r]
        return "\n".join(p for p in parts if p)
