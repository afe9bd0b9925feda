"""Synthetic sites in real communes drawn by population, and their programme links."""

from __future__ import annotations

import numpy as np

from campus_metrics.enums import FactStatus, SiteStatus
from campus_metrics.synthetic.common import N_SOURCES, YEARS, _choice, _fact_cols, _iso, _masked, _n, _py
from campus_metrics.synthetic.geography import _Geo
from campus_metrics.synthetic.reference import NATIONAL_PROGRAMMES


def _sites(rng: np.random.Generator, scale: float, geo: _Geo, progs: dict, sources: dict):
    n = _n(scale, "sites")
    ids = np.array([f"SYN-S-{i:06d}" for i in range(1, n + 1)], dtype=object)
    com = rng.choice(len(geo.com_insee), size=n, p=geo.com_p)
    region, dep = geo.com_region[com], geo.com_dep[com]
    # opening years grow over the decade; a few unknown
    years = np.arange(YEARS[0], YEARS[1] + 1)
    year = rng.choice(years, size=n, p=np.linspace(1, 2, len(years)) / np.linspace(1, 2, len(years)).sum())
    known_year = rng.random(n) >= 0.03
    u = rng.random(n)
    status = np.where(u < 0.08, SiteStatus.planned.value, np.where(u < 0.15, SiteStatus.closed.value, SiteStatus.open.value)).astype(object)
    year = np.where(status == SiteStatus.planned.value, np.maximum(year, YEARS[1] - 1), year)
    # main programme: half national, half the région's campus; a quarter have a second one
    n_nat = len(NATIONAL_PROGRAMMES)
    nat = rng.integers(0, n_nat, size=n)
    national_main = rng.random(n) < 0.5
    regional = np.array([f"syn_campus_{r}" for r in region], dtype=object)
    nat_ids = np.array([p[0] for p in NATIONAL_PROGRAMMES], dtype=object)
    main = np.where(national_main, nat_ids[nat], regional)
    second_nat = nat_ids[(nat + rng.integers(1, n_nat, size=n)) % n_nat]
    has_second = rng.random(n) < 0.25
    second = np.where(national_main, np.where(rng.random(n) < 0.5, regional, second_nat), nat_ids[nat])
    announced, realised = FactStatus.announced.value, FactStatus.realised.value
    fact_status = np.where(status == SiteStatus.planned.value, announced, np.where(rng.random(n) < 0.85, realised, announced)).astype(object)
    src = _choice(rng, sources["id"], [1] * N_SOURCES, n)
    with_date = known_year & (rng.random(n) < 0.4)
    month, day = rng.integers(1, 13, size=n), rng.integers(1, 29, size=n)
    opened_on = _masked(_iso(year, month, day), with_date)
    opening_year = _masked(year, known_year)
    names = [f"[Synthétique] Site {i[6:]} — {c}" for i, c in zip(ids, geo.com_name[com], strict=True)]
    quotes = [f"Site fictif n° {i[6:]} : donnée synthétique générée, aucune source réelle, ne pas citer." for i in ids]
    notes = _masked(["Site synthétique : statut et année d'ouverture tirés au hasard."] * n, rng.random(n) < 0.2)
    cols = {
        "id": _py(ids),
        "name": names,
        "operator": [f"Organisme de formation fictif {k}" for k in _py(rng.integers(1, 800, size=n))],
        "programme_id": _py(main),
        "commune_insee": _py(geo.com_insee[com]),
        "address": [None] * n,
        "site_status": _py(status),
        "opened_on": opened_on,
        "opening_year": opening_year,
        "local_partner": _masked([f"Partenaire local fictif {k}" for k in _py(rng.integers(1, 300, size=n))], rng.random(n) < 0.3),
    } | _fact_cols(n, fact_status, src, quotes, notes, region, dep, opening_year, [None] * n)
    link_site = np.concatenate([ids, ids[has_second]])
    link_prog = np.concatenate([main, second[has_second]])
    links = {"site_id": _py(link_site), "programme_id": _py(link_prog)}
    arr = {
        "id": ids,
        "region": region,
        "dep": dep,
        "programme": main,
        "second": np.where(has_second, second, main),
        "year": np.where(known_year, year, YEARS[0]),
        "status": status,
        "name": np.array(names, dtype=object),
        # some sites run many more cohorts than others
        "weight": rng.lognormal(0.0, 0.6, size=n),
    }
    return cols, links, arr
