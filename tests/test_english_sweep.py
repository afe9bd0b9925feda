"""The English switch reaches everything: every page, every presentation screen and both brief
formats, rendered in English, hold no French interface word.

How the list of French-only words is built (`french_only_words`): every msgid of the French
catalogue (the French source texts of the interface) is cut into words of 3 letters or more;
a word stays in the list when it appears in NO English msgstr of the catalogue. So cognates
the English text uses too (« programmes », « sources », « total », « France ») drop out, and
what is left is interface French (« promotions », « financement », « départements », « des »).
Placeholders (`{n}`) are not words.

What is legitimately French is data, not interface: names of places, programmes, sites,
funders, source titles, quotes and notes. Those cells are read from the database (every text
column of every table; plus the language switch, which names each language in itself) and cut out of the rendered text before it is searched: whole cells
first, then any run of three words that a cell holds (a quote shortened with « … » or broken
over PDF lines). A hit is interface text that missed the catalogue.
"""

from __future__ import annotations

import io
import json
import re
import string

import pandas as pd
import pytest
from apptest_support import APP, PAGES, TIMEOUT, plain
from babel.messages.pofile import read_po
from google.protobuf.json_format import MessageToDict
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import String, Text, select

from campus_metrics import brief
from campus_metrics.db import make_engine
from campus_metrics.filters import Filters
from campus_metrics.labels import _CODE as NOTE_CODE
from campus_metrics.models import Base
from campus_metrics.text import po_path, tr
from dashboard.i18n import KEYED, LANGS, SWITCH_LABEL

WORD = re.compile(r"[^\W\d_]{3,}")
TOKEN = re.compile(r"[^\W_]+")
MD_ESCAPE = re.compile(r"\\([^\w\s])")  # a Markdown backslash escape
RUN = 3  # words in a row that make a data run
SCREENS = range(1, 7)


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def _no_fields(text: str) -> str:
    return "".join(lit for lit, *_rest in string.Formatter().parse(text.replace("{{", "").replace("}}", "")))


def french_only_words() -> set[str]:
    """Words of the French msgids that no English msgstr uses (see the module docstring)."""
    with po_path("en").open("rb") as fh:
        catalogue = [m for m in read_po(fh) if m.id]
    french, english = set(), set()
    for m in catalogue:
        for msgid in m.id if isinstance(m.id, tuple) else (m.id,):
            french |= words(_no_fields(msgid))
        for msgstr in m.string if isinstance(m.string, tuple) else (m.string,):
            english |= words(_no_fields(msgstr))
    return french - english


def _runs(text: str) -> set[tuple[str, ...]]:
    tokens = [t.lower() for t in TOKEN.findall(text)]
    return {tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


def data_cells(engine) -> list[str]:
    """Every text cell of the database (names, communes, quotes, notes, titles…): French data, allowed."""
    cells: set[str] = set()
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            cols = [c for c in table.columns if isinstance(c.type, String | Text)]
            if cols:
                for row in conn.execute(select(*cols)):
                    for v in row:
                        if isinstance(v, str) and len(v.strip()) > 2:
                            cells.add(" ".join(plain(v).split()))
                            # a curator's note is shown with its codes in words (labels.readable_note): its pieces are data
                            cells.update(" ".join(piece.split()) for piece in NOTE_CODE.split(plain(v)) if len(piece.strip()) > 2)
    cells.update([SWITCH_LABEL, *LANGS.values()])  # the language switch names each language in itself
    return sorted(cells, key=len, reverse=True)


class Sweep:
    """Search texts for French-only words once the data cells are cut out."""

    def __init__(self, engine) -> None:
        self.french = french_only_words()
        self.cells = data_cells(engine)
        self.runs = {run for cell in self.cells for run in _runs(cell)}
        self.hits: dict[str, set[str]] = {}

    def check(self, where: str, texts: list[str]) -> None:
        for text in texts:
            text = " ".join(MD_ESCAPE.sub(r"\1", plain(text)).split())  # `ui.safe` escapes data: « Haute\-Garonne » is a cell
            spans = [(m.start(), m.end()) for cell in self.cells if cell in text for m in re.finditer(re.escape(cell), text)]
            tokens = [(m.group(0).lower(), m) for m in TOKEN.finditer(text)]
            data = {i for i, (_t, m) in enumerate(tokens) if any(a <= m.start() and m.end() <= b for a, b in spans)}
            for i in range(len(tokens) - RUN + 1):
                if tuple(t for t, _m in tokens[i : i + RUN]) in self.runs:
                    data.update(range(i, i + RUN))
            found = {t for i, (t, _m) in enumerate(tokens) if i not in data and len(t) >= 3 and not t.isdigit()} & self.french
            for word in found:
                at = re.search(rf"(?i).{{0,40}}\b{re.escape(word)}\b.{{0,40}}", text)
                self.hits.setdefault(f"{where}: {word}", set()).add(at.group(0) if at else text[:80])

    def report(self) -> str:
        return "\n".join(f"{k} « {' | '.join(sorted(v)[:2])} »" for k, v in sorted(self.hits.items()))


def _strings(value) -> list[str]:
    """Every string in a proto-as-dict, chart specs (JSON text) opened up."""
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in ("id", "formId", "key", "config") for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, str):
        if value[:1] in "{[":
            try:
                return _strings(json.loads(value))
            except ValueError:
                return [value]
        return [value]
    return []


