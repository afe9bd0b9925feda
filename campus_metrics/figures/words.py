"""The words of the key figures, French first: titles, part labels, reason sentences, scope.

The query layer returns codes; this is the only place they become sentences.
"""

from __future__ import annotations

from campus_metrics.text import N_, Nn_, ntr, tr

# Texts reached by a key built from codes (`part.{group}`, `reason.{code}`): French msgids, marked for extraction.
WORDS: dict[str, str | tuple[str, str]] = {
    "title.learners": N_("Apprenants"),
    "title.money": N_("Financements"),
    "title.positive_exit_rate": N_("Sorties positives"),
    "reason.not_computable": N_("non calculable"),
    "reason.count_suffix": N_(" ({n} périmètres)"),
    "not_computable": N_("non calculable"),
    "no_data": N_("non publié"),
    "shortfall": N_("dont manque à financer : {v}"),
    "method": N_("{scope}, {year} : {money} ÷ {learners} apprenants"),
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
    "known_for": Nn_("{n} promotion renseignée", "{n} promotions renseignées"),
    "range": N_("fourchette"),
    "no_mix": N_("Annoncé et réalisé ne sont jamais additionnés."),
    "reason.amount_unknown": N_("montant inconnu"),
    "reason.headcount_unknown": N_("effectif inconnu"),
    "reason.headcount_known_for": Nn_("effectif connu pour {known} promotion sur {total}", "effectif connu pour {known} promotions sur {total}"),
    "reason.sessions_known_for": Nn_("effectif connu pour {known} session sur {total} prévues", "effectif connu pour {known} sessions sur {total} prévues"),
    "reason.no_exit_rate": N_("pas de taux de sorties positives pour ce périmètre"),
    "reason.exit_rate_other_period": N_("taux de sorties positives mesuré sur d'autres promotions ({period})"),
    "reason.several_rates": N_("plusieurs taux aux bases inconnues"),
    "reason.no_common_scope": N_("pas de financement et d'effectif sur un même périmètre"),
}


def w(key: str, lang: str = "fr", **values) -> str:
    """A plural entry counts `count` if given, else its `{n}` or `{known}` value."""
    msgid = WORDS[key]
    if isinstance(msgid, tuple):
        count = values.pop("count", values.get("n", values.get("known")))
        return ntr(lang, *msgid, int(count or 0), **values)
    return tr(lang, msgid, **values)
