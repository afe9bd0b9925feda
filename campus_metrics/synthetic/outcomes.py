"""Synthetic outcomes (exit rates, pay, job offers) of cohorts or programmes; some reported twice."""

from __future__ import annotations

import numpy as np

from campus_metrics.enums import FactStatus, OutcomeIndicator, OutcomeUnit
from campus_metrics.synthetic.common import N_SOURCES, YEARS, _choice, _draw, _fact_cols, _masked, _n, _py, _split_duplicates, _weights, _years_from
from campus_metrics.synthetic.geography import _Geo, _territory_for_programme

INDICATORS = (
    # name, unit, share, low, high
    (OutcomeIndicator.positive_exit_rate.value, OutcomeUnit.percent.value, 0.40, 35.0, 95.0),
    (OutcomeIndicator.employment_rate.value, OutcomeUnit.percent.value, 0.30, 20.0, 85.0),
    (OutcomeIndicator.exit_salary.value, OutcomeUnit.eur_per_month.value, 0.15, 1400.0, 3200.0),
    (OutcomeIndicator.job_offers.value, OutcomeUnit.count.value, 0.15, 0.0, 40.0),
)
BASE_TEXT = {
    OutcomeIndicator.positive_exit_rate: "Apprenants sortis de la promotion ayant une sortie positive (base fictive)",
    OutcomeIndicator.employment_rate: "Apprenants de la promotion embauchés en CDI ou CDD de plus de 6 mois (base fictive)",
    OutcomeIndicator.exit_salary: "Salaire mensuel brut médian déclaré à la sortie (base fictive)",
    OutcomeIndicator.job_offers: "Offres d'emploi reçues à la sortie (base fictive)",
}
STATUS_P = _weights(FactStatus, {FactStatus.realised: 0.75, FactStatus.voted: 0.0, FactStatus.announced: 0.15, FactStatus.estimate: 0.10})


def _outcomes(rng: np.random.Generator, scale: float, geo: _Geo, progs: dict, sources: dict, coh: dict) -> dict[str, list]:
    n = _n(scale, "outcomes")
    n_base, dup = _split_duplicates(rng, n, 0.03)
    prog_region = dict(zip(progs["id"], progs["region_code"], strict=True))
    prog_ids = np.array(progs["id"], dtype=object)
    of_cohort = rng.random(n_base) < 0.9
    c = rng.integers(0, coh["base"], size=n_base)
    prog_level = prog_ids[rng.integers(0, len(prog_ids), size=n_base)]
    reg_p, dep_p = _territory_for_programme(rng, geo, prog_level, prog_region)
    cohort_id = np.where(of_cohort, coh["id"][c], None)
    site_id = np.where(of_cohort, coh["site_id"][c], None)
    programme = np.where(of_cohort, coh["programme"][c], prog_level)
    region = np.where(of_cohort, coh["region"][c], reg_p)
    dep = np.where(of_cohort, coh["dep"][c], dep_p)
    cohort_year = np.where(of_cohort, coh["year"][c], _years_from(rng, np.full(n_base, YEARS[0])))
    year = np.minimum(cohort_year + 1, YEARS[1])
    ind_idx = rng.choice(len(INDICATORS), size=n_base, p=[i[2] for i in INDICATORS])
    indicator = np.array([i[0] for i in INDICATORS], dtype=object)[ind_idx]
    unit = np.array([i[1] for i in INDICATORS], dtype=object)[ind_idx]
    low = np.array([i[3] for i in INDICATORS])[ind_idx]
    top = np.array([i[4] for i in INDICATORS])[ind_idx]
    value = np.round(low + rng.random(n_base) * (top - low), 1)
    value = np.where(unit == OutcomeUnit.count.value, np.floor(value), value)
    value = np.where(unit == OutcomeUnit.eur_per_month.value, np.round(value, -1), value)
    base = np.where(of_cohort & (coh["learners"][c] > 0), coh["learners"][c], rng.integers(8, 400, size=n_base))
    known_base = rng.random(n_base) < 0.85
    status = _draw(rng, STATUS_P, n_base)
    src = _choice(rng, sources["id"], [1] * N_SOURCES, n_base)
    fact_key = np.full(n_base, None, dtype=object)
    if len(dup):
        fact_key[dup] = [f"SYN-K-O-{i:07d}" for i in range(1, len(dup) + 1)]
        status[dup] = FactStatus.estimate.value
        src[dup] = sources["id"][0]

    def pick(a):
        return np.concatenate([a, a[dup]]) if len(dup) else a

    cohort_id, site_id, programme, region, dep, cohort_year, year, indicator, unit, value, base, known_base, status, src, fact_key = map(
        pick, (cohort_id, site_id, programme, region, dep, cohort_year, year, indicator, unit, value, base, known_base, status, src, fact_key)
    )
    if len(dup):
        k = slice(n_base, n)
        pct = unit[k] == OutcomeUnit.percent.value
        value[k] = np.where(pct, np.clip(np.round(value[k] + rng.uniform(-5, 5, size=len(dup)), 1), 0, 100), value[k])
        status[k] = FactStatus.realised.value
        src[k] = _choice(rng, sources["id"][1:], [1] * (N_SOURCES - 1), len(dup))
    ids = [f"SYN-O-{i:07d}" for i in range(1, n + 1)]
    quotes = [f"Résultat fictif {i} : valeur synthétique générée, aucune source réelle, ne pas citer." for i in ids]
    base_desc = [BASE_TEXT[i] for i in _py(indicator)]
    return {
        "id": ids,
        "fact_key": _py(fact_key),
        "programme_id": _py(programme),
        "site_id": _py(site_id),
        "cohort_id": _py(cohort_id),
        "cohort_period": [str(y) for y in _py(cohort_year)],
        "indicator": _py(indicator),
        "value": _py(value),
        "unit": _py(unit),
        "base_count": _masked(base, known_base),
        "base_description": base_desc,
    } | _fact_cols(n, status, src, quotes, None, region, dep, year, year)