def app_texts(at) -> list[str]:
    """What an AppTest run shows: every string of every element (labels, options, help, captions,
    chart titles and axes, map tooltips) and the headers and cells of every table."""
    out: list[str] = []

    def walk(node) -> None:
        value = getattr(node, "value", None) if getattr(node, "type", "") in ("arrow_data_frame", "dataframe", "table") else None
        if isinstance(value, pd.DataFrame):
            out.extend(str(c) for c in value.columns)
            out.extend(str(v) for v in value.astype(str).to_numpy().ravel())
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            out.extend(_strings(MessageToDict(proto)))
        for kid in getattr(node, "children", {}).values():
            walk(kid)

    walk(at._tree)
    return out


@pytest.fixture(scope="module")
def sweep(db_url):
    return Sweep(make_engine(db_url))


def test_the_word_list_is_built_and_catches_french(sweep):
    assert {"promotions", "financement", "départements", "des"} <= sweep.french
    assert not {"programmes", "sources", "total", "france"} & sweep.french
    probe = Sweep.__new__(Sweep)
    probe.french, probe.cells, probe.runs, probe.hits = sweep.french, [], set(), {}
    probe.check("probe", ["4 promotions renseignées"])
    assert probe.hits, "a French sentence is caught"
    probe.cells, probe.hits = ["Haute-Garonne"], {}
    probe.check("probe", [r"Haute\-Garonne \(31\)"])  # a place name as `ui.safe` escapes it is data
    assert "haute" in sweep.french and not probe.hits


def _run(db_url, monkeypatch, query: dict, page: str | None = None):
    """`query` (in English: `lang=en`) rendered on `page`. AppTest finds a page by its url_path only once
    a first run has registered the navigation, so that first run is in French, on the default page: the
    widget states it leaves are rebuilt outside the session, where a format_func reads French (an AppTest
    limit, not the app's). The language and filters come from the URL on the second run, as from a link."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", db_url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets.update({"_test": "no editor"})
    if page:
        at.run()
        at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def english_title(page: str) -> str:
    """The page's h1 in English: proof that the run drew that page, in English."""
    return tr("en", KEYED["page_sources" if page == "sources_data" else f"page_{page}"])


# All of France: every table and chart has rows. Occitanie (76) and Haute-Garonne (31), where the seed
# has programmes, cohorts and money: the filtered notes, captions and empty messages are swept too.
@pytest.mark.parametrize("query", [{}, {"region": "76"}, {"region": "76", "dep": "31"}], ids=["france", "occitanie", "haute_garonne"])
def test_every_page_in_english_has_no_french(db_url, sweep, monkeypatch, query):
    sweep.hits = {}
    for page in PAGES:
        at = _run(db_url, monkeypatch, {"lang": "en"} | query, f"dashboard/pages/{page}.py")
        assert not at.exception, [e.message for e in at.exception]
        assert [h.value for h in at.title] == [english_title(page)], f"{page} drawn in English"
        assert all(at.query_params.get(k) in (v, [v]) for k, v in query.items()), f"{page}: the filters {query} held"
        sweep.check(page, app_texts(at))
    assert not sweep.hits, "French in the English pages:\n" + sweep.report()


def test_every_presentation_screen_in_english_has_no_french(db_url, sweep, monkeypatch):
    sweep.hits = {}
    for screen in SCREENS:
        at = _run(db_url, monkeypatch, {"lang": "en", "present": "1", "ecran": str(screen)})
        assert not at.exception, [e.message for e in at.exception]
        sweep.check(f"screen {screen}", app_texts(at))
    assert not sweep.hits, "French in the English presentation:\n" + sweep.report()


def pptx_texts(data: bytes) -> list[str]:
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def pdf_texts(data: bytes) -> list[str]:
    """Page texts, a name broken after its hyphen at a line end joined again (« Charbonnières-\\nles-Bains »)."""
    return [re.sub(r"-\s*\n\s*", "-", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("fmt", ["pptx", "pdf"])
@pytest.mark.parametrize("f", [Filters(), Filters(regions=("76",), year_min=2017, year_max=2017)], ids=["france", "occitanie_2017"])
def test_both_brief_formats_in_english_have_no_french(db_url, sweep, fmt, f):
    sweep.hits = {}
    engine = make_engine(db_url)
    data = brief.build_brief(engine, f, fmt, lang="en", compare=("76", "84"), compare_level="region")
    texts = pptx_texts(data) if fmt == "pptx" else pdf_texts(data)
    assert sum(len(t) for t in texts) > 500, "the brief has text to check"
    sweep.check(fmt, texts + [brief.file_name(f, fmt, {"regions": {"76": "Occitanie"}}, "en")])
    assert not sweep.hits, f"French in the English {fmt}:\n" + sweep.report()
