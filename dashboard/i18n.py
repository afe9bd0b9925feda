"""UI strings, French first, with an English switch (sidebar, bound to `?lang=`).

Data (names, quotes, notes, method sentences) stays in French: only the interface moves.
Numbers and dates go through `campus_metrics.formatting`, labels of codes through
`campus_metrics.labels`.
"""

from __future__ import annotations

import streamlit as st

from campus_metrics.labels import label
from campus_metrics.text import N_, ntr, tr

LANG_KEY = "lang"
LANGS = {"fr": "Français", "en": "English"}
# The switch names each language in itself, and its label is in both: whoever lands in the other
# language still finds it. So these three are not translated.
SWITCH_LABEL = "Langue / Language"

# Texts reached by a key built at run time (`t(f"status_{g}")`): the French msgid, marked for extraction.
KEYED: dict[str, str] = {
    "page_overview": N_("Vue d'ensemble"),
    "page_map": N_("Carte"),
    "page_budgets": N_("Budgets"),
    "page_cohorts": N_("Promotions"),
    "page_outcomes": N_("Résultats"),
    "page_compare": N_("Comparer les territoires"),
    "page_sources": N_("Sources et données"),
    "page_import": N_("Importer des données"),
    "region": N_("Région"),
    "departements": N_("Départements"),
    "programmes": N_("Programmes"),
    "status": N_("Statut des chiffres"),
    "password": N_("Mot de passe éditeur"),
    "sources": N_("Sources"),
    "status_label": N_("Statut"),
    "unknown": N_("inconnu"),
    "year": N_("Année"),
    "years": N_("Années"),
    "note": N_("Note"),
    "coverage": N_("Couverture des données"),
    "unallocated": N_("Non réparti par département (chiffres de programme, {group}) : {items}."),
    "shortfall": N_("Manque à financer"),
    "scope": N_("Périmètre"),
    "funding": N_("Financement"),
    "exit_rate": N_("Taux de sorties positives"),
    "funding_lines": N_("Toutes les lignes de financement"),
    "cohort_details": N_("Détail des promotions"),
    "cohort_period": N_("Promotions"),
    "all_sources": N_("Toutes les sources de la base"),
    "quotes": N_("Citations ({n})"),
    "licence": N_("Licence"),
    "publisher": N_("Éditeur"),
    "title": N_("Titre"),
    "author": N_("Auteur"),
    "funder": N_("Financeur"),
    "funder_type": N_("Type de financeur"),
    "beneficiary": N_("Bénéficiaire"),
    "x_hours_centre": N_("Heures en centre"),
    "x_hours_company": N_("Heures en entreprise"),
    "status_help": N_("Annoncés : annonces, budgets votés, objectifs, estimations. Réalisés : constatés (ouverts, inscrits, dépensés, mesurés)."),
    "m_money": N_("Montants"),
    "m_per_100k": N_("Apprenants pour 100 000 habitants"),
    "undo_pick": N_("Lot à annuler"),
    "undo_confirm": N_("Je confirme l'annulation de ce lot"),
    "undo_button": N_("Annuler ce lot"),
    "undo_done": N_("Lot n° {batch} annulé : {rows}. Les synthèses sont recalculées."),
    "product_short": N_("Campus Metrics"),
    "language": N_("Langue"),
    "status_all": N_("Tous"),
    "status_announced": N_("Annoncés"),
    "status_realised": N_("Réalisés"),
    "no_data": N_("Aucune donnée sourcée pour ce périmètre."),
    "group_realised": N_("Réalisé"),
    "group_announced": N_("Annoncé ou voté"),
    "group_figures_realised": N_("chiffres réalisés"),
    "group_figures_announced": N_("chiffres annoncés"),
    "m_sites": N_("Sites"),
    "m_learners": N_("Apprenants"),
    "map_no_sites": N_("Aucun site localisé pour ce périmètre."),
    "tip_commune": N_("Commune"),
    "tip_programme": N_("Programme"),
    "tip_status": N_("Statut"),
    "tip_opening": N_("Ouverture"),
    "tip_cohort": N_("Dernière promotion"),
    "tip_source": N_("Source"),
    "by_funder": N_("Par financeur"),
    "by_nature": N_("Par nature de dépense"),
    "by_programme": N_("Par programme"),
    "by_year": N_("Par année"),
    "no_one_off": N_("Aucun montant ponctuel pour ce périmètre."),
    "amount_period": N_("Période du montant"),
    "col_funder_type": N_("Financeur"),
    "col_nature": N_("Nature"),
    "col_programme_id": N_("Programme"),
    "col_year_start": N_("Année"),
    "range": N_("Fourchette"),
    "cpl_none": N_("Aucun coût par apprenant calculable pour ce périmètre."),
    "no_candidates": N_("Aucun nombre de candidats publié pour ce périmètre : sélectivité inconnue."),
    "candidates_other_status": N_("Aucun nombre de candidats sous ce statut ; un chiffre est publié sous un autre statut (filtre « Tous »)."),
    "no_women": N_("Part des femmes non publiée pour ce périmètre."),
    "no_duration": N_("Durée des formations non publiée pour ce périmètre."),
    "no_rates": N_("Aucun taux d'insertion publié pour ce périmètre."),
    "level_region": N_("Régions"),
    "level_departement": N_("Départements"),
    "compare_need_two": N_("Choisissez au moins deux territoires (quatre au plus)."),
    "c_sites": N_("Sites"),
    "c_learners": N_("Apprenants"),
    "c_money": N_("Montants ponctuels (M€)"),
    "c_money_per_year": N_("Montants annuels (M€ par an)"),
    "c_money_per_year_per_inhabitant": N_("Euros par habitant et par an"),
    "c_sites_per_million": N_("Sites par million d'habitants"),
    "c_learners_per_100k": N_("Apprenants pour 100 000 habitants"),
    "c_money_per_inhabitant": N_("Euros par habitant"),
    "note_no_data": N_("aucune donnée sourcée pour ce territoire"),
    "note_unallocated": N_(
        "y compris des chiffres de programme connus pour la région mais non répartis par département"
    ),  # no verb: one note, one or several territories
    "import_file": N_("Fichier CSV ou Excel"),
    "import_help": N_("Formats décrits dans docs/DATA_MODEL.md. La vérification n'écrit rien ; l'écriture est tout ou rien."),
    "spending_none": N_("Aucun montant d'investissement ou de fonctionnement pour ce périmètre."),
    "funders_none": N_("Aucun financeur cité pour ce périmètre."),
    "x_note": N_("Note"),
    "undo_unknown_batch": N_("Aucun lot n° {batch}."),
    "undo_already_undone": N_("Le lot n° {batch} est déjà annulé."),
    "undo_has_dependants": N_(
        "Annulation refusée : des lignes importées plus tard dépendent du lot n° {batch} ({rows}). Annulez d'abord les imports plus récents."
    ),
    "failure_unknown_schema": N_(
        "La base de données est à la révision de schéma « {revision} », inconnue de cette version de l'application : rien n'est lu ni écrit. Prévenez l'administrateur."
    ),
    "failure_sqlite_missing": N_("Le fichier de la base de données a disparu ou a été remplacé ({path}). Prévenez l'administrateur, puis réessayez."),
    "failure_db_unreachable": N_("La base de données ne répond pas. Les chiffres ne peuvent pas être affichés pour l'instant : réessayez dans un moment."),
    "failure_db_busy": N_("La base de données est occupée par une autre écriture : réessayez dans un instant."),
    "failure_db_conflict": N_("Un autre import a écrit les mêmes identifiants au même moment : rien n'a été écrit. Vérifiez à nouveau le fichier."),
    "failure_db_error": N_("La base de données a refusé l'opération : rien n'a été écrit."),
}

