"""Fiche territoire: the current filters as a PowerPoint deck (16:9) or an A4 PDF.

Both formats are drawn from one `BriefContent`, built once from the query API and written
only with `campus_metrics.formatting`, so the deck, the PDF and the dashboard show the same
figures. Domain layer: no Streamlit here; the dashboard calls `build_brief` and offers the bytes.

Order: title · key figures · map · budgets · cohorts · outcomes · comparison · sources ·
précautions de lecture. A table too long for one slide continues on the next (« suite »).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from shapely.geometry import shape
from sqlalchemy import Engine

from campus_metrics import charts_static as cs
from campus_metrics import formatting as fm
from campus_metrics import geo
from campus_metrics import queries as q
from campus_metrics.filters import Filters
from campus_metrics.labels import label
from campus_metrics.models import STATUS_RANK

FORMATS = ("pptx", "pdf")
MAX_BARS = 8  # a chart with more bars is regrouped (budgets, cohorts)
MAX_ITEMS = 3  # a list in a sentence (coverage, unallocated figures, methods) stops there: « et N autre(s) »
MAX_MAP_LABELS = 15
MAX_MAP_POINTS = 600
MAX_OUTCOME_ROWS = 6  # more outcomes: one row per indicator (weighted, with its bases)
MEDIA_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
ANNOUNCED = ("announced", "voted", "estimate")

_S: dict[str, tuple[str, str]] = {
    "brief": ("Fiche territoire", "Territory brief"),
    "period": ("Période", "Period"),
    "generated": ("Générée le {d}", "Generated on {d}"),
    "generated_short": ("générée le {d}", "generated on {d}"),
    "promise": (
        "Chaque chiffre est sourcé, daté et qualifié : annoncé ou réalisé. Une valeur inconnue est écrite « inconnu », jamais 0.",
        "Every figure is sourced, dated and marked announced or realised. An unknown value reads “unknown”, never 0.",
    ),
    "no_data": ("Aucune donnée sourcée pour ce périmètre.", "No sourced data for this selection."),
    "synthetic": ("DONNÉES SYNTHÉTIQUES — ne pas diffuser comme des chiffres réels.", "SYNTHETIC DATA — not real figures."),
    "all_france": ("France entière", "All of France"),
    "continued": ("(suite)", "(continued)"),
    # key figures
    "kf_title": ("Chiffres clés", "Key figures"),
    "kf_sites": ("Sites", "Sites"),
    "kf_learners": ("Apprenants", "Learners"),
    "kf_money": ("Montants engagés", "Committed funding"),
    "kf_cost_per_learner": ("Coût par apprenant", "Cost per learner"),
    "kf_positive_exit_rate": ("Taux de sorties positives", "Positive-exit rate"),
    "kf_indicator": ("Indicateur", "Indicator"),
    "kf_value": ("Valeur", "Value"),
    "kf_details": ("Précisions et sources", "Details and sources"),
    "status": ("Statut", "Status"),
    "mixed": ("Mixte (annoncé et réalisé additionnés)", "Mixed (announced and realised added up)"),
    "coverage": ("Couverture des données", "Data coverage"),
    "no_coverage": (
        "Aucun objectif de nombre de sites publié pour ce périmètre : couverture non mesurable.",
        "No published target number of sites for this selection: coverage cannot be measured.",
    ),
    "site_named": ("site(s) nommé(s) par les sources", "site(s) named by the sources"),
    "not_computable": ("Non calculable : {r}", "Cannot be computed: {r}"),
    "shortfall_line": ("Manque à financer signalé : {v}", "Reported funding gap: {v}"),
    "base_unknown": ("effectif de la base inconnu", "base headcount unknown"),
    "source": ("Source", "Source"),
    "sources": ("Sources", "Sources"),
    "no_source": ("Source non renseignée", "No source recorded"),
    # map
    "map_title": ("Carte : sites nommés par département", "Map: named sites by département"),
    "map_legend": ("Sites par\ndépartement", "Sites per\ndépartement"),
    "map_colour": (
        "Couleur : nombre de sites nommés par les sources dans chaque département.",
        "Colour: number of sites named by the sources in each département.",
    ),
    "map_points": ("{n} site(s) localisé(s) dans {c} commune(s).", "{n} site(s) located in {c} commune(s)."),
    "map_no_points": (
        "Plus de {n} lieux : les sites ne sont pas dessinés un à un, la couleur des départements en donne le nombre.",
        "More than {n} places: sites are not drawn one by one, the département colours give their number.",
    ),
    "map_no_site": ("Aucun site sourcé", "No sourced site"),
    "map_outside": ("Hors périmètre", "Outside the selection"),
    "map_overseas": ("{n} site(s) outre-mer non représenté(s) sur cette carte.", "{n} overseas site(s) not drawn on this map."),
    "map_coverage": ("Couverture : {s}. Les sites non nommés ne sont pas sur la carte.", "Coverage: {s}. Unnamed sites are not on the map."),
    "unallocated": (
        "Non réparti par département (chiffres de programme) : {items}.",
        "Not broken down by département (programme-level figures): {items}.",
    ),
    "national": ("National (sans territoire)", "National (no territory)"),
    "national_short": ("national", "national"),
    "all_territories": ("tous territoires", "all territories"),
    "more_years": ("Graphique limité aux {n} années les plus récentes.", "Chart limited to the {n} most recent years."),
    "and_more": ("et {n} autre(s)", "and {n} more"),
    "n_sites": ("{n} site", "{n} site"),
    "n_sites_pl": ("{n} sites", "{n} sites"),
    # budget
    "budget_title": ("Financements par financeur et nature", "Funding by funder and kind"),
    "budget_title_funder": ("Financements par financeur (toutes natures)", "Funding by funder (all kinds)"),
    "all_natures": ("toutes natures", "all kinds"),
    "all_funders": ("tous financeurs", "all funders"),
    "million_eur": ("Millions d'euros", "Million euros"),
    "budget_total": ("Total compté : {v} — {s}.", "Total counted: {v} — {s}."),
    "budget_total_unknown": (
        "Total compté : inconnu (aucun montant additionnable pour ce périmètre).",
        "Total counted: unknown (no amount that adds up for this selection).",
    ),
    "budget_styles": (
        "Barre foncée : réalisé ; claire : annoncé, voté ou estimé ; trait : fourchette ; pointillés : manque à financer.",
        "Dark bar: realised; light: announced, voted or estimated; line: range; dashed: funding gap.",
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
    "cohorts_total": ("Apprenants : {v} — {s} ; {d}.", "Learners: {v} — {s}; {d}."),
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
    "c_learners": ("Apprenants", "Learners"),
    "c_money": ("Montants engagés", "Committed funding"),
    "c_exit": ("Sorties positives", "Positive exits"),
    "c_sites_per_million": ("Sites par million d'hab.", "Sites per million inh."),
    "c_learners_per_100k": ("Apprenants / 100 000 hab.", "Learners / 100,000 inh."),
    "c_money_per_inhabitant": ("Euros par habitant", "Euros per inhabitant"),
    "c_exit_detail": ("promotions {p}", "cohorts {p}"),
    "c_exit_base": ("base inconnue", "base unknown"),
    "c_more": ("Autres territoires avec des données, non affichés : {items}.", "Other territories with data, not shown: {items}."),
    "c_more_asked": ("Au-delà de quatre territoires, non affichés : {items}.", "Beyond four territories, not shown: {items}."),
    "c_exit_note": (
        "Sorties positives : part des personnes formées ayant une sortie positive, définition et base selon la source (voir « Résultats »).",
        "Positive exits: share of trainees with a positive exit, definition and base as given by the source (see “Outcomes”).",
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
        "« Réalisé » : constaté (ouvert, inscrit, dépensé, mesuré). « Mixte » : les deux additionnés.",
        "Announced or realised. “Announced”: announcements, voted or planned budgets, targets, estimates. "
        "“Realised”: observed (opened, enrolled, spent, measured). “Mixed”: both added up.",
    ),
    "cav_status_here": ("Dans cette fiche, chiffres clés annoncés ou mixtes : {items}.", "In this brief, announced or mixed key figures: {items}."),
    "cav_status_all_realised": ("Dans cette fiche, tous les chiffres clés connus sont réalisés.", "In this brief, every known key figure is realised."),
    "cav_unknown": ("Valeurs inconnues : écrites « inconnu », jamais 0.", "Unknown values: written “unknown”, never 0."),
    "cav_unknown_here": ("Ici : {items}.", "Here: {items}."),
    "cav_unknown_kf": ("{k} inconnu", "{k} unknown"),
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


def _cap(items: list[str], lang: str, keep: int = MAX_ITEMS) -> list[str]:
    """The first `keep` items, then « et N autre(s) » (the dashboard lists them all)."""
    if len(items) <= keep + 1:
        return items
    return items[:keep] + [_t("and_more", lang, n=fm.number(len(items) - keep, lang))]


def _colon(lang: str) -> str:
    """French puts a (no-break) space before the colon."""
    return "\u00a0: " if lang == "fr" else ": "


def _na(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _clean(v):
    return None if _na(v) else v


def status_text(status, lang: str = "fr") -> str:
    """'Réalisé', 'Annoncé', …; a mixed aggregate says so; no status: ''."""
    if _na(status) or status == "":
        return ""
    if status == "mixed":
        return _t("mixed", lang)
    return label("fact_status", status, lang)


def status_short(status, lang: str = "fr") -> str:
    """'Mixte' without its explanation (charts, table cells); « Précautions de lecture » explains it."""
    return status_text(status, lang).partition(" (")[0]


def _style(status) -> str:
    if status == "realised":
        return "realised"
    if status == "mixed":
        return "mixed"
    return "announced"


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def _eur_small(v, lang: str) -> str:
    """Euros per inhabitant: cents shown below 10 €, so 0,36 € does not read « 0 € »."""
    if _na(v):
        return fm.unknown(lang)
    if abs(v) < 10:
        return fm.number(v, lang, 2) + "\u00a0€"
    return fm.eur(v, lang, compact=False)


# --- content ---------------------------------------------------------------------------------


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    first_col_bold: bool = False


@dataclass
class KeyFigure:
    metric: str
    label: str
    value: str
    status: str
    detail: str
    sources: str
    known: bool


@dataclass
class Section:
    key: str
    title: str
    lead: str = ""
    empty: str = ""  # the « Aucune donnée sourcée… » sentence when there is nothing to show
    image: bytes | None = None
    image_pt: tuple[float, float] = (0.0, 0.0)  # display size in points
    table: Table | None = None
    notes: list[str] = field(default_factory=list)
    small: list[str] = field(default_factory=list)


@dataclass
class BriefContent:
    lang: str
    territory: str
    sentence: str
    period: str
    generated: str
    synthetic: bool
    no_data: bool
    key_figures: list[KeyFigure]
    coverage: list[str]
    sections: list[Section]

    def all_text(self) -> str:
        """Every word of the brief (tests, search)."""
        parts = [self.territory, self.sentence, self.period, self.generated, *self.coverage]
        for k in self.key_figures:
            parts += [k.label, k.value, k.status, k.detail, k.sources]
        for s in self.sections:
            parts += [s.title, s.lead, s.empty, *s.notes, *s.small]
            if s.table:
                parts += s.table.columns + [c for r in s.table.rows for c in r]
        return "\n".join(p for p in parts if p)


class SourceBook:
    """Numbers the sources in the order of the scope (most recent first), then as cited."""

    def __init__(self, engine: Engine, scope_ids: Sequence[str], lang: str):
        self.lang = lang
        frame = q.all_sources(engine)
        self.rows = {r["id"]: r for r in frame.to_dict("records")}
        self.order: list[str] = []
        for sid in scope_ids:
            self.ref(sid)

    @staticmethod
    def split(ids) -> list[str]:
        return q.source_id_list(ids)

    def ref(self, sid: str) -> int:
        if sid not in self.order:
            self.order.append(sid)
        return self.order.index(sid) + 1

    def date(self, sid: str) -> str:
        r = self.rows.get(sid)
        if r is None:
            return fm.date(None, lang=self.lang)
        return fm.date(_clean(r["published_on"]), _clean(r["date_precision"]), self.lang)

    def cite(self, ids, limit: int = 60) -> str:
        """One source: 'Source : [1] « Déjà 15 "Ecoles régionales du… », sept. 2017';
        several: 'Sources : [3] 2017 ; [1] sept. 2017' (titles on the sources page)."""
        ids = self.split(ids)
        if not ids:
            return _t("no_source", self.lang)
        if len(ids) == 1:
            r = self.rows.get(ids[0])
            title = _shorten(str(r["title"]), limit) if r is not None else ids[0]
            return f"{_t('source', self.lang)}{_colon(self.lang)}[{self.ref(ids[0])}] « {title} », {self.date(ids[0])}"
        return f"{_t('sources', self.lang)}{_colon(self.lang)}{self.refs(ids)}"

    def refs(self, ids) -> str:
        """'[1] sept. 2017' for a table cell."""
        ids = self.split(ids)
        if not ids:
            return _t("no_source", self.lang)
        return " ; ".join(f"[{self.ref(s)}] {self.date(s)}" for s in ids)

    def table(self) -> Table:
        L = self.lang
        rows = []
        for sid in self.order:
            r = self.rows.get(sid)
            if r is None:
                rows.append([str(self.ref(sid)), sid, "", fm.date(None, lang=L)])
                continue
            title = f"« {r['title']} »"
            if not _na(r.get("author")):
                title += f" — {r['author']}"
            if r.get("synthetic") and "SYNTH" not in title.upper():
                title += " — DONNÉES SYNTHÉTIQUES"
            publisher = r["publisher"] if not _na(r["publisher"]) else _t("s_no_publisher", L)
            rows.append([str(self.ref(sid)), title, publisher, self.date(sid)])
        return Table([_t("s_ref", L), _t("s_title", L), _t("s_publisher", L), _t("s_date", L)], rows, [0.6, 6.6, 3.0, 1.6])

    def synthetic(self) -> bool:
        return any(bool(self.rows.get(s, {}).get("synthetic")) for s in self.order)


def _territory(f: Filters, names: dict, lang: str) -> str:
    if f.departements:
        deps = names["departements"]
        return ", ".join(f"{deps.get(c, c)} ({c})" for c in f.departements)
    if f.regions:
        regs = names["regions"]
        return ", ".join(regs.get(c, c) for c in f.regions)
    return _t("all_france", lang)


def build_content(
    engine: Engine,
    f: Filters,
    lang: str = "fr",
    compare: tuple[str, ...] = (),
    compare_level: str = "region",
    generated_on: dt.date | None = None,
) -> BriefContent:
    """Everything the brief says, as formatted text, images and tables."""
    L = lang
    names = q.names(engine)
    scope_sources = q.sources_for(engine, f)
    book = SourceBook(engine, list(scope_sources["id"]), L)
    no_data = scope_sources.empty
    kf = q.key_figures(engine, f).set_index("metric")
    cov = q.coverage(engine, f)
    coverage = list(cov["sentence"])
    points = q.site_points(engine, f)
    unalloc = q.unallocated_totals(engine, f)
    unalloc_text = _unallocated_items(unalloc, names, L)

    key_figures = _key_figures(engine, f, kf, points, book, L)
    sections = [
        _map_section(engine, f, names, points, coverage, unalloc_text, no_data, L),
        _budget_section(engine, f, kf, book, L),
        _cohort_section(engine, f, kf, book, L),
        _outcome_section(engine, f, book, L),
        _compare_section(engine, f, names, compare, compare_level, book, L),
    ]
    # the sources table comes last: every citation above has been numbered by now
    if book.order:
        sections.append(Section("sources", _t("sources_title", L), lead=_t("s_lead", L), table=book.table()))
    else:
        sections.append(Section("sources", _t("sources_title", L), empty=_t("s_none", L)))
    sections.append(_caveats(key_figures, kf, coverage, unalloc_text, L))
    return BriefContent(
        lang=L,
        territory=_territory(f, names, L),
        sentence=f.sentence(names, L),
        period=f.period_text(L),
        generated=fm.date(generated_on or dt.date.today(), "day", L),
        synthetic=book.synthetic(),
        no_data=no_data,
        key_figures=key_figures,
        coverage=coverage,
        sections=sections,
    )


def _unallocated_items(unalloc: pd.DataFrame, names: dict, L: str) -> str:
    items = []
    for r in unalloc.to_dict("records"):
        where = names["regions"].get(r["code"], r["code"]) if isinstance(r["code"], str) else _t("national", L)
        parts = []
        if not _na(r.get("money_min")):
            parts.append(fm.eur_range(_clean(r["money_min"]), _clean(r.get("money_max")), L))
        if not _na(r.get("learners")):
            parts.append(_t("learners_n", L, n=fm.number(r["learners"], L)))
        if parts:
            items.append(f"{where}{_colon(L)}{', '.join(parts)}")
    return " ; ".join(_cap(items, L))


_SITE_WORDS = {"open": ("ouvert", "ouverts", "open"), "planned": ("prévu", "prévus", "planned"), "closed": ("fermé", "fermés", "closed")}


def _site_status_word(code: str, n: int, L: str) -> str:
    one, many, en = _SITE_WORDS.get(code, (code, code, code))
    return en if L == "en" else (one if n == 1 else many)


def _key_figures(engine: Engine, f: Filters, kf: pd.DataFrame, points: pd.DataFrame, book: SourceBook, L: str) -> list[KeyFigure]:
    summary = q.outcome_summary(engine, f)
    rates = summary[summary["indicator"] == "positive_exit_rate"]
    rate_base_unknown = bool((rates["with_base"] < rates["measures"]).any())
    out = []
    for metric in ("sites", "learners", "money", "cost_per_learner", "positive_exit_rate"):
        r = kf.loc[metric]
        v, v_max = _clean(r["value"]), _clean(r["value_max"])
        if metric == "sites":
            v = int(v or 0)
        value = fm.value(v, r["unit"], L, v_max)
        detail: list[str] = []
        if metric == "sites":
            counts = points["site_status"].value_counts() if not points.empty else pd.Series(dtype=int)
            by_status = ", ".join(f"{fm.number(n, L)} {_site_status_word(s, n, L)}" for s, n in counts.items())
            detail.append(_t("site_named", L) + (f"{_colon(L)}{by_status}" if by_status else ""))
        elif metric == "money":
            if r["detail"]:
                detail.append(str(r["detail"]))
            if not _na(r.get("shortfall")):
                detail.append(_t("shortfall_line", L, v=fm.eur(r["shortfall"], L)))
        elif metric == "cost_per_learner":
            # one method (or reason) per scope and year: a national view can list thousands
            parts = [p.strip() for p in str(r["detail"] or "").replace(" ; ", "; ").split("; ") if p.strip()]
            if v is None and parts:
                detail.append(_t("not_computable", L, r=" ; ".join(_cap(parts, L))))
            elif parts:
                detail.append(" ; ".join(_cap(parts, L)))
        elif metric == "positive_exit_rate":
            if r["detail"]:
                detail.append(str(r["detail"]))
            if v is not None and rate_base_unknown:
                detail.append(_t("base_unknown", L))
        elif r["detail"]:
            detail.append(str(r["detail"]))
        known = v is not None
        out.append(
            KeyFigure(
                metric=metric,
                label=_t(f"kf_{metric}", L),
                value=value,
                status=status_text(r["status"], L) if known else "",
                detail=" ; ".join(detail),
                sources=book.cite(r["source_ids"]) if book.split(r["source_ids"]) else "",
                known=known,
            )
        )
    return out


# --- map --------------------------------------------------------------------------------------


def _classes(values: pd.Series) -> tuple[pd.Series, list[tuple[float, float, int]]]:
    """Class index per row (-1: no site) and (lo, hi, colour index) per class, like the dashboard."""
    known = values[values.notna() & (values > 0)]
    idx = pd.Series(-1, index=values.index)
    classes: list[tuple[float, float, int]] = []
    uniq = sorted(known.unique())
    n = len(cs.BLUES)
    if len(uniq) <= n:
        step = n // max(len(uniq), 1)
        for i, v in enumerate(uniq):
            ci = min(n - 1, (i + 1) * step - 1) if len(uniq) > 1 else 1
            idx[values == v] = ci
            classes.append((v, v, ci))
    else:
        bins = pd.qcut(known, n, labels=False, duplicates="drop")
        idx.loc[bins.index] = bins.astype(int)
        for b in sorted(bins.unique()):
            part = known[bins == b]
            classes.append((part.min(), part.max(), int(b)))
    return idx, classes


def _sites_text(lo: float, hi: float, L: str) -> str:
    if lo == hi:
        return _t("n_sites" if lo == 1 else "n_sites_pl", L, n=fm.number(lo, L))
    return _t("n_sites_pl", L, n=f"{fm.number(lo, L)} – {fm.number(hi, L)}")


_POINT_STYLE = {"open": "filled", "planned": "hollow", "closed": "grey"}


def _map_section(engine: Engine, f: Filters, names: dict, points: pd.DataFrame, coverage: list[str], unalloc_text: str, no_data: bool, L: str) -> Section:
    totals = q.departement_totals(engine, f)
    dep_props = {feat["properties"]["code"]: feat["properties"] for feat in geo.geojson("departements")["features"]}
    idx, classes = _classes(totals.set_index("code")["sites"].astype(float))
    areas = {code: cs.MapArea(code, cs.BLUES[i] if i >= 0 else cs.NO_DATA, True) for code, i in idx.items()}
    scope_regions = sorted({dep_props.get(c, {}).get("region", "") for c in totals["code"]} - {""})
    if f.departements:
        focus = [c for c, p in dep_props.items() if p.get("region") in scope_regions]
    elif f.regions:
        focus = list(totals["code"])
    else:
        focus = []
    zone = cs.zone_of(scope_regions) if f.is_territorial else "metro"
    legend = [cs.LegendItem(_sites_text(lo, hi, L), "square", cs.BLUES[ci]) for lo, hi, ci in classes]
    legend.append(cs.LegendItem(_t("map_no_site", L), "square", cs.NO_DATA))
    if f.is_territorial:
        legend.append(cs.LegendItem(_t("map_outside", L), "square", cs.OUTSIDE))
    map_points: list[cs.MapPoint] = []
    overseas = 0
    statuses_present: set[str] = set()
    if not points.empty:
        pts = points.copy()
        pts["style"] = pts["site_status"].map(_POINT_STYLE).fillna("filled")
        statuses_present = set(pts["site_status"].dropna())
        groups = list(pts.groupby(["lat", "lon", "style"], sort=True))
        label_all = f.is_territorial or len(groups) <= 8
        # name at most the 15 biggest groups: beyond that a map label is noise
        sizes = sorted((len(g) for _, g in groups), reverse=True)
        min_size = sizes[min(len(sizes), MAX_MAP_LABELS) - 1] if sizes else 1
        for (lat, lon, style), g in groups:
            if zone == "metro" and g["region_code"].iloc[0] in cs.OVERSEAS_REGIONS:
                overseas += len(g)
                continue
            n = len(g)
            text = str(g["commune"].iloc[0]) + (f" ({n})" if n > 1 else "")
            named = (label_all or n > 1) and n >= min_size
            map_points.append(cs.MapPoint(float(lon), float(lat), text if named else "", n, str(style)))
    too_many = len(map_points) > MAX_MAP_POINTS
    if too_many:  # thousands of dots hide the map (and cost seconds to draw): the colours carry the counts
        map_points, statuses_present = [], set()
    for code, kind in _POINT_STYLE.items():
        if code in statuses_present:
            legend.append(cs.LegendItem(label("site_status", code, L) if L != "fr" else f"Site {label('site_status', code, L).lower()}", kind))
    names_on_map = []
    if f.departements:  # name the chosen départements: a small one is hard to find otherwise
        for code in f.departements:
            feat = next((ft for ft in geo.geojson("departements")["features"] if ft["properties"]["code"] == code), None)
            if feat is not None:
                pt = shape(feat["geometry"]).representative_point()
                names_on_map.append((pt.x, pt.y, feat["properties"]["nom"]))
    spec = cs.map_chart(
        areas,
        map_points,
        legend,
        focus=focus,
        zone=zone,
        width=590,
        height=372,
        legend_width=205,
        lang=L,
        legend_title=_t("map_legend", L),
        names=names_on_map,
    )
    png = cs.render_png(spec)
    w, h = cs.png_size(png)
    notes = []
    if no_data:
        notes.append(_t("no_data", L))
    notes.append(_t("map_colour", L))
    if not points.empty:
        notes.append(_t("map_points", L, n=fm.number(len(points), L), c=fm.number(points["commune"].nunique(), L)))
    if too_many:
        notes.append(_t("map_no_points", L, n=fm.number(MAX_MAP_POINTS, L)))
    if overseas:
        notes.append(_t("map_overseas", L, n=fm.number(overseas, L)))
    if coverage:
        notes.append(_t("map_coverage", L, s=" ; ".join(_cap(coverage, L, 1))))
    if unalloc_text:
        notes.append(_t("unallocated", L, items=unalloc_text))
    return Section(
        "map",
        _t("map_title", L),
        image=png,
        image_pt=(w / cs.SCALE, h / cs.SCALE),
        notes=notes,
        small=[geo.ATTRIBUTION_FR if L == "fr" else geo.ATTRIBUTION_EN],
    )


# --- budget, cohorts, outcomes ------------------------------------------------------------------


def _chart(bars: list[cs.Bar], axis: str, L: str, fmt: str = ",.1~f") -> tuple[bytes, tuple[float, float]]:
    spec = cs.bar_chart(bars, width=560, axis_title=axis, lang=L, value_format=fmt, row_height=80 if len(bars) <= 3 else (62 if len(bars) <= 6 else 46))
    png = cs.render_png(spec)
    w, h = cs.png_size(png)
    return png, (w / cs.SCALE, h / cs.SCALE)


def _budget_section(engine: Engine, f: Filters, kf: pd.DataFrame, book: SourceBook, L: str) -> Section:
    sec = Section("budget", _t("budget_title", L))
    bb = q.budget_breakdown(engine, f, ("funder_type", "nature"))
    by_nature = len(bb) + int(bb["shortfall"].notna().sum()) <= MAX_BARS
    if not by_nature:  # too many bars to read: one per funder type, natures summed
        bb = q.budget_breakdown(engine, f, ("funder_type",))
        sec.title = _t("budget_title_funder", L)
    bars: list[cs.Bar] = []
    for r in bb.to_dict("records"):
        group = f"{label('funder_type', r['funder_type'], L)}\n{label('nature', r['nature'], L) if by_nature else _t('all_natures', L)}"
        lo, hi = _clean(r["amount_min"]), _clean(r["amount_max"])
        if lo is not None:
            bars.append(
                cs.Bar(
                    group,
                    lo / 1e6,
                    hi / 1e6 if hi is not None and hi != lo else None,
                    f"{fm.eur_range(lo, hi, L)} · {status_short(r['status'], L)}",
                    _style(r["status"]),
                )
            )
        if by_nature and not _na(r["shortfall"]):
            bars.append(
                cs.Bar(
                    f"{label('funder_type', r['funder_type'], L)}\n{_t('shortfall', L)}",
                    r["shortfall"] / 1e6,
                    None,
                    f"{fm.eur(r['shortfall'], L)} · {_t('shortfall', L)}",
                    "shortfall",
                )
            )
    money = kf.loc["money"]
    if not by_nature and not _na(money.get("shortfall")):  # one bar for every funding gap
        gap = money["shortfall"]
        bars.append(cs.Bar(f"{_t('shortfall', L)}\n{_t('all_funders', L)}", gap / 1e6, None, f"{fm.eur(gap, L)} · {_t('shortfall', L)}", "shortfall"))
    if not bars:
        sec.empty = _t("no_data", L)
    else:
        bars.sort(key=lambda b: -(b.hi if b.hi is not None else b.lo or 0))
        sec.image, sec.image_pt = _chart(bars, _t("million_eur", L), L)
        if _na(money["value"]):
            sec.notes.append(_t("budget_total_unknown", L))
        else:
            sec.notes.append(_t("budget_total", L, v=fm.value(_clean(money["value"]), "eur", L, _clean(money["value_max"])), s=status_text(money["status"], L)))
        sec.notes.append(_t("budget_styles", L))
    if not _na(money.get("shortfall")):
        sec.notes.append(_t("budget_shortfall", L, v=fm.eur(money["shortfall"], L)))
    if int(money["n_unknown"] or 0):
        sec.notes.append(_t("budget_unknown", L, n=int(money["n_unknown"])))
    if bars:
        sec.notes.append(_t("budget_no_double", L))
        ids = list(q.sources_for(engine, f, ("funding",))["id"])
        sec.small.append(book.cite(ids, limit=40))
    return sec


def _cohort_section(engine: Engine, f: Filters, kf: pd.DataFrame, book: SourceBook, L: str) -> Section:
    sec = Section("cohorts", _t("cohorts_title", L))
    keys: tuple[str, ...] = ("year_start", "region_code")
    cs_ = q.cohort_summary(engine, f, keys)
    if int(cs_["learners"].notna().sum()) > MAX_BARS:  # many régions: one bar per year
        keys = ("year_start",)
        cs_ = q.cohort_summary(engine, f, keys)
        cs_["region_code"] = None
        cs_["_all"] = True
    # a group's status covers all its rows, also those that only give a length or a share of women:
    # the status of a figure is taken from the rows that give it
    by_status = q.cohort_summary(engine, f, (*keys, "fact_status"))

    def status_of(r, column: str):
        mask = by_status[column].notna()
        for k in keys:
            mask &= by_status[k].isna() if _na(r[k]) else (by_status[k] == r[k])
        found = set(by_status.loc[mask, "fact_status"])
        return found.pop() if len(found) == 1 else ("mixed" if found else r["status"])

    if cs_.empty:
        sec.empty = _t("no_data", L)
        return sec
    regs = q.names(engine)["regions"]

    def where(r, short: bool = False) -> str:
        if r.get("_all") is True:
            return _t("all_territories", L)
        if isinstance(r["region_code"], str):
            return regs.get(r["region_code"], r["region_code"])
        return _t("national_short" if short else "national", L)

    def year(r) -> str:
        return str(int(r["year_start"])) if not _na(r["year_start"]) else _t("year_unknown", L)

    bars = []
    records = [r for r in cs_.to_dict("records") if not _na(r["learners"])]
    if len(records) > MAX_BARS:
        records = sorted(records, key=lambda r: -1 if _na(r["year_start"]) else r["year_start"])[-MAX_BARS:]
        sec.notes.append(_t("more_years", L, n=MAX_BARS))
    for r in records:
        if _na(r["learners"]):
            continue
        status = status_of(r, "learners")
        text = f"{_t('learners_n', L, n=fm.number(r['learners'], L))} · {status_short(status, L)}"
        bars.append(cs.Bar(f"{year(r)}\n{where(r)}", float(r["learners"]), None, text, _style(status)))
    learners = kf.loc["learners"]
    if bars:
        sec.image, sec.image_pt = _chart(bars, _t("learners_axis", L), L, ",.0f")
        sec.notes.append(
            _t(
                "cohorts_total",
                L,
                v=fm.value(_clean(learners["value"]), "count", L),
                s=status_text(learners["status"], L) or fm.unknown(L),
                d=learners["detail"],
            )
        )
    else:
        sec.empty = _t("no_data", L)
    no_learners = int((cs_["cohorts"] - cs_["with_learners"]).sum())
    if no_learners:
        sec.notes.append(_t("cohorts_no_learners", L, n=no_learners))
    women = [
        f"{fm.percent(r['women_share_pct'], L)} ({where(r, True)}, {year(r).lower()}, {status_short(status_of(r, 'women_share_pct'), L).lower()})"
        for r in cs_.to_dict("records")
        if not _na(r["women_share_pct"])
    ]
    if women:
        sec.notes.append(_t("women", L, items=" ; ".join(_cap(women, L))))
    durations = [
        f"{_t('months', L, n=fm.number(r['duration_months'], L))} ({where(r, True)}, {year(r).lower()})"
        for r in cs_.to_dict("records")
        if not _na(r["duration_months"])
    ]
    if durations:
        sec.notes.append(_t("duration", L, items=" ; ".join(_cap(durations, L))))
    if cs_["candidates"].isna().all():
        sec.notes.append(_t("no_candidates", L))
    sec.small.append(book.cite(list(q.sources_for(engine, f, ("cohorts",))["id"]), limit=40))
    return sec


def _outcome_section(engine: Engine, f: Filters, book: SourceBook, L: str) -> Section:
    sec = Section("outcomes", _t("outcomes_title", L))
    out = q.outcomes(engine, f)
    if out.empty:
        sec.empty = _t("no_data", L)
        return sec
    # one row per figure: the same figure from several sources shows once (realised first, then the latest source)
    out["_rank"] = out["fact_status"].map(lambda s: STATUS_RANK.get(s, 9))
    out["_date"] = pd.to_datetime(out["source_date"], errors="coerce")
    out = out.sort_values(["_rank", "_date"], ascending=[True, False], na_position="last")
    keyed = out["fact_key"].notna()
    out = pd.concat([out[~keyed], out[keyed].drop_duplicates("fact_key")])
    order = {"positive_exit_rate": 0, "employment_rate": 1, "exit_salary": 2, "job_offers": 3}
    if len(out) > MAX_OUTCOME_ROWS:
        return _outcome_summary_section(engine, f, sec, out, order, book, L)
    out = out.assign(_o=out["indicator"].map(lambda i: order.get(i, 9))).sort_values(["_o", "year", "id"], ascending=[True, False, True])
    rows = []
    for r in out.to_dict("records"):
        who = _clean(r["site_name"]) or _clean(r["programme_name"]) or ""
        result = label("indicator", r["indicator"], L) + (f"\n{who}" if who else "")
        base = r["base_count"]
        if _na(base):
            head = _t("o_headcount_unknown", L)
        elif base < q.SMALL_BASE:
            head = _t("o_headcount_small", L, n=fm.number(base, L))
        else:
            head = _t("o_headcount", L, n=fm.number(base, L))
        desc = _clean(r["base_description"]) or ""
        period = _t("o_cohorts", L, p=r["cohort_period"]) if not _na(r["cohort_period"]) else _t("o_cohorts_unknown", L)
        if not _na(r["year"]):
            period += f"\n{_t('o_year', L, y=int(r['year']))}"
        rows.append(
            [
                result,
                fm.value(_clean(r["value"]), r["unit"], L),
                (desc + "\n" if desc else "") + head,
                period,
                f"{status_short(r['fact_status'], L)}\n{book.refs(r['source_id'])}",
            ]
        )
    sec.table = Table([_t(k, L) for k in ("o_result", "o_value", "o_base", "o_period", "o_status")], rows, [2.5, 1.35, 4.75, 1.95, 1.75], first_col_bold=True)
    sec.notes.append(_t("o_note", L))
    return sec


def _outcome_summary_section(engine: Engine, f: Filters, sec: Section, out: pd.DataFrame, order: dict, book: SourceBook, L: str) -> Section:
    """Many outcomes: one row per indicator, weighted by base where every base is known, with its bases."""
    summary = q.outcome_summary(engine, f, ("indicator",))
    years = q.outcome_summary(engine, f, ("indicator", "year_start")).groupby("indicator")["year_start"].agg(["min", "max"])
    units = out.groupby("indicator")["unit"].first()
    rows = []
    for r in sorted(summary.to_dict("records"), key=lambda r: order.get(r["indicator"], 9)):
        unit = units.get(r["indicator"], "percent")
        measures, with_base = int(r["measures"]), int(r["with_base"])
        if not _na(r["value"]):
            value = fm.value(r["value"], unit, L)
            how = _t("o_weighted", L) if measures > 1 else ""
        else:
            value = fm.value(_clean(r["value_min"]), unit, L, _clean(r["value_max"]))
            how = _t("o_lowest_highest", L)
        if with_base == measures:
            base = _t("o_base_all", L, n=fm.number(measures, L), b=fm.number(_clean(r["base"]), L))
        else:
            base = _t("o_base_some", L, n=fm.number(measures, L), k=fm.number(with_base, L))
        lo, hi = years.loc[r["indicator"]] if r["indicator"] in years.index else (None, None)
        period = _t("o_years", L, y=f"{int(lo)}–{int(hi)}" if not _na(lo) and not _na(hi) and lo != hi else (str(int(lo)) if not _na(lo) else fm.unknown(L)))
        rows.append([label("indicator", r["indicator"], L), value + (f"\n{how}" if how else ""), base, period, status_short(r["status"], L)])
    sec.table = Table([_t(k, L) for k in ("o_result", "o_value", "o_base", "o_period", "status")], rows, [2.6, 1.9, 4.6, 1.75, 1.45], first_col_bold=True)
    sec.notes.append(_t("o_summary", L, n=fm.number(int(summary["measures"].sum()), L)))
    sec.notes.append(_t("o_note", L))
    ids = list(q.sources_for(engine, f, ("outcomes",))["id"])
    sec.small.append(book.cite(ids, limit=40))
    return sec


# --- comparison --------------------------------------------------------------------------------


def _compare_codes(engine: Engine, f: Filters, names: dict, compare: tuple[str, ...], level: str) -> tuple[tuple[str, ...], str, list[str]]:
    """The territories to compare, the level, and the names of those left out (more than 4)."""
    if compare:
        codes = tuple(dict.fromkeys(compare))
        return codes[:4], level, [names["regions" if level == "region" else "departements"].get(c, c) for c in codes[4:]]
    everywhere = replace(f, regions=(), departements=())
    reg = q.region_totals(engine, everywhere)
    has = reg[(reg["sites"] > 0) | reg["learners"].notna() | reg["money_min"].notna()].sort_values(["sites", "code"], ascending=[False, True])
    own = list(f.regions)
    if f.departements:
        deps = q.filter_options(engine)["departements"].set_index("code")["region_code"]
        own = sorted({deps[c] for c in f.departements if c in deps.index})
    codes = own + [c for c in has["code"] if c not in own]
    return tuple(codes[:4]), "region", [names["regions"].get(c, c) for c in codes[4:]]


def _compare_section(engine: Engine, f: Filters, names: dict, compare: tuple[str, ...], level: str, book: SourceBook, L: str) -> Section:
    title = _t("compare_title" if compare else "compare_regions_title", L)
    sec = Section("compare", title, lead=_t("compare_lead", L))
    codes, level, more = _compare_codes(engine, f, names, compare, level)
    ct = q.compare_territories(engine, f, codes, level) if codes else pd.DataFrame()
    if ct.empty:
        sec.empty = _t("no_data", L)
        return sec
    header = [_t("c_metric", L)] + [f"{r['name']}\n{_t('c_inhabitants', L, n=fm.number(_clean(r['population']), L))}" for r in ct.to_dict("records")]
    exits = []
    # the comparison's sources are cited too; régions: one query for all, départements: one each
    codes_shown = tuple(ct["code"])
    scopes = [replace(f, regions=codes_shown, departements=())] if level == "region" else [replace(f, regions=(), departements=(c,)) for c in codes_shown]
    for g in scopes:
        for sid in q.sources_for(engine, g)["id"]:
            book.ref(sid)
    rates = q.outcomes(engine, scopes[0]) if level == "region" else None
    for code in codes_shown:
        if level == "region":
            o = rates[(rates["indicator"] == "positive_exit_rate") & (rates["region_code"] == code)]
        else:
            o = q.outcomes(engine, replace(f, regions=(), departements=(code,)))
            o = o[o["indicator"] == "positive_exit_rate"]
        for sid in o["source_id"]:
            book.ref(sid)
        periods = sorted(set(o["cohort_period"].dropna()))
        extra = [_t("c_exit_detail", L, p=", ".join(periods))] if periods else []
        if not o.empty and o["base_count"].isna().any():
            extra.append(_t("c_exit_base", L))
        exits.append(", ".join(extra))
    recs = ct.to_dict("records")

    def row(key: str, fn) -> list[str]:
        return [_t(key, L)] + [fn(r) for r in recs]

    rows = [
        row("c_sites", lambda r: fm.number(_clean(r["sites"]), L)),
        row("c_learners", lambda r: fm.number(_clean(r["learners"]), L)),
        row("c_money", lambda r: fm.eur_range(_clean(r["money_min"]), _clean(r["money_max"]), L)),
        row("c_exit", lambda r: fm.percent(_clean(r["positive_exit_rate"]), L)),
        row("c_sites_per_million", lambda r: fm.number(_clean(r["sites_per_million"]), L, 1)),
        row("c_learners_per_100k", lambda r: fm.number(_clean(r["learners_per_100k"]), L, 1)),
        row("c_money_per_inhabitant", lambda r: _eur_small(_clean(r["money_per_inhabitant"]), L)),
    ]
    n = len(recs)
    sec.table = Table(header, rows, [3.4] + [8.9 / n] * n, first_col_bold=True)
    notes: dict[str, list[str]] = {}
    for r in recs:
        if r["note"]:
            notes.setdefault(r["note"], []).append(r["name"])
    for note, who in notes.items():
        sec.notes.append(f"{', '.join(who)}{_colon(L)}{note[0].lower() + note[1:]}")
    if more:
        sec.notes.append(_t("c_more_asked" if compare else "c_more", L, items=", ".join(_cap(more, L, 6))))
    rates = [f"{r['name']}{_colon(L)}{e}" for r, e in zip(recs, exits, strict=True) if e and not _na(r["positive_exit_rate"])]
    sec.notes.append(_t("c_exit_note", L) + (" " + " ; ".join(rates) + "." if rates else ""))
    sec.small.append(_t("c_population_note", L))
    return sec


# --- caveats ------------------------------------------------------------------------------------


def _caveats(key_figures: list[KeyFigure], kf: pd.DataFrame, coverage: list[str], unalloc_text: str, L: str) -> Section:
    sec = Section("caveats", _t("caveats_title", L))
    announced = [k.label for k in key_figures if k.known and kf.loc[k.metric, "status"] in (*ANNOUNCED, "mixed")]
    realised = [k.label for k in key_figures if k.known and kf.loc[k.metric, "status"] == "realised"]
    here = _t("cav_status_here", L, items=", ".join(announced)) if announced else (_t("cav_status_all_realised", L) if realised else "")
    sec.notes.append(_t("cav_status", L) + (" " + here if here else ""))
    unknown = [_t("cav_unknown_kf", L, k=k.label.lower()) for k in key_figures if not k.known]
    money = kf.loc["money"]
    if int(money["n_unknown"] or 0):
        unknown.append(_t("budget_unknown", L, n=int(money["n_unknown"])).rstrip("."))
    rate = next(k for k in key_figures if k.metric == "positive_exit_rate")
    if rate.known and _t("base_unknown", L) in rate.detail:
        unknown.append(_t("kf_positive_exit_rate", L).lower() + _colon(L) + _t("base_unknown", L))
    sec.notes.append(_t("cav_unknown", L) + (" " + _t("cav_unknown_here", L, items=" ; ".join(unknown)) if unknown else ""))
    if coverage:
        sec.notes.append(_t("cav_coverage", L, items=" ; ".join(_cap(coverage, L))))
    else:
        sec.notes.append(_t("no_coverage", L))
    if unalloc_text:
        sec.notes.append(_t("cav_unallocated", L, items=unalloc_text))
    sec.notes.append(_t("cav_dedup", L) + " " + _t("budget_no_double", L))
    sec.small.append(_t("cav_geo", L, a=geo.ATTRIBUTION_FR if L == "fr" else geo.ATTRIBUTION_EN))
    return sec


# --- PowerPoint --------------------------------------------------------------------------------

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
MARGIN = 0.55
CONTENT_TOP = 1.3
FOOTER_H = 0.45
PPTX_FONT = "Arial"
INK = cs.INK
MUTED = cs.MUTED
ACCENT = cs.ACCENT
BAND = "#EEF3F8"
BODY = 18
NOTE = 14  # footnotes of tables and the details of key figures
SMALL = 12  # sources, attribution


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#"))


# Liberation Sans has Arial's metrics (Debian fonts-liberation, installed with LibreOffice).
# Without it, 0.5 em per glyph: a little wider than Arial on French text, so a little safe.
_METRIC_FONTS = (Path("/usr/share/fonts/truetype/liberation/LiberationSans-{}.ttf"),)


@lru_cache(maxsize=2)
def _metric_font(bold: bool):
    """The font that measures slide text as PowerPoint will set it in Arial, or None."""
    from PIL import ImageFont

    for pattern in _METRIC_FONTS:
        path = Path(str(pattern).format("Bold" if bold else "Regular"))
        if path.exists():
            return ImageFont.truetype(str(path), 100)
    return None


@lru_cache(maxsize=4096)
def _width_pt(word: str, size: float, bold: bool) -> float:
    font = _metric_font(bold)
    if font is None:
        return len(word) * size * 0.5
    return font.getlength(word) * size / 100


def _lines(text: str, width_in: float, size: float, bold: bool = False) -> int:
    """Lines of `text` once wrapped at word boundaries in a box `width_in` wide (as PowerPoint wraps)."""
    limit = width_in * 72 * 0.98
    space = _width_pt(" ", size, bold)
    total = 0
    for para in str(text).split("\n"):
        lines, used = 1, 0.0
        for word in para.split(" "):
            w = _width_pt(word, size, bold)
            if used and used + space + w > limit:
                lines += 1
                used = 0.0
            used += (space if used else 0.0) + w
            while used > limit:  # a word longer than the line breaks inside
                lines += 1
                used -= limit
        total += lines
    return total


def _text_h(text: str, width_in: float, size: float, spacing: float = 1.17, bold: bool = False) -> float:
    return _lines(text, width_in, size, bold) * size * spacing / 72


class _Deck:
    def __init__(self, content: BriefContent):
        from pptx import Presentation
        from pptx.util import Inches

        self.c = content
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
        self.blank = self.prs.slide_layouts[6]
        self.slides = []

    # primitives
    def text(self, slide, x, y, w, h, paragraphs, *, anchor="top", wrap=True):
        """paragraphs: [(text, size, bold, colour)]; returns the shape."""
        from pptx.enum.lang import MSO_LANGUAGE_ID
        from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        tf = box.text_frame
        tf.word_wrap = wrap
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}[anchor]
        tf.margin_left = tf.margin_right = Inches(0.02)
        tf.margin_top = tf.margin_bottom = Inches(0.02)
        for i, (text, size, bold, colour) in enumerate(paragraphs):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.space_after = Pt(size * 0.35)
            run = p.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = PPTX_FONT
            run.font.color.rgb = _rgb(colour)
            run.font.language_id = MSO_LANGUAGE_ID.FRENCH if self.c.lang == "fr" else MSO_LANGUAGE_ID.ENGLISH_UK
        return box

    def rect(self, slide, x, y, w, h, colour):
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.util import Inches

        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colour)
        shape.line.fill.background()
        style = shape._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}style")
        if style is not None:  # the default shape style brings a theme shadow and outline
            shape._element.remove(style)
        return shape

    def new_slide(self, title: str | None):
        slide = self.prs.slides.add_slide(self.blank)
        self.slides.append(slide)
        if title:
            self.text(slide, MARGIN, 0.35, SLIDE_W - 2 * MARGIN, 0.7, [(title, 30, True, INK)], anchor="bottom")
            self.rect(slide, MARGIN, 1.1, 0.9, 0.06, ACCENT)
        return slide

    def footers(self):
        total = len(self.slides)
        c = self.c
        width = SLIDE_W - 2 * MARGIN - 1.2
        sentence = c.sentence
        while True:  # one line: a long filter sentence (programme names) is cut, the date stays
            left = f"{_t('brief', c.lang)} · {sentence} · {_t('generated_short', c.lang, d=c.generated)}"
            if _lines(left, width, SMALL) <= 1 or len(sentence) < 20:
                break
            sentence = _shorten(sentence, len(sentence) - 8)
        for i, slide in enumerate(self.slides, start=1):
            if i == 1:
                continue
            y = SLIDE_H - FOOTER_H
            self.text(slide, MARGIN, y, width, 0.3, [(left, SMALL, False, MUTED)])
            box = self.text(slide, SLIDE_W - MARGIN - 1.1, y, 1.1, 0.3, [(f"{i} / {total}", SMALL, False, MUTED)])
            from pptx.enum.text import PP_ALIGN

            box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT

    def table(self, slide, x, y, w, tbl: Table, rows: list[list[str]], size: float = BODY) -> float:
        """A native table; returns its estimated height in inches."""
        from pptx.enum.lang import MSO_LANGUAGE_ID
        from pptx.enum.text import MSO_ANCHOR
        from pptx.util import Inches, Pt

        widths = _col_widths(tbl, w)
        heights = [_row_h(tbl.columns, widths, size, header=True)] + [_row_h(r, widths, size, tbl.first_col_bold) for r in rows]
        shape = slide.shapes.add_table(len(rows) + 1, len(tbl.columns), Inches(x), Inches(y), Inches(w), Inches(sum(heights)))
        table = shape.table
        table.first_row = True
        table.horz_banding = False
        for j, cw in enumerate(widths):
            table.columns[j].width = Inches(cw)
        for i in range(len(heights)):
            # a minimum: PowerPoint and LibreOffice grow a row to fit its text
            table.rows[i].height = Inches(size * 1.2 / 72 + 0.12)
        for i, values in enumerate([tbl.columns, *rows]):
            for j, value in enumerate(values):
                cell = table.cell(i, j)
                cell.margin_left = cell.margin_right = Inches(0.08)
                cell.margin_top = cell.margin_bottom = Inches(0.05)
                cell.vertical_anchor = MSO_ANCHOR.TOP
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(ACCENT if i == 0 else ("#FFFFFF" if i % 2 else BAND))
                tf = cell.text_frame
                tf.word_wrap = True
                for k, line in enumerate(str(value).split("\n")):
                    p = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
                    run = p.add_run()
                    run.text = line
                    run.font.name = PPTX_FONT
                    run.font.size = Pt(size)
                    run.font.bold = i == 0 or (tbl.first_col_bold and j == 0 and k == 0)
                    run.font.color.rgb = _rgb("#FFFFFF" if i == 0 else INK)
                    run.font.language_id = MSO_LANGUAGE_ID.FRENCH if self.c.lang == "fr" else MSO_LANGUAGE_ID.ENGLISH_UK
        return sum(heights)

    def picture(self, slide, png: bytes, x, y, max_w, max_h, size_pt: tuple[float, float]):
        from pptx.util import Inches

        w, h = size_pt[0] / 72, size_pt[1] / 72
        k = min(1.0, max_w / w, max_h / h)
        return slide.shapes.add_picture(io.BytesIO(png), Inches(x), Inches(y), Inches(w * k), Inches(h * k))

    def notes_h(self, notes: Sequence[str], width: float, size: float) -> float:
        return sum(_text_h("• " + n, width, size) + size * 0.35 / 72 for n in notes)


def _col_widths(tbl: Table, total: float) -> list[float]:
    s = sum(tbl.widths)
    return [total * w / s for w in tbl.widths]


def _row_h(values: Sequence[str], widths: Sequence[float], size: float, first_bold: bool = False, header: bool = False) -> float:
    """Height of a table row: its tallest cell (margins 0.08 in each side, 0.05 in top and bottom)."""
    return max(_text_h(v, w - 0.16, size, bold=header or (first_bold and j == 0)) for j, (v, w) in enumerate(zip(values, widths, strict=True))) + 0.11


def _paginate(tbl: Table, width: float, avail: float, size: float, tail: float = 0.0) -> list[list[list[str]]]:
    """Rows per slide; the last slide keeps `tail` inches free (footnotes) and never holds a lone row
    when the one before can spare some."""
    widths = _col_widths(tbl, width)
    head = _row_h(tbl.columns, widths, size, header=True)
    heights = [_row_h(r, widths, size, tbl.first_col_bold) for r in tbl.rows]
    pages: list[list[int]] = [[]]
    used = head
    for i, h in enumerate(heights):
        if pages[-1] and used + h > avail:
            pages.append([])
            used = head
        pages[-1].append(i)
        used += h
    if len(pages[-1]) and head + sum(heights[i] for i in pages[-1]) + tail > avail:
        moved: list[int] = []
        while pages[-1] and head + sum(heights[i] for i in pages[-1]) + tail > avail:
            moved.insert(0, pages[-1].pop())
        pages.append(moved)
        pages = [p for p in pages if p]
    if len(pages) > 1 and len(pages[-1]) == 1 and len(pages[-2]) > 2:
        pages[-1].insert(0, pages[-2].pop())
    return [[tbl.rows[i] for i in p] for p in pages]


def render_pptx(content: BriefContent) -> bytes:
    d = _Deck(content)
    c, L = content, content.lang
    full_w = SLIDE_W - 2 * MARGIN
    bottom = SLIDE_H - FOOTER_H - 0.1

    # 1. title
    s = d.new_slide(None)
    d.rect(s, 0, 0, 0.28, SLIDE_H, ACCENT)
    paras = [(_t("brief", L).upper(), 20, True, ACCENT), (c.territory, 40, True, INK), (c.sentence, 24, False, INK)]
    d.text(s, 1.0, 1.2, SLIDE_W - 2.0, 3.2, paras)
    info = [(f"{_t('period', L)}{_colon(L)}{c.period}", BODY, False, INK), (_t("generated", L, d=c.generated), BODY, False, INK)]
    if c.no_data:
        info.append((_t("no_data", L), 22, True, ACCENT))
    if c.synthetic:
        info.append((_t("synthetic", L), 22, True, ACCENT))
    d.text(s, 1.0, 4.3, SLIDE_W - 2.0, 1.6, info)
    d.text(s, 1.0, 6.2, SLIDE_W - 2.0, 0.8, [(_t("promise", L), BODY, False, MUTED)])

    # 2. key figures
    s = d.new_slide(_t("kf_title", L))
    y = CONTENT_TOP
    cov_text = (f"{_t('coverage', L)}{_colon(L)}" + " ; ".join(_cap(c.coverage, L, 1))) if c.coverage else _t("no_coverage", L)
    if c.no_data:
        cov_text = _t("no_data", L)
    cov_h = _text_h(cov_text, full_w, BODY) + 0.1
    avail = bottom - y - cov_h - 0.15
    detail_x = 6.0
    detail_w = SLIDE_W - MARGIN - detail_x
    details = [k.detail for k in c.key_figures]

    def band_needs(size: float) -> list[float]:
        return [
            max(0.92, (_text_h(t, detail_w, size) + size * 0.35 / 72 if t else 0) + (_text_h(k.sources, detail_w, SMALL) if k.sources else 0) + 0.14)
            for t, k in zip(details, c.key_figures, strict=True)
        ]

    # each band as tall as its details need (at least label + value); details go down to 12 pt, then the
    # longest are cut (« … ») — the PDF, which flows, keeps them whole
    for size in (NOTE, 13, 12):
        needs = band_needs(size)
        if sum(needs) <= avail:
            break
    while sum(needs) > avail:
        i = max(range(len(details)), key=lambda j: len(details[j]))
        if len(details[i]) < 60:
            break
        details[i] = _shorten(details[i], int(len(details[i]) * 0.85))
        needs = band_needs(size)
    extra = max(0.0, avail - sum(needs)) / len(needs)
    top = y
    for i, (k, need) in enumerate(zip(c.key_figures, needs, strict=True)):
        band = need + extra
        if i % 2 == 0:
            d.rect(s, MARGIN - 0.1, top, full_w + 0.2, band, BAND)
        d.text(s, MARGIN, top + 0.05, 3.3, 0.4, [(k.label, BODY, False, MUTED)])
        d.text(s, MARGIN, top + 0.4, 3.3, 0.55, [(k.value, 30 if len(k.value) < 14 else 24, True, ACCENT if k.known else MUTED)])
        main, _, more = (k.status or "—").partition(" (")
        d.text(s, 3.95, top + 0.05, 1.95, band - 0.1, [(main, BODY, False, INK)] + ([("(" + more, NOTE, False, MUTED)] if more else []))
        detail = [(details[i], size, False, INK)] if details[i] else []
        detail += [(k.sources, SMALL, False, MUTED)] if k.sources else []
        d.text(s, detail_x, top + 0.05, detail_w, band - 0.1, detail)
        top += band
    d.text(s, MARGIN, bottom - cov_h, full_w, cov_h, [(cov_text, BODY, c.no_data, ACCENT if c.no_data else INK)])

    # 3–9. sections
    for sec in c.sections:
        _pptx_section(d, sec, full_w, bottom)
    d.footers()
    d.prs.core_properties.title = f"{_t('brief', L)} — {c.territory}"
    d.prs.core_properties.subject = c.sentence
    d.prs.core_properties.author = "campus_metrics"
    d.prs.core_properties.language = "fr-FR" if L == "fr" else "en-GB"
    out = io.BytesIO()
    d.prs.save(out)
    return out.getvalue()


def _pptx_section(d: _Deck, sec: Section, full_w: float, bottom: float) -> None:
    L = d.c.lang
    s = d.new_slide(sec.title)
    y = CONTENT_TOP
    small_h = sum(_text_h(t, full_w, SMALL) for t in sec.small) + (0.05 if sec.small else 0)
    limit = bottom - small_h

    def smalls(slide):
        if sec.small:
            d.text(slide, MARGIN, limit, full_w, small_h, [(t, SMALL, False, MUTED) for t in sec.small])

    if sec.lead and sec.table is None:
        h = _text_h(sec.lead, full_w, BODY) + 0.05
        d.text(s, MARGIN, y, full_w, h, [(sec.lead, BODY, False, MUTED)])
        y += h + 0.05
    if sec.empty:
        d.text(s, MARGIN, y + 0.1, full_w, 0.6, [(sec.empty, 24, True, ACCENT)])
        y += 0.8
    if sec.image is not None:
        img_w = 8.3 if sec.notes else full_w
        pic = d.picture(s, sec.image, MARGIN, y, img_w, limit - y - 0.05, sec.image_pt)
        if sec.notes:
            nx = MARGIN + pic.width / 914400 + 0.3
            nw = SLIDE_W - MARGIN - nx
            notes, size = list(sec.notes), BODY
            while size > NOTE and d.notes_h(notes, nw, size) > limit - y:
                size -= 1
            while d.notes_h(notes, nw, size) > limit - y:  # still too long: cut the longest note
                i = max(range(len(notes)), key=lambda j: len(notes[j]))
                if len(notes[i]) < 60:
                    break
                notes[i] = _shorten(notes[i], int(len(notes[i]) * 0.85))
            no_data = _t("no_data", L)
            d.text(s, nx, y, nw, limit - y, [("• " + n, size, n == no_data, ACCENT if n == no_data else INK) for n in notes])
        smalls(s)
        return
    if sec.table is not None:
        # the lead and notes of a table are its footnotes, in small type under the last part
        foot = ([sec.lead] if sec.lead else []) + sec.notes
        # footnotes go down to 12 pt when that keeps the table on one slide
        for foot_size in (NOTE, SMALL):
            foot_h = d.notes_h(foot, full_w, foot_size) + 0.1 if foot else 0.0
            pages = _paginate(sec.table, full_w, limit - y - 0.1, BODY, tail=foot_h)
            if len(pages) == 1:
                break
        for i, rows in enumerate(pages):
            if i:
                smalls(s)
                s = d.new_slide(f"{sec.title} {_t('continued', L)}")
                y = CONTENT_TOP
            h = d.table(s, MARGIN, y, full_w, sec.table, rows)
        if foot:
            top = min(y + h + 0.2, limit - foot_h)
            d.text(s, MARGIN, top, full_w, limit - top, [("• " + n, foot_size, False, INK) for n in foot])
        smalls(s)
        return
    # notes only (précautions de lecture), continued on as many slides as needed
    size = BODY
    chunk: list[str] = []
    used = 0.0
    for n in sec.notes:
        h = _text_h("• " + n, full_w, size) + size * 0.35 / 72
        if chunk and y + used + h > limit:
            d.text(s, MARGIN, y, full_w, limit - y, [("• " + t, size, False, INK) for t in chunk])
            s = d.new_slide(f"{sec.title} {_t('continued', L)}")
            y, chunk, used = CONTENT_TOP, [], 0.0
        chunk.append(n)
        used += h
    if chunk:
        d.text(s, MARGIN, y, full_w, limit - y, [("• " + t, size, False, INK) for t in chunk])
    smalls(s)


# --- PDF -----------------------------------------------------------------------------------------

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _pdf_fonts() -> tuple[str, str, bool]:
    """(regular, bold, has narrow no-break space): DejaVu Sans when installed, else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        if "BriefSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("BriefSans", str(regular)))
            pdfmetrics.registerFont(TTFont("BriefSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily("BriefSans", normal="BriefSans", bold="BriefSans-Bold", italic="BriefSans", boldItalic="BriefSans-Bold")
        face = pdfmetrics.getFont("BriefSans").face
        return "BriefSans", "BriefSans-Bold", 0x202F in face.charToGlyph
    return "Helvetica", "Helvetica-Bold", False


def render_pdf(content: BriefContent) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import CondPageBreak, Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    c, L = content, content.lang
    regular, bold, nnbsp = _pdf_fonts()
    helvetica = regular == "Helvetica"

    def clean(text: str) -> str:
        text = str(text)
        if not nnbsp:
            text = text.replace("\u202f", "\u00a0")
        if helvetica:
            text = text.encode("cp1252", "replace").decode("cp1252")
        return text

    def para_text(text: str) -> str:
        return escape(clean(text)).replace("\n", "<br/>")

    accent, ink, muted, band = (colors.HexColor(x) for x in (ACCENT, INK, MUTED, BAND))
    st = {
        "kicker": ParagraphStyle("kicker", fontName=bold, fontSize=11, leading=14, textColor=accent, spaceAfter=4),
        "title": ParagraphStyle("title", fontName=bold, fontSize=24, leading=29, textColor=ink, spaceAfter=6),
        "sentence": ParagraphStyle("sentence", fontName=regular, fontSize=13, leading=17, textColor=ink, spaceAfter=4),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=15, leading=19, textColor=ink, spaceBefore=6, spaceAfter=6),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14, textColor=ink, spaceAfter=4, alignment=TA_LEFT),
        "lead": ParagraphStyle("lead", fontName=regular, fontSize=10.5, leading=14, textColor=muted, spaceAfter=6),
        "bullet": ParagraphStyle("bullet", fontName=regular, fontSize=10.5, leading=14, textColor=ink, leftIndent=10, bulletIndent=0, spaceAfter=3),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8.5, leading=11, textColor=muted, spaceAfter=2),
        "alert": ParagraphStyle("alert", fontName=bold, fontSize=13, leading=17, textColor=accent, spaceBefore=4, spaceAfter=6),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=9.5, leading=12, textColor=ink),
        "cell_b": ParagraphStyle("cell_b", fontName=bold, fontSize=9.5, leading=12, textColor=ink),
        "head": ParagraphStyle("head", fontName=bold, fontSize=9.5, leading=12, textColor=colors.white),
        "value": ParagraphStyle("value", fontName=bold, fontSize=14, leading=17, textColor=accent),
        "value_unknown": ParagraphStyle("value_unknown", fontName=bold, fontSize=14, leading=17, textColor=muted),
        "detail_small": ParagraphStyle("detail_small", fontName=regular, fontSize=8.5, leading=11, textColor=muted, spaceBefore=2),
    }
    page_w, page_h = A4
    margin = 18 * mm
    frame_w = page_w - 2 * margin

    def P(text: str, style: str) -> Paragraph:
        return Paragraph(para_text(text), st[style])

    def cell(text: str, style: str = "cell", width: float | None = None) -> Paragraph:
        """A table cell; a compound word wider than the column breaks after a hyphen, not mid-syllable."""
        if not width:
            return Paragraph(para_text(text), st[style])
        s = st[style]
        avail = width - 8  # cell padding
        lines = []
        for raw in clean(text).split("\n"):
            words = []
            for word in escape(raw).split(" "):
                if "-" in word and pdfmetrics.stringWidth(word, s.fontName, s.fontSize) > avail:
                    parts, line = [], ""
                    for piece in word.split("-"):
                        trial = f"{line}-{piece}" if line else piece
                        if line and pdfmetrics.stringWidth(trial + "-", s.fontName, s.fontSize) > avail:
                            parts.append(line + "-")
                            line = piece
                        else:
                            line = trial
                    word = "<br/>".join(parts + [line])
                words.append(word)
            lines.append(" ".join(words))
        return Paragraph("<br/>".join(lines), st[style])

    def table(tbl: Table) -> RLTable:
        s = sum(tbl.widths)
        widths = [frame_w * w / s for w in tbl.widths]
        data = [[cell(h, "head", widths[j]) for j, h in enumerate(tbl.columns)]]
        for r in tbl.rows:
            data.append([cell(v, "cell_b" if (tbl.first_col_bold and j == 0) else "cell", widths[j]) for j, v in enumerate(r)])
        t = RLTable(data, colWidths=widths, repeatRows=1)
        style = [
            ("BACKGROUND", (0, 0), (-1, 0), accent),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#C8D3DF")),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        style += [("BACKGROUND", (0, i), (-1, i), band) for i in range(2, len(data), 2)]
        t.setStyle(TableStyle(style))
        return t

    def image(png: bytes, size_pt: tuple[float, float], max_w: float, max_h: float) -> Image:
        w, h = size_pt
        k = min(1.0, max_w / w, max_h / h)
        return Image(io.BytesIO(png), width=w * k, height=h * k, hAlign="LEFT")

    story: list = []
    # title and key figures
    story += [P(_t("brief", L).upper(), "kicker"), P(c.territory, "title"), P(c.sentence, "sentence")]
    story += [P(f"{_t('period', L)}{_colon(L)}{c.period} · {_t('generated', L, d=c.generated)}", "body")]
    if c.no_data:
        story.append(P(_t("no_data", L), "alert"))
    if c.synthetic:
        story.append(P(_t("synthetic", L), "alert"))
    story += [P(_t("promise", L), "lead"), Spacer(1, 4 * mm), P(_t("kf_title", L), "h2")]
    rows = [[cell(_t("kf_indicator", L), "head"), cell(_t("kf_value", L), "head"), cell(_t("status", L), "head"), cell(_t("kf_details", L), "head")]]
    for k in c.key_figures:
        detail = [cell(k.detail)] if k.detail else []
        if k.sources:
            detail.append(Paragraph(para_text(k.sources), st["detail_small"]))
        rows.append(
            [cell(k.label, "cell_b"), Paragraph(para_text(k.value), st["value" if k.known else "value_unknown"]), cell(k.status or "—"), detail or cell("")]
        )
    kt = RLTable(rows, colWidths=[frame_w * w for w in (0.2, 0.17, 0.2, 0.43)], repeatRows=1)
    kt.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), accent),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#C8D3DF")),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
            + [("BACKGROUND", (0, i), (-1, i), band) for i in range(2, len(rows), 2)]
        )
    )
    story += [kt, Spacer(1, 3 * mm)]
    if c.no_data:
        story.append(P(_t("no_data", L), "alert"))
    else:
        story.append(P((f"{_t('coverage', L)}{_colon(L)}" + " ; ".join(_cap(c.coverage, L))) if c.coverage else _t("no_coverage", L), "body"))

    for sec in c.sections:
        block: list = [P(sec.title, "h2")]
        if sec.lead:
            block.append(P(sec.lead, "lead"))
        if sec.empty:
            block.append(P(sec.empty, "alert"))
        if sec.image is not None:
            big = sec.key == "map"
            block.append(image(sec.image, sec.image_pt, frame_w if big else 130 * mm, 120 * mm if big else 70 * mm))
            block.append(Spacer(1, 2 * mm))
        if sec.table is not None:
            block.append(table(sec.table))
            block.append(Spacer(1, 2 * mm))
        for n in sec.notes:
            style = "alert" if n == _t("no_data", L) else "bullet"
            block.append(Paragraph(para_text(n), st[style], bulletText="•" if style == "bullet" else None))
        for t in sec.small:
            block.append(P(t, "small"))
        block.append(Spacer(1, 3 * mm))
        # the map opens page 2 and the sources the annex; the other sections follow on when they fit.
        # KeepTogether moves a section to the next page rather than splitting it (unless it is longer than a page)
        story.append(PageBreak() if sec.key in ("map", "sources") else CondPageBreak(40 * mm))
        story.append(KeepTogether(block))

    sentence = c.sentence
    while True:  # one line: a long filter sentence is cut, the date stays
        footer_left = clean(f"{_t('brief', L)} · {sentence} · {_t('generated_short', L, d=c.generated)}")
        if pdfmetrics.stringWidth(footer_left, regular, 8) <= frame_w - 15 * mm or len(sentence) < 20:
            break
        sentence = _shorten(sentence, len(sentence) - 6)

    class NumberedCanvas(rl_canvas.Canvas):
        """'page n / N' needs the page count: pages are kept and drawn at save time."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(regular, 8)
                self.setFillColor(muted)
                self.drawString(margin, 10 * mm, footer_left)
                self.drawRightString(page_w - margin, 10 * mm, f"{self._pageNumber} / {total}")
                self.setStrokeColor(accent)
                self.setLineWidth(1.2)
                self.line(margin, page_h - 12 * mm, margin + 25 * mm, page_h - 12 * mm)
                super().showPage()
            super().save()

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=17 * mm,
        bottomMargin=17 * mm,
        title=clean(f"{_t('brief', L)} — {c.territory}"),
        subject=clean(c.sentence),
        author="campus_metrics",
        lang="fr-FR" if L == "fr" else "en-GB",
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    return out.getvalue()


# --- entry point -------------------------------------------------------------------------------


def build_brief(
    engine: Engine,
    f: Filters,
    fmt: str,
    lang: str = "fr",
    compare: tuple[str, ...] = (),
    compare_level: str = "region",
    *,
    generated_on: dt.date | None = None,
) -> bytes:
    """The fiche territoire for these filters: 'pptx' (16:9, editable) or 'pdf' (A4 portrait)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    if compare_level not in ("region", "departement"):
        raise ValueError(f"compare_level must be 'region' or 'departement', not {compare_level!r}")
    content = build_content(engine, f, lang, tuple(compare or ()), compare_level, generated_on)
    return render_pptx(content) if fmt == "pptx" else render_pdf(content)


def warm_up() -> None:
    """Pay the one-off costs (Vega engine start, projected outlines, PDF font) before the first
    brief, e.g. once per server process: about 1 s that the first click would otherwise wait."""
    cs.render_png({"mark": "point", "data": {"values": [{"x": 0}]}, "encoding": {"x": {"field": "x", "type": "quantitative"}}}, scale=1)
    cs.warm_outlines()
    _pdf_fonts()
    _metric_font(False), _metric_font(True)


def file_name(f: Filters, fmt: str, names: dict | None = None) -> str:
    """'fiche-territoire_2017_occitanie.pdf': ASCII, no spaces, safe in a download header."""
    import unicodedata

    parts = ["fiche-territoire", f.period_text("fr").replace("–", "-")]
    if names and (f.departements or f.regions):
        parts.append(_territory(f, names, "fr"))
    else:
        parts += list(f.departements or f.regions) or ["france"]
    text = "_".join(parts)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
    while "--" in text:
        text = text.replace("--", "-")
    return f"{text.strip('-_')}.{fmt}"
