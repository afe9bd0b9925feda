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
from dashboard.cache import memo
from dashboard.i18n import code_label, lang, status_text, t
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
        return t("unknown")
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
        return t("no_source")
    return f"« {title} », {source_date(date, precision)}"


def _amount(kind, lo, hi, period) -> str:
    if kind == "unknown":
        return t("unknown")
    if kind == "shortfall":
        return f"{t('shortfall')} : {money(lo)}"
    yearly = w("per_year_suffix", lang()) if period == "per_year" else ""  # once the detail rows carry it
    return money(lo, hi) + yearly


def _sources(df: pd.DataFrame) -> list[str]:
    return each(src, df["source_title"], df["source_date"], df["source_precision"])


@memo
def funding_lines(df: pd.DataFrame, refs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every funding line in words; the notes' internal codes (« in_totals=false », row ids) read as words (`refs`: `fact_refs`)."""
    from dashboard.budget_views import notes

    fr = lang() == "fr"
    return pd.DataFrame(
        {
            t("amount"): each(_amount, df["amount_kind"], df["amount_min_eur"], df["amount_max_eur"], _column(df, "amount_period")),
            "Financeur" if fr else "Funder": each(lambda name, kind: text(name) or code_label("funder_type", kind), df["funder_name"], df["funder_type"]),
            "Type de financeur" if fr else "Funder type": each(lambda kind: code_label("funder_type", kind), df["funder_type"]),
            "Nature": each(lambda c: code_label("nature", c), df["nature"]),
            "Bénéficiaire" if fr else "Beneficiary": each(text, df["beneficiary"]),
            t("programme"): each(text, df["programme_name"]),
            t("years"): each(years, df["year_start"], df["year_end"]),
            "Compté dans les totaux" if fr else "Counted in totals": each(lambda v: t("yes") if v else t("no"), df["in_totals"]),
            t("status_label"): each(status_text, df["fact_status"]),
            t("note"): notes(df, refs if refs is not None else pd.DataFrame(columns=["id"])),
            t("source"): _sources(df),
        }
    )


def reason(code, known=None, total=None, period=None) -> str:
    """A reason code of the cost table (`sessions_known_for`, `headcount_unknown`, …) in the reader's words."""
    if _na(code) or not str(code):
        return ""
    try:
        return w(f"reason.{code}", lang(), known=num(known), total=num(total), period=text(period) or t("unknown"))
    except KeyError:
        return w("reason.not_computable", lang())


def _start(start, year_start, year_end) -> str:
    return formatting.date(start, "day", lang()) if not _na(start) else years(year_start, year_end)


@memo
def cohorts(df: pd.DataFrame) -> pd.DataFrame:
    fr = lang() == "fr"
    return pd.DataFrame(
        {
            "Promotion" if fr else "Cohort": each(text, df["label"]),
            t("site"): each(text, df["site_name"]),
            t("programme"): each(text, df["programme_name"]),
            "Début" if fr else "Start": each(_start, df["start_date"], df["year_start"], df["year_end"]),
            t("kf_learners"): each(num, df["learners"]),
            "Candidats" if fr else "Applicants": each(num, df["candidates"]),
            t("women_share"): each(pct, df["women_share_pct"]),
            "Durée (mois)" if fr else "Length (months)": each(num, df["duration_months"]),
            "Heures en centre" if fr else "Hours in centre": each(num, df["hours_centre"]),
            "Heures en entreprise" if fr else "Hours in company": each(num, df["hours_company"]),
            "Niveau" if fr else "Level": each(text, df["level"]),
            t("status_label"): each(status_text, df["fact_status"]),
            t("note"): each(text, df["notes"]),
            t("source"): _sources(df),
        }
    )


def base_text(r) -> str:
    return _base(r.get("base_flag"), r.get("base_count"))


def _base(flag, count) -> str:
    if flag == "unknown" or _na(count):
        return t("base_unknown")
    if flag == "small":
        return t("base_small", n=num(count))
    return t("base_ok", n=num(count))


def base_texts(df: pd.DataFrame) -> list[str]:
    """`base_text` of every row."""
    return each(_base, _column(df, "base_flag"), _column(df, "base_count"))


@memo
def outcomes(df: pd.DataFrame) -> pd.DataFrame:
    fr = lang() == "fr"
    return pd.DataFrame(
        {
            "Indicateur" if fr else "Indicator": each(lambda c: code_label("indicator", c), df["indicator"]),
            "Valeur" if fr else "Value": each(lambda v, u: formatting.value(None if _na(v) else v, u, lang()), df["value"], df["unit"]),
            t("rate_of"): each(lambda v: text(v) or t("unknown"), df["base_description"]),
            t("base"): base_texts(df),
            t("cohort_period"): each(lambda v: text(v) or t("unknown"), df["cohort_period"]),
            "Mesuré en" if fr else "Measured in": each(years, df["year"]),
            t("programme"): each(text, df["programme_name"]),
            t("status_label"): each(status_text, df["fact_status"]),
            t("note"): each(text, df["notes"]),
            t("source"): _sources(df),
        }
    )


@memo
def departement_totals(df: pd.DataFrame) -> pd.DataFrame:
    fr = lang() == "fr"
    return pd.DataFrame(
        {
            "Département": [f"{n} ({c})" for n, c in zip(df["name"], df["code"], strict=True)],
            t("kf_sites"): each(num, df["sites"]),
            t("kf_learners"): each(num, df["learners"]),
            t("m_money"): each(money, df["money_min"], df["money_max"]),
            t("m_per_100k"): each(lambda v: num(v, 1), df["learners_per_100k"]),
            "Population": each(num, df["population"]),
            "Région" if fr else "Region": df["region_name"].tolist() if "region_name" in df.columns else "",
        }
    )


@memo
def selectivity(df: pd.DataFrame) -> pd.DataFrame:
    fr = lang() == "fr"
    return pd.DataFrame(
        {
            t("programme"): df["programme_name"],
            "Candidats" if fr else "Applicants": each(num, df["candidates"]),
            t("kf_learners"): each(num, df["learners"]),
            "Taux de sélection" if fr else "Selection rate": each(pct, df["selectivity_pct"]),
            t("status_label"): each(status_text, df["fact_status"]) if "fact_status" in df else "",
        },
        index=df.index,
    )


def _why(code, known, total, period) -> str:
    return t("not_calculable_because", why=reason(code, known, total, period))


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
            t("scope"): each(text, cpl["scope"]),
            t("year"): each(years, cpl["year"]),
            t("status_label"): each(status_text, cpl["status"]),
            t("funding"): each(money, cpl["money_min"], cpl["money_max"]),
            t("kf_learners"): each(num, cpl["learners"]),
            t("kf_cost_per_learner"): each(_cost, cpl["calculable"], cpl["cost_min"], cpl["cost_max"], *why),
            t("exit_rate"): each(pct, cpl["exit_rate"]),
            t("cost_per_exit"): each(_cost_exit, cpl["cost_exit_min"], cpl["cost_exit_max"], cpl["reason"], cpl["exit_reason"], *why[1:]),
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
            t("x_amount_min"): _floats(df["amount_min_eur"]),
            t("x_amount_max"): _floats(df["amount_max_eur"]),
            t("x_period"): each(lambda p: code_label("amount_period", p) if not _na(p) else "", _column(df, "amount_period")),
            t("x_year_start"): _ints(df["year_start"]),
            t("x_year_end"): _ints(df["year_end"]),
            **{c: shown[c] for c in shown.columns if c not in (t("amount"), t("years"))},
        }
    )


