"""The domain as SQLAlchemy 2.x typed models.

Every fact (site, cohort, funding line, outcome, context indicator) points to a source,
carries the verbatim quote it comes from and a status (announced / voted / realised /
estimate). Territory, programme and year are denormalised onto each fact at import so
that filters are plain indexed WHERE clauses.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, String, Table, Text, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.schema import CreateIndex

from campus_metrics.enums import STATUS_RANK, AmountKind, AmountPeriod, FactStatus, FunderType, Nature, OutcomeIndicator, SiteStatus

# The allowed values live in enums.py; re-exported here for the code that reads them from models.
__all__ = ["AmountKind", "AmountPeriod", "FactStatus", "FunderType", "Nature", "OutcomeIndicator", "SiteStatus", "STATUS_RANK"]


class Base(DeclarativeBase):
    pass


def _partial_index(name: str, column: str) -> Index:
    """An index on a mostly-NULL column that skips the NULLs (migration 0002).

    SQLite (without STAT4) costs `col IS NULL` like an equality on a rare value and would
    walk such an index over most of the table; a partial index cannot be used for it.
    """
    cond = text(f"{column} IS NOT NULL")
    return Index(name, column, sqlite_where=cond, postgresql_where=cond)


def _year_last_index(name: str) -> Index:
    """`coalesce(year_end, year_start)`: the last year of a fact, as the period filter reads it (0002)."""
    return Index(name, text("coalesce(year_end, year_start)"))


def _batch():
    """The import batch that wrote the row (0005); NULL for rows older than the batch history or generated."""
    return mapped_column(Integer, index=True, nullable=True)


def _counted():
    """Resolved at write time (summaries.refresh): False for a report that lost to a better one of the same figure."""
    return mapped_column(Boolean, default=True, server_default=text("true"))


# --- geography reference -------------------------------------------------------------


class Region(Base):
    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    population: Mapped[int | None]
    lat: Mapped[float | None]
    lon: Mapped[float | None]


class Departement(Base):
    __tablename__ = "departements"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    population: Mapped[int | None]
    lat: Mapped[float | None]
    lon: Mapped[float | None]


class Commune(Base):
    __tablename__ = "communes"
    insee: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    departement_code: Mapped[str] = mapped_column(ForeignKey("departements.code"), index=True)
    region_code: Mapped[str] = mapped_column(String(3))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    population: Mapped[int | None]


# --- provenance ------------------------------------------------------------------------


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    publisher: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(400))
    author: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    # "day", "month" or "year": how much of published_on the source really gives.
    date_precision: Mapped[str | None] = mapped_column(String(5))
    seed_file: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    licence: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    batch_id: Mapped[int | None] = _batch()


class Programme(Base):
    __tablename__ = "programmes"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    description: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"))
    batch_id: Mapped[int | None] = _batch()


site_programmes = Table(
    "site_programmes",
    Base.metadata,
    Column("site_id", ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
    Column("programme_id", ForeignKey("programmes.id"), primary_key=True, index=True),
)


class FactMixin:
    """Columns every fact row shares: provenance, status and denormalised filter keys."""

    fact_status: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    quote: Mapped[str] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(String(3))
    departement_code: Mapped[str | None] = mapped_column(String(3))
    year_start: Mapped[int | None]
    year_end: Mapped[int | None]
    batch_id: Mapped[int | None] = _batch()


class Site(FactMixin, Base):
    __tablename__ = "sites"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    operator: Mapped[str | None] = mapped_column(String(200))
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id"))  # main one
    commune_insee: Mapped[str] = mapped_column(ForeignKey("communes.insee"))
    address: Mapped[str | None] = mapped_column(String(300))
    site_status: Mapped[str] = mapped_column(String(10))
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    opening_year: Mapped[int | None]
    local_partner: Mapped[str | None] = mapped_column(String(200))
    programmes: Mapped[list[Programme]] = relationship(secondary=site_programmes)

    __table_args__ = (
        Index("ix_sites_region_year", "region_code", "opening_year"),
        Index("ix_sites_dep", "departement_code"),
        Index("ix_sites_programme", "programme_id"),
    )


class Cohort(FactMixin, Base):
    __tablename__ = "cohorts"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    fact_key: Mapped[str | None] = mapped_column(String(80))
    counted: Mapped[bool] = _counted()
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"))
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id"))
    label: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    learners: Mapped[int | None]
    candidates: Mapped[int | None]
    women_share_pct: Mapped[float | None] = mapped_column(Float)
    duration_months: Mapped[float | None] = mapped_column(Float)
    hours_centre: Mapped[int | None]
    hours_company: Mapped[int | None]
    level: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        Index("ix_cohorts_region_year", "region_code", "year_start", "year_end"),
        Index("ix_cohorts_dep_year", "departement_code", "year_start", "year_end"),
        Index("ix_cohorts_programme_year", "programme_id", "year_start", "year_end"),
        Index("ix_cohorts_year", "year_start", "year_end"),
        _year_last_index("ix_cohorts_year_last"),
        _partial_index("ix_cohorts_fact_key", "fact_key"),
        _partial_index("ix_cohorts_site_id", "site_id"),
        # the map's latest cohort per site, read from the index alone (0003)
        Index(
            "ix_cohorts_site_cover",
            "site_id",
            "counted",
            "year_start",
            "year_end",
            "fact_status",
            "learners",
            sqlite_where=text("site_id IS NOT NULL"),
            postgresql_where=text("site_id IS NOT NULL"),
        ),
    )


class FundingLine(FactMixin, Base):
    __tablename__ = "funding_lines"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    fact_key: Mapped[str | None] = mapped_column(String(80))
    counted: Mapped[bool] = _counted()
    beneficiary: Mapped[str | None] = mapped_column(String(200))
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"))
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id"))
    funder_name: Mapped[str | None] = mapped_column(String(200))
    funder_type: Mapped[str] = mapped_column(String(20))
    nature: Mapped[str] = mapped_column(String(20))
    amount_kind: Mapped[str] = mapped_column(String(10))
    # A point value has min == max; a range keeps both ends; unknown keeps neither.
    amount_min_eur: Mapped[float | None] = mapped_column(Float)
    amount_max_eur: Mapped[float | None] = mapped_column(Float)
    in_totals: Mapped[bool] = mapped_column(Boolean, default=True)
    # one_off: the amount of the line's whole period; per_year: that amount each year (never added to one_off).
    amount_period: Mapped[str] = mapped_column(String(10), default=AmountPeriod.one_off.value, server_default=AmountPeriod.one_off.value)

    __table_args__ = (
        Index("ix_funding_region_year", "region_code", "year_start", "year_end"),
        Index("ix_funding_dep_year", "departement_code", "year_start", "year_end"),
        Index("ix_funding_programme_year", "programme_id", "year_start", "year_end"),
        Index("ix_funding_year", "year_start", "year_end"),
        _year_last_index("ix_funding_year_last"),
        _partial_index("ix_funding_lines_fact_key", "fact_key"),
        _partial_index("ix_funding_lines_site_id", "site_id"),
    )


class Outcome(FactMixin, Base):
    __tablename__ = "outcomes"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    fact_key: Mapped[str | None] = mapped_column(String(80))
    counted: Mapped[bool] = _counted()
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id"))
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"))
    cohort_id: Mapped[str | None] = mapped_column(ForeignKey("cohorts.id"))
    cohort_period: Mapped[str | None] = mapped_column(String(40))
    indicator: Mapped[str] = mapped_column(String(30))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    base_count: Mapped[int | None]
    base_description: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_outcomes_region_year", "region_code", "year_start", "year_end"),
        Index("ix_outcomes_dep_year", "departement_code", "year_start", "year_end"),
        Index("ix_outcomes_programme_year", "programme_id", "year_start", "year_end"),
        Index("ix_outcomes_year", "year_start", "year_end"),
        _year_last_index("ix_outcomes_year_last"),
        _partial_index("ix_outcomes_fact_key", "fact_key"),
        _partial_index("ix_outcomes_site_id", "site_id"),
    )


class Indicator(FactMixin, Base):
    """A context figure: unfilled jobs, missing coders, planned sites, targets."""

    __tablename__ = "indicators"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    fact_key: Mapped[str | None] = mapped_column(String(80))
    counted: Mapped[bool] = _counted()
    territory_level: Mapped[str] = mapped_column(String(12))
    territory_code: Mapped[str | None] = mapped_column(String(3))
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id"))
    name: Mapped[str] = mapped_column(String(60), index=True)
    label: Mapped[str] = mapped_column(String(300))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))

    __table_args__ = (_partial_index("ix_indicators_fact_key", "fact_key"),)


# The sort orders of the detail tables (cohort_details, funding_lines, outcomes: newest or
# largest first, LIMIT n) as indexes, so the first n entries are read instead of sorting (0002).
Index("ix_cohorts_latest", Cohort.year_start.desc().nulls_last(), Cohort.id)
Index("ix_funding_largest", FundingLine.amount_max_eur.desc().nulls_last(), FundingLine.id)
Index("ix_outcomes_latest", Outcome.year_start.desc(), Outcome.indicator, Outcome.id)  # NULLs first in PG, last in SQLite, as ORDER BY
# « Who paid » (queries.funders) grouped in this order: one covering index scan, no temporary sort (0006).
Index(
    "ix_funding_funders",
    *(getattr(FundingLine, c) for c in ("funder_type", "funder_name", "fact_status", "source_id", "amount_kind", "amount_period")),
    *(getattr(FundingLine, c) for c in ("in_totals", "counted", "amount_min_eur", "amount_max_eur")),
)


@compiles(CreateIndex, "sqlite")
def _sqlite_create_index(element, compiler, **kw):
    """SQLite refuses NULLS LAST in an index but a DESC index already keeps NULLs last."""
    return compiler.visit_create_index(element, **kw).replace(" DESC NULLS LAST", " DESC")


class DataVersion(Base):
    """One row: bumped by every write (summaries.refresh), so every process's caches know the data changed."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class ImportBatch(Base):
    """One write by an editor (0005): who, when, which files, the rows added per table, and its undo if any."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(200))
    file_names: Mapped[str] = mapped_column(String(1000))
    file_hash: Mapped[str] = mapped_column(String(64))
    rows: Mapped[str] = mapped_column(Text)  # JSON: {table: rows added}
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    undone_by: Mapped[str | None] = mapped_column(String(200))


FACT_MODELS = {
    "sites": Site,
    "cohorts": Cohort,
    "funding": FundingLine,
    "outcomes": Outcome,
    "indicators": Indicator,
}
