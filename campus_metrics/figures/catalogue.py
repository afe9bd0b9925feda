"""The key-figure catalogue: every key figure declared once, read by the overview, the
presentation mode, the territory brief and the comparison alike.

Adding a figure (for example the share of women) takes one `FigureDef` here, its query in
`compute.py`, and its title in `words.py` (see the README, « Ajouter un chiffre clé »).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Engine

from campus_metrics.figures import compute
from campus_metrics.figures.values import Figure
from campus_metrics.filters import Filters


class Question(StrEnum):
    where = "where"
    money = "money"
    people = "people"
    result = "result"


class Unit(StrEnum):
    count = "count"
    eur = "eur"
    percent = "percent"


class StatusRule(StrEnum):
    by_group = "by_group"  # realised and announced parts side by side, never added
    site_status = "site_status"  # sites: one count, told by open / planned / closed


class ScopeRule(StrEnum):
    additive = "additive"  # a sum: it covers exactly the filters
    measured = "measured"  # a rate or ratio: the card says where and when it was measured


@dataclass(frozen=True)
class FigureDef:
    key: str
    question: Question
    unit: Unit
    compact: bool  # money in k€ / M€, counts in full
    status_rule: StatusRule
    per_year_apart: bool  # one-off and per-year amounts are separate parts
    scope_rule: ScopeRule
    compute: Callable[[Engine, Filters], Figure]


CATALOGUE: tuple[FigureDef, ...] = (
    FigureDef("sites", Question.where, Unit.count, False, StatusRule.site_status, False, ScopeRule.additive, compute.sites),
    FigureDef("learners", Question.people, Unit.count, False, StatusRule.by_group, False, ScopeRule.additive, compute.learners),
    FigureDef("money", Question.money, Unit.eur, True, StatusRule.by_group, True, ScopeRule.additive, compute.money),
    FigureDef("cost_per_learner", Question.money, Unit.eur, False, StatusRule.by_group, False, ScopeRule.measured, compute.cost_per_learner),
    FigureDef("positive_exit_rate", Question.result, Unit.percent, False, StatusRule.by_group, False, ScopeRule.measured, compute.positive_exit_rate),
    FigureDef("cost_per_positive_exit", Question.result, Unit.eur, False, StatusRule.by_group, False, ScopeRule.measured, compute.cost_per_positive_exit),
)
BY_KEY: dict[str, FigureDef] = {d.key: d for d in CATALOGUE}
KEYS: tuple[str, ...] = tuple(BY_KEY)


def compute_all(engine: Engine, f: Filters, keys: tuple[str, ...] = KEYS) -> dict[str, Figure]:
    """Every key figure (or those named) for these filters."""
    return {k: BY_KEY[k].compute(engine, f) for k in keys}
