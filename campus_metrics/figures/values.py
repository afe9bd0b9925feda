"""A key figure as a typed value: numbers, statuses, period, scope, base, sources and reason codes.

No sentence lives here: `cards.py` turns a value into words in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from campus_metrics.enums import AmountPeriod, StatusGroup
from campus_metrics.summaries import ReasonCode


@dataclass(frozen=True)
class Reason:
    """Why a value is missing or partial, with what a sentence needs (counts, periods, names)."""

    code: ReasonCode
    count: int = 1  # how many scopes gave this reason
    known: int | None = None
    total: int | None = None
    period: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Part:
    """One slice of a figure that can be read alone: a status group, and for money a period kind.

    Parts of one figure are never added together by the app.
    """

    group: StatusGroup | None
    status: str | None  # announced / voted / realised / estimate / mixed
    value: float | None
    value_max: float | None = None  # a range: value … value_max
    period: AmountPeriod | None = None
    n_facts: int = 0
    n_unknown: int = 0
    source_ids: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.value is not None and self.value == self.value


@dataclass(frozen=True)
class Scope:
    """Where and when a non-additive figure was measured, when that is narrower than the filters."""

    regions: tuple[str | None, ...] = ()  # None: a national programme
    programmes: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    narrower: bool = False


@dataclass(frozen=True)
class Figure:
    key: str
    parts: tuple[Part, ...] = ()
    reasons: tuple[Reason, ...] = ()
    scope: Scope | None = None
    base: int | None = None  # people measured, when every measure gives its base
    measures: int = 0  # how many measures a rate comes from
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def known(self) -> bool:
        return any(p.known for p in self.parts)

    @property
    def known_parts(self) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.known)

    @property
    def source_ids(self) -> tuple[str, ...]:
        out: list[str] = list(self.extra.get("source_ids", ()))
        for p in self.parts:
            out += [s for s in p.source_ids if s not in out]
        return tuple(dict.fromkeys(out))

    @property
    def status(self) -> str | None:
        """The status of the known parts: shared, or 'mixed'."""
        s = {p.status for p in self.known_parts if p.status}
        return s.pop() if len(s) == 1 else ("mixed" if s else None)

    def part(self, group: StatusGroup | str, period: AmountPeriod | str | None = None) -> Part | None:
        for p in self.parts:
            if p.group == group and (period is None or p.period == period):
                return p
        return None
