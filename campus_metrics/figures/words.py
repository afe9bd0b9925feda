"""The words of the key figures, French first: titles, part labels, reason sentences, scope.

The query layer returns codes; this is the only place they become sentences.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # titles (one per catalogue entry)
    "title.sites": ("Sites", "Sites"),
    "title.learners": ("Apprenants", "Learners"),
    "title.money": ("Financements", "Funding"),
    "title.cost_per_learner": ("Coût par apprenant", "Cost per learner"),
    "title.positive_exit_rate": ("Sorties positives", "Positive exits"),
    "title.cost_per_positive_exit": ("Coût par sortie positive", "Cost per positive exit"),
    "title.employment_rate": ("Embauches", "Hires"),
    # part labels: what a number counts, by status group
    "part.learners.realised": ("apprenants inscrits", "learners enrolled"),
    "part.learners.announced": ("places annoncées", "places announced"),
    "part.money.realised.one_off": ("réalisé", "realised"),
    "part.money.announced.one_off": ("annoncé ou voté", "announced or voted"),
    "part.money.realised.per_year": ("par an, réalisé", "per year, realised"),
    "part.money.announced.per_year": ("par an, annoncé", "per year, announced"),
    "part.realised": ("réalisé", "realised"),
    "part.announced": ("annoncé", "announced"),
    "per_year_suffix": ("/an", "/yr"),
    "sites.by_status": ("{open} ouvert(s), {planned} prévu(s), {closed} fermé(s)", "{open} open, {planned} planned, {closed} closed"),
    "sites.none": ("aucun site nommé", "no named site"),
    "unknown": ("inconnu", "unknown"),
    "not_computable": ("non calculable", "not computable"),
    "no_data": ("non publié", "not published"),
    "headcount_unknown_for": ("{n} promotion(s) sans effectif connu", "{n} cohort(s) without a known headcount"),
    "known_for": ("{n} promotion(s) renseignée(s)", "{n} cohort(s) with a headcount"),
    "unknown_amounts": ("{n} financement(s) au montant inconnu", "{n} funding line(s) with an unknown amount"),
    "shortfall": ("dont manque à financer : {v}", "funding gap: {v}"),
    "range": ("fourchette", "range"),
    "weighted": ("moyenne pondérée de {n} mesure(s), base {base} personnes", "weighted mean of {n} measure(s), base {base} people"),
    "several_unknown_bases": ("{n} mesures aux bases inconnues : de la plus basse à la plus haute", "{n} measures with unknown bases: lowest to highest"),
    "base_unknown": ("base inconnue", "base unknown"),
    "method": ("{scope}, {year} : {money} ÷ {learners} apprenants", "{scope}, {year}: {money} ÷ {learners} learners"),
    "scopes_computed": ("{n} périmètre(s) calculé(s), du plus bas au plus haut", "{n} scope(s) computed, lowest to highest"),
    "no_mix": ("Annoncé et réalisé ne sont jamais additionnés.", "Announced and realised are never added together."),
    # scope of a measured figure
    "scope.only": ("{where} seulement ({what})", "{where} only ({what})"),
    "scope.measured": ("mesuré sur : {what}", "measured on: {what}"),
    "scope.national_programme": ("programme national", "national programme"),
    "and_more": ("et {n} autre(s)", "and {n} more"),
    # reasons (ReasonCode values)
    "reason.amount_unknown": ("montant inconnu", "amount unknown"),
    "reason.headcount_unknown": ("effectif inconnu", "headcount unknown"),
    "reason.headcount_known_for": ("effectif connu pour {known} promotion(s) sur {total}", "headcount known for {known} cohort(s) out of {total}"),
    "reason.sessions_known_for": (
        "effectif connu pour {known} session(s) sur {total} prévues",
        "headcount known for {known} session(s) out of {total} planned",
    ),
    "reason.no_exit_rate": ("pas de taux de sorties positives pour ce périmètre", "no positive-exit rate for this scope"),
    "reason.exit_rate_other_period": (
        "taux de sorties positives mesuré sur d'autres promotions ({period})",
        "positive-exit rate measured on other cohorts ({period})",
    ),
    "reason.several_rates": ("plusieurs taux aux bases inconnues", "several rates with unknown bases"),
    "reason.no_common_scope": ("pas de financement et d'effectif sur un même périmètre", "no funding and headcount on the same scope"),
    "reason.not_computable": ("non calculable", "not computable"),
    "reason.count_suffix": (" ({n} périmètres)", " ({n} scopes)"),
}


def w(key: str, lang: str = "fr", **values) -> str:
    fr, en = WORDS[key]
    text = fr if lang == "fr" else en
    return text.format(**values) if values else text
