"""The synthetic generator (campus_metrics.synthetic) and the benchmark runner, at a tiny scale.

Scale 0.002 is 40 sites, 400 cohorts, 1 000 funding lines and 400 outcomes: enough rows
for every code path (shared fact_keys, ranges, shortfalls, unknown amounts) in a second.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, func, insert, select, text

from campus_metrics import bench, synthetic
from campus_metrics import models as m
from campus_metrics import queries as q
from campus_metrics.bootstrap import init_database
from campus_metrics.db import make_engine
from campus_metrics.enums import AmountKind, AmountPeriod, FactStatus, FunderType, Nature, OutcomeIndicator, ProgrammeKind, SiteStatus, values
from campus_metrics.figures import compute
from campus_metrics.filters import Filters

SCALE = 0.002
SEED = 42
FACT_TABLES = ("sites", "cohorts", "funding_lines", "outcomes", "indicators")
STATUS_RANK = m.STATUS_RANK


def _engine(path) -> Engine:
    return make_engine(f"sqlite:///{path}")


@pytest.fixture(scope="module")
def syn(tmp_path_factory) -> Engine:
    """One small synthetic database, shared read-only by the tests of this module."""
    engine = _engine(tmp_path_factory.mktemp("syn") / "syn.db")
    synthetic.generate(engine, scale=SCALE, seed=SEED)
    yield engine
    engine.dispose()


def _read(engine: Engine, sql: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql_query(text(sql), conn)


def _first_rows(engine: Engine, table: str, n: int = 25) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY id LIMIT {n}"))]


# --- determinism and volume ----------------------------------------------------------------


def test_counts_follow_the_scale(syn):
    with syn.connect() as conn:
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in FACT_TABLES}
    assert counts["sites"] == round(20_000 * SCALE)
    assert counts["cohorts"] == round(200_000 * SCALE)
    assert counts["funding_lines"] == round(500_000 * SCALE)
    assert counts["outcomes"] == round(200_000 * SCALE)
    assert counts["indicators"] > 0


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    a, b, c = (_engine(tmp_path / f"{name}.db") for name in "abc")
    counts_a = synthetic.generate(a, scale=SCALE, seed=7)
    counts_b = synthetic.generate(b, scale=SCALE, seed=7)
    counts_c = synthetic.generate(c, scale=SCALE, seed=8)
    assert counts_a == counts_b
    assert counts_a["cohorts"] == round(200_000 * SCALE)
    for table in (*FACT_TABLES, "sources", "programmes"):
        assert _first_rows(a, table) == _first_rows(b, table), table
    with a.connect() as conn:
        links_a = conn.execute(text("SELECT site_id, programme_id FROM site_programmes ORDER BY 1, 2")).all()
    with b.connect() as conn:
        links_b = conn.execute(text("SELECT site_id, programme_id FROM site_programmes ORDER BY 1, 2")).all()
    assert links_a == links_b
    # a different seed gives other values (same volume), and says so in the source title
    assert {k: v for k, v in counts_c.items() if k != "site_programmes"} == {k: v for k, v in counts_a.items() if k != "site_programmes"}
    assert _first_rows(a, "cohorts") != _first_rows(c, "cohorts")
    with c.connect() as conn:
        assert "graine 8" in conn.execute(select(m.Source.title)).scalars().first()
    for e in (a, b, c):
        e.dispose()


def test_a_second_run_replaces_the_first(tmp_path):
    engine = _engine(tmp_path / "twice.db")
    first = synthetic.generate(engine, scale=SCALE, seed=SEED)
    rows = _first_rows(engine, "funding_lines")
    second = synthetic.generate(engine, scale=SCALE, seed=SEED)
    assert first == second
    assert _first_rows(engine, "funding_lines") == rows
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cohorts")).scalar_one() == first["cohorts"]
    engine.dispose()


# --- never mixed with sourced data -----------------------------------------------------------


def test_refuses_a_database_with_the_sourced_seed(tmp_path):
    engine = _engine(tmp_path / "seeded.db")
    init_database(engine)  # geography + the real, sourced seed
    with engine.connect() as conn:
        before = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in (*FACT_TABLES, "sources", "programmes")}
    with pytest.raises(synthetic.SyntheticRefused, match="données sourcées"):
        synthetic.generate(engine, scale=SCALE, seed=SEED)
    with engine.connect() as conn:
        after = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in (*FACT_TABLES, "sources", "programmes")}
        assert conn.execute(select(func.count()).select_from(m.Source).where(m.Source.synthetic.is_(True))).scalar_one() == 0
    assert after == before
    engine.dispose()


def test_refuses_a_single_real_source(tmp_path):
    engine = _engine(tmp_path / "one_source.db")
    init_database(engine, load_seed=False)
    with engine.begin() as conn:
        conn.execute(insert(m.Source), [{"id": "S-REAL", "title": "Un vrai article", "url": "https://example.org", "synthetic": False}])
    with pytest.raises(synthetic.SyntheticRefused):
        synthetic.generate(engine, scale=SCALE, seed=SEED)
    engine.dispose()


def test_seed_loading_is_not_triggered_on_a_synthetic_database(syn):
    """The dashboard calls init_database(engine) on start: it must not add the seed to synthetic data."""
    init_database(syn)
    with syn.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.Source).where(m.Source.synthetic.is_not(True))).scalar_one() == 0


# --- labelled as synthetic ---------------------------------------------------------------------


def test_everything_is_labelled_synthetic(syn):
    sources = _read(syn, "SELECT id, title, synthetic FROM sources")
    assert len(sources) >= 1
    assert sources["synthetic"].astype(bool).all()
    assert sources["id"].str.startswith("SYN-").all()
    assert sources["title"].str.contains("DONNÉES SYNTHÉTIQUES").all()
    assert sources["title"].str.contains("ne pas citer").all()
    assert sources["title"].str.contains(f"graine {SEED}").all()
    progs = _read(syn, "SELECT id, name, source_id FROM programmes")
    assert progs["id"].str.startswith("syn_").all()
    assert progs["name"].str.startswith("[Synthétique] ").all()
    for table in FACT_TABLES:
        facts = _read(syn, f"SELECT id, source_id, quote FROM {table}")
        assert facts["id"].str.startswith("SYN-").all(), table
        assert facts["source_id"].isin(sources["id"]).all(), table
        assert facts["quote"].str.contains("ne pas citer").all(), table
    assert _read(syn, "SELECT name FROM sites")["name"].str.startswith("[Synthétique] ").all()
    shown = q.sources_for(syn, Filters())
    assert len(shown) and shown["synthetic"].astype(bool).all()


# --- shape and consistency of the data ------------------------------------------------------


def test_denormalised_columns_match_the_importer_rules(syn):
    sites = _read(syn, "SELECT s.*, c.departement_code AS c_dep, c.region_code AS c_reg FROM sites s JOIN communes c ON c.insee = s.commune_insee")
    assert (sites["departement_code"] == sites["c_dep"]).all() and (sites["region_code"] == sites["c_reg"]).all()
    assert (sites["year_start"].fillna(-1) == sites["opening_year"].fillna(-1)).all()
    assert sites["year_end"].isna().all()
    links = _read(syn, "SELECT site_id, programme_id FROM site_programmes")
    assert set(links["site_id"]) == set(sites["id"])
    main = set(zip(sites["id"], sites["programme_id"], strict=True))
    assert main <= set(zip(links["site_id"], links["programme_id"], strict=True))
    deps = dict(_read(syn, "SELECT code, region_code FROM departements").itertuples(index=False))
    for table in ("cohorts", "funding_lines", "outcomes", "indicators"):
        facts = _read(syn, f"SELECT * FROM {table}")
        with_dep = facts[facts["departement_code"].notna()]
        assert (with_dep["region_code"] == with_dep["departement_code"].map(deps)).all(), table
        if table != "indicators":
            assert (facts["year_end"].isna() | (facts["year_end"] >= facts["year_start"])).all(), table
            assert facts["year_start"].between(2015, 2024).all(), table
        if "site_id" in facts:
            on_site = facts[facts["site_id"].notna()].merge(
                sites[["id", "region_code", "departement_code"]], left_on="site_id", right_on="id", suffixes=("", "_site")
            )
            assert len(on_site) == facts["site_id"].notna().sum()
            assert (on_site["region_code"] == on_site["region_code_site"]).all(), table
            assert (on_site["departement_code"] == on_site["departement_code_site"]).all(), table
    cohorts = _read(syn, "SELECT c.site_id, c.programme_id FROM cohorts c WHERE c.site_id IS NOT NULL")
    assert set(zip(cohorts["site_id"], cohorts["programme_id"], strict=True)) <= set(zip(links["site_id"], links["programme_id"], strict=True))
    outs = _read(syn, "SELECT o.*, c.region_code AS c_reg, c.programme_id AS c_prog FROM outcomes o JOIN cohorts c ON c.id = o.cohort_id")
    assert (outs["region_code"].fillna("") == outs["c_reg"].fillna("")).all()
    assert (outs["programme_id"] == outs["c_prog"]).all()


def test_values_are_realistic_and_cover_every_code(syn):
    c = _read(syn, "SELECT * FROM cohorts")
    assert c["learners"].dropna().between(8, 30).all()
    both = c[c["learners"].notna() & c["candidates"].notna()]
    assert len(both) and (both["candidates"] >= both["learners"]).all()
    assert c["women_share_pct"].dropna().between(5, 60).all()
    assert c["learners"].isna().any()  # some unknown headcounts
    fl = _read(syn, "SELECT * FROM funding_lines")
    assert set(fl["funder_type"]) == set(values(FunderType))
    assert set(fl["nature"]) == set(values(Nature))
    assert set(fl["amount_kind"]) == set(values(AmountKind))
    assert set(fl["amount_period"]) == set(values(AmountPeriod))
    ranges = fl[fl["amount_kind"] == "range"]
    assert (ranges["amount_max_eur"] > ranges["amount_min_eur"]).all()
    points = fl[fl["amount_kind"].isin(["point", "shortfall"])]
    assert (points["amount_max_eur"] == points["amount_min_eur"]).all() and (points["amount_min_eur"] > 0).all()
    unknown = fl[fl["amount_kind"] == "unknown"]
    assert unknown["amount_min_eur"].isna().all() and unknown["amount_max_eur"].isna().all()
    assert (~fl["in_totals"].astype(bool)).any()
    o = _read(syn, "SELECT * FROM outcomes")
    rates = o[o["unit"] == "percent"]
    assert rates["value"].between(0, 100).all() and rates["base_description"].notna().all()
    assert rates["base_count"].notna().mean() > 0.7
    assert set(o["indicator"]) == set(values(OutcomeIndicator))
    for table in ("cohorts", "funding_lines", "outcomes"):
        statuses = set(_read(syn, f"SELECT DISTINCT fact_status FROM {table}")["fact_status"])
        assert statuses <= set(STATUS_RANK) and len(statuses) >= 3, table
        keys = _read(syn, f"SELECT fact_key, count(*) AS n FROM {table} WHERE fact_key IS NOT NULL GROUP BY fact_key")
        assert len(keys) and (keys["n"] >= 2).all(), table
    assert set(_read(syn, "SELECT DISTINCT site_status FROM sites")["site_status"]) == set(values(SiteStatus))
    assert set(_read(syn, "SELECT DISTINCT kind FROM programmes")["kind"]) == set(values(ProgrammeKind))
    planned = _read(syn, "SELECT * FROM indicators WHERE name = 'planned_sites'")
    assert set(planned["programme_id"]) == set(_read(syn, "SELECT id FROM programmes")["id"])
    # sites are spread over real communes of several régions
    assert _read(syn, "SELECT count(DISTINCT region_code) AS n FROM sites")["n"].iloc[0] >= 5


def test_some_operating_lines_are_annual_budgets(syn):
    """amount_period: about 15 % of the operating lines are per_year, every other line one_off; a figure reported twice keeps its period."""
    fl = _read(syn, "SELECT id, fact_key, nature, amount_period FROM funding_lines")
    operating = fl[fl["nature"] == Nature.operating]
    assert (fl.loc[fl["nature"] != Nature.operating, "amount_period"] == AmountPeriod.one_off).all()
    assert 0.08 <= (operating["amount_period"] == AmountPeriod.per_year).mean() <= 0.25
    keyed = fl[fl["fact_key"].notna()]
    assert (keyed.groupby("fact_key")["amount_period"].nunique() == 1).all()


def test_allowed_values_come_with_a_weight_each():
    from campus_metrics.synthetic.common import _weights

    with pytest.raises(ValueError, match="estimate"):
        _weights(FactStatus, {FactStatus.realised: 1, FactStatus.voted: 1, FactStatus.announced: 1})
    assert list(_weights(FactStatus, {FactStatus.estimate: 1, FactStatus.realised: 2, FactStatus.voted: 0, FactStatus.announced: 1})) == [
        FactStatus.estimate,
        FactStatus.realised,
        FactStatus.voted,
        FactStatus.announced,
    ]


def test_generate_refreshes_the_summaries_in_its_transaction_before_analyze(tmp_path, monkeypatch):
    summaries = pytest.importorskip("campus_metrics.summaries")
    calls: list[tuple] = []

    def refresh(conn):
        calls.append(("refresh", conn.in_transaction(), conn.execute(text("SELECT count(*) FROM funding_lines")).scalar_one()))

    monkeypatch.setattr(summaries, "refresh", refresh, raising=False)
    monkeypatch.setattr(synthetic.core, "analyze", lambda engine: calls.append(("analyze",)))
    engine = _engine(tmp_path / "summaries.db")
    counts = synthetic.generate(engine, scale=SCALE, seed=SEED)
    assert calls[-2:] == [("refresh", True, counts["funding_lines"]), ("analyze",)]
    engine.dispose()


# --- queries on synthetic data: aggregates against an independent pandas computation --------


def _dedup(frame: pd.DataFrame, sources: pd.DataFrame, funder_tiebreak: bool = False) -> pd.DataFrame:
    """One row per fact_key: realised > voted > announced > estimate, then the latest source, then id."""
    plain = frame[frame["fact_key"].isna()]
    keyed = frame[frame["fact_key"].notna()].merge(sources, left_on="source_id", right_on="id", suffixes=("", "_src"))
    keyed = keyed.assign(
        _rank=keyed["fact_status"].map(STATUS_RANK).fillna(9), _unknown=(keyed["funder_type"] == "unknown").astype(int) if funder_tiebreak else 0
    )
    keyed = keyed.assign(_group=(keyed["fact_status"] == "realised").astype(int))  # realised vs forecasts: never merged
    keyed = keyed.sort_values(["fact_key", "_rank", "published_on", "_unknown", "id"], ascending=[True, True, False, True, True], na_position="last")
    return pd.concat([plain, keyed.drop_duplicates(["fact_key", "_group"])[frame.columns]], ignore_index=True)


def _period(frame: pd.DataFrame, f: Filters) -> pd.DataFrame:
    last = frame["year_end"].fillna(frame["year_start"])
    keep = pd.Series(True, index=frame.index)
    if f.year_max is not None:
        keep &= frame["year_start"] <= f.year_max
    if f.year_min is not None:
        keep &= last >= f.year_min
    if f.regions:
        keep &= frame["region_code"].isin(f.regions)
    return frame[keep.fillna(False)]


def _busiest_region(engine: Engine) -> str:
    return _read(engine, "SELECT region_code FROM cohorts WHERE region_code IS NOT NULL GROUP BY region_code ORDER BY count(*) DESC, region_code LIMIT 1")[
        "region_code"
    ].iloc[0]


GROUPS = {"realised": ("realised",), "announced": ("announced", "voted", "estimate")}


@pytest.mark.parametrize("which", ["national", "region_year"])
def test_key_figures_match_an_independent_pandas_sum(syn, which):
    f = Filters() if which == "national" else Filters(regions=(_busiest_region(syn),), year_min=2019, year_max=2022)
    sources = _read(syn, "SELECT id, published_on FROM sources")
    cohorts = _dedup(_period(_read(syn, "SELECT * FROM cohorts"), f), sources)
    funding = _dedup(_period(_read(syn, "SELECT * FROM funding_lines"), f), sources, funder_tiebreak=True)
    counted = funding[funding["in_totals"].astype(bool) & funding["amount_kind"].isin(["point", "range"])]
    learners, money = compute.learners(syn, f), compute.money(syn, f)
    for group, statuses in GROUPS.items():
        c = cohorts[cohorts["fact_status"].isin(statuses)]
        part = learners.part(group)
        assert int(part.value) == int(c["learners"].sum()), group
        assert part.n_facts == c["learners"].notna().sum()
        for period in ("one_off", "per_year"):
            lines = counted[counted["fact_status"].isin(statuses) & (counted["amount_period"] == period)]
            p = money.part(group, period)
            if lines.empty:
                assert p is None
                continue
            assert p.value == pytest.approx(lines["amount_min_eur"].sum(), rel=1e-9), (group, period)
            assert (p.value_max or p.value) == pytest.approx(lines["amount_max_eur"].sum(), rel=1e-9)
    assert money.extra["unknown_amounts"] == (funding["amount_kind"] == "unknown").sum()
    assert money.extra["shortfall"] == pytest.approx(funding.loc[funding["amount_kind"] == "shortfall", "amount_min_eur"].sum(), rel=1e-9)
    assert len(cohorts) >= 10
    if which == "national":  # announced-then-voted funding pairs are one figure; announced-then-realised cohorts stay apart
        assert len(funding) < len(_read(syn, "SELECT id FROM funding_lines"))
        pairs = cohorts[cohorts["fact_key"].notna()].groupby("fact_key")["fact_status"].nunique()
        assert (pairs == 2).any()


def test_breakdowns_add_up_to_the_key_figures(syn):
    f = Filters.for_status_group("realised")
    money = compute.money(syn, f).part("realised", "one_off")
    learners = compute.learners(syn, f).part("realised")
    for by in (("funder_type",), ("nature",), ("programme_id",), ("year_start",), ("funder_type", "fact_status")):
        bd = q.budget_breakdown(syn, f, by=by)
        one_off = bd[bd["amount_period"] == "one_off"]
        assert one_off["amount_min"].sum() == pytest.approx(money.value, rel=1e-9), by
        assert one_off["lines"].sum() == money.n_facts, by
    for by in (("year_start",), ("region_code",), ("programme_id",)):
        cs = q.cohort_summary(syn, f, by=by)
        assert cs["learners"].sum() == learners.value, by
    regions = q.region_totals(syn, f)
    national_only = _read(syn, "SELECT count(*) AS n FROM cohorts WHERE region_code IS NULL AND fact_status = 'realised'")["n"].iloc[0]
    if not national_only:
        assert regions["learners"].sum() == learners.value
    assert regions["sites"].sum() == compute.sites(syn, f).parts[0].value
    years = q.year_series(syn, f)
    assert years["learners"].sum() == learners.value


def test_every_benchmarked_query_runs(syn):
    lines = list(bench.run_benchmarks(syn, repeat=1, filter_sets=bench.default_filter_sets(syn)[:2]))
    text_out = "\n".join(lines)
    assert lines[0].startswith("Base : sqlite")
    assert "Données : SYNTHÉTIQUES" in text_out
    assert f"cohorts {round(200_000 * SCALE)}" in text_out
    rows = [line for line in lines if line.startswith("| ") and "median ms" not in line]
    assert len(rows) == 1 + 2 * len(bench.query_suite(syn))
    assert not [line for line in rows if "erreur" in line]
    assert any(line.startswith("| key_figures ") for line in rows)


def test_generate_on_each_backend(empty, syn):
    """SQLite (executemany) and, with CAMPUS_METRICS_TEST_PG_URL, PostgreSQL (COPY): same rows, same sums."""
    counts = synthetic.generate(empty, scale=SCALE, seed=SEED)
    assert counts["cohorts"] == round(200_000 * SCALE) and counts["funding_lines"] == round(500_000 * SCALE)
    with empty.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outcomes")).scalar_one() == counts["outcomes"]
        learners = conn.execute(text("SELECT sum(learners) FROM cohorts")).scalar_one()
        synthetic_sources = conn.execute(select(func.count()).select_from(m.Source).where(m.Source.synthetic.is_(True))).scalar_one()
        in_totals = conn.execute(text("SELECT count(*) FROM funding_lines WHERE in_totals")).scalar_one()
        dates = conn.execute(text("SELECT count(*) FROM cohorts WHERE start_date IS NOT NULL")).scalar_one()
    assert synthetic_sources == counts["sources"]
    assert 0 < in_totals < counts["funding_lines"] and dates > 0
    # the same seed gives the same data whatever the backend (`syn` is SQLite, same scale and seed)
    with syn.connect() as conn:
        assert learners == conn.execute(text("SELECT sum(learners) FROM cohorts")).scalar_one()
    with pytest.raises(synthetic.SyntheticRefused):
        with empty.begin() as conn:
            conn.execute(insert(m.Source), [{"id": "S-REAL", "title": "Un vrai article", "url": "https://example.org", "synthetic": False}])
        synthetic.generate(empty, scale=SCALE, seed=SEED)
