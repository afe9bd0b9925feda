"""Text from the data is inert everywhere (issue 10, item 4): Markdown and HTML fed through every text
field show literally on each page, each presentation screen and in the brief.

The hostile rows are written straight into the database (the import refuses HTML tags, so this
also covers data that did not come through the import).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import insert
from streamlit.testing.v1 import AppTest

from campus_metrics import bootstrap, summaries
from campus_metrics import models as m
from campus_metrics.brief import build_brief
from campus_metrics.db import make_engine
from campus_metrics.filters import Filters

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
PAGES = ["overview", "map", "budgets", "cohorts", "outcomes", "compare", "sources_data"]
LONG = "**g** <b>h</b> [l](https://evil.example/x) ![i](https://evil.example/i.png) `c` :red[r] $x$ www.evil.example &amp; 1. # t"
SHORT = "**g**<b>h</b>[l](https://e.x)`c`"  # for 40-character columns
# what a Markdown or HTML renderer would act on: none may reach a Markdown element unescaped
RAW = ["**g", "<b>", "](http", "![", ":red[", "`c`", "&amp;", "www.evil", "$x$"]
QUOTE = f"citation {LONG}"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('inert') / 'hostile.db'}"
    engine = make_engine(url)
    bootstrap.init_database(engine)
    fact = {"fact_status": "realised", "source_id": "S_H", "quote": QUOTE, "notes": LONG, "region_code": "76", "departement_code": "46"}
    with engine.begin() as conn:
        conn.execute(
            insert(m.Source).values(
                id="S_H", publisher=LONG, title=LONG, author=LONG, published_on=None, url="https://evil.example/`x`)", licence=LONG, notes=LONG, synthetic=False
            )
        )
        conn.execute(insert(m.Programme).values(id="prog_h", name=LONG, kind="network", region_code="76", description=LONG, source_id="S_H"))
        conn.execute(
            insert(m.Site).values(
                id="site_h",
                name=LONG,
                operator=LONG,
                programme_id="prog_h",
                commune_insee="46042",
                address=LONG,
                site_status="open",
                opening_year=2018,
                local_partner=LONG,
                year_start=2018,
                **fact,
            )
        )
        conn.execute(insert(m.site_programmes).values(site_id="site_h", programme_id="prog_h"))
        conn.execute(
            insert(m.Cohort).values(
                id="coh_h", site_id="site_h", programme_id="prog_h", label=LONG, year_start=2018, year_end=2018, learners=12, level=SHORT, **fact
            )
        )
        conn.execute(
            insert(m.FundingLine).values(
                id="fund_h",
                site_id="site_h",
                programme_id="prog_h",
                beneficiary=LONG,
                funder_name=LONG,
                funder_type="region",
                nature="teaching",
                amount_kind="point",
                amount_min_eur=1000,
                amount_max_eur=1000,
                in_totals=True,
                year_start=2018,
                year_end=2018,
                **fact,
            )
        )
        conn.execute(
            insert(m.Outcome).values(
                id="out_h",
                site_id="site_h",
                programme_id="prog_h",
                cohort_id="coh_h",
                cohort_period=SHORT,
                indicator="positive_exit_rate",
                value=70,
                unit="percent",
                base_description=LONG,
                year_start=2018,
                year_end=2018,
                **fact,
            )
        )
        conn.execute(
            insert(m.Indicator).values(
                id="ind_h",
                territory_level="region",
                territory_code="76",
                name="h",
                label=LONG,
                value=5,
                unit="count",
                year_start=2018,
                year_end=2018,
                **(fact | {"departement_code": None}),
            )
        )
        summaries.refresh(conn)
    engine.dispose()
    return url


def _strings(node) -> list[str]:
    """Every string a Markdown renderer draws: element bodies, labels, options and help."""
    out = []
    for kid in getattr(node, "children", {}).values():
        if kid.type in ("markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success", "toast"):
            out.append(str(kid.value))
        for attr in ("label", "help"):
            value = getattr(kid, attr, None)
            if isinstance(value, str):
                out.append(value)
        if kid.type == "radio":
            out.extend(str(o) for o in kid.options)
        out += _strings(kid)
    return out


def _shown(at: AppTest) -> list[str]:
    return _strings(at._tree) + [str(e.label) for e in at.expander] + [str(t.label) for t in at.tabs]


def _unescaped(strings: list[str]) -> list[tuple[str, str]]:
    """(marker, string) for every marker a renderer would act on: escaped characters (\\x) do not count."""
    bare = [(re.sub(r"\\.", "\x00", s), s) for s in strings]
    return [(raw, s) for b, s in bare for raw in RAW if raw in b]


def _app(url: str, monkeypatch, query: dict) -> AppTest:
    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets.update({"_test": "no editor"})
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _literal(strings: list[str]) -> str:
    """What the reader sees: Markdown escapes removed."""
    return " ".join(re.sub(r"\\(.)", r"\1", s) for s in strings)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_data_text_literally(hostile_url, monkeypatch, page):
    at = _app(hostile_url, monkeypatch, {"region": "76"})
    if page != "overview":
        at.switch_page(f"dashboard/pages/{page}.py").run()
    assert not at.exception, at.exception
    shown = _shown(at)
    assert not _unescaped(shown), _unescaped(shown)[:5]
    if page == "sources_data":
        assert LONG in _literal(shown)  # the source is listed, and shown as typed
        assert not any("evil.example/`x`)" in s and "`" in s.replace("\\`", "") for s in shown)


@pytest.mark.parametrize("screen", ["1", "2", "3", "4", "5"])
def test_every_presentation_screen_shows_data_text_literally(hostile_url, monkeypatch, screen):
    at = _app(hostile_url, monkeypatch, {"present": "1", "ecran": screen, "region": "76"})
    assert not at.exception, at.exception
    shown = _shown(at)
    assert not _unescaped(shown), _unescaped(shown)[:5]


def test_the_brief_shows_data_text_literally(hostile_url):
    engine = make_engine(hostile_url)
    f = Filters(regions=("76",))
    pdf = PdfReader(io.BytesIO(build_brief(engine, f, "pdf", lang="fr"))).pages
    pdf_text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf))
    assert "<b>h</b>" in pdf_text and "**g**" in pdf_text  # the tags are printed, not applied
    deck = Presentation(io.BytesIO(build_brief(engine, f, "pptx", lang="fr")))
    deck_text = " ".join(sh.text_frame.text for slide in deck.slides for sh in slide.shapes if sh.has_text_frame)
    assert "<b>h</b>" in re.sub(r"\s+", " ", deck_text)
