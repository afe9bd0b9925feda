"""Stable links: the URL carries codes (`?lang=en&region=76&statut=realised`), never translated labels.

Streamlit's `bind="query-params"` writes a selectbox's *formatted label* to the URL (checked in
1.67: `SelectboxSerde` and `_seed_widget_from_url` work on `formatted_options`), so a link
changed with the language and `?lang=en` was ignored. These widgets are therefore synced here
by hand: `seed()` reads the URL into `st.session_state` before the widgets are drawn (old label
forms such as `lang=English`, `region=Occitanie`, `dep=Creuse (23)`, `statut=Réalisés` are mapped
to codes first, so old links keep working), and `write()` puts the codes back after they are drawn.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

import streamlit as st

from dashboard import data

LAST = "_url_last"  # {param: value} as last written by `write` (or read by `seed`)
_CODE_IN_PARENS = re.compile(r"\(([0-9AB]{2,3})\)\s*$")


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so `occitanie` and `Réalisés`/`realises` match."""
    norm = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", norm).strip().casefold()


def _by_code_or_name(value: str, names: dict[str, str]) -> str | None:
    """A code as is; a name (any language form, any case) as its code; anything else None."""
    if value in names:
        return value
    folded = fold(value)
    return next((code for code, name in names.items() if fold(name) == folded or fold(code) == folded), None)


def lang_code(value: str) -> str | None:
    return {"fr": "fr", "francais": "fr", "french": "fr", "en": "en", "english": "en", "anglais": "en"}.get(fold(value))


def region_code(value: str) -> str | None:
    return _by_code_or_name(value, data.names()["regions"])


def departement_code(value: str) -> str | None:
    """`23`, `Creuse` or the old label `Creuse (23)`."""
    match = _CODE_IN_PARENS.search(value)
    return _by_code_or_name(match.group(1) if match else value, data.names()["departements"])


def programme_code(value: str) -> str | None:
    return _by_code_or_name(value, data.names()["programmes"])


STATUS_WORDS = {"tous": "all", "annonces": "announced", "realises": "realised"}


def status_code(value: str) -> str | None:
    """`realised`, or an old French/English label (`Réalisés`, `Announced`, `All`)."""
    folded = fold(value)
    if folded in ("all", "announced", "realised"):
        return folded
    return STATUS_WORDS.get(folded)


def level_code(value: str) -> str | None:
    return value if value in ("region", "departement") else None


def _url_values(param: str) -> list[str]:
    return [v for v in st.query_params.get_all(param) if v != ""]


def seed_one(param: str, normalise: Callable[[str], str | None], *, state_key: str | None = None, many: bool = False) -> None:
    """URL -> session state for one widget, when the URL says something new (a fresh session, a pasted link)."""
    key = state_key or param
    raw = _url_values(param)
    last = st.session_state.setdefault(LAST, {})
    if not raw or (key in st.session_state and last.get(param) == raw):
        return
    codes = list(dict.fromkeys(c for c in map(normalise, raw) if c is not None))
    last[param] = raw
    if many:
        st.session_state[key] = codes
    elif codes:
        st.session_state[key] = codes[0]


def write_one(param: str, value: str | Iterable[str] | None, default: object = None) -> None:
    """Session state -> URL for one widget: the code(s), or no parameter at all for the default."""
    values = [value] if isinstance(value, str) else list(value or [])
    values = [v for v in values if v]
    if value == default or not values:
        if param in st.query_params:
            del st.query_params[param]
        st.session_state.setdefault(LAST, {}).pop(param, None)
        return
    if _url_values(param) != values:
        st.query_params[param] = values if len(values) > 1 else values[0]
    st.session_state.setdefault(LAST, {})[param] = values