@memo
def cost_export(cpl: pd.DataFrame) -> pd.DataFrame:
    """`cost_table` for a spreadsheet: money, learners, rates and years as numbers."""
    why = (cpl["reason"], cpl["n_known"], cpl["total"], cpl["exit_period"])
    return pd.DataFrame(
        {
            t("scope"): each(text, cpl["scope"]),
            t("year"): _ints(cpl["year"]),
            t("status_label"): each(status_text, cpl["status"]),
            t("x_funding_min"): _floats(cpl["money_min"]),
            t("x_funding_max"): _floats(cpl["money_max"]),
            t("x_learners"): _ints(cpl["learners"]),
            t("x_cost_min"): _floats(cpl["cost_min"]),
            t("x_cost_max"): _floats(cpl["cost_max"]),
            t("x_exit_rate"): _floats(cpl["exit_rate"]),
            t("x_cost_exit_min"): _floats(cpl["cost_exit_min"]),
            t("x_cost_exit_max"): _floats(cpl["cost_exit_max"]),
            t("x_reason"): each(lambda c, *rest: "" if _na(c) or not str(c) else reason(c, *rest), *why),
        }
    )


UNIT_WORDS = {"percent": "%", "eur": "€", "eur_per_month": "€/mois", "count": "", "m2": "m²"}


@memo
def outcomes_export(df: pd.DataFrame) -> pd.DataFrame:
    """`outcomes` for a spreadsheet: the value and base headcount as numbers; a rate's unit in the header."""
    shown = outcomes(df)
    rates = bool(len(df)) and bool((df["unit"] == "percent").all())
    value = pd.to_numeric(df["value"], errors="coerce").astype(float)
    head = {t("x_value") + " (%)": value} if rates else {t("x_value"): value, t("x_unit"): df["unit"].map(UNIT_WORDS).fillna(df["unit"])}
    return pd.DataFrame(
        {
            shown.columns[0]: shown.iloc[:, 0],
            **head,
            t("x_base_count"): _ints(df["base_count"]),
            t("rate_of"): shown[t("rate_of")],
            t("cohort_period"): shown[t("cohort_period")],
            t("x_measured"): _ints(df["year"]),
            t("programme"): shown[t("programme")],
            t("status_label"): shown[t("status_label")],
            t("note"): shown[t("note")],
            t("source"): shown[t("source")],
        }
    )


@memo
def cohorts_export(df: pd.DataFrame) -> pd.DataFrame:
    """`cohorts` for a spreadsheet: headcounts, shares, lengths, hours and years as numbers."""
    shown = cohorts(df)
    fr = lang() == "fr"
    return pd.DataFrame(
        {
            **{c: shown[c] for c in shown.columns[:3]},
            t("x_year_start"): _ints(df["year_start"]),
            t("x_year_end"): _ints(df["year_end"]),
            t("x_learners"): _ints(df["learners"]),
            "Candidats" if fr else "Applicants": _ints(df["candidates"]),
            t("women_share") + " (%)": _floats(df["women_share_pct"]),
            "Durée (mois)" if fr else "Length (months)": _floats(df["duration_months"]),
            t("x_hours_centre"): _ints(df["hours_centre"]),
            t("x_hours_company"): _ints(df["hours_company"]),
            **{c: shown[c] for c in shown.columns[-4:]},
        }
    )
