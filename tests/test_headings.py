"""Headings in order (RGAA 9.1, axe `heading-order`): on every page of the navigation the main
area starts with its h1 title and never jumps more than one level down (h1 → h3 skips h2).

A screen-reader user moves by headings; a skipped level reads as a missing section. Headings are
`st.title` (h1), `st.header` (h2), `st.subheader` (h3) and Markdown lines that start with `#`,
read in the order the page draws them (the element tree, by position).
"""

from __future__ import annotations

import re

import pytest
from apptest_support import APP, ROOT, TIMEOUT
from streamlit.testing.v1 import AppTest

from campus_metrics.text import tr
from dashboard.auth import EDITOR_KEY
from dashboard.i18n import KEYED

MD_HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)
TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def navigation_pages() -> list[str]:
    """Every page file the router names (`streamlit_app.pages`), the editor-only import page included."""
    source = (ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    found = re.findall(r"\{PAGES_DIR\}/(\w+)\.py", source)
    assert len(found) >= 8, found  # the seven pages and the import page
    return found


def title_of(page: str) -> str:
    """The page's h1, as `ui.page_header` draws it from the page's title key."""
    return tr("fr", KEYED[f"page_{ {'sources_data': 'sources', 'import_data': 'import'}.get(page, page) }"])


def heading_levels(node) -> list[tuple[int, str]]:
    """(level, text) of every heading under `node`, in drawing order."""
    out: list[tuple[int, str]] = []
    kind = getattr(node, "type", "")
    if kind in ("title", "header", "subheader"):
        out.append((TAGS[node.proto.tag], node.value))
    elif kind == "markdown":
        out += [(len(m.group(1)), node.value) for m in MD_HEADING.finditer(str(node.value))]
    children = getattr(node, "children", {})
    for key in sorted(children):
        out += heading_levels(children[key])
    return out


def skips(levels: list[tuple[int, str]], first: int | None) -> list[str]:
    """What breaks the order: a first heading other than `first` (None: any level), a jump of more than one level."""
    problems = []
    if levels and first is not None and levels[0][0] != first:
        problems.append(f"starts at h{levels[0][0]} ({levels[0][1]!r}), not h{first}")
    for (before, _text), (level, text) in zip(levels, levels[1:], strict=False):
        if level > before + 1:
            problems.append(f"h{before} → h{level} ({text!r})")
    return problems


def test_skips_catches_a_jump_and_a_wrong_start():
    assert skips([(1, "Page"), (2, "Section"), (3, "Sub"), (2, "Next"), (1, "Other")], 1) == []
    assert skips([(1, "Page"), (3, "Section")], 1) == ["h1 → h3 ('Section')"]
    assert skips([(2, "Section")], 1) == ["starts at h2 ('Section'), not h1"]


def test_markdown_headings_are_read_in_order():
    class Node:
        def __init__(self, type_: str, value: str = "", children: dict | None = None) -> None:
            self.type, self.value, self.children = type_, value, children or {}

    tree = Node("block", children={1: Node("markdown", "### late"), 0: Node("markdown", "# first\ntext\n## second")})
    assert [level for level, _text in heading_levels(tree)] == [1, 2, 3]


@pytest.mark.parametrize("page", navigation_pages())
def test_headings_never_skip_a_level(db_url, monkeypatch, page):
    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", db_url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets.update({"_test": "no editor"})
    at.session_state[EDITOR_KEY] = True  # the import page is in the navigation for an editor only
    at.run()  # a first run registers the navigation: before it, a page is found by file name, not its url_path
    at.switch_page(f"dashboard/pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    main = heading_levels(at.main)
    assert main and main[0][1] == title_of(page), f"{page} is drawn ({main})"
    assert not skips(main, first=1), f"{page}: {skips(main, first=1)} in {main}"
    side = heading_levels(at.sidebar)  # « Filtres » (h2) and « Réunion » (h2 or h3) come before the page in the document
    assert not skips(side, first=None) and all(level >= 2 for level, _t in side), f"sidebar: {side}"
