"""What AppTest tests share: where the app is, a seeded database for it, and the texts a run shows
(figures, captions, the filter sentence, one key-figure card), read as the reader sees them.

The `db_url` and `app` fixtures that use it are in conftest.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from campus_metrics import bootstrap
from campus_metrics.db import make_engine

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
PAGES = ["overview", "map", "budgets", "cohorts", "outcomes", "compare", "sources_data"]
IMPORT_PAGE = "dashboard/pages/import_data.py"
TIMEOUT = 60


def plain(text: str) -> str:
    """Babel's narrow and non-breaking spaces read as plain spaces."""
    return str(text).replace("\xa0", " ").replace("\u202f", " ")


def build(url: str) -> None:
    """A new SQLite base with the geography and the sourced seed, as `make run` builds it."""
    engine = make_engine(url)
    bootstrap.init_database(engine)
    engine.dispose()


def metric_values(at: AppTest) -> dict[str, list[str]]:
    """Every st.metric value by label: a key-figure card draws one metric per part (realised, announced, per year)."""
    out: dict[str, list[str]] = {}
    for m in at.metric:
        out.setdefault(m.label, []).append(plain(m.value))
    return out


def unescape(markdown: str) -> str:
    """Markdown source as the reader sees it: escapes, bold marks and icons removed."""
    text = re.sub(r":[a-z]+-badge\[(.*?)\]", r"\1", markdown)  # a status badge reads as its word
    text = re.sub(r":material/[a-z_]+:", "", text).replace("**", "")
    return re.sub(r"\s+", " ", plain(re.sub(r"\\(.)", r"\1", text))).strip()


def markdown_text(at: AppTest) -> str:
    return " ".join(unescape(m.value) for m in at.markdown)


def caption_text(at: AppTest) -> str:
    return " ".join(unescape(c.value) for c in at.caption)


def sentence(at: AppTest) -> str:
    """The filter sentence above the page."""
    return " ".join(unescape(c.value) for c in at.caption if "filter_alt" in c.value)


def card_texts(at: AppTest, title: str) -> str:
    """Everything one key-figure card shows: its values, part labels, status badges, scope, notes and sources."""
    card = _find_card(at.main, title)
    assert card is not None, f"no card titled {title!r}"
    return " ".join(_texts(card))


def _find_card(node, title: str):
    kids = list(getattr(node, "children", {}).values())
    if kids and kids[0].type == "metric" and kids[0].label == title:
        return node
    return next((found for kid in kids if (found := _find_card(kid, title)) is not None), None)


def _texts(node) -> list[str]:
    out = []
    for kid in getattr(node, "children", {}).values():
        if kid.type == "metric":
            out.append(plain(kid.value))
        elif kid.type in ("caption", "markdown"):
            out.append(unescape(kid.value))
        out += _texts(kid)
    return out
