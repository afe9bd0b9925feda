"""Every phrase of the brief in French and English, and the helpers that write lists in a sentence."""

from __future__ import annotations

from campus_metrics.text import N_, tr

# Texts reached by a key built at run time: the French msgid, marked for extraction.
_S: dict[str, str] = {
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
