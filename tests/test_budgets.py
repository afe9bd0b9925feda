"""Budgets that answer the questions people ask: who paid (private funders named), investment against
running costs, ranges drawn as ranges, notes in words; their exports hold numbers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from campus_metrics import bootstrap, queries
from campus_metrics.db import make_engine
from campus_metrics.filters import Filters
from campus_metrics.labels import note_ids, readable_note
from campus_metrics.queries.details import fact_refs

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")
CODE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|in_totals|\.csv\b")
SEED_FUNDING = Path(__file__).resolve().parent.parent / "data" / "seed" / "funding.csv"


def test_who_paid_names_the_private_funders_the_source_names(seeded):
    funders = queries.funders(seeded, Filters())
    private = funders[funders["funder_type"] == "private"].set_index("funder_name")
    seed = pd.read_csv(SEED_FUNDING, dtype=str)
    named = set(seed.loc[seed["funder_type"] == "private", "funder_name"].dropna())
    assert named and set(private.index) == named, "every private funder the seed names, by name"
    assert (private["unknown_lines"] >= 1).all() and private["counted_max"].isna().all(), "no amount invented for them"
    occitanie = funders[funders["funder_name"] == "Région Occitanie"].iloc[0]
    assert occitanie["counted_max"] == 2_200_000
    aura = funders[funders["funder_name"] == "Région Auvergne-Rhône-Alpes"].iloc[0]
    assert (aura["counted_max"], aura["yearly_max"]) == (6_500_000, 3_500_000), "one-off and yearly kept apart"
    assert aura["other_lines"] >= 3, "the 1,4 / 1,2 / 0,2 M€ breakdowns are cited, not counted"


def test_counted_money_by_funder_matches_the_summary_breakdown(seeded):
    for f in (Filters(), Filters(regions=("84",)), Filters(regions=("76",), year_min=2017, year_max=2017)):
        funders = queries.funders(seeded, f)
        bb = queries.budget_breakdown(seeded, f, ("funder_type",))
        one_off = bb[bb["amount_period"] == "one_off"].astype({"amount_max": float}).groupby("funder_type")["amount_max"].sum()
        mine = funders.groupby("funder_type")["counted_max"].sum(min_count=1).dropna()
        pd.testing.assert_series_equal(mine[mine > 0].sort_index(), one_off[one_off > 0].sort_index(), check_names=False)


def test_investment_against_running_costs_keeps_ranges_and_uncounted_lines(seeded):
    lines = queries.spending_lines(seeded, Filters(regions=("84",)))
    assert set(lines["nature"]) <= {"investment", "operating", "teaching"}
    assert {"investment", "operating"} <= set(lines["nature"])
    ranged = lines[lines["amount_min_eur"] < lines["amount_max_eur"]]
    assert ranged[["amount_min_eur", "amount_max_eur"]].values.tolist() == [[600_000, 800_000]], "the 600–800 k€ range"
    assert not ranged["in_totals"].astype(bool).any()
    assert lines.loc[lines["amount_period"] == "per_year", "amount_max_eur"].tolist() == [3_500_000]


def test_every_seed_note_reads_without_internal_codes(seeded):
    notes = pd.read_csv(SEED_FUNDING, dtype=str)["notes"].dropna()
    ids = note_ids(notes)
    assert "fund_campus_2017_region" in ids
    refs = fact_refs(seeded, ids)
    assert set(refs["id"]) >= {i for i in ids if i.startswith("fund_")}, "every funding line a note names is found"
    words = {r.id: f"« {r.name or r.beneficiary} »" for r in refs.itertuples()}
    for note in notes:
        text = readable_note(note, words, "fr")
        assert not CODE.search(text), text
        assert readable_note(note, words, "en").count("in_totals") == 0
    assert readable_note("d'où in_totals=false.", {}, "fr") == "d'où non compté dans les totaux."
    assert readable_note("voir fund_x.", {"fund_x": "« Région, 1 M€ »"}) == "voir « Région, 1 M€ »."


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('budgets_db') / 'campus_metrics.db'}"
    engine = make_engine(url)
    bootstrap.init_database(engine)
    engine.dispose()
    return url


def budgets_page(url: str, monkeypatch, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("CAMPUS_METRICS_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["_test"] = "no editor"
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("dashboard/pages/budgets.py").run()
    assert not at.exception
    return at


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_budgets_page_answers_who_paid_and_investment_in_words(app_url, monkeypatch):
    at = budgets_page(app_url, monkeypatch)
    sections = [s.value for s in at.header]  # h2 under the page h1
    assert "Qui a financé" in sections and "Investissement et fonctionnement" in sections
    funders = frame_with(at, "Type de financeur")
    assert {"Fiducial (Partenaires privés)", "Groupe Bernard (Partenaires privés)"} <= set(funders["Financeur"])
    assert set(funders.loc[funders["Financeur"].str.startswith("Fiducial"), "Montant"]) == {"montant non publié"}
    spending = frame_with(at, "Compté dans les totaux")
    assert any("600 k€ – 800 k€" in v.replace("\xa0", " ").replace("\u202f", " ") for v in spending["Montant"])
    lines = frame_with(at, "Note")
    text = " ".join(lines["Note"])
    assert "in_totals" not in text and "fund_" not in text and ".csv" not in text
    assert "non compté dans les totaux" in text.lower()


def test_budget_charts_draw_ranges_as_ranges(app_url, monkeypatch):
    at = budgets_page(app_url, monkeypatch, {"region": "84"})
    specs = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert specs, "charts drawn"
    ranged = [s for s in specs if '"x2"' in s and '"hi"' in s]
    assert ranged, "a bar from the minimum to the maximum"


def test_budget_exports_hold_numbers(app_url, monkeypatch):
    """The export frames behind the page's buttons, through the writers: numbers, years and units in headers."""
    from dashboard import budget_views, export, tables

    budgets_page(app_url, monkeypatch)  # the language and caches of a page run
    engine = make_engine(app_url)
    lines = queries.funding_lines(engine, Filters())
    refs = fact_refs(engine, note_ids(lines["notes"]))
    frames = {
        "lines": tables.funding_lines_export(lines, refs),
        "funders": budget_views.funders(queries.funders(engine, Filters()))[2],
        "spending": budget_views.spending(queries.spending_lines(engine, Filters()))[2],
    }
    engine.dispose()
    for name, frame in frames.items():
        csv = pd.read_csv(io.BytesIO(export.csv_bytes(frame)), sep=";", decimal=",", encoding="utf-8-sig")
        money = [c for c in csv.columns if c.endswith("(€)")]
        assert money, name
        for col in money:
            assert pd.api.types.is_numeric_dtype(csv[col]), (name, col)
        cells = csv.drop(columns=[c for c in ("Note", "Source") if c in csv.columns]).astype(str)  # prose may quote amounts
        assert not cells.apply(lambda s: s.str.contains("M€|k€", regex=True)).any().any(), name
        ws = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({name: frame}))).active
        header = [c.value for c in ws[1]]
        col = header.index(money[0]) + 1
        typed = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=col).value is not None]
        assert typed and all(c.data_type == "n" and "€" in c.number_format for c in typed), name
    years = frames["lines"]["Année de début"]
    assert str(years.dtype) == "Int64" and 2017 in set(years.dropna())
