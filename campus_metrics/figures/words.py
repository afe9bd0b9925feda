"""The words of the key figures, French first: titles, part labels, reason sentences, scope.

The query layer returns codes; this is the only place they become sentences.
"""

from __future__ import annotations

from campus_metrics.text import N_, tr

# Texts reached by a key built from codes (`part.{group}`, `reason.{code}`): French msgids, marked for extraction.
WORDS: dict[str, str] = {
    "title.sites": N_("Sites"),
    "title.cost_per_learner": N_("Coût par apprenant"),
    "title.cost_per_positive_exit": N_("Coût par sortie positive"),
    "title.employment_rate": N_("Embauches"),
    "part.learners.realised": N_("apprenants inscrits"),
    "part.learners.announced": N_("places annoncées"),
    "part.money.realised.one_off": N_("réalisé"),
    "part.money.announced.one_off": N_("annoncé ou voté"),
    "part.money.realised.per_year": N_("par an, réalisé"),
    "part.money.announced.per_year": N_("par an, annoncé"),
    "part.realised": N_("réalisé"),
    "part.announced": N_("annoncé"),
    "unknown": N_("inconnu"),
    "known_for": N_("{n} promotion(s) renseignée(s)"),
    "range": N_("fourchette"),
    "no_mix": N_("Annoncé et réalisé ne sont jamais additionnés."),
    "reason.amount_unknown": N_("montant inconnu"),
    "reason.headcount_unknown": N_("effectif inconnu"),
    "reason.headcount_known_for": N_("effectif connu pour {known} promotion(s) sur {total}"),
    "reason.sessions_known_for": N_("effectif connu pour {known} session(s) sur {total} prévues"),
    "reason.no_exit_rate": N_("pas de taux de sorties positives pour ce périmètre"),
    "reason.exit_rate_other_period": N_("taux de sorties positives mesuré sur d'autres promotions ({period})"),
    "reason.several_rates": N_("plusieurs taux aux bases inconnues"),
    "reason.no_common_scope": N_("pas de financement et d'effectif sur un même périmètre"),
}


def w(key: str, lang: str = "fr", **values) -> str:
    return tr(lang, WORDS[key], **values)
