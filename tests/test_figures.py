"""The key figures of the seed, read through the figure layer (compute, cards) on every backend.

Realised and announced parts sit side by side and are never added; a one-off amount is never
added to a per-year one; a measured rate says where it was measured; a cost that cannot be
divided says why, as a code. The query layer returns numbers and codes, never French words.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from campus_metrics import queries as q
from campus_metrics.enums import AmountPeriod, StatusGroup
from campus_metrics.figures import cards, compute
from campus_metrics.filters import Filters
from campus_metrics.summaries import ReasonCode

ROOT = Path(__file__).resolve().parent.parent
AURA = Filters(regions=("84",))
AURA_2017 = Filters(year_min=2017, year_max=2017, regions=("84",))
OCC_2017 = Filters(year_min=2017, year_max=2017, regions=("76",))


def _values(fig) -> dict[tuple, float]:
    return {(p.group, p.period): p.value for p in fig.known_parts}


def test_tous_lists_the_2500_candidates_of_the_announced_101_cohort(seeded):
    by = q.cohort_summary(seeded, Filters(), ("programme_id", "fact_status")).set_index(["programme_id", "fact_status"])
    assert by.loc[("ecole_101", "announced"), "candidates"] == 2500
    assert by.loc[("ecole_101", "announced"), "learners"] == 120
    assert by.loc[("ecole_101", "realised"), "learners"] == 126  # the realised report is kept apart


def test_aura_money_realised_one_off_and_announced_per_year_are_never_added(seeded):
    fig = compute.money(seeded, AURA)
    realised = fig.part(StatusGroup.realised, AmountPeriod.one_off)
    per_year = fig.part(StatusGroup.announced, AmountPeriod.per_year)
    assert realised.value == pytest.approx(6_500_000) and realised.value_max is None and realised.status == "realised"
    assert per_year.value == pytest.approx(3_500_000) and per_year.status == "announced"
    assert fig.part(StatusGroup.realised, AmountPeriod.per_year) is None
    values = [p.value for p in fig.known_parts] + [p.value_max for p in fig.known_parts if p.value_max is not None]
    assert not any(v == pytest.approx(10_000_000) for v in values)  # 6,5 M€ + 3,5 M€/an is no figure
    lines = [line.value for line in cards.card(fig, "fr").lines]
    assert any("6,5" in v for v in lines) and any("3,5" in v and "/an" in v for v in lines)
    assert not any(v.startswith("10") for v in lines)


def test_positive_exit_rate_is_measured_in_occitanie_only(seeded):
    fig = compute.positive_exit_rate(seeded, Filters())
    assert fig.known and fig.known_parts[0].value == pytest.approx(78)
    assert fig.scope.narrower is True
    assert fig.scope.regions == ("76",)
    assert fig.scope.periods == ("2015-2016",)
    note = cards.card(fig, "fr", q.names(seeded)).scope_note
    assert note.startswith("Occitanie seulement"), note
    assert "2015-2016" in note


def test_learners_show_126_realised_and_180_announced_side_by_side(seeded):
    fig = compute.learners(seeded, Filters())
    assert _values(fig) == {(StatusGroup.realised, None): 126, (StatusGroup.announced, None): 180}
    assert fig.part(StatusGroup.realised).status == "realised" and fig.part(StatusGroup.announced).status == "announced"


def test_cost_per_learner_aura_2017_is_2_million_over_126(seeded):
    fig = compute.cost_per_learner(seeded, AURA_2017)
    [part] = fig.known_parts
    assert part.group == StatusGroup.realised
    assert part.value == pytest.approx(2_000_000 / 126) and part.value_max is None
    method = fig.extra["method"]
    assert (method["money"], method["learners"], method["year"], method["basis"]) == (2_000_000, 126, 2017, "whole_cost")


def test_ern_2017_cost_is_not_computable_4_sessions_known_out_of_15(seeded):
    fig = compute.cost_per_learner(seeded, OCC_2017)
    assert not fig.known
    [reason] = fig.reasons
    assert (reason.code, reason.known, reason.total) == (ReasonCode.sessions_known_for, 4, 15)
    card = cards.card(fig, "fr")
    assert card.empty_text == "non calculable"
    assert any("4 sessions sur 15" in n for n in card.notes), card.notes


def test_cost_per_positive_exit_occitanie_2017_is_not_computable_with_a_reason(seeded):
    fig = compute.cost_per_positive_exit(seeded, OCC_2017)
    assert not fig.known
    assert fig.reasons
    assert all(isinstance(r.code, ReasonCode) for r in fig.reasons)
    assert ReasonCode.sessions_known_for in {r.code for r in fig.reasons}  # no cost per learner, so none per exit
    assert cards.card(fig, "fr").empty_text == "non calculable"


# --- no French in the query layer ---------------------------------------------------------------

QUERY_FILES = sorted((ROOT / "campus_metrics" / "queries").glob("*.py")) + [ROOT / "campus_metrics" / "figures" / "compute.py"]
FRENCH = re.compile(
    r"promotion|renseign|nommé|inconnu|site\(s\)|apprenant|financement|annoncé|réalisé|prévu|seulement|effectif|sortie|"
    r"\bsans\b|\bnon publié|\bnon calculable|france entière|tous programmes|[àâçéèêëîïôûùüœ]",
    re.IGNORECASE,
)
# Found when this test was written (the words belong in the catalogue, campus_metrics.text):


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module but its docstrings (documentation, not output)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_the_french_pattern_catches_the_words_of_the_figures():
    for text in ("{n} promotion(s) renseignée(s)", "aucun site nommé", "inconnu", "3 site(s)", "Sans programme", "non calculable"):
        assert FRENCH.search(text), text
    for text in ("sites", "learners", "sessions_known_for", "calculable", "unknown_amounts", "mixed", "national"):
        assert not FRENCH.search(text), text


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=p.name) for p in QUERY_FILES],
)
def test_no_french_words_in_the_query_layer(path):
    found = [(line, text) for line, text in _string_literals(path) if FRENCH.search(text)]
    assert not found, f"{path.relative_to(ROOT)}: French words in string literals (interface text goes through the catalogue, campus_metrics.text): {found}"


# --- the query layer's import surface ------------------------------------------------------------


def test_q_outcomes_is_the_detail_rows_function():
    """`queries.outcomes` once was the submodule that shadowed the function (brief and bench call q.outcomes)."""
    assert callable(q.outcomes), q.outcomes


def test_the_figure_layer_imports_on_its_own():
    """campus_metrics.figures imported first once hit a circular import through queries.budgets."""
    done = subprocess.run([sys.executable, "-c", "import campus_metrics.figures"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]
