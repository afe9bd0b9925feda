"""Key-figure cards: the one component that draws a key figure (overview page and presentation mode).

A `Card` (campus_metrics.figures.cards) arrives already worded in the reader's language: values,
what each value counts, notes, scope. This module only lays it out with Streamlit elements
(st.metric, st.badge, st.caption with escaped text) and never formats a number itself.
Realised and announced parts are separate lines of one card, side by side, never added.
"""

from __future__ import annotations

import streamlit as st

from campus_metrics.figures.cards import Card, card
from campus_metrics.filters import Filters
from dashboard import data, sources
from dashboard.i18n import lang
from dashboard.ui import safe

PER_ROW = 3  # three cards a row on every screen: six in one row truncate « Coût par sortie positive » at 1920 px


def cards(f: Filters) -> list[Card]:
    """The catalogue's cards for these filters, in the catalogue order."""
    return _cards(db_url=data.cache_key(), f=f, language=lang())


@st.cache_data(show_spinner=False, ttl=6 * 3600, max_entries=500)
def _cards(db_url: str, f: Filters, language: str) -> list[Card]:
    """Worded once per database, filters and language (`data.clear()` forgets them with the figures)."""
    names = data.names()
    return [card(fig, language, names) for fig in data.figures(f).values()]


def draw_card(c: Card, numbers: dict[str, int], *, width: int | str = "stretch", max_notes: int | None = None) -> None:
    """One card: title and headline, every other part as its own value with its label and status badge,
    then where it was measured, the notes and the numbered source dates."""
    with st.container(border=True, width=width):
        help_text = safe(sources.source_text(c.source_ids))
        if not c.lines:  # a dash for the value, the reason in words below (« non calculable » does not fit a headline)
            st.metric(c.title, "—", help=help_text)
            st.caption(safe(c.empty_text))
        for i, line in enumerate(c.lines):
            st.metric(c.title, line.value, help=help_text if i == 0 else None, label_visibility="visible" if i == 0 else "collapsed")
            row = st.container(horizontal=True, gap="small", vertical_alignment="center")
            with row:
                if line.label:
                    st.caption(safe(line.label))
                sources.status_badge(line.status)
        if c.scope_note:
            st.caption(":material/my_location: " + safe(c.scope_note))
        for note in c.notes if max_notes is None else c.notes[:max_notes]:
            st.caption(safe(note))
        st.caption(":material/description: " + safe(sources.source_dates(c.source_ids, numbers)))


def draw_all(f: Filters, *, max_notes: int | None = None) -> list[Card]:
    """Every card of the catalogue, `PER_ROW` a row (rows in reading order), then the numbered list of their sources."""
    drawn = cards(f)
    numbers = sources.numbering(*(c.source_ids for c in drawn))
    for start in range(0, len(drawn), PER_ROW):
        for column, c in zip(st.columns(PER_ROW, gap="small"), drawn[start : start + PER_ROW], strict=False):
            with column:
                draw_card(c, numbers, max_notes=max_notes)
    sources.footnotes(numbers)
    return drawn
