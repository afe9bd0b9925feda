"""The fiche territoire: both formats reopen, follow the same order, carry the same figures as
the screen (same formatting functions), cite their sources, and say plainly when there is no data."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pptx import Presentation
from pptx.util import Emu

from campus_metrics import formatting as fm
from campus_metrics import queries as q
from campus_metrics.bootstrap import init_database
from campus_metrics.brief import FORMATS, build_brief, build_content, file_name
from campus_metrics.db import make_engine
from campus_metrics.filters import Filters

FILTERS = {
    "national": Filters(),
    "occitanie_2017": Filters(year_min=2017, year_max=2017, regions=("76",)),
    "creuse": Filters(departements=("23",)),  # no sourced data at all
}
SECTIONS = [
    "Chiffres clés",
    "Carte : sites nommés par département",
    "Financements par financeur et nature",
    "Promotions et apprenants",
    "Résultats : insertion des apprenants",
    "Comparaison des régions présentes dans les données",
    "Sources",
    "Précautions de lecture",
]
NO_DATA = "Aucune donnée sourcée pour ce périmètre"
GENERATED = dt.date(2025, 3, 14)
RAW_CODES = re.compile(r"\b(announced|realised|voted|estimate|mixed|region|funder_type|teaching|operating|planned|nan|None|NaN)\b")


def norm(text: str) -> str:
    """Babel's narrow and plain no-break spaces as spaces, whitespace collapsed (PDF lines wrap)."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "brief.db"
    eng = make_engine(f"sqlite:///{path}")
    init_database(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def built(engine) -> dict[tuple[str, str], bytes]:
    return {(name, fmt): build_brief(engine, f, fmt, generated_on=GENERATED) for name, f in FILTERS.items() for fmt in FORMATS}


def slide_texts(data: bytes) -> list[str]:
    """Every slide's text: text boxes then table cells, in shape order."""
    prs = Presentation(io.BytesIO(data))
    out = []
    for slide in prs.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        out.append(norm("\n".join(parts)))
    return out


def pdf_pages(data: bytes) -> list[str]:
    pypdf = pytest.importorskip("pypdf", reason="pypdf (requirements.txt) reads the PDF brief back")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [norm(page.extract_text() or "") for page in reader.pages]


def slide_title(text: str) -> str:
    return next((s for s in sorted(SECTIONS, key=len, reverse=True) if text.startswith(s)), "")


@pytest.mark.parametrize("name", FILTERS)
def test_pptx_is_16_9_with_the_sections_in_order(built, name):
    prs = Presentation(io.BytesIO(built[(name, "pptx")]))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    assert abs(Emu(prs.slide_height).inches - 7.5) < 0.01
    texts = slide_texts(built[(name, "pptx")])
    titles = [slide_title(t) for t in texts[1:]]
    assert all(titles), f"a slide without a known title: {[t[:60] for t, ti in zip(texts[1:], titles, strict=True) if not ti]}"
    # each section once, in order; a long table continues on a « (suite) » slide with the same title
    assert list(dict.fromkeys(titles)) == SECTIONS
    continued = sum("(suite)" in t[:120] for t in texts)
    assert len(texts) == 1 + len(SECTIONS) + continued
    assert continued <= 2
    if name != "national":  # the seed's small scopes fit one slide per section
        assert len(texts) == 9


@pytest.mark.parametrize("name", FILTERS)
def test_pdf_has_the_sections_in_order(built, name):
    pages = pdf_pages(built[(name, "pdf")])
    assert 3 <= len(pages) <= 7
    text = " ".join(pages)
    at = 0
    for section in SECTIONS:  # each heading found after the previous one
        found = text.find(section, at)
        assert found >= 0, f"{section!r} missing or out of order"
        at = found + len(section)
    assert pages[-1].endswith(f"{len(pages)} / {len(pages)}") or f"{len(pages)} / {len(pages)}" in pages[-1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_occitanie_2017_figures_as_on_screen(built, fmt):
    data = built[("occitanie_2017", fmt)]
    text = " ".join(slide_texts(data) if fmt == "pptx" else pdf_pages(data))
    for figure in ("2,2 M€", "78 %", "60", "10 site(s) nommé(s) sur 15"):
        assert figure in text, figure
    assert "2017 · Occitanie · Tous programmes" in text
    assert "14 mars 2025" in text  # the generation date, in French
    # the rate says what it is a rate of, and its period
    assert "promotions 2015-2016" in text and "Personnes formées" in text
    assert "Annoncé" in text and "Réalisé" in text


@pytest.mark.parametrize("name", FILTERS)
def test_key_figures_identical_in_both_formats_and_to_the_formatting_functions(engine, built, name):
    f = FILTERS[name]
    kf = q.key_figures(engine, f).set_index("metric")
    expected = []
    for metric in ("learners", "money", "cost_per_learner", "positive_exit_rate"):
        r = kf.loc[metric]
        value = None if r["value"] != r["value"] else r["value"]  # NaN: unknown
        vmax = None if r["value_max"] is None or r["value_max"] != r["value_max"] else r["value_max"]
        expected.append(norm(fm.value(value, r["unit"], "fr", vmax)))
    pptx_text = " ".join(slide_texts(built[(name, "pptx")]))
    pdf_text = " ".join(pdf_pages(built[(name, "pdf")]))
    for figure in expected:
        assert figure in pptx_text and figure in pdf_text, figure


@pytest.mark.parametrize("name", ["national", "occitanie_2017"])
def test_every_source_of_the_scope_is_listed(engine, built, name):
    titles = [norm(t) for t in q.sources_for(engine, FILTERS[name])["title"]]
    assert titles
    for fmt in FORMATS:
        data = built[(name, fmt)]
        text = " ".join(slide_texts(data) if fmt == "pptx" else pdf_pages(data))
        missing = [t for t in titles if t not in text]
        assert not missing, (fmt, missing)


def test_caveats_name_announced_figures_coverage_and_unallocated_money(built):
    text = " ".join(slide_texts(built[("occitanie_2017", "pptx")]))
    caveats = text[text.index("Précautions de lecture") :]
    assert "Apprenants, Montants engagés" in caveats  # announced in 2017
    assert "10 site(s) nommé(s) sur 15" in caveats
    assert "non répartis par département" in caveats and "Occitanie : 2,2 M€" in caveats
    assert "coût par apprenant inconnu" in caveats


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_data_scope_builds_and_says_so(built, fmt):
    data = built[("creuse", fmt)]
    pages = slide_texts(data) if fmt == "pptx" else pdf_pages(data)
    text = " ".join(pages)
    assert "Creuse (23)" in text
    saying = [p for p in pages if NO_DATA in p]
    # title, key figures, map, budgets, cohorts, outcomes (a PDF page may hold several)
    assert len(saying) >= (6 if fmt == "pptx" else 2)
    assert text.count(NO_DATA) >= 6
    assert "inconnu" in text
    assert "Nouvelle-Aquitaine" in text  # the comparison still shows the département's région


@pytest.mark.parametrize("name", FILTERS)
def test_pptx_is_editable_and_readable(built, name):
    """Native tables and text boxes (not a picture per slide); ≥ 18 pt in tables, ≥ 12 pt anywhere."""
    prs = Presentation(io.BytesIO(built[(name, "pptx")]))
    pictures = tables = 0
    for slide in prs.slides:
        kinds = [s.shape_type for s in slide.shapes]
        assert any(s.has_text_frame for s in slide.shapes)
        pictures += sum(1 for s in slide.shapes if s.shape_type == 13)  # MSO_SHAPE_TYPE.PICTURE
        assert kinds.count(13) <= 1
        for shape in slide.shapes:
            if shape.has_table:
                tables += 1
                sizes = [r.font.size.pt for row in shape.table.rows for c in row.cells for p in c.text_frame.paragraphs for r in p.runs]
                assert sizes and min(sizes) >= 18
            if shape.has_text_frame:
                sizes = [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs if r.font.size]
                assert not sizes or min(sizes) >= 12
    assert pictures >= 1  # the map at least
    assert tables >= 2  # comparison and sources


@pytest.mark.parametrize("name", FILTERS)
def test_no_raw_codes_or_english_leftovers(built, name):
    for fmt in FORMATS:
        data = built[(name, fmt)]
        text = " ".join(slide_texts(data) if fmt == "pptx" else pdf_pages(data))
        assert not RAW_CODES.findall(text), (fmt, sorted(set(RAW_CODES.findall(text))))


def test_chosen_territories_are_compared(engine):
    data = build_brief(engine, Filters(), "pptx", compare=("69", "46", "23"), compare_level="departement", generated_on=GENERATED)
    text = " ".join(slide_texts(data))
    compared = text[text.index("Comparaison des territoires") :]
    assert "Rhône" in compared and "Lot" in compared and "Creuse" in compared
    assert "Creuse : aucune donnée sourcée pour ce territoire" in compared


def test_content_is_shared_and_english_is_available(engine):
    fr = build_content(engine, FILTERS["occitanie_2017"], generated_on=GENERATED)
    en = build_content(engine, FILTERS["occitanie_2017"], lang="en", generated_on=GENERATED)
    assert [k.value for k in fr.key_figures][2] == "2,2\u00a0M€"
    assert [k.value for k in en.key_figures][2] == "€2.2M"
    assert "Announced" in en.all_text() and "Annoncé" not in en.all_text()


def test_bad_format_and_file_name():
    with pytest.raises(ValueError):
        build_brief(None, Filters(), "docx")  # type: ignore[arg-type]
    assert file_name(FILTERS["occitanie_2017"], "pdf", {"regions": {"76": "Occitanie"}}) == "fiche-territoire_2017_occitanie.pdf"
    assert file_name(Filters(), "pptx") == "fiche-territoire_toutes-annees_france.pptx"
