"""Display tables: French headers, values formatted by `campus_metrics.formatting`, « inconnu » for unknowns.

A table is built column by column, each formatter called once per distinct value (`each`), and
kept per (input frame, language) through `cache.memo`: a rerun with the same filters formats nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from campus_metrics import formatting
from campus_metrics.figures.words import w
from campus_metrics.text import tr
from dashboard.cache import memo
from dashboard.i18n import _, code_label, lang, status_text
from dashboard.sources import source_date


def _na(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def num(v, digits: int = 0) -> str:
    return formatting.number(None if _na(v) else v, lang(), digits)


def money(lo, hi=None, compact: bool = True) -> str:
    return formatting.eur_range(None if _na(lo) else lo, None if _na(hi) else hi, lang(), compact)


def pct(v) -> str:
    return formatting.percent(None if _na(v) else v, lang())


def text(v) -> str:
    return "" if _na(v) else str(v)


def years(lo, hi=None) -> str:
    if _na(lo):
        return _("inconnu")
    lo = int(lo)
    if _na(hi) or int(hi) == lo:
        return str(lo)
    return f"{lo}–{int(hi)}"


def each(fn: Callable[..., str], *columns: pd.Series) -> list:
    """`fn(*values)` for every row of these columns, called once per distinct row of values.

    Dates, statuses, sources and amounts repeat across rows; missing values (None, NaN, NA) count
    as one value, and `fn` gets the first one met, as a row-by-row loop would.
    """
    values = [c.tolist() for c in columns]
    keys = [c.astype(object).where(c.notna(), None).tolist() for c in columns]
    seen: dict[Any, Any] = {}
    out = []
    for key, row in zip(zip(*keys, strict=True), zip(*values, strict=True), strict=True):
        try:
            out.append(seen[key])
        except KeyError:
            out.append(seen.setdefault(key, fn(*row)))
        except TypeError:  # an unhashable value: no reuse
            out.append(fn(*row))
    return out


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    """A column, or missing values when the frame does not carry it (yet)."""
    return df[name] if name in df.columns else pd.Series(None, index=df.index, dtype=object)


def src(title, date, precision) -> str:
    if _na(title):
        return _("Source non renseignée")
    return f"« {title} », {source_date(date, precision)}"


def _amount(kind, lo, hi, period) -> str:
    if kind == "unknown":
        return _("inconnu")
    if kind == "shortfall":
        return _("Manque à financer") + _(" : ") + money(lo)
    yearly = tr(lang(), "/an") if period == "per_year" else ""  # once the detail rows carry it
    return money(lo, hi) + yearly


def _sources(df: pd.DataFrame) -> list[str]:
    return each(src, df["source_title"], df["source_date"], df["source_precision"])


@memo
def funding_lines(df: pd.DataFrame, refs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every funding line in words; the notes' internal codes (« in_totals=false », row ids) read as words (`refs`: `fact_refs`)."""
    from dashboard.budget_views import notes

    return pd.DataFrame(
        {
            _("Montant"): each(_amount, df["amount_kind"], df["amount_min_eur"], df["amount_max_eur"], _column(df, "amount_period")),
            _("Financeur"): each(lambda name, kind: text(name) or code_label("funder_type", kind), df["funder_name"], df["funder_type"]),
            _("Type de financeur"): each(lambda kind: code_label("funder_type", kind), df["funder_type"]),
            "Nature": each(lambda c: code_label("nature", c), df["nature"]),
            _("Bénéficiaire"): each(text, df["beneficiary"]),
            _("Programme"): each(text, df["programme_name"]),
            _("Années"): each(years, df["year_start"], df["year_end"]),
            _("Compté dans les totaux"): each(lambda v: _("Oui") if v else _("Non"), df["in_totals"]),
            _("Statut"): each(status_text, df["fact_status"]),
            _("Note"): notes(df, refs if refs is not None else pd.DataFrame(columns=["id"])),
            _("Source"): _sources(df),
        }
    )


def reason(code, known=None, total=None, period=None) -> str:
    """A reason code of the cost table (`sessions_known_for`, `headcount_unknown`, …) in the reader's words."""
    if _na(code) or not str(code):
        return ""
    try:
        return w(f"reason.{code}", lang(), count=0 if _na(known) else int(known), known=num(known), total=num(total), period=text(period) or _("inconnu"))
    except KeyError:
        return tr(lang(), "non calculable")


def _start(start, year_start, year_end) -> str:
    return formatting.date(start, "day", lang()) if not _na(start) else years(year_start, year_end)


@memo
def cohorts(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Promotion"): each(text, df["label"]),
            _("Site"): each(text, df["site_name"]),
            _("Programme"): each(text, df["programme_name"]),
            _("Début"): each(_start, df["start_date"], df["year_start"], df["year_end"]),
            _("Apprenants"): each(num, df["learners"]),
            _("Candidats"): each(num, df["candidates"]),
            _("Part des femmes"): each(pct, df["women_share_pct"]),
            _("Durée (mois)"): each(num, df["duration_months"]),
            _("Heures en centre"): each(num, df["hours_centre"]),
            _("Heures en entreprise"): each(num, df["hours_company"]),
            _("Niveau"): each(text, df["level"]),
            _("Statut"): each(status_text, df["fact_status"]),
            _("Note"): each(text, df["notes"]),
            _("Source"): _sources(df),
        }
    )


