"""French-first number and date formats through Babel, shared by the app and the brief.

`2,2 M€`, `15 000 €`, `78 %`, `6 sept. 2017`. Unknown values read « inconnu », never 0.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_currency, format_decimal, format_percent

from campus_metrics.text import tr

LOCALES = {"fr": "fr_FR", "en": "en_GB"}
UNKNOWN = {"fr": "inconnu", "en": "unknown"}


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, float | int) and math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, "fr_FR")


def unknown(lang: str = "fr") -> str:
    return UNKNOWN.get(lang, UNKNOWN["fr"])


def number(value, lang: str = "fr", digits: int = 0) -> str:
    if _missing(value):
        return unknown(lang)
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt, locale=locale_of(lang))


def eur(value, lang: str = "fr", compact: bool = True) -> str:
    """2 200 000 → '2,2 M€' (compact) or '2 200 000 €'."""
    if _missing(value):
        return unknown(lang)
    if compact and abs(value) >= 100_000:
        text = format_compact_decimal(value, format_type="short", fraction_digits=1, locale=locale_of(lang))
        return f"{text}€" if lang == "fr" else f"€{text}"
    return format_currency(value, "EUR", format="#,##0\u00a0¤" if lang == "fr" else "¤#,##0", currency_digits=False, locale=locale_of(lang))


def eur_range(lo, hi, lang: str = "fr", compact: bool = True) -> str:
    if _missing(lo) and _missing(hi):
        return unknown(lang)
    if _missing(hi) or hi == lo:
        return eur(lo, lang, compact)
    return f"{eur(lo, lang, compact)} – {eur(hi, lang, compact)}"


def percent(value, lang: str = "fr", digits: int = 0) -> str:
    """78 (a rate in 0–100) → '78 %'."""
    if _missing(value):
        return unknown(lang)
    fmt = "#,##0" + ("." + "#" * digits if digits else "") + "\u00a0%" if lang == "fr" else "#,##0" + ("." + "#" * digits if digits else "") + "%"
    return format_percent(float(value) / 100, format=fmt, locale=locale_of(lang))


def date(value, precision: str | None = "day", lang: str = "fr") -> str:
    """A source date at the precision the source gives: '6 sept. 2017', 'sept. 2017', '2017'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return tr(lang, "date inconnue")
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if hasattr(value, "date") and not isinstance(value, dt.date):
        value = value.date()
    if isinstance(value, dt.datetime):
        value = value.date()
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return format_date(value, format="MMM y", locale=locale_of(lang))
    return format_date(value, format="medium", locale=locale_of(lang))


def value(v, unit: str, lang: str = "fr", v_max=None) -> str:
    """Format by unit: 'eur', 'percent', 'count', 'eur_per_month', 'm2'."""
    if unit == "eur":
        return eur_range(v, v_max, lang)
    if unit == "percent":
        text = percent(v, lang)
        return text if _missing(v_max) or v_max == v else f"{text} – {percent(v_max, lang)}"
    if unit == "eur_per_month":
        return eur(v, lang, compact=False) + tr(lang, " / mois")
    if unit == "m2":
        return number(v, lang) + " m²"
    text = number(v, lang)
    return text if _missing(v_max) or v_max == v else f"{text} – {number(v_max, lang)}"
