"""Source notes: « Source : <titre>, <éditeur>, <date> — Réalisé / Annoncé »."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from campus_metrics import formatting
from campus_metrics.queries import source_id_list
from dashboard import data
from dashboard.i18n import _, lang, status_text
from dashboard.ui import safe


def _ids(source_ids: str | Iterable[str] | None) -> list[str]:
    return source_id_list(source_ids)


def source_date(value, precision) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return formatting.date(None, lang=lang())
    return formatting.date(value, None if pd.isna(precision) else precision, lang())


@st.cache_data(show_spinner=False, ttl=6 * 3600, max_entries=20)
def _described(db_url: str, language: str) -> dict[str, tuple[str, str, str]]:
    """Every source once: id -> (long description, short description, date), in the reader's language.

    Built once per database and language: a page names a source under every card, chart and
    table, and scanning the sources frame for each of them cost more than drawing the page.
    """
    out = {}
    for r in data.all_sources().itertuples(index=False):
        date = source_date(r.published_on, r.date_precision)
        title = f"« {r.title} »"
        publisher = [r.publisher] if isinstance(r.publisher, str) and r.publisher else []
        out.setdefault(r.id, (", ".join([title, *publisher, date]), f"{title}, {date}", date))
    return out


def described() -> dict[str, tuple[str, str, str]]:
    return _described(db_url=data.cache_key(), language=lang())


def describe(source_id: str, short: bool = False) -> str:
    """'« <title> », <publisher>, <date>' for one source id (no publisher when short)."""
    known = described().get(source_id)
    if known is None:
        return source_id
    return known[1] if short else known[0]


def titles(source_ids: str | Iterable[str] | None) -> dict[str, str]:
    """Source id -> « title », date, for each distinct id in order: what a table or a file names its sources by."""
    return {i: describe(i, short=True) for i in _ids(source_ids)}


def source_text(source_ids: str | Iterable[str] | None, status: str | None = None, short: bool = False) -> str:
    ids = _ids(source_ids)
    if not ids:
        head = _("Source non renseignée")
    else:
        label = _("Source") if len(ids) == 1 else _("Sources")
        known = described()
        head = label + _(" : ") + " ; ".join(known[s][1 if short else 0] if s in known else s for s in ids)
    if status is not None and not (isinstance(status, float) and pd.isna(status)):
        head += f" — {status_text(status)}"
    return head


def source_line(source_ids: str | Iterable[str] | None, status: str | None = None, short: bool = False) -> None:
    """Draw the source note under a figure, chart or table."""
    st.caption(":material/description: " + safe(source_text(source_ids, status, short)))


BADGE_COLOURS = {"realised": "blue", "voted": "green", "announced": "orange", "estimate": "violet", "mixed": "gray"}


def status_badge(status: str | None) -> None:
    """The announced / realised status as a coloured badge (colour + word, never colour alone)."""
    known = isinstance(status, str) and status in BADGE_COLOURS
    if not isinstance(status, str):
        st.badge(_("Aucune donnée sourcée"), color="gray")
        return
    st.badge(
        status_text(status),
        color=BADGE_COLOURS[status] if known else "gray",
        icon=":material/verified:" if status == "realised" else ":material/campaign:" if known else None,
    )


def sources_of_frame(frame: pd.DataFrame, column: str = "source_id") -> list[str]:
    """The source ids of a frame's rows, in order of first appearance (each distinct cell parsed once)."""
    if frame is None or frame.empty or column not in frame:
        return []
    return _ids(",".join(str(v) for v in frame[column].dropna().unique()))


def frame_status(frame: pd.DataFrame, column: str = "fact_status") -> str | None:
    """One status for a frame's rows: the shared one, or 'mixed'."""
    if frame is None or frame.empty or column not in frame:
        return None
    values = set(frame[column].dropna().unique())  # 'mixed' among them stays 'mixed'
    if not values:
        return None
    return values.pop() if len(values) == 1 else "mixed"


def source_dates(source_ids: str | Iterable[str] | None, numbers: dict[str, int]) -> str:
    """'Sources : [1] 2017 · [3] 11 mars 2016' — the numbers point to `footnotes()` below the cards."""
    ids = _ids(source_ids)
    if not ids:
        return _("Source non renseignée")
    known = described()
    parts = [f"[{numbers[s]}] {known[s][2] if s in known else ''}".strip() for s in ids]
    return (_("Source") if len(ids) == 1 else _("Sources")) + _(" : ") + " · ".join(parts)


def footnotes(numbers: dict[str, int]) -> None:
    """The numbered list of sources the cards point to: « titre », éditeur, date."""
    known = described()
    lines = [f"\\[{n}\\] {safe(known[s][0] if s in known else s)}" for s, n in sorted(numbers.items(), key=lambda kv: kv[1])]
    st.caption("  \n".join(lines))


def numbering(*source_id_lists) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for ids in source_id_lists:
        for s in _ids(ids):
            numbers.setdefault(s, len(numbers) + 1)
    return numbers
