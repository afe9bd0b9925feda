"""The « Réunion » sidebar block on every page: presentation mode and the territory brief.

The brief is built only when its download button is clicked (a callable `data`), then kept
in `st.cache_data` for the same filters, language and compared territories.
"""

from __future__ import annotations

import streamlit as st

from campus_metrics import brief
from campus_metrics.filters import Filters
from campus_metrics.text import N_
from dashboard import data, presentation
from dashboard.i18n import _, lang

WORDS: dict[str, str] = {
    "title": N_("Réunion"),
    "present": N_("Mode présentation"),
    "pptx": N_("Fiche territoire (PowerPoint)"),
    "pdf": N_("Fiche territoire (PDF)"),
    "help": N_("Plein écran, sans menus : ← → pour changer d'écran."),
}


# No spinner: the brief is built by the download button's deferred callable, off the script thread, where
# Streamlit draws nothing: a spinner there never shows (and a decorator's text stayed French in English).
@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _brief(db_url: str, f: Filters, fmt: str, language: str, compare: tuple[str, ...], level: str) -> bytes:
    return brief.build_brief(data.engine_for_key(db_url), f, fmt, lang=language, compare=compare, compare_level=level)


def compared() -> tuple[tuple[str, ...], str]:
    """The territories picked on the comparison page, if any (2 to 4)."""
    level = st.session_state.get("_cmp_level", "region")
    codes = tuple(st.session_state.get(f"_cmp_{level}") or ())
    return (codes, level) if 2 <= len(codes) <= 4 else ((), "region")


def start_presentation() -> None:
    codes, level = compared()
    presentation.start(codes, level)


def sidebar(f: Filters) -> None:
    words = {key: _(msgid) for key, msgid in WORDS.items()}
    sb = st.sidebar
    sb.subheader(words["title"], anchor=False, divider="gray")
    sb.button(words["present"], icon=":material/slideshow:", on_click=start_presentation, help=words["help"], width="stretch", key="meeting_present")
    codes, level = compared()
    names = data.names()
    for fmt in ("pptx", "pdf"):
        sb.download_button(
            words[fmt],
            data=lambda fmt=fmt: _brief(data.cache_key(), f, fmt, lang(), codes, level),
            file_name=brief.file_name(f, fmt, names, lang()),
            mime=brief.MEDIA_TYPES[fmt],
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
            key=f"meeting_{fmt}",
        )