def base_text(r) -> str:
    return _base(r.get("base_flag"), r.get("base_count"))


def _base(flag, count) -> str:
    if flag == "unknown" or _na(count):
        return _("Effectif de la base inconnu")
    if flag == "small":
        return _("Base faible : {n} personnes (moins de 30)", n=num(count))
    return _("Base : {n} personnes", n=num(count))


def base_texts(df: pd.DataFrame) -> list[str]:
    """`base_text` of every row."""
    return each(_base, _column(df, "base_flag"), _column(df, "base_count"))


@memo
def outcomes(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Indicateur"): each(lambda c: code_label("indicator", c), df["indicator"]),
            _("Valeur"): each(lambda v, u: formatting.value(None if _na(v) else v, u, lang()), df["value"], df["unit"]),
            _("Taux mesuré sur"): each(lambda v: text(v) or _("inconnu"), df["base_description"]),
            _("Base"): base_texts(df),
            _("Promotions"): each(lambda v: text(v) or _("inconnu"), df["cohort_period"]),
            _("Mesuré en"): each(years, df["year"]),
            _("Programme"): each(text, df["programme_name"]),
            _("Statut"): each(status_text, df["fact_status"]),
            _("Note"): each(text, df["notes"]),
            _("Source"): _sources(df),
        }
    )


@memo
def departement_totals(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Département"): [f"{n} ({c})" for n, c in zip(df["name"], df["code"], strict=True)],
            _("Sites"): each(num, df["sites"]),
            _("Apprenants"): each(num, df["learners"]),
            _("Montants"): each(money, df["money_min"], df["money_max"]),
            _("Apprenants pour 100 000 habitants"): each(lambda v: num(v, 1), df["learners_per_100k"]),
            "Population": each(num, df["population"]),
            _("Région"): df["region_name"].tolist() if "region_name" in df.columns else "",
        }
    )


@memo
def selectivity(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Programme"): df["programme_name"],
            _("Candidats"): each(num, df["candidates"]),
            _("Apprenants"): each(num, df["learners"]),
            _("Taux de sélection"): each(pct, df["selectivity_pct"]),
            _("Statut"): each(status_text, df["fact_status"]) if "fact_status" in df else "",
        },
        index=df.index,
    )


def _why(code, known, total, period) -> str:
    return _("non calculable : {why}", why=reason(code, known, total, period))


def _cost(calculable, lo, hi, code, known, total, period) -> str:
    return money(lo, hi, compact=False) if calculable else _why(code, known, total, period)


def _cost_exit(lo, hi, code, exit_code, known, total, period) -> str:
    if not _na(lo):
        return money(lo, hi, compact=False)
    return _why(code if text(code) else exit_code, known, total, period)


@memo
def cost_table(cpl: pd.DataFrame) -> pd.DataFrame:
    """`cost_per_learner` rows: one per scope and year, the cost where computable, else why not, in words."""
    why = (cpl["reason"], cpl["n_known"], cpl["total"], cpl["exit_period"])
    return pd.DataFrame(
        {
            _("Périmètre"): each(text, cpl["scope"]),
            _("Année"): each(years, cpl["year"]),
            _("Statut"): each(status_text, cpl["status"]),
            _("Financement"): each(money, cpl["money_min"], cpl["money_max"]),
            _("Apprenants"): each(num, cpl["learners"]),
            _("Coût par apprenant"): each(_cost, cpl["calculable"], cpl["cost_min"], cpl["cost_max"], *why),
            _("Taux de sorties positives"): each(pct, cpl["exit_rate"]),
            _("Coût par sortie positive"): each(_cost_exit, cpl["cost_exit_min"], cpl["cost_exit_max"], cpl["reason"], cpl["exit_reason"], *why[1:]),
        }
    )


def _ints(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column, errors="coerce").astype("Int64")


def _floats(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column, errors="coerce").astype(float)


@memo
def funding_lines_export(df: pd.DataFrame, refs: pd.DataFrame | None = None) -> pd.DataFrame:
    """`funding_lines` for a spreadsheet: amounts and years as numbers, the unit in the header."""
    shown = funding_lines(df, refs)
    return pd.DataFrame(
        {
            _("Montant min (€)"): _floats(df["amount_min_eur"]),
            _("Montant max (€)"): _floats(df["amount_max_eur"]),
            _("Période du montant"): each(lambda p: code_label("amount_period", p) if not _na(p) else "", _column(df, "amount_period")),
            _("Année de début"): _ints(df["year_start"]),
            _("Année de fin"): _ints(df["year_end"]),
            **{c: shown[c] for c in shown.columns if c not in (_("Montant"), _("Années"))},
        }
    )


