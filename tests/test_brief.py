"""The fiche territoire: both formats reopen, follow the same order, carry the key figures as the
catalogue's cards write them, never add realised to announced nor one-off to per-year amounts, say
where a rate was measured, cite their sources, and say plainly when there is no data."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pptx import Presentation
from pptx.util import Emu

from campus_metrics import queries as q  # before campus_metrics.figures (it needs the queries package)
from campus_metrics.bootstrap import init_database
from campus_metrics.brief import FORMATS, build_brief, build_content, file_name
from campus_metrics.db import make_engine
from campus_metrics.figures import compute_all
from campus_metrics.figures.cards import card
from campus_metrics.filters import Filters

FILTERS = {
    "national": Filters(),
    "occitanie_2017": Filters(year_min=2017, year_max=2017, regions=("76",)),
    "creuse": Filters(departements=("23",)),  # no sourced data at all
    "aura": Filters(regions=("84",)),  # 6,5 M€ realised one-off and 3,5 M€ announced per year
}
COMPARE = "Comparaison des régions présentes dans les données"
SITES = "Sites du territoire"
SECTIONS = [
    "Chiffres clés",
    "Carte : sites nommés par département",
    "Sites du territoire",
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
    continued = [slide_title(t) for t in texts if "(suite)" in t[:120]]
    assert len(texts) == 1 + len(SECTIONS) + len(continued)
    assert len(continued) <= 3
    if name != "national":
        # the seed's small scopes fit one slide per section, except a comparison of four régions: realised
        # and announced figures on separate lines of a cell (never added) make it one « (suite) » slide longer;
        # so does a list of ten sites at 18 pt
        assert set(continued) <= {COMPARE, SITES} and len(continued) == len(set(continued))
        assert len(texts) == 10 + len(continued)


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
    for figure in ("2,2 M€", "78 %", "60", "10 sites nommés sur 15"):
        assert figure in text, figure
    assert "2017 · Occitanie · Tous programmes" in text
    assert "14 mars 2025" in text  # the generation date, in French
    # the rate says what it is a rate of, and its period
    assert "promotions 2015-2016" in text and "Personnes formées" in text
    assert "Annoncé" in text and "Réalisé" in text


@pytest.mark.parametrize("name", FILTERS)
def test_key_figures_are_the_cards_in_both_formats(engine, built, name):
    """Every key figure of the catalogue, as its card writes it: title, each value with what it counts,
    or the empty text; its scope. The same words on the key-figure slide and on the PDF's first page."""
    cards = [card(fig, "fr", q.names(engine)) for fig in compute_all(engine, FILTERS[name]).values()]
    assert len(cards) == 6
    slide = slide_texts(built[(name, "pptx")])[1]
    page = pdf_pages(built[(name, "pdf")])[0]
    for c in cards:
        expected = [c.title, c.scope_note] + [norm(f"{line.value} {line.label}") for line in c.lines if line.label]
        expected += [norm(line.value) for line in c.lines] or [c.empty_text]
        for words in filter(None, expected):
            assert words in slide, ("pptx", words)
            assert norm(words) in page, ("pdf", words)


def _near(text: str, needle: str, after: str, within: int) -> bool:
    """`after` starts within `within` characters after some occurrence of `needle`."""
    return any(0 <= text.find(after, m.end()) - m.end() <= within for m in re.finditer(re.escape(needle), text))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_rate_measured_in_one_region_says_so_next_to_it(built, fmt):
    """Nationally, the 78 % positive-exit rate was measured in Occitanie only: the key figure says so,
    right after the value (the card's scope note), and so do the reading notes."""
    pages = slide_texts(built[("national", fmt)]) if fmt == "pptx" else pdf_pages(built[("national", fmt)])
    key_figures = pages[1] if fmt == "pptx" else pages[0]
    assert _near(key_figures, "78 %", "Occitanie seulement (Écoles régionales du numérique (ERN), 2015-2016)", 40)
    text = " ".join(pages)
    assert "Occitanie seulement" in text[text.index("Précautions de lecture") :]
    # measured where the brief looks: no such warning
    for name in ("occitanie_2017",):
        data = built[(name, fmt)]
        assert "Occitanie seulement" not in " ".join(slide_texts(data) if fmt == "pptx" else pdf_pages(data))


