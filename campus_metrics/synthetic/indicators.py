"""Synthetic context indicators: programme targets and national, regional and departmental figures by year."""

from __future__ import annotations

import numpy as np

from campus_metrics.enums import FactStatus, IndicatorUnit, TerritoryLevel
from campus_metrics.synthetic.common import N_SOURCES, YEARS, _py
from campus_metrics.synthetic.geography import _Geo

_FRANCE, _REGION, _DEPARTEMENT = TerritoryLevel.france.value, TerritoryLevel.region.value, TerritoryLevel.departement.value
_COUNT, _EUR, _PERCENT = IndicatorUnit.count.value, IndicatorUnit.eur.value, IndicatorUnit.percent.value
_ANNOUNCED, _ESTIMATE = FactStatus.announced.value, FactStatus.estimate.value


def _indicators(rng: np.random.Generator, scale: float, geo: _Geo, progs: dict, sources: dict) -> dict[str, list]:
    rows: list[tuple] = []  # (level, code, programme, year, name, label, value, unit, keep_always)
    for pid, region in zip(progs["id"], progs["region_code"], strict=True):
        level, code = (_REGION, region) if region else (_FRANCE, None)
        planned = int(rng.integers(20, 400)) if region is None else int(rng.integers(10, 120))
        rows.append((level, code, pid, YEARS[0] + 2, "planned_sites", "Sites prévus (synthétique)", float(planned), _COUNT, True))
        rows.append((level, code, pid, YEARS[0] + 2, "target_learners", "Apprenants visés (synthétique)", float(planned * 60), _COUNT, True))
    for y in range(YEARS[0], YEARS[1] + 1):
        rows.append((_FRANCE, None, None, y, "missing_coders", "Développeurs manquants (synthétique)", float(rng.integers(50_000, 200_000)), _COUNT, False))
        rows.append(
            (
                _FRANCE,
                None,
                None,
                y,
                "digital_investment",
                "Investissement public dans la formation (synthétique)",
                float(rng.integers(100, 900)) * 1e6,
                _EUR,
                False,
            )
        )
        for r in geo.region_codes:
            rows.append(
                (
                    _REGION,
                    r,
                    None,
                    y,
                    "unfilled_digital_jobs",
                    "Emplois numériques non pourvus (synthétique)",
                    float(rng.integers(500, 15_000)),
                    _COUNT,
                    False,
                )
            )
            rows.append(
                (
                    _REGION,
                    r,
                    None,
                    y,
                    "share_without_bac",
                    "Part des apprenants sans le bac (synthétique)",
                    float(np.round(rng.uniform(10, 60), 1)),
                    _PERCENT,
                    False,
                )
            )
        for d in geo.dep_codes:
            rows.append(
                (_DEPARTEMENT, d, None, y, "digital_job_offers", "Offres d'emploi numériques (synthétique)", float(rng.integers(50, 5_000)), _COUNT, False)
            )
    optional = [i for i, r in enumerate(rows) if not r[8]]
    k = min(len(optional), max(10, int(round(len(optional) * scale))))
    keep = sorted([i for i, r in enumerate(rows) if r[8]] + rng.choice(optional, size=k, replace=False).tolist())
    rows = [rows[i] for i in keep]
    # the same regional figure given twice (two sources): one shared fact_key every 20 rows
    out: dict[str, list] = {
        c: []
        for c in (
            "id",
            "fact_key",
            "territory_level",
            "territory_code",
            "programme_id",
            "name",
            "label",
            "value",
            "unit",
            "fact_status",
            "source_id",
            "quote",
            "notes",
            "region_code",
            "departement_code",
            "year_start",
            "year_end",
        )
    }
    dep_region = dict(zip(_py(geo.dep_codes), _py(geo.dep_region), strict=True))
    n = 0

    def add(level, code, pid, y, name, lab, value, unit, key, status, src):
        nonlocal n
        n += 1
        rid = f"SYN-I-{n:06d}"
        region = code if level == _REGION else (dep_region.get(code) if level == _DEPARTEMENT else None)
        dep = code if level == _DEPARTEMENT else None
        for col, v in (
            ("id", rid),
            ("fact_key", key),
            ("territory_level", level),
            ("territory_code", code),
            ("programme_id", pid),
            ("name", name),
            ("label", f"[Synthétique] {lab}"),
            ("value", value),
            ("unit", unit),
            ("fact_status", status),
            ("source_id", src),
            ("quote", f"Indicateur fictif {rid} : valeur synthétique générée, aucune source réelle, ne pas citer."),
            ("notes", None),
            ("region_code", region),
            ("departement_code", dep),
            ("year_start", y),
            ("year_end", y),
        ):
            out[col].append(v)

    for j, (level, code, pid, y, name, lab, value, unit, _) in enumerate(rows):
        src = sources["id"][j % N_SOURCES]
        if level == _REGION and j % 20 == 0 and unit == _COUNT:
            key = f"SYN-K-I-{j:06d}"
            add(level, code, pid, y, name, lab, value, unit, key, _ESTIMATE, sources["id"][0])
            add(level, code, pid, y, name, lab, round(value * 1.2), unit, key, _ESTIMATE, sources["id"][-1])
        else:
            add(level, code, pid, y, name, lab, value, unit, None, _ANNOUNCED if name in ("planned_sites", "target_learners") else _ESTIMATE, src)
    return out
