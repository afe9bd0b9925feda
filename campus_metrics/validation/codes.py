"""Allowed values as an official types them: the code, its French label (« réalisé ») or its English label.

The codes stay the stored values (enums.py); this only reads the words people write in a
spreadsheet, accents, case and spaces aside.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from campus_metrics.enums import (
    AmountKind,
    AmountPeriod,
    FactStatus,
    FunderType,
    IndicatorUnit,
    Nature,
    OutcomeIndicator,
    OutcomeUnit,
    ProgrammeKind,
    SiteStatus,
    TerritoryLevel,
)
from campus_metrics.labels import LABELS
from campus_metrics.text import tr

# the label list (labels.py) of each enum
LABEL_KIND: dict[type[StrEnum], str] = {
    FactStatus: "fact_status",
    SiteStatus: "site_status",
    FunderType: "funder_type",
    Nature: "nature",
    AmountKind: "amount_kind",
    AmountPeriod: "amount_period",
    OutcomeIndicator: "indicator",
    TerritoryLevel: "territory_level",
}
# French words for the codes that have no label in labels.py, and common spellings of the others
EXTRA_FRENCH: dict[type[StrEnum], dict[str, tuple[str, ...]]] = {
    FactStatus: {"realised": ("réalisé", "realise"), "announced": ("annoncé",), "voted": ("voté",), "estimate": ("estimé", "estimation")},
    SiteStatus: {"planned": ("prévu", "en projet"), "open": ("ouvert",), "closed": ("fermé",)},
    ProgrammeKind: {"label": ("label",), "network": ("réseau",), "campus": ("campus",), "school": ("école",), "training": ("formation",)},
    OutcomeUnit: {"percent": ("pourcentage", "%", "taux"), "eur_per_month": ("euros par mois", "€/mois", "€ par mois"), "count": ("nombre",)},
    IndicatorUnit: {"count": ("nombre",), "eur": ("euros", "€"), "percent": ("pourcentage", "%"), "m2": ("m²", "mètres carrés")},
    AmountKind: {"point": ("montant", "point"), "range": ("fourchette",), "shortfall": ("manque", "manque à financer"), "unknown": ("inconnu",)},
    AmountPeriod: {"one_off": ("ponctuel", "sur la période"), "per_year": ("par an",)},
    FunderType: {"state": ("état", "etat"), "region": ("région",), "private": ("privé",), "local_authority": ("collectivité",), "eu": ("ue", "europe")},
    Nature: {"investment": ("investissement",), "operating": ("fonctionnement",), "teaching": ("pédagogie",), "total": ("total",)},
    TerritoryLevel: {"departement": ("département",)},
}


def fold(word: str) -> str:
    """Lower case, no accents, single spaces: « Réalisé » and « realise » are one word."""
    plain = unicodedata.normalize("NFKD", word.strip().lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.replace("_", " ").replace("-", " ").split())


def french_label(enum: type[StrEnum], code: str) -> str:
    """The French label of a code (the template's list of allowed values)."""
    kind = LABEL_KIND.get(enum)
    if kind and code in LABELS[kind]:
        return LABELS[kind][code]
    extra = EXTRA_FRENCH.get(enum, {}).get(code)
    return extra[0].capitalize() if extra else code


def aliases(enum: type[StrEnum]) -> dict[str, str]:
    """Every accepted spelling (folded) -> code."""
    out: dict[str, str] = {}
    for member in enum:
        code = member.value
        words = [code]
        kind = LABEL_KIND.get(enum)
        if kind and code in LABELS[kind]:
            words.extend((LABELS[kind][code], tr("en", LABELS[kind][code])))  # French or English label
        words.extend(EXTRA_FRENCH.get(enum, {}).get(code, ()))
        for w in words:
            out.setdefault(fold(w), code)
    return out


_ALIASES: dict[type[StrEnum], dict[str, str]] = {}


def to_code(enum: type[StrEnum], value: str) -> str:
    """The code for a typed word, or the word unchanged (then refused as not allowed)."""
    table = _ALIASES.get(enum)
    if table is None:
        table = _ALIASES[enum] = aliases(enum)
    return table.get(fold(value), value)
