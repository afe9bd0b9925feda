"""Every phrase of the brief in French and English, and the helpers that write lists in a sentence."""

from __future__ import annotations

from campus_metrics.text import N_, tr

# Texts reached by a key built at run time: the French msgid, marked for extraction.
_S: dict[str, str] = {
    "si_no_date": N_("date inconnue"),
    "o_headcount": N_("Effectif : {n} personnes"),
    "o_headcount_small": N_("Effectif : {n} personnes (base faible, moins de 30)"),
    "o_headcount_unknown": N_("Effectif : inconnu"),
    "o_cohorts": N_("Promotions {p}"),
    "o_cohorts_unknown": N_("Promotions non précisées"),
    "o_year": N_("publié en {y}"),
    "o_note": N_("Chaque taux est donné avec ce qu'il mesure : la population de base, son effectif et les promotions concernées."),
    "o_weighted": N_("moyenne pondérée par l'effectif"),
    "o_lowest_highest": N_("de la plus basse à la plus haute"),
    "o_base_all": N_("{n} mesures, effectif total : {b} personnes"),
    "o_base_some": N_("{n} mesures, effectif connu pour {k} d'entre elles : pas de moyenne pondérée"),
    "o_years": N_("publiés {y}"),
    "o_summary": N_("Vue résumée de {n} résultats publiés ; chacun est détaillé dans le tableau de bord, page « Résultats »."),
    "c_metric": N_("Indicateur"),
    "c_inhabitants": N_("{n} hab."),
    "c_sites": N_("Sites"),
    "c_exit_partial": N_("mesure partielle"),
    "c_sites_per_million": N_("Sites par million d'hab."),
    "c_learners_per_100k": N_("Apprenants / 100 000 hab."),
    "c_money_per_inhabitant": N_("Euros par habitant"),
    "c_exit_detail": N_("promotions {p}"),
    "c_exit_base": N_("base inconnue"),
    "c_per_inhabitant": N_("Par habitant : le réalisé s'il est connu, sinon l'annoncé."),
    "c_exit_note": N_("Sorties positives : définition et base selon la source (voir « Résultats »)."),
    "c_population_note": N_("Populations : INSEE (recensement)."),
    "synthetic": N_("DONNÉES SYNTHÉTIQUES — ne pas diffuser comme des chiffres réels."),
    "status": N_("Statut"),
    "mixed": N_("Mixte (annoncé, voté ou estimé)"),
    "sources": N_("Sources"),
    "national": N_("National (sans territoire)"),
    "n_sites_pl": N_("{n} sites"),
    "shortfall": N_("Manque à financer"),
    "si_name": N_("Site"),
    "si_commune": N_("Commune"),
    "si_opening": N_("Ouverture"),
    "si_status": N_("Statut"),
    "si_source": N_("Source"),
    "si_opening_year": N_("{y}"),
    "national_short": N_("national"),
    "n_sites": N_("{n} site"),
    "per_year": N_("par an"),
    "o_result": N_("Résultat"),
    "o_value": N_("Valeur"),
    "o_base": N_("Mesuré sur (base)"),
    "o_period": N_("Promotions · mesure"),
    "o_status": N_("Statut · source"),
    "o_none": N_("Aucun résultat d'insertion publié pour ce périmètre."),
    "compare_title": N_("Comparaison des territoires"),
    "compare_regions_title": N_("Comparaison des régions présentes dans les données"),
    "c_no_data": N_("aucune donnée sourcée pour ce territoire sur la période"),
    "c_unallocated": N_("inclut des chiffres de programme non répartis par département"),
    "c_more": N_("Autres territoires avec des données, non affichés : {items}."),
    "c_more_asked": N_("Au-delà de quatre territoires, non affichés : {items}."),
}


def _t(key: str, lang: str, **values) -> str:
    return tr(lang, _S[key], **values)


def _colon(lang: str) -> str:
    """French puts a (no-break) space before the colon."""
    return "\u00a0: " if lang == "fr" else ": "
