"""The summary tables: what every reader would compute, computed once when data is written.

Each fact table has one summary "cube", declared once in `CUBES`: its grain (the columns a
filter or a chart can use), its measures (SQL over the counted rows of the fact table), and
its breakdowns. Every cube is stored at three geographic levels, so that a national query
reads a few thousand rows, a région query the rows of its région and a département query
those of its département:

- `departement`: région and département kept (facts without a département have NULL);
- `region`: département rolled up;
- `france`: both rolled up.

Measures are sums and counts only, so any set of rows adds up exactly; rates and means are
divided at read time (queries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

from campus_metrics.enums import AmountPeriod
from campus_metrics.models import Base


class GeoLevel(StrEnum):
    departement = "departement"
    region = "region"
    france = "france"


class Breakdown(StrEnum):
    """Funding only: the whole, or split by funder type, or split by nature (never crossed)."""

    base = "base"
    funder_type = "funder_type"
    nature = "nature"


# Columns shared by every cube: where, which programme, which years, which status.
GRAIN = ("region_code", "departement_code", "programme_id", "year_start", "year_last", "fact_status")


@dataclass(frozen=True)
class Cube:
    name: str  # summary table name
    fact_table: str
    extra_grain: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = field(default=(Breakdown.base,))

    @property
    def grain(self) -> tuple[str, ...]:
        return GRAIN + self.extra_grain


def _money_measures() -> tuple[str, ...]:
    per_period = tuple(f"{p}_{x}" for p in AmountPeriod for x in ("min", "max", "lines"))
    return (*per_period, "shortfall", "n_shortfall", "n_unknown_amount", "n_lines")


CUBES: dict[str, Cube] = {
    "cohorts": Cube(
        "summary_cohorts",
        "cohorts",
        measures=(
            "n",
            "n_learners",
            "learners",
            "n_headcount_unknown",
            "n_candidates",
            "candidates",
            "sel_learners",
            "sel_candidates",
            "women_weighted",
            "women_base",
            "women_sum",
            "n_women",
            "duration_sum",
            "n_duration",
            "hours_centre_sum",
            "n_hours_centre",
            "hours_company_sum",
            "n_hours_company",
        ),
    ),
    "funding": Cube(
        "summary_funding",
        "funding_lines",
        extra_grain=("funder_type", "nature"),
        measures=_money_measures(),
        breakdowns=tuple(Breakdown),
    ),
    "outcomes": Cube(
        "summary_outcomes",
        "outcomes",
        extra_grain=("indicator", "cohort_period"),
        measures=("n", "n_base", "base_sum", "value_x_base", "value_min", "value_max"),
    ),
}

_STRING = {
    "region_code": 3,
    "departement_code": 3,
    "programme_id": 40,
    "fact_status": 10,
    "funder_type": 20,
    "nature": 20,
    "indicator": 30,
    "cohort_period": 40,
}
_INT_MEASURE = ("n", "n_")  # counts are integers, the rest floats


def _column(name: str) -> Column:
    if name in _STRING:
        return Column(name, String(_STRING[name]))
    if name in ("year_start", "year_last"):
        return Column(name, Integer)
    if name.startswith(_INT_MEASURE) or name.endswith("_lines"):
        return Column(name, Integer, nullable=False, server_default="0")
    return Column(name, Float)


def _cube_table(cube: Cube) -> Table:
    cols = [Column("geo_level", String(12), nullable=False), Column("breakdown", String(12), nullable=False)]
    cols += [_column(c) for c in cube.grain] + [_column(c) for c in cube.measures]
    t = Table(cube.name, Base.metadata, *cols)
    short = cube.name.removeprefix("summary_")
    # one index per way in: national (level + years), région, département, programme
    Index(f"ix_sum_{short}_france", t.c.geo_level, t.c.breakdown, t.c.year_start, t.c.year_last)
    Index(f"ix_sum_{short}_region", t.c.geo_level, t.c.breakdown, t.c.region_code, t.c.year_start)
    Index(f"ix_sum_{short}_dep", t.c.geo_level, t.c.breakdown, t.c.departement_code, t.c.year_start)
    Index(f"ix_sum_{short}_programme", t.c.geo_level, t.c.breakdown, t.c.programme_id, t.c.year_start)
    return t


TABLES: dict[str, Table] = {topic: _cube_table(cube) for topic, cube in CUBES.items()}


class SourceTopic(StrEnum):
    """Which rows a figure's or a page's sources come from."""

    learners = "learners"  # counted cohorts with a headcount
    money = "money"  # counted in totals (point or range)
    outcome = "outcome"  # counted outcomes, with `indicator`
    # every row of one fact table, counted or not (the sources page, the brief's source lists)
    f_sites = "f_sites"
    f_cohorts = "f_cohorts"
    f_funding = "f_funding"
    f_outcomes = "f_outcomes"
    f_indicators = "f_indicators"


# Which source stands behind which rows, and how many, at the three levels of the cubes.
SOURCES = Table(
    "summary_sources",
    Base.metadata,
    Column("geo_level", String(12), nullable=False),
    Column("topic", String(12), nullable=False),
    Column("source_id", String(40), nullable=False),
    Column("indicator", String(30)),
    *[_column(c) for c in GRAIN],
    Column("n", Integer, nullable=False, server_default="0"),
    Index("ix_sum_sources_probe", "geo_level", "topic", "source_id", "region_code", "year_start"),
    Index("ix_sum_sources_dep", "geo_level", "topic", "source_id", "departement_code"),
    Index("ix_sum_sources_topic", "geo_level", "topic", "year_start"),
)

# Cost per learner and per positive exit, one row per scope (a site, or a programme in a région) and year.
COST = Table(
    "summary_cost",
    Base.metadata,
    Column("scope_kind", String(10), nullable=False),  # site | programme
    Column("scope_id", String(40), nullable=False),
    Column("scope_name", String(200)),
    Column("region_code", String(3)),
    Column("departement_code", String(3)),
    Column("programme_id", String(40)),
    Column("year", Integer),
    Column("status_group", String(10), nullable=False),
    Column("fact_status", String(10)),  # the combined status of money and learners, or "mixed"
    Column("money_min", Float),
    Column("money_max", Float),
    Column("money_basis", String(12)),  # whole_cost | sum_of_lines | programme
    Column("learners", Float),
    Column("n_known", Integer),
    Column("n_cohorts", Integer),
    Column("expected_sessions", Integer),
    Column("cost_min", Float),
    Column("cost_max", Float),
    Column("reason", String(30)),  # None when calculable, else a ReasonCode
    Column("exit_rate", Float),
    Column("exit_period", Text),  # the cohort periods of the rates found, joined
    Column("exit_reason", String(30)),
    Column("cost_exit_min", Float),
    Column("cost_exit_max", Float),
    Column("source_ids", Text),
    Index("ix_sum_cost_region", "region_code", "year"),
    Index("ix_sum_cost_dep", "departement_code", "year"),
    Index("ix_sum_cost_programme", "programme_id", "year"),
    Index("ix_sum_cost_year", "year"),
)


# summary_cost rolled up for the key figures: per level, programme, year, status and reason codes.
COST_TOTALS = Table(
    "summary_cost_totals",
    Base.metadata,
    Column("geo_level", String(12), nullable=False),
    Column("region_code", String(3)),
    Column("departement_code", String(3)),
    Column("programme_id", String(40)),
    Column("year", Integer),
    Column("status_group", String(10), nullable=False),
    Column("fact_status", String(10)),
    Column("reason", String(30)),  # the cost per learner's reason (None: computed)
    Column("exit_reason", String(30)),  # the cost per positive exit's reason (None: computed)
    Column("n", Integer, nullable=False, server_default="0"),
    Column("cost_min", Float),
    Column("cost_max", Float),
    Column("cost_exit_min", Float),
    Column("cost_exit_max", Float),
    Column("scope_name", String(200)),  # one of the scopes (the only one when n = 1)
    Column("n_known", Integer),
    Column("total", Integer),
    Column("exit_period", Text),
    Index("ix_sum_cost_totals_france", "geo_level", "year"),
    Index("ix_sum_cost_totals_region", "geo_level", "region_code", "year"),
    Index("ix_sum_cost_totals_dep", "geo_level", "departement_code", "year"),
    Index("ix_sum_cost_totals_programme", "geo_level", "programme_id", "year"),
)
