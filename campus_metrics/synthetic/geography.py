"""The real geography the synthetic rows are placed in: régions, départements, communes by population."""

from __future__ import annotations

import numpy as np
from sqlalchemy import Connection, select

from campus_metrics import models as m
from campus_metrics.synthetic.common import _choice, _known


class _Geo:
    def __init__(self, conn: Connection):
        regs = conn.execute(select(m.Region.code, m.Region.name, m.Region.population).order_by(m.Region.code)).all()
        self.region_codes = np.array([r.code for r in regs], dtype=object)
        self.region_names = {r.code: r.name for r in regs}
        pop = np.array([r.population or 0 for r in regs], dtype=float)
        self.region_p = pop / pop.sum()
        deps = conn.execute(select(m.Departement.code, m.Departement.region_code, m.Departement.population).order_by(m.Departement.code)).all()
        self.dep_codes = np.array([d.code for d in deps], dtype=object)
        self.dep_region = np.array([d.region_code for d in deps], dtype=object)
        dpop = np.array([d.population or 0 for d in deps], dtype=float)
        self.dep_p = dpop / dpop.sum()
        coms = conn.execute(
            select(m.Commune.insee, m.Commune.name, m.Commune.departement_code, m.Commune.region_code, m.Commune.population)
            .where(m.Commune.population > 0)
            .order_by(m.Commune.insee)
        ).all()
        if not coms:
            raise RuntimeError("la table communes est vide : la géographie doit être chargée d'abord")
        self.com_insee = np.array([c.insee for c in coms], dtype=object)
        self.com_name = np.array([c.name for c in coms], dtype=object)
        self.com_dep = np.array([c.departement_code for c in coms], dtype=object)
        self.com_region = np.array([c.region_code for c in coms], dtype=object)
        cp = np.array([c.population for c in coms], dtype=float)
        self.com_p = cp / cp.sum()


def _geography(conn: Connection) -> _Geo:
    return _Geo(conn)


def _territory_for_programme(rng: np.random.Generator, geo: _Geo, prog: np.ndarray, prog_region: dict[str, str | None]):
    """Programme-level facts: the programme's région (or a drawn one, or none), rarely a département."""
    n = len(prog)
    drawn = _choice(rng, geo.region_codes, geo.region_p, n)
    own = np.array([prog_region.get(p) for p in prog], dtype=object)
    national_fact = rng.random(n) < 0.2
    region = np.where(_known(own), own, np.where(national_fact, None, drawn))
    dep = np.full(n, None, dtype=object)
    want_dep = (rng.random(n) < 0.3) & _known(region)
    for i in np.flatnonzero(want_dep):
        options = np.flatnonzero(geo.dep_region == region[i])
        if len(options):
            dep[i] = geo.dep_codes[options[rng.integers(0, len(options))]]
    return region, dep
