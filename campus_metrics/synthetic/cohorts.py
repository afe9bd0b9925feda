"""Synthetic cohorts: on a site or at programme level, some reported twice (announced, then realised)."""

from __future__ import annotations

import numpy as np

from campus_metrics.enums import FactStatus, SiteStatus
from campus_metrics.synthetic.common import (
    N_SOURCES,
    YEARS,
    _choice,
    _draw,
    _fact_cols,
    _iso,
    _known,
    _masked,
    _n,
    _py,
    _split_duplicates,
    _weights,
    _years_from,
)
from campus_metrics.synthetic.geography import _Geo, _territory_for_programme

LEVELS = ("Bac+2", "Bac+3", "Niveau 5", "Niveau 6", "Niveau 4")
STATUS_P = _weights(FactStatus, {FactStatus.realised: 0.70, FactStatus.voted: 0.05, FactStatus.announced: 0.20, FactStatus.estimate: 0.05})


def _cohorts(rng: np.random.Generator, scale: float, geo: _Geo, progs: dict, sources: dict, site: dict):
    n = _n(scale, "cohorts")
    n_base, dup = _split_duplicates(rng, n, 0.05)
    prog_region = dict(zip(progs["id"], progs["region_code"], strict=True))
    prog_ids = np.array(progs["id"], dtype=object)
    active = np.flatnonzero(site["status"] != SiteStatus.planned.value)
    if len(active) == 0:
        active = np.arange(len(site["id"]))
    w = site["weight"][active]
    on_site = rng.random(n_base) < 0.9
    s = active[rng.choice(len(active), size=n_base, p=w / w.sum())]
    year_site = _years_from(rng, site["year"][s])
    prog_site = np.where(rng.random(n_base) < 0.3, site["second"][s], site["programme"][s])
    prog_level = prog_ids[rng.integers(0, len(prog_ids), size=n_base)]
    reg_p, dep_p = _territory_for_programme(rng, geo, prog_level, prog_region)
    year_p = _years_from(rng, np.full(n_base, YEARS[0]))
    site_id = np.where(on_site, site["id"][s], None)
    programme = np.where(on_site, prog_site, prog_level)
    region = np.where(on_site, site["region"][s], reg_p)
    dep = np.where(on_site, site["dep"][s], dep_p)
    year = np.where(on_site, year_site, year_p)
    length = rng.choice([0, 1], size=n_base, p=[0.6, 0.4])
    year_end = np.minimum(year + length, YEARS[1])
    learners = rng.integers(8, 31, size=n_base)
    known_learners = rng.random(n_base) >= 0.05
    candidates = learners + rng.integers(0, 5 * learners + 1)
    known_candidates = rng.random(n_base) >= 0.3
    women = np.round(rng.beta(2.0, 5.0, size=n_base) * 55 + 5, 1)
    known_women = rng.random(n_base) >= 0.2
    duration = rng.choice([6.0, 9.0, 10.0, 12.0, 18.0, 24.0], size=n_base)
    hours_centre = (duration * rng.integers(90, 130, size=n_base)).astype(int)
    hours_company = (duration * rng.integers(0, 50, size=n_base)).astype(int)
    level = _choice(rng, LEVELS, (0.3, 0.2, 0.25, 0.15, 0.1), n_base)
    month, day = rng.integers(1, 13, size=n_base), rng.integers(1, 29, size=n_base)
    with_date = rng.random(n_base) < 0.5
    status = _draw(rng, STATUS_P, n_base)
    src = _choice(rng, sources["id"], [1] * N_SOURCES, n_base)
    fact_key = np.full(n_base, None, dtype=object)

    # companions: the same cohort announced first (older source), then realised
    if len(dup):
        fact_key[dup] = [f"SYN-K-C-{i:07d}" for i in range(1, len(dup) + 1)]
        status[dup] = FactStatus.announced.value
        src[dup] = sources["id"][0]

    def pick(a):
        return np.concatenate([a, a[dup]]) if len(dup) else a

    site_id, programme, region, dep, year, year_end = map(pick, (site_id, programme, region, dep, year, year_end))
    known_learners, candidates, known_candidates, women, known_women = map(pick, (known_learners, candidates, known_candidates, women, known_women))
    duration, hours_centre, hours_company, level, month, day, with_date, fact_key = map(
        pick, (duration, hours_centre, hours_company, level, month, day, with_date, fact_key)
    )
    learners = pick(learners)
    status, src = pick(status), pick(src)
    if len(dup):
        k = slice(n_base, n)
        learners[k] = np.clip(learners[k] + rng.integers(-4, 4, size=len(dup)), 8, 30)
        candidates[k] = np.maximum(candidates[k], learners[k])
        status[k] = FactStatus.realised.value
        src[k] = _choice(rng, sources["id"][1:], [1] * (N_SOURCES - 1), len(dup))
    ids = [f"SYN-C-{i:07d}" for i in range(1, n + 1)]
    labels = [f"[Synthétique] Promotion {y} n° {i[6:]}" for y, i in zip(_py(year), ids, strict=True)]
    quotes = [f"Promotion fictive {i} : effectif synthétique généré, aucune source réelle, ne pas citer." for i in ids]
    notes = np.where(_known(fact_key), "Même promotion annoncée puis constatée (clé partagée, synthétique).", None)
    cols = {
        "id": ids,
        "fact_key": _py(fact_key),
        "site_id": _py(site_id),
        "programme_id": _py(programme),
        "label": labels,
        "start_date": _masked(_iso(year, month, day), with_date),
        "learners": _masked(learners, known_learners),
        "candidates": _masked(candidates, known_candidates & known_learners),
        "women_share_pct": _masked(women, known_women),
        "duration_months": _py(duration),
        "hours_centre": _py(hours_centre),
        "hours_company": _py(hours_company),
        "level": _py(level),
    } | _fact_cols(n, status, src, quotes, notes, region, dep, year, year_end)
    arr = {
        "id": np.array(ids, dtype=object),
        "site_id": site_id,
        "programme": programme,
        "region": region,
        "dep": dep,
        "year": year,
        "learners": np.where(known_learners, learners, 0),
        "base": n_base,
    }
    return cols, arr
