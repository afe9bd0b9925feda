"""Settings from the environment, then `.streamlit/secrets.toml`, then defaults.

Kept free of Streamlit so the CLI and the tests read the same configuration as the app.
"""

from __future__ import annotations

import functools
import os
import time
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SEED_DIR = DATA_DIR / "seed"
GEO_DIR = DATA_DIR / "geo"
SEED_ARTICLES_DIR = PROJECT_ROOT.parent / "shared" / "seeds"
DEFAULT_SQLITE_PATH = DATA_DIR / "campus_metrics.db"
SECRETS_PATH = PROJECT_ROOT / ".streamlit" / "secrets.toml"

ENV_DATABASE_URL = "CAMPUS_METRICS_DATABASE_URL"


def _secrets() -> dict:
    """secrets.toml, read at most once a second (every cached query asks for the database URL)."""
    return _secrets_at(int(time.monotonic()))


@functools.lru_cache(maxsize=1)
def _secrets_at(_second: int) -> dict:
    if not SECRETS_PATH.exists():
        return {}
    try:
        return tomllib.loads(SECRETS_PATH.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def secret(name: str, default: str | None = None) -> str | None:
    """A value from the environment (upper-case name) or from secrets.toml."""
    env = os.environ.get(name.upper())
    if env:
        return env
    value = _secrets().get(name.lower(), _secrets().get(name))
    return str(value) if value is not None else default


def database_url() -> str:
    """The database URL: env var, then secrets.toml `campus_metrics_database_url`, then SQLite."""
    return secret(ENV_DATABASE_URL) or f"sqlite:///{DEFAULT_SQLITE_PATH}"
