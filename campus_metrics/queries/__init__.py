"""Filters in, small DataFrames of numbers and codes out — never sentences (figures/words.py has the words).

Aggregates read the summary tables resolved at write time (campus_metrics.summaries); detail
rows read the facts, paged and indexed. One module per subject.
"""

from campus_metrics.queries._base import SMALL_BASE, joined_sources, site_where, source_id_list
from campus_metrics.queries.budgets import budget_breakdown, cost_per_learner, funders, spending_lines
from campus_metrics.queries.cohorts import cohort_summary
from campus_metrics.queries.details import cohort_details, funding_lines, outcomes
from campus_metrics.queries.provenance import TOPICS, all_sources, filtered_tables, indicators, quotes, sources_for
from campus_metrics.queries.reference import describe, filter_options, names
from campus_metrics.queries.results import outcome_summary
from campus_metrics.queries.territories import (
    compare_territories,
    coverage,
    departement_totals,
    main_group,
    region_totals,
    site_count,
    site_counts_by_group,
    site_points,
    unallocated_totals,
    year_series,
)

__all__ = [
    "SMALL_BASE",
    "TOPICS",
    "all_sources",
    "budget_breakdown",
    "cohort_details",
    "cohort_summary",
    "compare_territories",
    "cost_per_learner",
    "coverage",
    "departement_totals",
    "describe",
    "filter_options",
    "filtered_tables",
    "funders",
    "funding_lines",
    "indicators",
    "joined_sources",
    "main_group",
    "names",
    "outcome_summary",
    "outcomes",
    "quotes",
    "region_totals",
    "site_count",
    "site_counts_by_group",
    "site_points",
    "site_where",
    "source_id_list",
    "sources_for",
    "spending_lines",
    "unallocated_totals",
    "year_series",
]
