"""The bounds of one import file, so a hostile or mistaken file is refused in seconds (env-tunable)."""

from __future__ import annotations

import os

DEFAULT_MAX_MB = 20.0
DEFAULT_MAX_UNPACKED_MB = 60.0
DEFAULT_MAX_ROWS = 200_000
MAX_COLUMNS = 80
MAX_PROBLEMS = 200  # listed per import; the rest are counted


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def max_import_bytes() -> int:
    """Refuse files above this size (CAMPUS_METRICS_MAX_IMPORT_MB, default 20 MB)."""
    return int(_env_float("CAMPUS_METRICS_MAX_IMPORT_MB", DEFAULT_MAX_MB) * 1024 * 1024)


def max_unpacked_bytes() -> int:
    """An .xlsx is a zip: refuse one whose parts unpack above this (CAMPUS_METRICS_MAX_UNPACKED_MB, default 60 MB)."""
    return int(_env_float("CAMPUS_METRICS_MAX_UNPACKED_MB", DEFAULT_MAX_UNPACKED_MB) * 1024 * 1024)


def max_rows() -> int:
    """Data lines per file (CAMPUS_METRICS_MAX_IMPORT_ROWS, default 200 000)."""
    return int(_env_float("CAMPUS_METRICS_MAX_IMPORT_ROWS", DEFAULT_MAX_ROWS))
