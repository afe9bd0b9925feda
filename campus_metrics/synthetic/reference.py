"""The synthetic sources (all flagged synthetic, « ne pas citer ») and programmes (`syn_…`)."""

from __future__ import annotations

import datetime as dt

from campus_metrics.enums import ProgrammeKind
from campus_metrics.synthetic.common import N_SOURCES
from campus_metrics.synthetic.geography import _Geo

NATIONAL_PROGRAMMES = (
    ("syn_label_national", "Label national de formations au numérique", ProgrammeKind.label.value),
    ("syn_reseau_codeurs", "Réseau d'écoles de code", ProgrammeKind.network.value),
    ("syn_ecole_data", "École de la donnée", ProgrammeKind.school.value),
    ("syn_parcours_reconversion", "Parcours de reconversion numérique", ProgrammeKind.training.value),
    ("syn_reseau_cyber", "Réseau cybersécurité", ProgrammeKind.network.value),
    ("syn_campus_inclusion", "Campus inclusion numérique", ProgrammeKind.campus.value),
)


def source_title(seed: int) -> str:
    return f"DONNÉES SYNTHÉTIQUES — générées (graine {seed}), ne pas citer"


def _sources(seed: int) -> dict[str, list]:
    dates = [dt.date(2016 + 2 * i, 1 + 2 * i, 15) for i in range(N_SOURCES)]
    return {
        "id": [f"SYN-SRC-{i + 1}" for i in range(N_SOURCES)],
        "publisher": ["campus_metrics — générateur de données synthétiques"] * N_SOURCES,
        "title": [f"{source_title(seed)} — lot {i + 1}/{N_SOURCES}" for i in range(N_SOURCES)],
        "author": [None] * N_SOURCES,
        "published_on": [d.isoformat() for d in dates],
        "date_precision": ["day"] * N_SOURCES,
        "seed_file": [None] * N_SOURCES,
        "url": [None] * N_SOURCES,
        "licence": ["Données fictives générées par programme : aucune valeur réelle"] * N_SOURCES,
        "notes": [f"DONNÉES SYNTHÉTIQUES pour tests de charge (graine {seed}). Aucun chiffre ne provient d'une source réelle."] * N_SOURCES,
        "synthetic": [True] * N_SOURCES,
    }


def _programmes(geo: _Geo, source_id: str) -> dict[str, list]:
    rows = [(pid, f"[Synthétique] {name}", kind, None) for pid, name, kind in NATIONAL_PROGRAMMES]
    for code in geo.region_codes:
        rows.append((f"syn_campus_{code}", f"[Synthétique] Campus régional du numérique — {geo.region_names[code]}", ProgrammeKind.campus.value, code))
    return {
        "id": [r[0] for r in rows],
        "name": [r[1] for r in rows],
        "kind": [r[2] for r in rows],
        "region_code": [r[3] for r in rows],
        "description": ["Programme fictif (données synthétiques, ne pas citer)."] * len(rows),
        "source_id": [source_id] * len(rows),
    }
