"""The comparison: site counts per status group (query layer) and site bars coloured like the others.

Expected counts are read from the seed CSV with the filter rules written out here, not from the
code under test.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from test_vega import _valid  # noqa: I001 - sibling test module

from campus_metrics import queries as q
from campus_metrics.enums import STATUS_GROUP
from campus_metrics.filters import Filters
from dashboard import charts, compare_view

ROOT = Path(__file__).resolve().parent.parent


def seed_site_counts(f: Filters, codes: tuple[str, ...], level: str) -> Counter:
    """(territory code, status group) -> sites of the seed CSV under these filters."""
    with (ROOT / "data" / "geo" / "departements.csv").open(encoding="utf-8") as fh:
        region_of = {r["code"]: r["region"] for r in csv.DictReader(fh)}
    with (ROOT / "data" / "seed" / "sites.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out: Counter = Counter()
    for r in rows:
        code = region_of[r["departement_code"]] if level == "region" else r["departement_code"]
        year = int(r["opening_year"]) if r["opening_year"] else None
        if code not in codes or (f.statuses and r["fact_status"] not in f.statuses):
            continue
        if f.year_max is not None and year is not None and year > f.year_max:
            continue
        if f.programmes and not set(r["programmes"].split("|")) & set(f.programmes):
            continue
        out[(code, STATUS_GROUP[r["fact_status"]].value)] += 1
    return out


CASES = [
    (Filters(), ("76", "84"), "region"),
    (Filters(statuses=("realised",)), ("76", "84"), "region"),
    (Filters(statuses=("announced", "voted")), ("76", "84"), "region"),
    (Filters(year_max=2017), ("76", "84"), "region"),
    (Filters(programmes=("ern",)), ("76", "84"), "region"),
    (Filters(), ("69", "46", "23"), "departement"),
]


@pytest.mark.parametrize(("f", "codes", "level"), CASES)
def test_site_counts_by_group_match_the_seed(seeded, f, codes, level):
    expected = seed_site_counts(f, codes, level)
    got = q.site_counts_by_group(seeded, f, codes, level)
    assert {(c, g): n for c, g, n in got.itertuples(index=False)} == dict(expected)
    assert set(got["status_group"]) <= {g.value for g in f.groups}, "only the groups the filters show"


@pytest.mark.parametrize(("f", "codes", "level"), CASES)
def test_compare_territories_splits_sites_by_group_without_losing_any(seeded, f, codes, level):
    expected = seed_site_counts(f, codes, level)
    ct = q.compare_territories(seeded, f, codes, level).set_index("code")
    shown = [g.value for g in f.groups]
    for code in codes:
        for group in ("realised", "announced"):
            value = ct.loc[code, f"sites_{group}"]
            if group in shown:
                assert value == expected[(code, group)], (code, group)
            else:
                assert value is None, "a group the filters leave out is not counted, not 0"
        assert sum(ct.loc[code, f"sites_{g}"] for g in shown) == ct.loc[code, "sites"], "the groups add up to the site count"


def _chart(panel: list, key: str) -> dict:
    return next(chart.spec for k, chart in panel if k == key)


@pytest.mark.parametrize("f", [Filters(), Filters(statuses=("realised",))])
def test_site_bars_are_coloured_by_status_like_learners_and_money(seeded, f):
    ct = q.compare_territories(seeded, f, ("76", "84"))
    panel = compare_view.panel_charts.__wrapped__(ct, f, compare_view.RAW, list(ct["name"]))
    sites, learners = _chart(panel, "c_sites"), _chart(panel, "c_learners")
    for spec in (sites, learners):
        _valid(spec)
    assert sites["layer"][0]["encoding"]["color"] == learners["layer"][0]["encoding"]["color"], "same legend words and colours"
    labels = [charts.group_text(g.value) for g in f.groups]
    assert sites["layer"][0]["encoding"]["color"]["scale"]["domain"] == labels
    rows = sites["datasets"][sites["data"]["name"]]
    by_bar = {(r["name"], r["series"]): r["v"] for r in rows}
    names = dict(zip(ct["code"], ct["name"], strict=True))
    for code in ("76", "84"):
        for g in f.groups:
            assert by_bar[(names[code], charts.group_text(g.value))] == ct.set_index("code").loc[code, f"sites_{g.value}"]
    for label in labels:
        assert label in sites["description"], "the text alternative says which colour is which status"
    assert ("jamais additionnées" in sites["description"]) == (len(f.groups) > 1)
    assert sites["config"]["mark"]["aria"] is False, "marks leave the accessibility tree; the description names the chart"
    per_capita = compare_view.panel_charts.__wrapped__(ct, f, compare_view.PER_CAPITA, list(ct["name"]))
    density = _valid(_chart(per_capita, "c_sites_per_million"))
    assert density["layer"][0]["encoding"]["color"]["scale"]["domain"] == labels


def test_display_table_shows_sites_per_group(seeded):
    f = Filters()
    ct = q.compare_territories(seeded, f, ("76", "84"))
    table = compare_view.table.__wrapped__(ct, f).set_index("Territoire")
    for g in f.groups:
        column = f"Sites — {charts.group_text(g.value)}"
        assert list(table[column]) == [str(int(n)) for n in ct[f"sites_{g.value}"]]
