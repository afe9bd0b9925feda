"""Every phrase of the brief in French and English, and the helpers that write lists in a sentence."""

from __future__ import annotations

_S: dict[str, tuple[str, str]] = {
    "brief": ("Fiche territoire", "Territory brief"),
    "period": ("Période", "Period"),
    "generated": ("Générée le {d}", "Generated on {d}"),
    "generated_short": ("générée le {d}", "generated on {d}"),
    "promise": (
        "Chaque chiffre est sourcé, daté et qualifié : annoncé ou réalisé, jamais additionnés. Une valeur manquante n'est jamais écrite 0.",
        "Every figure is sourced, dated and marked announced or realised, never added together. A missing value never reads 0.",
    ),
    "no_data": ("Aucune donnée sourcée pour ce périmètre.", "No sourced data for this selection."),
    "synthetic": ("DONNÉES SYNTHÉTIQUES — ne pas diffuser comme des chiffres réels.", "SYNTHETIC DATA — not real figures."),
    "all_france": ("France entière", "All of France"),
    "continued": ("(suite)", "(continued)"),
    # key figures
    "kf_title": ("Chiffres clés", "Key figures"),
    "kf_indicator": ("Indicateur", "Indicator"),
    "kf_value": ("Valeur", "Value"),
    "kf_details": ("Précisions et sources", "Details and sources"),
    "status": ("Statut", "Status"),
    "mixed": ("Mixte (annoncé, voté ou estimé)", "Mixed (announced, voted or estimated)"),
    "status_by_site": ("Selon le site", "Varies by site"),
    "coverage": ("Couverture des données", "Data coverage"),
    "no_coverage": (
        "Aucun objectif de nombre de sites publié pour ce périmètre : couverture non mesurable.",
        "No published target number of sites for this selection: coverage cannot be measured.",
    ),
    "coverage_item": ("{named} site(s) nommé(s) sur {planned} — {programme}", "{named} site(s) named out of {planned} — {programme}"),
    "coverage_here": (" (dans ce périmètre)", " (in this selection)"),
    "source": ("Source", "Source"),
    "sources": ("Sources", "Sources"),
    "no_source": ("Source non renseignée", "No source recorded"),
    # map
    "map_title": ("Carte : sites nommés par département", "Map: named sites by département"),
    "map_legend": ("Sites par\ndépartement", "Sites per\ndépartement"),
    "map_colour": (
        "Couleur : nombre de sites nommés par les sources dans chaque département, quel que soit leur état (ouvert, prévu, fermé).",
        "Colour: number of sites named by the sources in each département, whatever their state (open, planned, closed).",
    ),
    "map_points": ("{n} site(s) localisé(s) dans {c} commune(s).", "{n} site(s) located in {c} commune(s)."),
    "map_no_points": (
        "Plus de {n} lieux : les sites ne sont pas dessinés un à un, la couleur des départements en donne le nombre.",
        "More than {n} places: sites are not drawn one by one, the département colours give their number.",
    ),
    "map_no_site": ("Aucun site sourcé", "No sourced site"),
    "map_outside": ("Hors périmètre", "Outside the selection"),
    # the sites of the territory: « where exactly? »
    "sites_title": ("Sites du territoire", "Sites in the area"),
    "sites_lead": (
        "{n} site(s) nommé(s) par les sources dans ce périmètre : ouverts d'abord, puis prévus, les plus grandes promotions en tête.",
        "{n} site(s) named by the sources in this selection: open ones first, then planned, largest cohorts first.",
    ),
    "sites_more": (
        "… et {n} autre(s) site(s) : la liste complète est sur la page Carte du tableau de bord.",
        "… and {n} more site(s): the full list is on the dashboard's Map page.",
    ),
    "sites_none": ("Aucun site nommé par les sources dans ce périmètre.", "No site named by the sources in this selection."),
    "si_name": ("Site", "Site"),
    "si_commune": ("Commune", "Commune"),
    "si_opening": ("Ouverture", "Opening"),
    "si_status": ("État", "Status"),
    "si_source": ("Source", "Source"),
    "si_opening_year": ("{y}", "{y}"),
    "si_no_date": ("date inconnue", "unknown date"),
    "map_overseas": ("{n} site(s) outre-mer non représenté(s) sur cette carte.", "{n} overseas site(s) not drawn on this map."),
    "map_coverage": ("Couverture : {s}. Les sites non nommés ne sont pas sur la carte.", "Coverage: {s}. Unnamed sites are not on the map."),
    "unallocated": (
        "Non réparti par département (chiffres de programme, montants ponctuels) : {items}.",
        "Not broken down by département (programme-level figures, one-off amounts): {items}.",
    ),
    "national": ("National (sans territoire)", "National (no territory)"),
    "national_short": ("national", "national"),
    "all_territories": ("tous territoires", "all territories"),
    "more_years": ("Graphique limité aux {n} années les plus récentes.", "Chart limited to the {n} most recent years."),
    "n_sites": ("{n} site", "{n} site"),
    "n_sites_pl": ("{n} sites", "{n} sites"),
    # budget
    "budget_title": ("Financements par financeur et nature", "Funding by funder and kind"),
    "budget_title_nature": ("Financements par nature", "Funding by kind"),
    "by_funder": ("Par financeur", "By funder"),
    "by_nature": ("Par nature", "By kind"),
    "per_year": ("par an", "per year"),
    "million_eur": ("Millions d'euros", "Million euros"),
    "budget_total": ("Total compté : {items}.", "Total counted: {items}."),
    "budget_two_sets": (
        "Les deux graphiques montrent les mêmes montants, par financeur puis par nature : ils ne s'additionnent pas.",
        "Both charts show the same amounts, by funder then by kind: they do not add up.",
    ),
    "budget_largest": ("Graphique limité aux {n} plus gros montants.", "Chart limited to the {n} largest amounts."),
    "budget_total_unknown": (
        "Total compté : inconnu (aucun montant additionnable pour ce périmètre).",
        "Total counted: unknown (no amount that adds up for this selection).",
    ),
    "budget_styles": (
        "Barre foncée : réalisé ; claire : annoncé, voté ou estimé ; trait : fourchette ; pointillés : manque à financer. "
        "Une barre par statut et par période (« /an » : par an) : jamais additionnées.",
        "Dark bar: realised; light: announced, voted or estimated; line: range; dashed: funding gap. "
        "One bar per status and period (“/yr”: per year): never added together.",
    ),
    "budget_shortfall": (
        "Manque à financer signalé : {v} (argent encore recherché, non compté dans le total).",
        "Reported funding gap: {v} (money still sought, not counted in the total).",
    ),
    "budget_unknown": (
        "{n} financement(s) au montant inconnu (financeur connu) : non compté(s).",
        "{n} funding line(s) with an unknown amount (funder known): not counted.",
    ),
    "budget_no_double": (
        "Les ventilations d'un montant déjà compté et les chiffres alternatifs sont exclus des totaux.",
        "Breakdowns of an amount already counted and alternative figures are left out of totals.",
    ),
    "shortfall": ("Manque à financer", "Funding gap"),
    # cohorts
    "cohorts_title": ("Promotions et apprenants", "Cohorts and learners"),
    "learners_axis": ("Apprenants", "Learners"),
    "learners_n": ("{n} apprenants", "{n} learners"),
    "year_unknown": ("Année inconnue", "Year unknown"),
    "cohorts_total": ("Apprenants : {items}.", "Learners: {items}."),
    "cohorts_no_learners": (
        "{n} fait(s) de promotion sans effectif publié (durée, part des femmes…) : pas de barre.",
        "{n} cohort fact(s) with no published headcount (length, share of women…): no bar.",
    ),
    "women": ("Part des femmes : {items}.", "Share of women: {items}."),
    "duration": ("Durée des formations : {items}.", "Training length: {items}."),
    "months": ("{n} mois", "{n} months"),
    "no_candidates": (
        "Nombre de candidats non publié : sélectivité inconnue.",
        "Number of applicants not published: selectivity unknown.",
    ),
    # outcomes
    "outcomes_title": ("Résultats : insertion des apprenants", "Outcomes: learners' placement"),
    "o_result": ("Résultat", "Outcome"),
    "o_value": ("Valeur", "Value"),
    "o_base": ("Mesuré sur (base)", "Measured on (base)"),
    "o_period": ("Promotions · mesure", "Cohorts · measured"),
    "o_status": ("Statut · source", "Status · source"),
    "o_headcount": ("Effectif : {n} personnes", "Headcount: {n} people"),
    "o_headcount_small": ("Effectif : {n} personnes (base faible, moins de 30)", "Headcount: {n} people (small base, under 30)"),
    "o_headcount_unknown": ("Effectif : inconnu", "Headcount: unknown"),
    "o_cohorts": ("Promotions {p}", "Cohorts {p}"),
    "o_cohorts_unknown": ("Promotions non précisées", "Cohorts not stated"),
    "o_year": ("publié en {y}", "published in {y}"),
    "o_note": (
        "Chaque taux est donné avec ce qu'il mesure : la population de base, son effectif et les promotions concernées.",
        "Each rate comes with what it measures: the base population, its headcount and the cohorts concerned.",
    ),
    "o_weighted": ("moyenne pondérée par l'effectif", "weighted by headcount"),
    "o_lowest_highest": ("de la plus basse à la plus haute", "lowest to highest"),
    "o_base_all": ("{n} mesures, effectif total : {b} personnes", "{n} measures, total headcount: {b} people"),
    "o_base_some": (
        "{n} mesures, effectif connu pour {k} d'entre elles : pas de moyenne pondérée",
        "{n} measures, headcount known for {k}: no weighted average",
    ),
    "o_years": ("publiés {y}", "published {y}"),
    "o_summary": (
        "Vue résumée de {n} résultats publiés ; chacun est détaillé dans le tableau de bord, page « Résultats ».",
        "Summary of {n} published outcomes; each is listed on the dashboard's “Outcomes” page.",
    ),
    "o_none": ("Aucun résultat d'insertion publié pour ce périmètre.", "No placement outcome published for this selection."),
    # comparison
    "compare_title": ("Comparaison des territoires", "Territories compared"),
    "compare_regions_title": ("Comparaison des régions présentes dans les données", "Régions in the data compared"),
    "compare_lead": (
        "Période, programmes et statut suivent les filtres de la fiche ; seul le territoire change.",
        "Period, programmes and status follow the brief's filters; only the territory changes.",
    ),
    "c_metric": ("Indicateur", "Indicator"),
    "c_inhabitants": ("{n} hab.", "{n} inhabitants"),
    "c_sites": ("Sites", "Sites"),
    "c_exit_partial": ("mesure partielle", "partial measure"),
    "c_sites_per_million": ("Sites par million d'hab.", "Sites per million inh."),
    "c_learners_per_100k": ("Apprenants / 100 000 hab.", "Learners / 100,000 inh."),
    "c_money_per_inhabitant": ("Euros par habitant", "Euros per inhabitant"),
    "c_exit_detail": ("promotions {p}", "cohorts {p}"),
    "c_exit_base": ("base inconnue", "base unknown"),
    "c_no_data": ("aucune donnée sourcée pour ce territoire sur la période", "no sourced data for this territory over the period"),
    "c_unallocated": (
        "inclut des chiffres de programme non répartis par département",
        "includes programme-level figures not broken down by département",
    ),
    "c_per_inhabitant": ("Par habitant : le réalisé s'il est connu, sinon l'annoncé.", "Per inhabitant: realised when known, else announced."),
    "c_more": ("Autres territoires avec des données, non affichés : {items}.", "Other territories with data, not shown: {items}."),
    "c_more_asked": ("Au-delà de quatre territoires, non affichés : {items}.", "Beyond four territories, not shown: {items}."),
    "c_exit_note": (
        "Sorties positives : définition et base selon la source (voir « Résultats »).",
        "Positive exits: definition and base as given by the source (see “Outcomes”).",
    ),
    "c_population_note": ("Populations : INSEE (recensement).", "Populations: INSEE (census)."),
    # sources and caveats
    "sources_title": ("Sources", "Sources"),
    "s_ref": ("N°", "No."),
    "s_title": ("Titre", "Title"),
    "s_publisher": ("Éditeur", "Publisher"),
    "s_date": ("Date", "Date"),
    "s_no_publisher": ("Éditeur non indiqué", "Publisher not stated"),
    "s_none": ("Aucune donnée sourcée pour ce périmètre : aucune source à citer.", "No sourced data for this selection: no source to cite."),
    "s_lead": (
        "Toutes les sources des chiffres de cette fiche (comparaison comprise). Citations exactes : tableau de bord, page « Sources ».",
        "Every source behind this brief's figures (comparison included). Exact quotes: dashboard, “Sources” page.",
    ),
    "caveats_title": ("Précautions de lecture", "Reading notes"),
    "cav_status": (
        "Annoncé ou réalisé. « Annoncé » : annonces, budgets votés ou programmés, objectifs, estimations. "
        "« Réalisé » : constaté (ouvert, inscrit, dépensé, mesuré). Les deux ne sont jamais additionnés ; "
        "« Mixte » : plusieurs statuts d'annonce (annoncé, voté, estimé) ensemble.",
        "Announced or realised. “Announced”: announcements, voted or planned budgets, targets, estimates. "
        "“Realised”: observed (opened, enrolled, spent, measured). The two are never added together; "
        "“Mixed”: several kinds of announcement (announced, voted, estimated) together.",
    ),
    "cav_status_here": ("Dans cette fiche, chiffres clés annoncés : {items}.", "In this brief, announced key figures: {items}."),
    "cav_status_all_realised": ("Dans cette fiche, tous les chiffres clés connus sont réalisés.", "In this brief, every known key figure is realised."),
    "cav_unknown": (
        "Valeurs inconnues : écrites « inconnu », « non publié » ou « non calculable », jamais 0.",
        "Unknown values: written “unknown”, “not published” or “not computable”, never 0.",
    ),
    "cav_unknown_here": ("Ici : {items}.", "Here: {items}."),
    "cav_unknown_kf": ("{k} inconnu ({why})", "{k} unknown ({why})"),
    "cav_base_unknown": ("{k} : base inconnue", "{k}: base unknown"),
    "cav_periods": (
        "Montants ponctuels (pour une opération ou une période) et montants par an (« /an ») ne sont jamais additionnés.",
        "One-off amounts (for an operation or a period) and amounts per year (“/yr”) are never added together.",
    ),
    "cav_scope": (
        "Taux et coûts mesurés sur un périmètre plus étroit que la fiche : {items}.",
        "Rates and costs measured on a narrower scope than this brief: {items}.",
    ),
    "cav_coverage": (
        "Couverture : {items}. Les sites non nommés par les sources manquent à la carte et aux totaux.",
        "Coverage: {items}. Sites the sources do not name are missing from the map and totals.",
    ),
    "cav_unallocated": (
        "Chiffres de programme non répartis par département : {items}. Ils comptent dans les totaux, pas dans la carte par département.",
        "Programme-level figures not broken down by département: {items}. They count in totals, not on the département map.",
    ),
    "cav_dedup": (
        "Un même chiffre rapporté par plusieurs sources ne compte qu'une fois : le réalisé d'abord, puis la source la plus récente.",
        "A figure reported by several sources counts once: realised first, then the most recent source.",
    ),
    "cav_geo": ("Géographie : {a}", "Geography: {a}"),
}


def _t(key: str, lang: str, **values) -> str:
    fr, en = _S[key]
    text = en if lang == "en" else fr
    return text.format(**values) if values else text


def _colon(lang: str) -> str:
    """French puts a (no-break) space before the colon."""
    return "\u00a0: " if lang == "fr" else ": "
