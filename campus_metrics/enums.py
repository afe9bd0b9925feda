"""Every allowed value, once: the models, the validation, the filters and the generator use these.

French labels live with the words (labels.py); a code never changes once data uses it.
"""

from __future__ import annotations

from enum import StrEnum


class FactStatus(StrEnum):
    announced = "announced"
    voted = "voted"
    realised = "realised"
    estimate = "estimate"


class StatusGroup(StrEnum):
    """What a reader can add up: realised figures apart from forecasts (announced, voted, estimate)."""

    realised = "realised"
    announced = "announced"


# The group of each status. Figures of two groups are never added together.
STATUS_GROUP: dict[str, StatusGroup] = {
    FactStatus.realised: StatusGroup.realised,
    FactStatus.voted: StatusGroup.announced,
    FactStatus.announced: StatusGroup.announced,
    FactStatus.estimate: StatusGroup.announced,
}
GROUP_STATUSES: dict[StatusGroup, tuple[str, ...]] = {g: tuple(sorted(s.value for s, gg in STATUS_GROUP.items() if gg == g)) for g in StatusGroup}

# Between two reports of one figure (same fact_key, same group): lower wins.
STATUS_RANK: dict[str, int] = {"realised": 1, "voted": 2, "announced": 3, "estimate": 4}


class SiteStatus(StrEnum):
    planned = "planned"
    open = "open"
    closed = "closed"


class FunderType(StrEnum):
    region = "region"
    state = "state"
    private = "private"
    local_authority = "local_authority"
    eu = "eu"
    mixed = "mixed"
    unknown = "unknown"


class Nature(StrEnum):
    investment = "investment"
    operating = "operating"
    teaching = "teaching"
    total = "total"
    unknown = "unknown"


class AmountKind(StrEnum):
    point = "point"
    range = "range"
    shortfall = "shortfall"
    unknown = "unknown"


class AmountPeriod(StrEnum):
    """One amount for the line's whole period, or the same amount each year: never added together."""

    one_off = "one_off"
    per_year = "per_year"


class OutcomeIndicator(StrEnum):
    positive_exit_rate = "positive_exit_rate"
    employment_rate = "employment_rate"
    exit_salary = "exit_salary"
    job_offers = "job_offers"


class OutcomeUnit(StrEnum):
    percent = "percent"
    eur_per_month = "eur_per_month"
    count = "count"


class ProgrammeKind(StrEnum):
    label = "label"
    network = "network"
    campus = "campus"
    school = "school"
    training = "training"


class TerritoryLevel(StrEnum):
    france = "france"
    region = "region"
    departement = "departement"


class IndicatorUnit(StrEnum):
    count = "count"
    eur = "eur"
    percent = "percent"
    m2 = "m2"


class DataKind(StrEnum):
    """The importable data kinds, in the order a file set is written (references first)."""

    sources = "sources"
    programmes = "programmes"
    sites = "sites"
    cohorts = "cohorts"
    funding = "funding"
    outcomes = "outcomes"
    indicators = "indicators"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(e.value for e in enum)
