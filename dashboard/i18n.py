"""UI strings, French first, with an English switch (sidebar, bound to `?lang=`).

Data (names, quotes, notes, method sentences) stays in French: only the interface moves.
Numbers and dates go through `campus_metrics.formatting`, labels of codes through
`campus_metrics.labels`.
"""

from __future__ import annotations

import streamlit as st

from campus_metrics.labels import label

LANG_KEY = "lang"
LANGS = {"fr": "Français", "en": "English"}

STRINGS: dict[str, tuple[str, str]] = {
    "n_measures": (
        "{n} mesures : le graphique montre les 25 premières, le tableau les donne toutes.",
        "{n} measures: the chart shows the first 25, the table lists them all.",
    ),
    # product and navigation
    "product": ("Campus Metrics — formations au numérique dans les régions", "Campus Metrics — digital-skills training in the French regions"),
    "product_short": ("Campus Metrics", "Campus Metrics"),
    "section_view": ("Tableau de bord", "Dashboard"),
    "section_data": ("Données", "Data"),
    "page_overview": ("Vue d'ensemble", "Overview"),
    "page_map": ("Carte", "Map"),
    "page_budgets": ("Budgets", "Budgets"),
    "page_cohorts": ("Promotions", "Cohorts"),
    "page_outcomes": ("Résultats", "Outcomes"),
    "page_compare": ("Comparer les territoires", "Compare territories"),
    "page_sources": ("Sources et données", "Sources and data"),
    "page_import": ("Importer des données", "Import data"),
    "language": ("Langue", "Language"),
    # filters
    "filters": ("Filtres", "Filters"),
    "period": ("Période", "Period"),
    "period_help": (
        "Toute l'étendue = toutes années, y compris les chiffres sans année connue.",
        "Full extent = all years, including figures with no known year.",
    ),
    "no_years": ("Aucune année renseignée dans la base.", "No year recorded in the database."),
    "region": ("Région", "Region"),
    "all_france": ("France entière", "All of France"),
    "departements": ("Départements", "Départements"),
    "departements_placeholder": ("Tous les départements", "All départements"),
    "programmes": ("Programmes", "Programmes"),
    "programmes_placeholder": ("Tous les programmes", "All programmes"),
    "status": ("Statut des chiffres", "Status of figures"),
    "status_all": ("Tous", "All"),
    "status_announced": ("Annoncés", "Announced"),
    "status_realised": ("Réalisés", "Realised"),
    "status_help": (
        "Annoncés : annonces, budgets votés, objectifs, estimations. Réalisés : constatés (ouverts, inscrits, dépensés, mesurés).",
        "Announced: plans, voted budgets, targets, estimates. Realised: observed (opened, enrolled, spent, measured).",
    ),
    "reset": ("Réinitialiser les filtres", "Reset filters"),
    "share_hint": (
        "L'adresse de la page contient les filtres : copiez-la pour rouvrir la même vue.",
        "The page address holds the filters: copy it to reopen the same view.",
    ),
    # editor
    "editor_space": ("Espace éditeur", "Editor area"),
    "password": ("Mot de passe éditeur", "Editor password"),
    "login": ("Se connecter", "Log in"),
    "logout": ("Se déconnecter", "Log out"),
    "login_sso": ("Se connecter (compte de la collectivité)", "Log in (organisation account)"),
    "bad_password": ("Mot de passe incorrect.", "Wrong password."),
    "editor_ok": ("Connecté en éditeur : la page d'import est disponible.", "Logged in as editor: the import page is available."),
    "no_editor_configured": (
        "Aucun accès éditeur n'est configuré (mot de passe ou connexion dans .streamlit/secrets.toml).",
        "No editor access is configured (password or login in .streamlit/secrets.toml).",
    ),
    # generic
    "see_data": ("Voir les données", "See the data"),
    "source": ("Source", "Source"),
    "sources": ("Sources", "Sources"),
    "no_source": ("Source non renseignée", "No source recorded"),
    "status_label": ("Statut", "Status"),
    "no_data": ("Aucune donnée sourcée pour ce périmètre.", "No sourced data for this selection."),
    "unknown": ("inconnu", "unknown"),
    "yes": ("Oui", "Yes"),
    "no": ("Non", "No"),
    "mixed_status": ("Mixte : annoncé + réalisé", "Mixed statuses"),
    "group_realised": ("Réalisé", "Realised"),
    "group_announced": ("Annoncé ou voté", "Announced or voted"),
    "group_figures_realised": ("chiffres réalisés", "realised figures"),
    "group_figures_announced": ("chiffres annoncés", "announced figures"),
    "one_group_note": (
        "Apprenants et montants : {group} seulement. Réalisé et annoncé ne sont jamais additionnés : les deux sont sur la vue d'ensemble.",
        "Learners and funding: {group} only. Realised and announced are never added together: both are on the overview.",
    ),
    "no_data_badge": ("Aucune donnée sourcée", "No sourced data"),
    "colon": (" : ", ": "),
    "year": ("Année", "Year"),
    "years": ("Années", "Years"),
    "programme": ("Programme", "Programme"),
    "site": ("Site", "Site"),
    "territory": ("Territoire", "Territory"),
    "national": ("National (sans territoire)", "National (no territory)"),
    "no_programme": ("Sans programme", "No programme"),
    "amount": ("Montant", "Amount"),
    "note": ("Note", "Note"),
    "million_eur": ("Millions d'euros", "Million euros"),
    # key figures
    "kf_sites": ("Sites", "Sites"),
    "kf_learners": ("Apprenants", "Learners"),
    "kf_money": ("Montants engagés", "Committed funding"),
    "kf_cost_per_learner": ("Coût par apprenant", "Cost per learner"),
    "coverage": ("Couverture des données", "Data coverage"),
    "coverage_sentence": ("{named} site(s) nommé(s) sur {planned} — {programme}{scope}", "{named} site(s) named out of {planned} — {programme}{scope}"),
    "coverage_in_dep": (" (dans ce périmètre)", " (in this selection)"),
    "what_changed": ("Ce qui a changé sur la période", "What changed over the period"),
    "small_map": ("Sites par département", "Sites by département"),
    "map_full": ("Carte détaillée : page « Carte ».", "Detailed map: “Map” page."),
    "ys_sites": ("Sites ouverts", "Sites opened"),
    "ys_learners": ("Apprenants entrés en formation", "Learners starting"),
    "ys_money": ("Montants engagés (M€)", "Committed funding (€M)"),
    # map
    "map_metric": ("Couleur des départements", "Colour départements by"),
    "m_sites": ("Sites", "Sites"),
    "m_learners": ("Apprenants", "Learners"),
    "m_money": ("Montants", "Funding"),
    "m_per_100k": ("Apprenants pour 100 000 habitants", "Learners per 100,000 inhabitants"),
    "map_zone": ("Cadrage", "View"),
    "metropole": ("France métropolitaine", "Metropolitan France"),
    "map_click_hint": (
        "Cliquez sur un département pour filtrer toute l'application sur ce département.",
        "Click a département to filter the whole app to it.",
    ),
    "map_undo": ("Annuler la sélection sur la carte", "Undo the map selection"),
    "map_selected": ("Filtré sur {name} depuis la carte.", "Filtered to {name} from the map."),
    "map_too_many": (
        "{n} sites correspondent : seuls les {cap} premiers sont dessinés.",
        "{n} sites match: only the first {cap} are drawn.",
    ),
    "map_no_sites": ("Aucun site localisé pour ce périmètre.", "No located site for this selection."),
    "unallocated": (
        "Non réparti par département (chiffres de programme, {group}) : {items}.",
        "Not broken down by département (programme-level figures, {group}): {items}.",
    ),
    "legend_no_data": ("Aucune donnée sourcée", "No sourced data"),
    "legend_outside": ("Hors filtre", "Outside the filter"),
    "legend_sites": ("Sites (couleur = programme)", "Sites (colour = programme)"),
    "dep_totals": ("Totaux par département", "Totals by département"),
    "tip_sites": ("Sites", "Sites"),
    "tip_learners": ("Apprenants", "Learners"),
    "tip_money": ("Montants", "Funding"),
    "tip_per_100k": ("Apprenants / 100 000 hab.", "Learners / 100,000 inh."),
    "tip_commune": ("Commune", "Commune"),
    "tip_programme": ("Programme", "Programme"),
    "tip_status": ("Statut", "Status"),
    "tip_opening": ("Ouverture", "Opening"),
    "tip_cohort": ("Dernière promotion", "Latest cohort"),
    "tip_source": ("Source", "Source"),
    "cohort_value": ("{year} : {n} apprenant(s)", "{year}: {n} learner(s)"),
    "map_attribution": ("Fond : contours des départements (pas de fond de carte en ligne).", "Background: département outlines (no online basemap)."),
    # budgets
    "by_funder": ("Par financeur", "By funder"),
    "by_nature": ("Par nature de dépense", "By kind of spending"),
    "by_programme": ("Par programme", "By programme"),
    "by_year": ("Par année", "By year"),
    "budget_legend": (
        "Barres pleines : montants comptés dans les totaux (couleur = annoncé / réalisé). Trait : fourchette (minimum – maximum). "
        "Barre hachurée contournée : manque à financer. Les montants annuels (par an) sont à part, jamais additionnés aux montants ponctuels.",
        "Solid bars: amounts counted in totals (colour = announced / realised). Line: range (minimum – maximum). Hatched outlined bar: funding gap. "
        "Yearly amounts (per year) are shown apart, never added to one-off amounts.",
    ),
    "one_off_title": ("Montants ponctuels ou sur la période", "One-off amounts or for the period"),
    "per_year_title": ("Montants annuels (par an)", "Yearly amounts (per year)"),
    "million_eur_per_year": ("Millions d'euros par an", "Million euros per year"),
    "no_one_off": ("Aucun montant ponctuel pour ce périmètre.", "No one-off amount for this selection."),
    "amount_period": ("Période du montant", "Amount period"),
    "shortfall": ("Manque à financer", "Funding gap"),
    "col_funder_type": ("Financeur", "Funder"),
    "col_nature": ("Nature", "Kind"),
    "col_programme_id": ("Programme", "Programme"),
    "col_year_start": ("Année", "Year"),
    "range": ("Fourchette", "Range"),
    "cpl_title": ("Coût par apprenant et par sortie positive", "Cost per learner and per positive exit"),
    "cpl_method": (
        "Méthode : coût calculé seulement quand le financement et l'effectif couvrent le même périmètre et la même année (financement ÷ apprenants).",
        "Method: computed only when funding and headcount cover the same scope and year (funding ÷ learners).",
    ),
    "cpl_none": ("Aucun coût par apprenant calculable pour ce périmètre.", "No cost per learner can be computed for this selection."),
    "scope": ("Périmètre", "Scope"),
    "funding": ("Financement", "Funding"),
    "cost_per_exit": ("Coût par sortie positive", "Cost per positive exit"),
    "exit_rate": ("Taux de sorties positives", "Positive-exit rate"),
    "not_calculable_because": ("non calculable : {why}", "not computable: {why}"),
    "funding_lines": ("Toutes les lignes de financement", "All funding lines"),
    "funding_lines_help": (
        "Y compris les lignes non comptées dans les totaux (détail d'une autre ligne, chiffre alternatif) : voir la colonne « Note ».",
        "Including lines not counted in totals (breakdown of another line, alternative figure): see the “Note” column.",
    ),
    "unknown_amounts": ("{n} financement(s) au montant inconnu (financeur connu).", "{n} funding line(s) with an unknown amount (funder known)."),
    # cohorts
    "learners_by_year": ("Apprenants par année d'entrée et programme", "Learners by start year and programme"),
    "learners_by_region": ("Apprenants par région", "Learners by region"),
    "no_year_cohorts": ("{n} promotion(s) sans année connue ne figurent pas sur ce graphique.", "{n} cohort(s) with no known year are not on this chart."),
    "selectivity": ("Candidatures et sélectivité", "Applications and selectivity"),
    "no_candidates": (
        "Aucun nombre de candidats publié pour ce périmètre : sélectivité inconnue.",
        "No applicant count published for this selection: selectivity unknown.",
    ),
    "candidates_other_status": (
        "Aucun nombre de candidats sous ce statut ; un chiffre est publié sous un autre statut (filtre « Tous »).",
        "No applicant count with this status; one is published with another status (filter “All”).",
    ),
    "women_share": ("Part des femmes", "Share of women"),
    "parity": ("Parité (50 %)", "Parity (50%)"),
    "parity_note": ("La Région Occitanie vise la parité : ligne à 50 %.", "Occitanie aims at parity: line at 50%."),
    "no_women": ("Part des femmes non publiée pour ce périmètre.", "Share of women not published for this selection."),
    "duration": ("Durée des formations", "Training length"),
    "no_duration": ("Durée des formations non publiée pour ce périmètre.", "Training length not published for this selection."),
    "cohort_details": ("Détail des promotions", "Cohort details"),
    # outcomes
    "rates": ("Taux d'insertion", "Placement rates"),
    "rate_of": ("Taux mesuré sur", "Rate measured on"),
    "base": ("Base", "Base"),
    "base_unknown": ("Effectif de la base inconnu", "Base headcount unknown"),
    "base_small": ("Base faible : {n} personnes (moins de 30)", "Small base: {n} people (fewer than 30)"),
    "base_ok": ("Base : {n} personnes", "Base: {n} people"),
    "cohort_period": ("Promotions", "Cohorts"),
    "measured_in": ("mesuré en {year}", "measured in {year}"),
    "other_outcomes": ("Autres résultats (salaires, offres d'emploi)", "Other outcomes (pay, job offers)"),
    "no_rates": ("Aucun taux d'insertion publié pour ce périmètre.", "No placement rate published for this selection."),
    # compare
    "compare_level": ("Comparer des", "Compare"),
    "level_region": ("Régions", "Regions"),
    "level_departement": ("Départements", "Départements"),
    "compare_pick": ("Territoires (2 à 4)", "Territories (2 to 4)"),
    "compare_need_two": ("Choisissez au moins deux territoires (quatre au plus).", "Pick at least two territories (four at most)."),
    "raw_counts": ("Chiffres bruts", "Raw counts"),
    "per_capita": ("Rapportés à la population", "Per inhabitant"),
    "c_sites": ("Sites", "Sites"),
    "c_learners": ("Apprenants", "Learners"),
    "c_money": ("Montants ponctuels (M€)", "One-off funding (€M)"),
    "c_money_per_year": ("Montants annuels (M€ par an)", "Yearly funding (€M per year)"),
    "c_money_per_year_per_inhabitant": ("Euros par habitant et par an", "Euros per inhabitant per year"),
    "c_sites_per_million": ("Sites par million d'habitants", "Sites per million inhabitants"),
    "c_learners_per_100k": ("Apprenants pour 100 000 habitants", "Learners per 100,000 inhabitants"),
    "c_money_per_inhabitant": ("Euros par habitant", "Euros per inhabitant"),
    "c_population": ("Population", "Population"),
    "c_exit_rate": ("Sorties positives", "Positive exits"),
    "compare_groups": (
        "Réalisé (bleu) et annoncé ou voté (orange) : barres séparées, jamais additionnées.",
        "Realised (blue) and announced or voted (orange): separate bars, never added together.",
    ),
    "note_no_data": ("aucune donnée sourcée pour ce territoire", "no sourced data for this territory"),
    "note_unallocated": (
        "comprend des chiffres de programme connus pour la région mais non répartis par département",
        "includes programme figures known for the region but not broken down by département",
    ),
    "note_exit_narrower": (
        "taux de sorties positives mesuré sur une partie du territoire seulement",
        "positive-exit rate measured on part of the territory only",
    ),
    "compare_scope": (
        "Période, programmes et statut suivent les filtres ; le territoire est choisi ici.",
        "Period, programmes and status follow the filters; the territory is chosen here.",
    ),
    # sources page
    "sources_of_view": ("Sources des chiffres affichés", "Sources of the figures shown"),
    "all_sources": ("Toutes les sources de la base", "Every source in the database"),
    "quotes": ("Citations ({n})", "Quotes ({n})"),
    "facts": ("{n} chiffre(s)", "{n} figure(s)"),
    "licence": ("Licence", "Licence"),
    "publisher": ("Éditeur", "Publisher"),
    "title": ("Titre", "Title"),
    "date": ("Date", "Date"),
    "author": ("Auteur", "Author"),
    "download": ("Télécharger les données filtrées", "Download the filtered data"),
    "download_table": ("Tableau", "Table"),
    "download_csv": ("CSV (Excel français : « ; », virgule décimale)", "CSV (French Excel: “;”, decimal comma)"),
    "download_xlsx": ("Classeur Excel (tous les tableaux)", "Excel workbook (all tables)"),
    "geo_attribution": ("Géographie", "Geography"),
    "context_indicators": ("Chiffres de contexte", "Context figures"),
    # import
    "import_kind": ("Type de fichier", "File kind"),
    "import_file": ("Fichier CSV ou Excel", "CSV or Excel file"),
    "import_check": ("Vérifier le fichier", "Check the file"),
    "import_write": ("Écrire dans la base", "Write to the database"),
    "import_ok": ("{rows} ligne(s) valides, aucun problème. Vous pouvez confirmer l'écriture.", "{rows} valid row(s), no problem. You can confirm the write."),
    "import_problems": ("{n} problème(s) : rien ne sera écrit.", "{n} problem(s): nothing will be written."),
    "import_done": ("{rows} ligne(s) écrites. Les chiffres affichés sont recalculés.", "{rows} row(s) written. The figures shown are recomputed."),
    "import_help": (
        "Formats décrits dans docs/DATA_MODEL.md. La vérification n'écrit rien ; l'écriture est tout ou rien.",
        "Formats are described in docs/DATA_MODEL.md. Checking writes nothing; writing is all or nothing.",
    ),
    "import_denied": ("Accès réservé aux éditeurs.", "Editors only."),
    # budgets: investment against running costs, who paid, exports (issue 9)
    "spending_title": ("Investissement et fonctionnement", "Investment and running costs"),
    "spending_top": (
        "{shown} lignes sur {total} : les {per} plus grosses de chaque nature. Les autres sont dans « Toutes les lignes de financement », plus bas.",
        "{shown} lines of {total}: the {per} largest of each nature. The others are in « All funding lines », below.",
    ),
    "spending_help": (
        "Chaque montant cité comme investissement, fonctionnement ou frais pédagogiques, compté dans les totaux ou non (barre pâle : "
        "détail ou doublon d'une autre ligne, jamais additionné). Fourchette : barre du minimum au maximum. Les lignes « total » "
        "qui ne séparent pas investissement et fonctionnement n'y figurent pas.",
        "Every amount cited as investment, running costs or teaching costs, counted in totals or not (pale bar: breakdown or "
        "duplicate of another line, never added). Range: bar from minimum to maximum. « Total » lines that do not split "
        "investment from running costs are left out.",
    ),
    "spending_none": ("Aucun montant d'investissement ou de fonctionnement pour ce périmètre.", "No investment or running-cost amount for this selection."),
    "counted_yes": ("Compté dans les totaux", "Counted in totals"),
    "counted_no": ("Non compté (détail ou doublon)", "Not counted (breakdown or duplicate)"),
    "funders_title": ("Qui a financé", "Who paid"),
    "funders_help": (
        "Un financeur par ligne, nommé comme la source le nomme. Barre : montants comptés dans les totaux. Les montants cités "
        "mais non comptés (détail ou doublon d'une autre ligne) et les montants non publiés sont dits en toutes lettres.",
        "One funder per row, named as the source names it. Bar: amounts counted in totals. Amounts cited but not counted "
        "(breakdown or duplicate of another line) and unpublished amounts are stated in words.",
    ),
    "funders_none": ("Aucun financeur cité pour ce périmètre.", "No funder cited for this selection."),
    "funder": ("Financeur", "Funder"),
    "funder_type": ("Type de financeur", "Funder type"),
    "beneficiary": ("Bénéficiaire", "Beneficiary"),
    "amount_not_published": ("montant non publié", "amount not published"),
    "other_cited": ("{n} autre(s) montant(s) cité(s), non compté(s)", "{n} other amount(s) cited, not counted"),
    "unknown_cited": ("{n} montant(s) non publié(s)", "{n} amount(s) not published"),
    "nothing_counted": ("rien de compté", "nothing counted"),
    "line_ref": ("« {what} »", "“{what}”"),
    "export_data": ("donnees", "data"),
    "export_budgets": ("budgets", "budgets"),
    "export_funders": ("financeurs", "funders"),
    "export_spending": ("investissement-fonctionnement", "investment-running-costs"),
    "export_funding_lines": ("lignes-de-financement", "funding-lines"),
    "export_costs": ("cout-par-apprenant", "cost-per-learner"),
    "export_cohorts": ("promotions", "cohorts"),
    "export_outcomes": ("resultats", "outcomes"),
    "x_amount_min": ("Montant min (€)", "Amount min (€)"),
    "x_amount_max": ("Montant max (€)", "Amount max (€)"),
    "x_counted_min": ("Comptés, min (€)", "Counted, min (€)"),
    "x_counted_max": ("Comptés, max (€)", "Counted, max (€)"),
    "x_yearly_min": ("Comptés par an, min (€/an)", "Counted per year, min (€/year)"),
    "x_yearly_max": ("Comptés par an, max (€/an)", "Counted per year, max (€/year)"),
    "x_other_lines": ("Autres montants cités, non comptés (nombre)", "Other amounts cited, not counted (number)"),
    "x_unknown_lines": ("Montants non publiés (nombre)", "Amounts not published (number)"),
    "x_year_start": ("Année de début", "Start year"),
    "x_year_end": ("Année de fin", "End year"),
    "x_cost_min": ("Coût par apprenant, min (€)", "Cost per learner, min (€)"),
    "x_cost_max": ("Coût par apprenant, max (€)", "Cost per learner, max (€)"),
    "x_cost_exit_min": ("Coût par sortie positive, min (€)", "Cost per positive exit, min (€)"),
    "x_cost_exit_max": ("Coût par sortie positive, max (€)", "Cost per positive exit, max (€)"),
    "x_funding_min": ("Financement, min (€)", "Funding, min (€)"),
    "x_funding_max": ("Financement, max (€)", "Funding, max (€)"),
    "x_exit_rate": ("Taux de sorties positives (%)", "Positive-exit rate (%)"),
    "x_learners": ("Apprenants", "Learners"),
    "x_reason": ("Pourquoi non calculable", "Why not computable"),
    "x_nature": ("Nature", "Kind"),
    "x_period": ("Période du montant", "Amount period"),
    "x_note": ("Note", "Note"),
    "x_hours_centre": ("Heures en centre", "Hours in centre"),
    "x_hours_company": ("Heures en entreprise", "Hours in company"),
    "x_value": ("Valeur", "Value"),
    "x_unit": ("Unité", "Unit"),
    "x_base_count": ("Effectif de base", "Base headcount"),
    "x_measured": ("Mesuré en (année)", "Measured in (year)"),
    # issue 9 (helper wt9a): map site card, accessibility text of the map
    "map_card_hint": ("Cliquez sur un site de la carte pour ouvrir sa fiche.", "Click a site on the map to open its card."),
    "chart_alt": ("Graphique : {what}", "Chart: {what}"),
    "chart_alt_none": ("valeurs par catégorie", "values by category"),
    # issue 10: import history, templates, problems, failures, sign-in throttling
    "import_steps": (
        "1. Téléchargez le modèle du type de données et remplissez-le dans Excel (une ligne par chiffre, avec sa source et sa citation).\n"
        "2. Déposez-le ci-dessous et vérifiez-le : la vérification n'écrit rien et liste tous les problèmes d'un coup.\n"
        "3. Écrivez : tout ou rien, en un lot que vous pourrez annuler.",
        "1. Download the template of the data kind and fill it in Excel (one row per figure, with its source and quote).\n"
        "2. Drop it below and check it: checking writes nothing and lists every problem at once.\n"
        "3. Write: all or nothing, as one batch you can undo.",
    ),
    "template_title": ("Modèles à remplir", "Templates to fill in"),
    "template_xlsx": ("Modèle Excel", "Excel template"),
    "template_csv": ("Modèle CSV", "CSV template"),
    "template_help": (
        "Le modèle Excel contient aussi la liste des valeurs autorisées (codes ou libellés français acceptés) et les colonnes obligatoires.",
        "The Excel template also lists the allowed values (codes or French labels are accepted) and the required columns.",
    ),
    "upload_label": ("Fichier à importer (.csv ou .xlsx, {mb} Mo au plus)", "File to import (.csv or .xlsx, at most {mb} MB)"),
    "import_more_problems": ("… et {n} autre(s) problème(s) : corrigez d'abord ceux-ci.", "… and {n} more problem(s): fix these first."),
    "import_batch_done": (
        "{rows} ligne(s) écrites (lot n° {batch}). Les chiffres affichés sont recalculés.",
        "{rows} row(s) written (batch {batch}). The figures shown are recomputed.",
    ),
    "batches_title": ("Historique des imports", "Import history"),
    "batches_empty": ("Aucun import enregistré.", "No import recorded."),
    "batch_id": ("Lot", "Batch"),
    "batch_when": ("Date", "Date"),
    "batch_who": ("Par", "By"),
    "batch_files": ("Fichiers", "Files"),
    "batch_rows": ("Lignes ajoutées", "Rows added"),
    "batch_state": ("État", "State"),
    "batch_active": ("en place", "in place"),
    "batch_undone": ("annulé le {when} par {who}", "undone on {when} by {who}"),
    "undo_pick": ("Lot à annuler", "Batch to undo"),
    "undo_confirm": ("Je confirme l'annulation de ce lot", "I confirm undoing this batch"),
    "undo_button": ("Annuler ce lot", "Undo this batch"),
    "undo_done": ("Lot n° {batch} annulé : {rows}. Les synthèses sont recalculées.", "Batch {batch} undone: {rows}. Summaries are rebuilt."),
    "undo_unknown_batch": ("Aucun lot n° {batch}.", "No batch {batch}."),
    "undo_already_undone": ("Le lot n° {batch} est déjà annulé.", "Batch {batch} is already undone."),
    "undo_has_dependants": (
        "Annulation refusée : des lignes importées plus tard dépendent du lot n° {batch} ({rows}). Annulez d'abord les imports plus récents.",
        "Undo refused: rows imported later depend on batch {batch} ({rows}). Undo the later imports first.",
    ),
    "failure_unknown_schema": (
        "La base de données est à la révision de schéma « {revision} », inconnue de cette version de l'application : rien n'est lu ni écrit. "
        "Prévenez l'administrateur.",
        "The database is at schema revision “{revision}”, unknown to this version of the app: nothing is read or written. Tell the administrator.",
    ),
    "failure_sqlite_missing": (
        "Le fichier de la base de données a disparu ou a été remplacé ({path}). Prévenez l'administrateur, puis réessayez.",
        "The database file is gone or was replaced ({path}). Tell the administrator, then retry.",
    ),
    "failure_db_unreachable": (
        "La base de données ne répond pas. Les chiffres ne peuvent pas être affichés pour l'instant : réessayez dans un moment.",
        "The database is not answering. The figures cannot be shown for now: retry in a moment.",
    ),
    "failure_db_busy": (
        "La base de données est occupée par une autre écriture : réessayez dans un instant.",
        "The database is busy with another write: retry in a moment.",
    ),
    "failure_db_conflict": (
        "Un autre import a écrit les mêmes identifiants au même moment : rien n'a été écrit. Vérifiez à nouveau le fichier.",
        "Another import wrote the same ids at the same time: nothing was written. Check the file again.",
    ),
    "failure_db_error": ("La base de données a refusé l'opération : rien n'a été écrit.", "The database refused the operation: nothing was written."),
    "retry": ("Réessayer", "Retry"),
    "upload_browse": ("Choisir un fichier", "Choose a file"),
    "data_stale": (
        "La base de données ne répond pas : les chiffres affichés sont ceux de la dernière lecture et peuvent ne plus être à jour.",
        "The database is not answering: the figures shown are from the last read and may be out of date.",
    ),
    "login_wait": ("Trop d'essais : attendez {seconds} s avant de réessayer.", "Too many tries: wait {seconds} s before trying again."),
    "login_locked": (
        "Trop d'essais infructueux : la connexion éditeur est bloquée pendant {minutes} min.",
        "Too many failed tries: editor sign-in is locked for {minutes} min.",
    ),
}

IMPORT_KINDS: dict[str, tuple[str, str]] = {
    "sources": ("Sources", "Sources"),
    "programmes": ("Programmes", "Programmes"),
    "sites": ("Sites", "Sites"),
    "cohorts": ("Promotions", "Cohorts"),
    "funding": ("Financements", "Funding"),
    "outcomes": ("Résultats", "Outcomes"),
    "indicators": ("Chiffres de contexte", "Context figures"),
}


def lang() -> str:
    """The current interface language ('fr' unless the switch says 'en')."""
    value = st.session_state.get(LANG_KEY, "fr")
    return value if value in LANGS else "fr"


def t(key: str, **values) -> str:
    fr, en = STRINGS[key]
    text = en if lang() == "en" else fr
    return text.format(**values) if values else text


def status_text(status: str | None) -> str:
    """'Réalisé', 'Annoncé', … ; a mixed aggregate says so; unknown says 'inconnu'."""
    if status is None or (isinstance(status, float) and status != status):
        return t("unknown")
    if status == "mixed":
        return t("mixed_status")
    return label("fact_status", status, lang())


def code_label(kind: str, code: str | None) -> str:
    return label(kind, code, lang())