IMPORT_KINDS: dict[str, str] = {
    "sources": N_("Sources"),
    "programmes": N_("Programmes"),
    "sites": N_("Sites"),
    "cohorts": N_("Promotions"),
    "funding": N_("Financements"),
    "outcomes": N_("Résultats"),
    "indicators": N_("Chiffres de contexte"),
}


def lang() -> str:
    """The current interface language ('fr' unless the switch says 'en')."""
    value = st.session_state.get(LANG_KEY, "fr")
    return value if value in LANGS else "fr"


def _(msgid: str, **values) -> str:
    """`msgid` (French) in the session's language: the dashboard's side of `campus_metrics.text.tr`."""
    return tr(lang(), msgid, **values)


def n_(singular: str, plural: str, count: int, /, **values) -> str:
    """Singular or plural by `count` in the session's language."""
    return ntr(lang(), singular, plural, count, **values)


def t(key: str, **values) -> str:
    """A text reached by a key built at run time (see KEYED)."""
    return tr(lang(), KEYED[key], **values)


def status_text(status: str | None) -> str:
    """'Réalisé', 'Annoncé', … ; a mixed aggregate says so; unknown says 'inconnu'."""
    if status is None or (isinstance(status, float) and status != status):
        return _("inconnu")
    if status == "mixed":
        return _("Mixte : annoncé + réalisé")
    return label("fact_status", status, lang())


def code_label(kind: str, code: str | None) -> str:
    return label(kind, code, lang())
