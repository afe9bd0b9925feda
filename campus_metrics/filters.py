"""One `Filters` value drives every query and also reads as a short French sentence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import ColumnElement, and_, func, or_, true

from campus_metrics.enums import GROUP_STATUSES, StatusGroup
from campus_metrics.text import tr

# The status choice the UI offers, mapped to the stored statuses ("all": both groups, side by side).
STATUS_GROUPS: dict[str, tuple[str, ...]] = {"all": (), **{g.value: s for g, s in GROUP_STATUSES.items()}}


@dataclass(frozen=True)
class Filters:
    """Plain, hashable filter values: safe as a cache key and in a URL."""

    year_min: int | None = None
    year_max: int | None = None
    regions: tuple[str, ...] = field(default_factory=tuple)
    departements: tuple[str, ...] = field(default_factory=tuple)
    programmes: tuple[str, ...] = field(default_factory=tuple)
    statuses: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for name in ("regions", "departements", "programmes", "statuses"):
            object.__setattr__(self, name, tuple(sorted(set(getattr(self, name) or ()))))
        if self.year_min is not None and self.year_max is not None and self.year_min > self.year_max:
            lo, hi = self.year_max, self.year_min
            object.__setattr__(self, "year_min", lo)
            object.__setattr__(self, "year_max", hi)

    @classmethod
    def for_status_group(cls, group: str, **kwargs) -> Filters:
        return cls(statuses=STATUS_GROUPS.get(group, ()), **kwargs)

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    def for_group(self, group: StatusGroup) -> Filters | None:
        """These filters narrowed to one status group, or None when they exclude it."""
        wanted = GROUP_STATUSES[group]
        kept = tuple(s for s in wanted if not self.statuses or s in self.statuses)
        return replace(self, statuses=kept) if kept else None

    @property
    def groups(self) -> tuple[StatusGroup, ...]:
        """The status groups these filters show, realised first."""
        return tuple(g for g in (StatusGroup.realised, StatusGroup.announced) if self.for_group(g) is not None)

    @property
    def is_territorial(self) -> bool:
        return bool(self.regions or self.departements)

    # -- SQL -----------------------------------------------------------------------
    def where(self, table, *, years: str = "range", programme_col: str = "programme_id") -> ColumnElement[bool]:
        """A parameterised WHERE clause on a fact table with the shared filter columns.

        years="range": the fact's [year_start, year_end] overlaps the period (unknown years
        are left out when a period is set); years="opening": a site counts when it opened
        before the end of the period, or when its opening year is unknown.
        """
        c = table.c if hasattr(table, "c") else table.__table__.c
        clauses: list[ColumnElement[bool]] = []
        if years == "opening":
            if self.year_max is not None:
                clauses.append(or_(c.opening_year.is_(None), c.opening_year <= self.year_max))
        else:
            if self.year_max is not None:
                clauses.append(c.year_start <= self.year_max)
            if self.year_min is not None:
                last = c.year_last if "year_last" in c else func.coalesce(c.year_end, c.year_start)  # summaries store it
                clauses.append(last >= self.year_min)
        if self.departements:
            clauses.append(c.departement_code.in_(self.departements))
        elif self.regions:
            clauses.append(c.region_code.in_(self.regions))
        if self.programmes and programme_col in c:
            clauses.append(c[programme_col].in_(self.programmes))
        if self.statuses:
            clauses.append(c.fact_status.in_(self.statuses))
        return and_(true(), *clauses)

    # -- words ---------------------------------------------------------------------
    def period_text(self, lang: str = "fr") -> str:
        if self.year_min is None and self.year_max is None:
            return tr(lang, "Toutes années")
        if self.year_min == self.year_max:
            return str(self.year_min)
        if self.year_min is None:
            return tr(lang, "jusqu'à {year}", year=self.year_max)
        if self.year_max is None:
            return tr(lang, "depuis {year}", year=self.year_min)
        return f"{self.year_min}–{self.year_max}"

    def sentence(self, names: Mapping[str, Mapping[str, str]] | None = None, lang: str = "fr") -> str:
        """'2017 · Occitanie · Écoles régionales du numérique'.

        `names` maps "regions", "departements", "programmes" to {code: name}.
        """
        names = names or {}
        parts = [self.period_text(lang)]
        if self.departements:
            deps = names.get("departements", {})
            parts.append(", ".join(f"{deps.get(c, c)} ({c})" for c in self.departements))
        elif self.regions:
            regs = names.get("regions", {})
            parts.append(", ".join(regs.get(c, c) for c in self.regions))
        else:
            parts.append(tr(lang, "France entière"))
        if self.programmes:
            progs = names.get("programmes", {})
            parts.append(", ".join(progs.get(c, c) for c in self.programmes))
        else:
            parts.append(tr(lang, "Tous programmes"))
        group = next((g for g, s in STATUS_GROUPS.items() if s and tuple(sorted(s)) == self.statuses), None)
        if group == "announced":
            parts.append(tr(lang, "Chiffres annoncés"))
        elif group == "realised":
            parts.append(tr(lang, "Chiffres réalisés"))
        elif self.statuses:
            parts.append(", ".join(self.statuses))
        return " · ".join(parts)
