"""SYNTHETIC data at national ten-year volume, for load tests and benchmarks only.

Everything written here is invented: every row points to a `sources` row with
`synthetic = True` whose title says « DONNÉES SYNTHÉTIQUES … ne pas citer », every id
starts with `SYN-` (programmes with `syn_`, names with « [Synthétique] »). It goes into
its own database: `generate` refuses a database that holds sourced (non-synthetic) data.

scale=1.0 is about 20 000 sites, 200 000 cohorts, 500 000 funding lines, 200 000
outcomes and ~1 700 context indicators over 2015–2024, placed in real communes drawn
in proportion to their population. The output depends only on (scale, seed).

Modules: `core` (generate, the safety check, ANALYZE), `write` (bulk inserts), `common`
(volumes, drawing helpers), `geography`, `reference` (sources, programmes) and one module
per fact table (`sites`, `cohorts`, `funding`, `outcomes`, `indicators`). Every allowed
value comes from `campus_metrics.enums`.
"""

from __future__ import annotations

from campus_metrics.synthetic.common import N_SOURCES, VOLUME, YEARS
from campus_metrics.synthetic.core import SYN_TABLES, SyntheticRefused, analyze, check_target, generate, is_synthetic_database
from campus_metrics.synthetic.reference import NATIONAL_PROGRAMMES, source_title

__all__ = [
    "NATIONAL_PROGRAMMES",
    "N_SOURCES",
    "SYN_TABLES",
    "VOLUME",
    "YEARS",
    "SyntheticRefused",
    "analyze",
    "check_target",
    "generate",
    "is_synthetic_database",
    "source_title",
]
