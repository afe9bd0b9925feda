"""The seed figures, read back through the queries, each with its source."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from sqlalchemy import func, select

from campus_metrics import models as m
from campus_metrics import queries as q
from campus_metrics.bootstrap import init_database
from campus_metrics.enums import AmountPeriod, StatusGroup
from campus_metrics.figures import compute, compute_all
from campus_metrics.filters import Filters
from campus_metrics.settings import SEED_ARTICLES_DIR, SEED_DIR
from campus_metrics.summaries import ReasonCode

OCC_2017 = Filters(year_min=2017, year_max=2017, regions=("76",))
AURA_2017 = Filters(year_min=2017, year_max=2017, regions=("84",))


def kf(engine, f):
    """Every key figure (campus_metrics.figures), by key."""
    return compute_all(engine, f)


def test_occitanie_2017_money_is_2_2_million_from_the_september_2017_article(seeded):
    money = kf(seeded, OCC_2017)["money"]
    [part] = money.known_parts
    assert (part.group, part.period) == (StatusGroup.announced, AmountPeriod.one_off)
    assert part.value == pytest.approx(2_200_000) and part.value_max is None
    assert part.status == "announced"
    assert money.source_ids == ("S004",)
    sources = q.sources_for(seeded, OCC_2017, ("funding",)).set_index("id")
    assert "Ecoles régionales du numérique" in sources.loc["S004", "title"]
    assert str(sources.loc["S004", "published_on"])[:7] == "2017-09"


def test_occitanie_positive_exits_78_percent_with_its_base_and_period(seeded):
    rate = kf(seeded, OCC_2017)["positive_exit_rate"]
    [part] = rate.known_parts
    assert part.value == pytest.approx(78) and part.status == "realised"
    assert rate.scope.periods == ("2015-2016",)
    assert rate.base is None  # the article gives no headcount
    detail = q.outcomes(seeded, OCC_2017).set_index("indicator")
    assert detail.loc["employment_rate", "value"] == pytest.approx(64)
    assert detail.loc["positive_exit_rate", "base_description"]
    assert detail.loc["positive_exit_rate", "base_flag"] == "unknown"  # the article gives no headcount


def test_101_first_cohort_126_enrolled_beats_120_announced_but_both_are_kept(seeded):
    learners = kf(seeded, AURA_2017)["learners"]
    realised, announced = learners.part(StatusGroup.realised), learners.part(StatusGroup.announced)
    assert (realised.value, realised.status) == (126, "realised")
    assert (announced.value, announced.status) == (120, "announced")  # shown beside it, never added
    details = q.cohort_details(seeded, Filters(regions=("84",)))
    first = details[details["fact_key"].notna() & details["learners"].isin([120, 126])]
    assert sorted(first["learners"]) == [120, 126]
    assert set(first["fact_status"]) == {"announced", "realised"}
    assert first.set_index("learners").loc[120, "candidates"] == 2500
    assert len(set(first["source_id"])) == 2


def test_101_cost_per_learner_is_the_2_million_over_126(seeded):
    cpl = q.cost_per_learner(seeded, AURA_2017)
    row = cpl[cpl["calculable"]].iloc[0]
    assert row["cost_min"] == pytest.approx(2_000_000 / 126)
    assert (row["money_min"], row["learners"], row["total"]) == (2_000_000, 126, 1)
    assert pd.isna(row["reason"])
    method = compute.cost_per_learner(seeded, AURA_2017).extra["method"]
    assert (method["money"], method["learners"]) == (2_000_000, 126)


def test_ern_cost_per_learner_is_refused_with_the_coverage_gap(seeded):
    cpl = q.cost_per_learner(seeded, OCC_2017)
    assert not cpl["calculable"].any()
    row = cpl.iloc[0]
    assert row["reason"] == ReasonCode.sessions_known_for
    assert (int(row["n_known"]), int(row["total"])) == (4, 15)


def test_unfilled_jobs_7000_and_10000_live_side_by_side(seeded):
    ind = q.indicators(seeded, Filters(regions=("84",)))
    jobs = ind[ind["name"] == "unfilled_digital_jobs"]
    assert {7000, 10000} <= set(jobs["value"].astype(int))
    assert jobs["fact_key"].nunique() == 1
    assert jobs["source_id"].nunique() >= 2


def test_coverage_says_10_of_15_occitanie_sites_named(seeded):
    cov = q.coverage(seeded, Filters(regions=("76",)))
    row = cov.set_index("programme_id").loc["ern"]
    assert (row["named"], row["planned"]) == (10, 15)
    assert list(cov.columns) == ["programme_id", "programme_name", "region_code", "named", "planned", "source_id", "in_departement"]  # numbers, no sentence
    assert kf(seeded, OCC_2017)["sites"].parts[0].value == 10


def test_aura_2017_money_counts_6_5_million_once(seeded):
    money = kf(seeded, AURA_2017)["money"]
    [part] = money.known_parts  # the region's report and the global one are one figure
    assert (part.group, part.period, part.status) == (StatusGroup.realised, AmountPeriod.one_off, "realised")
    assert part.value == pytest.approx(6_500_000) and part.value_max is None
    lines = q.funding_lines(seeded, AURA_2017)
    assert (lines["amount_min_eur"] == 6_500_000).sum() == 2  # two reports of one figure
    shortfall = lines[lines["amount_kind"] == "shortfall"]
    assert shortfall["amount_min_eur"].tolist() == [400_000]
    ranged = q.funding_lines(seeded, Filters(regions=("84",)))
    ranged = ranged[ranged["amount_kind"] == "range"].iloc[0]
    assert (ranged["amount_min_eur"], ranged["amount_max_eur"]) == (600_000, 800_000)


def test_unknown_amounts_stay_unknown(seeded):
    lines = q.funding_lines(seeded, Filters())
    unknown = lines[lines["amount_kind"] == "unknown"]
    assert len(unknown) >= 2  # Fiducial and groupe Bernard
    assert unknown["amount_min_eur"].isna().all()


def test_a_departement_without_data_gives_empty_figures_not_zero_money(seeded):
    figures = kf(seeded, Filters(departements=("23",)))
    assert figures["sites"].parts[0].value == 0
    assert not figures["money"].known and not figures["money"].parts  # unknown, not 0 €
    assert not figures["learners"].known
    cmp = q.compare_territories(seeded, Filters(), ("23", "46"), "departement").set_index("code")
    assert not cmp.loc["23", "has_data"] and cmp.loc["23", "note"]
    assert cmp.loc["46", "has_data"]


def test_women_share_and_selectivity(seeded):
    ern = q.cohort_summary(seeded, Filters(programmes=("ern",)), ("programme_id",)).iloc[0]
    assert ern["women_share_pct"] == pytest.approx(25)
    ecole = q.cohort_summary(seeded, Filters(programmes=("ecole_101",), statuses=("announced",)), ("programme_id",)).iloc[0]
    assert ecole["selectivity_pct"] == pytest.approx(120 / 2500 * 100)


def test_every_fact_has_a_source_and_a_status(seeded):
    with seeded.connect() as conn:
        for model in m.FACT_MODELS.values():
            missing = conn.execute(select(func.count()).select_from(model).where((model.source_id.is_(None)) | (model.quote == ""))).scalar_one()
            assert missing == 0
            statuses = set(conn.execute(select(model.fact_status).distinct()).scalars())
            assert statuses <= {"announced", "voted", "realised", "estimate"}


def test_filter_sentence():
    names = {"regions": {"76": "Occitanie"}, "programmes": {"ern": "Écoles régionales du numérique"}}
    f = Filters(year_min=2017, year_max=2017, regions=("76",), programmes=("ern",))
    assert f.sentence(names) == "2017 · Occitanie · Écoles régionales du numérique"
    assert Filters(year_min=2015, year_max=2017).sentence() == "2015–2017 · France entière · Tous programmes"


def test_init_twice_changes_nothing(fresh):
    def counts():
        with fresh.connect() as conn:
            return {t: conn.execute(select(func.count()).select_from(model)).scalar_one() for t, model in m.FACT_MODELS.items()}

    before = counts()
    result = init_database(fresh)
    assert not result.seed_loaded and result.communes_added == 0
    assert counts() == before


def _seed_articles() -> dict[str, str]:
    if not SEED_ARTICLES_DIR.exists():
        pytest.skip(f"seed articles not found at {SEED_ARTICLES_DIR}")
    return {p.name: " ".join(p.read_text(encoding="utf-8").split()) for p in SEED_ARTICLES_DIR.glob("*.txt")}


@pytest.mark.parametrize("kind", ["sites", "cohorts", "funding", "outcomes", "indicators"])
def test_every_quote_is_verbatim_in_its_article(kind):
    articles = _seed_articles()
    sources = {r["source_id"]: r for r in csv.DictReader((SEED_DIR / "sources.csv").open(encoding="utf-8"))}
    rows = list(csv.DictReader((SEED_DIR / f"{kind}.csv").open(encoding="utf-8")))
    assert rows
    for row in rows:
        article = articles[sources[row["source_id"]]["seed_file"]]
        assert " ".join(row["quote"].split()) in article, (kind, row)


def test_coverage_of_a_national_programme(fresh):
    """A planned-sites figure with no région (national label) counts the sites of every région."""
    data = (
        "indicator_id,territory_level,territory_code,programme_id,year,name,label,value,unit,fact_status,source_id,quote\n"
        "cov_gen,france,,gen,2016,planned_sites,Établissements labellisés,130,count,realised,S003,"
        '"L\'Etat vient de donner le feu vert à 130 établissements français"\n'
    ).encode()
    from campus_metrics.importer import import_files

    assert import_files(fresh, [("indicators", "cov.csv", data)])[0].written
    cov = q.coverage(fresh, Filters()).set_index("programme_id")
    assert (cov.loc["gen", "named"], cov.loc["gen", "planned"]) == (1, 130)  # Human Booster is the one named
    assert kf(fresh, Filters())["sites"].parts[0].value == 19
