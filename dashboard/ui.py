"""Small layout helpers shared by every page: header, filter sentence, safe text, words for one status group."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from campus_metrics import formatting
from campus_metrics.filters import Filters
from campus_metrics.queries import main_group
from dashboard import data
from dashboard.cache import memo
from dashboard.i18n import _, lang, n_, t

# Every character Markdown, GFM or Streamlit give a meaning to: emphasis, code, links and images,
# HTML and entities (< &), lists and headings (. + - # =), tables (|), autolinks (. @ :),
# directives and icons (: [ ]), maths ($ ^). CommonMark lets any of them be backslash-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:&@.=^-])")
_BREAKS = re.compile(r"\s*[\r\n\t\v\f]+\s*")  # a line break or tab would start a list, a heading or a code block


def safe(text: object) -> str:
    """Text from the data, escaped so Markdown never formats or links it (no HTML, ever): the one helper
    every caption, label and message built from data goes through."""
    return _MD_SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", str(text)))


def page_header(title_key: str, f: Filters | None = None) -> None:
    """Product line, page title and the filter sentence above the page content."""
    st.caption(_("Campus Metrics — formations au numérique dans les régions"))
    st.title(t(title_key), anchor=False)
    if f is not None:
        with st.container(border=True):
            st.caption(":material/filter_alt: " + safe(f.sentence(data.names(), lang())))


def empty(message_key: str = "no_data", **values) -> None:
    """The plain French message shown instead of an empty chart or table."""
    st.info(t(message_key, **values), icon=":material/info:")


def group_words(f: Filters) -> str:
    """« chiffres réalisés » / « chiffres annoncés »: the one status group a map or a one-number chart shows."""
    group = main_group(f)
    return t(f"group_figures_{group.value}") if group else ""


def group_label(f: Filters) -> str:
    """« Réalisé » / « Annoncé ou voté »: the label of that one status group, for a table's status column."""
    group = main_group(f)
    return t(f"group_{group.value}") if group else ""


def one_group_note(f: Filters) -> None:
    """Under « Tous », say that a one-number view shows one status group only."""
    if len(f.groups) > 1:
        st.caption(
            ":material/info: "
            + safe(
                _(
                    "Apprenants et montants : {group} seulement. Réalisé et annoncé ne sont jamais additionnés : les deux sont sur la vue d'ensemble.",
                    group=group_words(f),
                )
            )
        )


@memo
def coverage_sentences(cov: pd.DataFrame) -> list[str]:
    """« 10 site(s) nommé(s) sur 15 — Écoles régionales du numérique (ERN) », one per programme with a plan."""
    return [
        n_(
            "{named} site nommé sur {planned} — {programme}{scope}",
            "{named} sites nommés sur {planned} — {programme}{scope}",
            int(r["named"]),
            named=formatting.number(r["named"], lang()),
            planned=formatting.number(r["planned"], lang()),
            programme=r["programme_name"],
            scope=_(" (dans ce périmètre)") if r["in_departement"] else "",
        )
        for _i, r in cov.iterrows()
    ]
