"""Missing values, statuses and shortened text, as the sections and both writers show them."""

from __future__ import annotations

import pandas as pd

from campus_metrics import formatting as fm
from campus_metrics.labels import label
from campus_metrics.text import tr


def _na(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _clean(v):
    return None if _na(v) else v


def status_text(status, lang: str = "fr") -> str:
    """'Réalisé', 'Annoncé', …; 'mixed' (announced, voted or estimated together: realised and
    announced are never added) says so; no status: ''."""
    if _na(status) or status == "":
        return ""
    if status == "mixed":
        return tr(lang, "Mixte (annoncé, voté ou estimé)")
    return label("fact_status", status, lang)


def status_short(status, lang: str = "fr") -> str:
    """'Mixte' without its explanation (charts, table cells); « Précautions de lecture » explains it."""
    return status_text(status, lang).partition(" (")[0]


def _style(status) -> str:
    """The colour of a bar or a value: realised, mixed, or announced (voted and estimated too)."""
    if status == "realised":
        return "realised"
    if status == "mixed":
        return "mixed"
    return "announced"


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def _eur_small(v, lang: str) -> str:
    """Euros per inhabitant: cents shown below 10 €, so 0,36 € does not read « 0 € »."""
    if _na(v):
        return fm.unknown(lang)
    if abs(v) < 10:
        return fm.number(v, lang, 2) + "\u00a0€"
    return fm.eur(v, lang, compact=False)
