"""Human labels for codes, French first (English second), shared by export, queries and UI."""

from __future__ import annotations

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "fact_status": {
        "announced": ("Annoncé", "Announced"),
        "voted": ("Voté", "Voted"),
        "realised": ("Réalisé", "Realised"),
        "estimate": ("Estimation", "Estimate"),
        "mixed": ("Mixte", "Mixed"),
    },
    "site_status": {
        "planned": ("Prévu", "Planned"),
        "open": ("Ouvert", "Open"),
        "closed": ("Fermé", "Closed"),
    },
    "funder_type": {
        "region": ("Région", "Region"),
        "state": ("État", "State"),
        "private": ("Partenaires privés", "Private partners"),
        "local_authority": ("Collectivités locales", "Local authorities"),
        "eu": ("Union européenne", "European Union"),
        "mixed": ("Plusieurs financeurs", "Several funders"),
        "unknown": ("Financeur inconnu", "Unknown funder"),
    },
    "nature": {
        "investment": ("Investissement", "Investment"),
        "operating": ("Fonctionnement", "Operating"),
        "teaching": ("Frais pédagogiques", "Teaching costs"),
        "total": ("Total (toutes natures)", "Total (all kinds)"),
        "unknown": ("Nature inconnue", "Unknown kind"),
    },
    "amount_kind": {
        "point": ("Montant", "Amount"),
        "range": ("Fourchette", "Range"),
        "shortfall": ("Manque à financer", "Shortfall"),
        "unknown": ("Montant inconnu", "Unknown amount"),
    },
    "amount_period": {
        "one_off": ("Ponctuel ou sur la période", "One-off or for the period"),
        "per_year": ("Par an", "Per year"),
    },
    "indicator": {
        "positive_exit_rate": ("Sorties positives", "Positive exits"),
        "employment_rate": ("Embauches en CDI ou CDD de plus de 6 mois", "Hired on a permanent or 6-month+ contract"),
        "exit_salary": ("Salaire à la sortie", "Pay at exit"),
        "job_offers": ("Offres d'emploi à la sortie", "Job offers at exit"),
    },
    "territory_level": {
        "france": ("France", "France"),
        "region": ("Région", "Region"),
        "departement": ("Département", "Département"),
    },
}


def label(kind: str, code: str | None, lang: str = "fr") -> str:
    """The label of a code; unknown codes come back unchanged so nothing is hidden."""
    if code is None:
        return ""
    pair = LABELS.get(kind, {}).get(str(code))
    if pair is None:
        return str(code)
    return pair[0] if lang == "fr" else pair[1]


def choices(kind: str, lang: str = "fr") -> dict[str, str]:
    return {code: (fr if lang == "fr" else en) for code, (fr, en) in LABELS[kind].items()}
