"""Display tables: French headers, values formatted by `campus_metrics.formatting`, « inconnu » for unknowns."""

from __future__ import annotations

import pandas as pd

from campus_metrics import formatting
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


def src(title, date, precision) -> str:
    if _na(title):
        return t("no_source")
    return f"« {title} », {source_date(date, precision)}"


def _amount(r) -> str:
    kind = r["amount_kind"]
    if kind == "unknown":
        return t("unknown")
    if kind == "shortfall":
        return f"{t('shortfall')} : {money(r['amount_min_eur'])}"
    return money(r["amount_min_eur"], r["amount_max_eur"])


def funding_lines(df: pd.DataFrame) -> pd.DataFrame:
    rows = [
        {
            t("amount"): _amount(r),
            "Financeur" if lang() == "fr" else "Funder": text(r["funder_name"]) or code_label("funder_type", r["funder_type"]),
            "Type de financeur" if lang() == "fr" else "Funder type": code_label("funder_type", r["funder_type"]),
            "Nature": code_label("nature", r["nature"]),
            "Bénéficiaire" if lang() == "fr" else "Beneficiary": text(r["beneficiary"]),
            t("programme"): text(r["programme_name"]),
            t("years"): years(r["year_start"], r["year_end"]),
            "Compté dans les totaux" if lang() == "fr" else "Counted in totals": t("yes") if r["in_totals"] else t("no"),
            t("status_label"): status_text(r["fact_status"]),
            t("note"): text(r["notes"]),
            t("source"): src(r["source_title"], r["source_date"], r["source_precision"]),
        }
        for _, r in df.iterrows()
    ]
    return pd.DataFrame(rows)


def cost_per_learner(df: pd.DataFrame) -> pd.DataFrame:
    fr = lang() == "fr"
    return pd.DataFrame(
        [
            {
                "Périmètre" if fr else "Scope": r["scope"],
                t("year"): years(r["year"]),
                t("kf_cost_per_learner"): money(r["cost_min"], r["cost_max"], compact=False),
                "Financement" if fr else "Funding": money(r["money_min"], r["money_max"]),
                t("kf_learners"): num(r["learners"]),
                t("status_label"): status_text(r["status"]),
                "Méthode" if fr else "Method": r["method"],
            }
            for _, r in df.iterrows()
        ]
    )


def cohorts(df: pd.DataFrame) -> pd.DataFrame:
    fr = lang() == "fr"
    rows = []
    for _, r in df.iterrows():
        start = r["start_date"]
        rows.append(
            {
                "Promotion" if fr else "Cohort": text(r["label"]),
                t("site"): text(r["site_name"]),
                t("programme"): text(r["programme_name"]),
                "Début" if fr else "Start": formatting.date(start, "day", lang()) if not _na(start) else years(r["year_start"], r["year_end"]),
                t("kf_learners"): num(r["learners"]),
                "Candidats" if fr else "Applicants": num(r["candidates"]),
                t("women_share"): pct(r["women_share_pct"]),
                "Durée (mois)" if fr else "Length (months)": num(r["duration_months"]),
                "Heures en centre" if fr else "Hours in centre": num(r["hours_centre"]),
                "Heures en entreprise" if fr else "Hours in company": num(r["hours_company"]),
                "Niveau" if fr else "Level": text(r["level"]),
                t("status_label"): status_text(r["fact_status"]),
                t("note"): text(r["notes"]),
                t("source"): src(r["source_title"], r["source_date"], r["source_precision"]),
            }
        )
    return pd.DataFrame(rows)


def base_text(r) -> str:
    flag = r.get("base_flag")
    if flag == "unknown" or _na(r.get("base_count")):
        return t("base_unknown")
    if flag == "small":
        return t("base_small", n=num(r["base_count"]))
    return t("base_ok", n=num(r["base_count"]))


def outcomes(df: pd.DataFrame) -> pd.DataFrame:
    fr = lang() == "fr"
    return pd.DataFrame(
        [
            {
                "Indicateur" if fr else "Indicator": code_label("indicator", r["indicator"]),
                "Valeur" if fr else "Value": formatting.value(None if _na(r["value"]) else r["value"], r["unit"], lang()),
                t("rate_of"): text(r["base_description"]) or t("unknown"),
                t("base"): base_text(r),
                t("cohort_period"): text(r["cohort_period"]) or t("unknown"),
                "Mesuré en" if fr else "Measured in": years(r["year"]),
                t("programme"): text(r["programme_name"]),
                t("status_label"): status_text(r["fact_status"]),
                t("note"): text(r["notes"]),
                t("source"): src(r["source_title"], r["source_date"], r["source_precision"]),
            }
            for _, r in df.iterrows()
        ]
    )


def departement_totals(df: pd.DataFrame) -> pd.DataFrame:
    fr = lang() == "fr"
    return pd.DataFrame(
        [
            {
                "Département": f"{r['name']} ({r['code']})",
                t("kf_sites"): num(r["sites"]),
                t("kf_learners"): num(r["learners"]),
                t("m_money"): money(r["money_min"], r["money_max"]),
                t("m_per_100k"): num(r["learners_per_100k"], 1),
                "Population": num(r["population"]),
                "Région" if fr else "Region": r.get("region_name", ""),
            }
            for _, r in df.iterrows()
        ]
    )


def selectivity(df: pd.DataFrame) -> pd.DataFrame:
    fr = lang() == "fr"
    return pd.DataFrame(
        {
            t("programme"): df["programme_name"],
            "Candidats" if fr else "Applicants": df["candidates"].map(num),
            t("kf_learners"): df["learners"].map(num),
            "Taux de sélection" if fr else "Selection rate": df["selectivity_pct"].map(pct),
        }
    )