@memo
def cost_export(cpl: pd.DataFrame) -> pd.DataFrame:
    """`cost_table` for a spreadsheet: money, learners, rates and years as numbers."""
    why = (cpl["reason"], cpl["n_known"], cpl["total"], cpl["exit_period"])
    return pd.DataFrame(
        {
            _("Périmètre"): each(text, cpl["scope"]),
            _("Année"): _ints(cpl["year"]),
            _("Statut"): each(status_text, cpl["status"]),
            _("Financement, min (€)"): _floats(cpl["money_min"]),
            _("Financement, max (€)"): _floats(cpl["money_max"]),
            _("Apprenants"): _ints(cpl["learners"]),
            _("Coût par apprenant, min (€)"): _floats(cpl["cost_min"]),
            _("Coût par apprenant, max (€)"): _floats(cpl["cost_max"]),
            _("Taux de sorties positives (%)"): _floats(cpl["exit_rate"]),
            _("Coût par sortie positive, min (€)"): _floats(cpl["cost_exit_min"]),
            _("Coût par sortie positive, max (€)"): _floats(cpl["cost_exit_max"]),
            _("Pourquoi non calculable"): each(lambda c, *rest: "" if _na(c) or not str(c) else reason(c, *rest), *why),
        }
    )


UNIT_WORDS = {"percent": "%", "eur": "€", "eur_per_month": "€/mois", "count": "", "m2": "m²"}


@memo
def outcomes_export(df: pd.DataFrame) -> pd.DataFrame:
    """`outcomes` for a spreadsheet: the value and base headcount as numbers; a rate's unit in the header."""
    shown = outcomes(df)
    rates = bool(len(df)) and bool((df["unit"] == "percent").all())
    value = pd.to_numeric(df["value"], errors="coerce").astype(float)
    head = {_("Valeur") + " (%)": value} if rates else {_("Valeur"): value, _("Unité"): df["unit"].map(UNIT_WORDS).fillna(df["unit"])}
    return pd.DataFrame(
        {
            shown.columns[0]: shown.iloc[:, 0],
            **head,
            _("Effectif de base"): _ints(df["base_count"]),
            _("Taux mesuré sur"): shown[_("Taux mesuré sur")],
            _("Promotions"): shown[_("Promotions")],
            _("Mesuré en (année)"): _ints(df["year"]),
            _("Programme"): shown[_("Programme")],
            _("Statut"): shown[_("Statut")],
            _("Note"): shown[_("Note")],
            _("Source"): shown[_("Source")],
        }
    )


@memo
def cohorts_export(df: pd.DataFrame) -> pd.DataFrame:
    """`cohorts` for a spreadsheet: headcounts, shares, lengths, hours and years as numbers."""
    shown = cohorts(df)
    return pd.DataFrame(
        {
            **{c: shown[c] for c in shown.columns[:3]},
            _("Année de début"): _ints(df["year_start"]),
            _("Année de fin"): _ints(df["year_end"]),
            _("Apprenants"): _ints(df["learners"]),
            _("Candidats"): _ints(df["candidates"]),
            _("Part des femmes") + " (%)": _floats(df["women_share_pct"]),
            _("Durée (mois)"): _floats(df["duration_months"]),
            _("Heures en centre"): _ints(df["hours_centre"]),
            _("Heures en entreprise"): _ints(df["hours_company"]),
            **{c: shown[c] for c in shown.columns[-4:]},
        }
    )


@memo
def year_series_export(ys: pd.DataFrame, status: str, source_names: str) -> pd.DataFrame:
    """`year_series` for a spreadsheet: one row per year, counts and euros as numbers (unknown: empty).

    `status`: the status group the learners and money are ("Réalisé"); `source_names`: the sources, in words.
    """
    ys = ys.reindex(columns=list(dict.fromkeys([*ys.columns, "learners", "money_min", "money_max"])))  # no status group: no learners or money
    return pd.DataFrame(
        {
            _("Année"): _ints(ys["year"]),
            _("Sites ouverts"): _ints(ys["sites_opened"]),
            _("Apprenants entrés en formation"): _floats(ys["learners"]),
            _("Montant engagé min (€)"): _floats(ys["money_min"]),
            _("Montant engagé max (€)"): _floats(ys["money_max"]),
            _("Statut des apprenants et montants"): status,
            _("Sources"): source_names,
        }
    )


@memo
def departement_totals_export(df: pd.DataFrame, status: str) -> pd.DataFrame:
    """`departement_totals` for a spreadsheet: code and names as text, counts and euros as numbers (unknown: empty)."""
    return pd.DataFrame(
        {
            _("Code du département"): df["code"].astype(str),
            _("Département"): df["name"],
            _("Région"): df["region_name"] if "region_name" in df.columns else "",
            _("Sites"): _ints(df["sites"]),
            _("Apprenants"): _floats(df["learners"]),
            _("Montant min (€)"): _floats(df["money_min"]),
            _("Montant max (€)"): _floats(df["money_max"]),
            _("Apprenants pour 100 000 habitants"): _floats(df["learners_per_100k"]),
            "Population": _ints(df["population"]),
            _("Statut des apprenants et montants"): status,
        }
    )
