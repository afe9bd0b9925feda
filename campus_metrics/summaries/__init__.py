"""Write-time resolution: winners of each fact_key, summary cubes, sources and costs (see refresh.py)."""

from campus_metrics.summaries.cost import ReasonCode
from campus_metrics.summaries.refresh import refresh, resolve_counted
from campus_metrics.summaries.tables import COST, COST_TOTALS, CUBES, GRAIN, SOURCES, TABLES, Breakdown, Cube, GeoLevel, SourceTopic

__all__ = [
    "COST",
    "COST_TOTALS",
    "CUBES",
    "GRAIN",
    "SOURCES",
    "TABLES",
    "Breakdown",
    "Cube",
    "GeoLevel",
    "ReasonCode",
    "SourceTopic",
    "refresh",
    "resolve_counted",
]
