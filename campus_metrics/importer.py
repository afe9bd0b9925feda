"""Kept for existing imports: the importer lives in `campus_metrics.importing`."""

from __future__ import annotations

from campus_metrics.importing import *  # noqa: F403
from campus_metrics.importing import __all__  # noqa: F401
