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
class FigureLine:
    """One line of a key-figure card, as the card wrote it: value and what it counts, plus its status."""

    value: str  # « 6,5 M€ », « 3,5 M€/an »
    label: str  # « réalisé », « par an, annoncé », « apprenants inscrits »
    status: str  # the status in words (« Réalisé », « Voté »); "" when the figure has none
    badge: str  # the status when the label does not already say it (« Voté », « Estimation »), else ""
    style: str  # realised | announced | mixed: the colour
    group: str  # realised | announced: the status group of the line; "" for sites (told by site status)


@dataclass
class KeyFigure:
    """A key-figure card (`campus_metrics.figures.cards.card`) with its sources numbered for this brief."""

    metric: str
    label: str  # the card's title
    lines: list[FigureLine]  # none when the figure is unknown
    empty: str  # « non publié », « non calculable »
    scope_note: str  # « Occitanie seulement (…) »: only when the scope is narrower than the brief's
    notes: list[str]
    sources: str  # « Sources : [3] 2017 ; [1] sept. 2017 »
    refs: str  # the same, numbers only (« Sources : [1] [3] »), for a slide's card
    known: bool

    @property
    def value(self) -> str:
        """The headline: the first line's value, or the card's empty text."""
        return self.lines[0].value if self.lines else self.empty

    @property
    def detail(self) -> str:
        return " ; ".join(([self.scope_note] if self.scope_note else []) + self.notes)


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
            parts += [k.label, k.empty, k.scope_note, *k.notes, k.sources]
            for line in k.lines:
                parts += [line.value, line.label, line.status]
        for s in self.sections:
            parts += [s.title, s.lead, s.empty, *s.notes, *s.small]
            if s.table:
                parts += s.table.columns + [c for r in s.table.rows for c in r]
        return "\n".join(p for p in parts if p)