@pytest.mark.parametrize("fmt", FORMATS)
def test_realised_one_off_and_announced_per_year_money_stay_apart(built, fmt):
    """AURA: 6,5 M€ realised (one-off) and 3,5 M€ a year announced are two figures, never « 10 M€ »."""
    pages = slide_texts(built[("aura", fmt)]) if fmt == "pptx" else pdf_pages(built[("aura", fmt)])
    key_figures = pages[1] if fmt == "pptx" else pages[0]
    assert "6,5 M€ réalisé" in key_figures
    assert "3,5 M€/an par an, annoncé" in key_figures
    text = " ".join(pages)
    assert "Total compté : 6,5 M€ réalisé ; 3,5 M€/an par an, annoncé." in text  # the budget section, from the card
    assert "6,5 M€ (réalisé) 3,5 M€/an (annoncé)" in text  # the comparison: two lines of one cell
    for summed in ("10 M€", "10,0 M€"):
        assert summed not in text, summed
    assert "Mixte" not in key_figures


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_brief_lists_the_territorys_sites_with_their_source(engine, built, fmt):
    """« Where exactly? »: name, commune, opening date and status of each site, with its source; the top ones and how many more."""
    pages = slide_texts(built[("occitanie_2017", fmt)]) if fmt == "pptx" else pdf_pages(built[("occitanie_2017", fmt)])
    text = " ".join(pages)
    sites = text[text.index("Sites du territoire") : text.index("Financements par financeur")]
    points = q.site_points(engine, FILTERS["occitanie_2017"])
    assert len(points) == 10
    for r in points.to_dict("records"):
        assert norm(r["name"]) in sites and f"{r['commune']} ({r['departement_code']})" in sites
    assert "6 sept. 2017" in sites, "Carcassonne's opening day"
    assert "Ouvert" in sites and "Prévu" in sites and "[1] sept. 2017" in sites
    assert sites.index("Carcassonne") < sites.index("Rodez"), "open sites before planned ones"
    assert "autres sites" not in sites and "autre site " not in sites, "all ten fit"
    national = build_content(engine, FILTERS["national"], generated_on=GENERATED)
    section = next(s for s in national.sections if s.key == "sites")
    total = q.site_count(engine, FILTERS["national"])
    assert total > len(section.table.rows) == 10
    assert section.notes == [f"… et {total - 10} autres sites : la liste complète est sur la page Carte du tableau de bord."]
    statuses = [row[3].split(" (")[0] for row in section.table.rows]
    assert statuses == sorted(statuses, key=lambda s: {"Ouvert": 0, "Prévu": 1, "Fermé": 2}[s]), "open first"
    english = build_content(engine, FILTERS["national"], lang="en", generated_on=GENERATED)
    en_section = next(s for s in english.sections if s.key == "sites")
    assert en_section.title == "Sites in the area" and en_section.table.columns[2] == "Opening"


def test_english_brief_keeps_the_rules(engine):
    nat = build_content(engine, FILTERS["national"], lang="en", generated_on=GENERATED)
    rate = next(k for k in nat.key_figures if k.metric == "positive_exit_rate")
    assert (rate.value, rate.scope_note) == ("78%", "Occitanie only (Écoles régionales du numérique (ERN), 2015-2016)")
    aura = build_content(engine, FILTERS["aura"], lang="en", generated_on=GENERATED)
    money = next(k for k in aura.key_figures if k.metric == "money")
    assert [(line.value, line.label) for line in money.lines] == [("€6.5M", "realised"), ("€3.5M/yr", "per year, announced")]
    text = norm(aura.all_text())
    assert "Total counted: €6.5M realised ; €3.5M/yr per year, announced." in text
    assert "€10M" not in text
    cards = " ".join([k.label for k in aura.key_figures] + [f"{line.label} {line.status}" for k in aura.key_figures for line in k.lines])
    assert "Funding" in cards and "Financements" not in cards and "réalisé" not in cards.lower()


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
    assert "Apprenants, Financements" in caveats  # announced in 2017 (the cards' titles)
    assert "10 sites nommés sur 15" in caveats
    assert "non répartis par département" in caveats and "Occitanie : 2,2 M€ (annoncé)" in caveats
    assert "coût par apprenant inconnu (non calculable)" in caveats


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
    assert file_name(FILTERS["occitanie_2017"], "pdf", {"regions": {"76": "Occitanie"}}, "en") == "territory-brief_2017_occitanie.pdf"
    assert file_name(Filters(), "pptx", lang="en") == "territory-brief_all-years_france.pptx"
