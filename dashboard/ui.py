"""Small layout helpers shared by every page: header, filter sentence, safe text."""

from __future__ import annotations

import re

import streamlit as st

from campus_metrics.filters import Filters
from dashboard import data
from dashboard.i18n import lang, t

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:-])")


def safe(text: object) -> str:
    """Text from the data, escaped so Markdown never formats or links it (no HTML, ever)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def page_header(title_key: str, f: Filters | None = None) -> None:
    """Product line, page title and the filter sentence above the page content."""
    st.caption(t("product"))
    st.title(t(title_key), anchor=False)
    if f is not None:
        with st.container(border=True):
            st.markdown(f":material/filter_alt: **{safe(f.sentence(data.names(), lang()))}**")


def empty(message_key: str = "no_data", **values) -> None:
    """The plain French message shown instead of an empty chart or table."""
    st.info(t(message_key, **values), icon=":material/info:")
