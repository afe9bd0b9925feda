"""Synthetic funding lines: every funder type, nature and amount kind; some reported twice (announced, then voted)."""

from __future__ import annotations

import numpy as np

from campus_metrics.enums import AmountKind, AmountPeriod, FactStatus, FunderType, Nature
from campus_metrics.synthetic.common import N_SOURCES, YEARS, _choice, _draw, _fact_cols, _known, _n, _py, _split_duplicates, _weights, _years_from
from campus_metrics.synthetic.geography import _Geo, _territory_for_programme

FUNDER_P = _weights(
    FunderType,
    {
        FunderType.region: 0.35,
        FunderType.state: 0.20,
        FunderType.private: 0.10,
        FunderType.local_authority: 0.15,
        FunderType.eu: 0.08,
        FunderType.mixed: 0.05,
        FunderType.unknown: 0.07,
    },
)
NATURE_P = _weights(Nature, {Nature.investment: 0.25, Nature.operating: 0.25, Nature.teaching: 0.30, Nature.total: 0.12, Nature.unknown: 0.08})
AMOUNT_P = _weights(AmountKind, {AmountKind.point: 0.75, AmountKind.range: 0.08, AmountKind.shortfall: 0.05, AmountKind.unknown: 0.12})
STATUS_P = _weights(FactStatus, {FactStatus.realised: 0.40, FactStatus.voted: 0.30, FactStatus.announced: 0.25, FactStatus.estimate: 0.05})
# share of the operating lines that are an annual running budget (amount_period = per_year)
PER_YEAR_OPERATING = 0.15


def _funding(rng: np.random.Generator, period_rng: np.random.Generator, scale: float, geo: _Geo, progs: dict, sources: dict, site: dict) -> dict[str, list]:
    """`period_rng` draws only amount_period, so adding that column left every other column of a seed unchanged."""
    n = _n(scale, "funding_lines")
    n_base, dup = _split_duplicates(rng, n, 0.05)
    prog_region = dict(zip(progs["id"], progs["region_code"], strict=True))
    prog_name = dict(zip(progs["id"], progs["name"], strict=True))
    prog_ids = np.array(progs["id"], dtype=object)
    on_site = rng.random(n_base) < 0.88
    w = site["weight"]
    s = rng.choice(len(site["id"]), size=n_base, p=w / w.sum())
    prog_level = prog_ids[rng.integers(0, len(prog_ids), size=n_base)]
    reg_p, dep_p = _territory_for_programme(rng, geo, prog_level, prog_region)
    site_id = np.where(on_site, site["id"][s], None)
    programme = np.where(on_site, site["programme"][s], prog_level)
    region = np.where(on_site, site["region"][s], reg_p)
    dep = np.where(on_site, site["dep"][s], dep_p)
    year = np.where(on_site, _years_from(rng, site["year"][s] - 1), _years_from(rng, np.full(n_base, YEARS[0])))
    year_end = np.minimum(year + rng.choice([0, 1, 2], size=n_base, p=[0.8, 0.15, 0.05]), YEARS[1])
    funder = _draw(rng, FUNDER_P, n_base)
    nature = _draw(rng, NATURE_P, n_base)
    kind = _draw(rng, AMOUNT_P, n_base)
    amount = np.round(rng.lognormal(np.log(60_000), 1.0, size=n_base) * np.where(nature == Nature.total.value, 4, 1), -2)
    high = np.round(amount * rng.uniform(1.1, 2.0, size=n_base), -2)
    lo = np.where(kind == AmountKind.unknown.value, np.nan, amount)
    hi = np.where(kind == AmountKind.range.value, high, lo)
    in_totals = rng.random(n_base) >= 0.04
    # a share of the operating lines are an annual running budget: the same amount each year
    per_year = (nature == Nature.operating.value) & (period_rng.random(n_base) < PER_YEAR_OPERATING)
    period = np.where(per_year, AmountPeriod.per_year.value, AmountPeriod.one_off.value).astype(object)
    status = _draw(rng, STATUS_P, n_base)
    src = _choice(rng, sources["id"], [1] * N_SOURCES, n_base)
    fact_key = np.full(n_base, None, dtype=object)
    if len(dup):
        fact_key[dup] = [f"SYN-K-F-{i:07d}" for i in range(1, len(dup) + 1)]
        status[dup] = FactStatus.announced.value
        src[dup] = sources["id"][0]

    def pick(a):
        return np.concatenate([a, a[dup]]) if len(dup) else a

    site_id, programme, region, dep, year, year_end, funder, nature, kind, lo, hi, in_totals, status, src, fact_key, s, on_site = map(
        pick, (site_id, programme, region, dep, year, year_end, funder, nature, kind, lo, hi, in_totals, status, src, fact_key, s, on_site)
    )
    period = pick(period)  # a figure reported twice keeps its period
    if len(dup):
        k = slice(n_base, n)
        factor = rng.uniform(0.85, 1.1, size=len(dup))
        lo[k], hi[k] = np.round(lo[k] * factor, -2), np.round(hi[k] * factor, -2)
        status[k] = FactStatus.voted.value
        src[k] = _choice(rng, sources["id"][1:], [1] * (N_SOURCES - 1), len(dup))
        # one report in ten does not name its funder (the query prefers the one that does)
        funder[k] = np.where(rng.random(len(dup)) < 0.1, FunderType.unknown.value, funder[k])
    ids = [f"SYN-F-{i:07d}" for i in range(1, n + 1)]
    funder_names = []
    for f, r, d in zip(_py(funder), _py(region), _py(dep), strict=True):
        if f == FunderType.region:
            funder_names.append(f"Région {geo.region_names.get(r, '')} (financeur fictif)" if r else "Région (financeur fictif)")
        elif f == FunderType.state:
            funder_names.append("État (financeur fictif)")
        elif f == FunderType.private:
            funder_names.append("Entreprise partenaire fictive")
        elif f == FunderType.local_authority:
            funder_names.append(f"Collectivité fictive du {d}" if d else "Collectivité fictive")
        elif f == FunderType.eu:
            funder_names.append("Fonds européen (financeur fictif)")
        elif f == FunderType.mixed:
            funder_names.append("Plusieurs financeurs fictifs")
        else:
            funder_names.append(None)
    beneficiary = [
        (str(site["name"][si]) if os_ else f"{prog_name[p]} — {geo.region_names.get(r, 'France entière') if r else 'France entière'}")
        for si, os_, p, r in zip(_py(s), _py(on_site), _py(programme), _py(region), strict=True)
    ]
    quotes = [f"Financement fictif {i} : montant synthétique généré, aucune source réelle, ne pas citer." for i in ids]
    notes = np.where(
        ~in_totals,
        "Ventilation d'une autre ligne (synthétique) : hors totaux.",
        np.where(_known(fact_key), "Même financement annoncé puis voté (clé partagée, synthétique).", None),
    )
    return {
        "id": ids,
        "fact_key": _py(fact_key),
        "beneficiary": beneficiary,
        "site_id": _py(site_id),
        "programme_id": _py(programme),
        "funder_name": funder_names,
        "funder_type": _py(funder),
        "nature": _py(nature),
        "amount_kind": _py(kind),
        "amount_min_eur": [None if np.isnan(v) else v for v in _py(lo)],
        "amount_max_eur": [None if np.isnan(v) else v for v in _py(hi)],
        "amount_period": _py(period),
        "in_totals": [bool(v) for v in _py(in_totals)],
    } | _fact_cols(n, status, src, quotes, notes, region, dep, year, year_end)
