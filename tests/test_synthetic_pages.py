"""Every page and presentation screen runs without error on generated data, in French and in English.

The sourced seed is small and tidy; generated data has what it lacks (cohorts with a year and no
headcount, sites without a cohort, every code). A map tooltip that crashed on a site whose cohorts
have no headcount went unnoticed once, at the national volume only: this runs the same code on a small
generated base (scale 0.002, 40 sites, a second to build) with such a site in it.
"""

from __future__ import annotations

import pytest
from apptest_support import PAGES
from sqlalchemy import func, select, update

from campus_metrics import models as m
from campus_metrics import synthetic
from campus_metrics.db import make_engine
from campus_metrics.summaries.refresh import refresh

SCREENS = range(1, 8)  # six screens and the comparison


@pytest.fixture(scope="module")
def db_url(tmp_path_factory) -> str:
    """Overrides conftest's seeded base: a small generated one."""
    url = f"sqlite:///{tmp_path_factory.mktemp('syn_pages') / 'syn.db'}"
    engine = make_engine(url)
    synthetic.generate(engine, scale=0.002, seed=42)
    with engine.begin() as conn:  # one site whose cohorts all have a year and no headcount (5 % of cohorts nationally)
        site = conn.execute(select(func.min(m.Cohort.site_id)).where(m.Cohort.year_start.is_not(None))).scalar_one()
        conn.execute(update(m.Cohort).where(m.Cohort.site_id == site).values(learners=None, candidates=None))
        refresh(conn)
    engine.dispose()
    return url


def _errors(at) -> list[str]:
    return [e.message for e in at.exception] + [e.value for e in at.error]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_generated_data(app, page, lang):
    at = app().run()  # a first run registers the pages (AppTest finds a page by its url_path after it)
    at.switch_page(f"dashboard/pages/{page}.py")
    at.query_params["lang"] = lang
    at.run()
    assert not _errors(at), (page, lang, _errors(at))
    assert len(at.main.children) > 3, "the page drew something"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_presentation_screen_runs_on_generated_data(app, lang):
    for screen in SCREENS:
        at = app(query={"present": "1", "ecran": str(screen), "lang": lang, "comparer": ["84", "76"]}).run()
        assert not _errors(at), (screen, lang, _errors(at))
