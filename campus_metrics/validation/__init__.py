"""Row validation with pydantic: one model per import kind, French messages, all problems at once.

- `cells`: the cell parsers (numbers, dates, codes as French Excel writes them) and partial dates;
- `rows`: the row models, their allowed values taken from `campus_metrics.enums`;
- `problems`: `Problem` (a located refusal reason) and `RowError`;
- `validate`: `validate_row`, pydantic errors to `Problem`s.
"""

from __future__ import annotations

from campus_metrics.validation.cells import format_partial_date, parse_partial_date
from campus_metrics.validation.problems import Problem, RowError
from campus_metrics.validation.rows import (
    ID_COLUMN,
    ROW_MODELS,
    CohortRow,
    FactRow,
    FundingRow,
    IndicatorRow,
    OutcomeRow,
    ProgrammeRow,
    Row,
    SiteRow,
    SourceRow,
)
from campus_metrics.validation.validate import validate_row

__all__ = [
    "ID_COLUMN",
    "ROW_MODELS",
    "CohortRow",
    "FactRow",
    "FundingRow",
    "IndicatorRow",
    "OutcomeRow",
    "Problem",
    "ProgrammeRow",
    "Row",
    "RowError",
    "SiteRow",
    "SourceRow",
    "format_partial_date",
    "parse_partial_date",
    "validate_row",
]
