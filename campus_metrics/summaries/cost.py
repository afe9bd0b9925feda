"""Cost per learner and per positive exit, resolved at write time for each scope and year.

A cost is only divided where money and learners cover the same perimeter, year and status
group (realised money over enrolled learners, announced money over announced places):
- site scope: the site's whole-cost line if any (all funders together), else the sum of its
  lines counted in totals, over the learners of its cohorts starting that year;
- programme scope (money with no site): the programme's lines in a région, over all its
  cohorts in that région and year, and only when every planned session has a headcount.
Cost per positive exit adds the positive-exit rate of the same perimeter, measured on the
cohorts of that year. Where something is missing the row keeps a reason code, never a guess.
"""

from __future__ import annotations

import re
from enum import StrEnum

import numpy as np
import pandas as pd
from sqlalchemy import Connection, and_, insert, select

from campus_metrics import models as m
from campus_metrics.enums import STATUS_GROUP, AmountKind, FunderType, Nature, OutcomeIndicator
from campus_metrics.summaries.tables import COST


class ReasonCode(StrEnum):
    """Why a figure is not computed. The words are in figures.words, never here."""

    amount_unknown = "amount_unknown"
    headcount_unknown = "headcount_unknown"
    headcount_known_for = "headcount_known_for"  # known cohorts out of all cohorts
    sessions_known_for = "sessions_known_for"  # known cohorts out of planned sessions
    no_exit_rate = "no_exit_rate"
    exit_rate_other_period = "exit_rate_other_period"
    several_rates = "several_rates"
    no_common_scope = "no_common_scope"
    not_computable = "not_computable"


def _frame(conn: Connection, stmt) -> pd.DataFrame:
    from campus_metrics.queries._base import rows_frame  # lazily: queries import the summaries

    return rows_frame(conn.execute(stmt))


def _group_status(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    """The combined status of each group, vectorised: the shared status, or 'mixed'."""
    g = df.groupby(keys, dropna=False)["fact_status"]
    first, n = g.first(), g.nunique()
    return first.where(n <= 1, "mixed")


def _group_sources(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    """The sorted, distinct source ids of each group as one comma-separated string.

    With up to 62 sources each is a bit and a group's set is a sum of distinct bits (vectorised);
    beyond that, a join per group.
    """
    cat = df["source_id"].astype("category")
    names = list(cat.cat.categories)
    if len(names) > 62:
        d = df[[*keys, "source_id"]].drop_duplicates().sort_values("source_id")
        return d.groupby(keys, dropna=False)["source_id"].agg(",".join)
    bits = df[keys].assign(_bit=np.left_shift(np.int64(1), cat.cat.codes.to_numpy(dtype=np.int64)))
    mask = bits.drop_duplicates().groupby(keys, dropna=False)["_bit"].sum()
    words = {int(v): ",".join(sorted(n for i, n in enumerate(names) if int(v) >> i & 1)) for v in pd.unique(mask)}
    return mask.map(words)


def _pair_status(a: pd.Series, b: pd.Series) -> pd.Series:
    a, b = a.astype(object), b.astype(object)
    return pd.Series(np.where(a.isna(), b, np.where(b.isna() | (a == b), a, "mixed")), index=a.index)


def _sources(*series: pd.Series) -> pd.Series:
    joined = series[0].astype(object).fillna("")
    for s in series[1:]:
        joined = joined + "," + s.astype(object).fillna("")
    uniq = {v: ",".join(sorted({x for x in v.split(",") if x})) for v in pd.unique(joined)}  # few distinct values
    return joined.map(uniq)


def _group(status: pd.Series) -> pd.Series:
    return status.map(lambda s: STATUS_GROUP[s].value if s in STATUS_GROUP else "announced")


def _years(period) -> tuple[int, int] | None:
    """'2015-2016' → (2015, 2016); '2017' → (2017, 2017); anything else → None."""
    found = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", str(period or ""))]
    return (min(found), max(found)) if found else None


def _money_lines(conn: Connection) -> pd.DataFrame:
    F = m.FundingLine
    ok = (AmountKind.point.value, AmountKind.range.value)
    lines = _frame(
        conn,
        select(
            F.site_id,
            F.programme_id,
            F.region_code,
            F.year_start,
            F.fact_status,
            F.source_id,
            F.in_totals,
            F.nature,
            F.funder_type,
            F.amount_min_eur,
            F.amount_max_eur,
        ).where(F.counted.is_(True), F.amount_kind.in_(ok)),
    )
    lines["group"] = _group(lines["fact_status"])
    return lines


def _cohorts(conn: Connection) -> pd.DataFrame:
    C = m.Cohort
    coh = _frame(conn, select(C.site_id, C.programme_id, C.region_code, C.year_start, C.fact_status, C.source_id, C.learners).where(C.counted.is_(True)))
    coh["group"] = _group(coh["fact_status"])
    return coh


def _agg_learners(coh: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    g = coh.groupby(keys, dropna=False)
    out = g.agg(learners=("learners", "sum"), n_known=("learners", "count"), n_cohorts=("learners", "size"))
    out["learner_status"] = _group_status(coh, keys)
    out["learner_sources"] = _group_sources(coh, keys)
    return out.reset_index()


def _site_scopes(lines: pd.DataFrame, coh: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    on_site = lines[lines["site_id"].notna()].copy()
    if on_site.empty:
        return pd.DataFrame()
    whole = (on_site["nature"] == Nature.total.value) & on_site["funder_type"].isin((FunderType.mixed.value, FunderType.unknown.value))
    on_site["w_min"] = on_site["amount_min_eur"].where(whole)
    on_site["w_max"] = on_site["amount_max_eur"].where(whole)
    on_site["t_min"] = on_site["amount_min_eur"].where(on_site["in_totals"].astype(bool))
    on_site["t_max"] = on_site["amount_max_eur"].where(on_site["in_totals"].astype(bool))
    keys = ["site_id", "year_start", "group"]
    g = on_site.groupby(keys, dropna=False)
    money = g.agg(w_min=("w_min", "max"), w_max=("w_max", "max"), t_min=("t_min", "sum"), t_max=("t_max", "sum"), t_n=("t_min", "count"))
    money["money_status"] = _group_status(on_site, keys)
    money["money_sources"] = _group_sources(on_site, keys)
    money = money.reset_index()
    use_whole = money["w_min"].notna()
    money["money_min"] = money["w_min"].where(use_whole, money["t_min"].where(money["t_n"] > 0))
    money["money_max"] = money["w_max"].where(use_whole, money["t_max"].where(money["t_n"] > 0))
    money["money_basis"] = np.where(use_whole, "whole_cost", "sum_of_lines")
    learners = _agg_learners(coh[coh["site_id"].notna()], keys)
    out = money.merge(learners, on=keys, how="inner").merge(sites, left_on="site_id", right_on="id", how="inner")
    out["scope_kind"] = "site"
    out["scope_id"] = out["site_id"]
    out["expected_sessions"] = None
    return out


def _programme_scopes(lines: pd.DataFrame, coh: pd.DataFrame, planned: dict, prog_names: dict) -> pd.DataFrame:
    prog = lines[lines["site_id"].isna() & lines["programme_id"].notna() & lines["in_totals"].astype(bool)]
    if prog.empty:
        return pd.DataFrame()
    keys = ["programme_id", "region_code", "year_start", "group"]
    g = prog.groupby(keys, dropna=False)
    money = g.agg(money_min=("amount_min_eur", "sum"), money_max=("amount_max_eur", "sum"))
    money["money_status"] = _group_status(prog, keys)
    money["money_sources"] = _group_sources(prog, keys)
    money = money.reset_index()
    learners = _agg_learners(coh[coh["learners"].notna() & coh["programme_id"].notna()], keys)
    out = money.merge(learners, on=keys, how="left")
    out["scope_kind"] = "programme"
    out["scope_id"] = out["programme_id"]
    out["scope_name"] = out["programme_id"].map(prog_names)
    out["departement_code"] = None
    out["money_basis"] = "programme"
    out["expected_sessions"] = [planned.get((p, None if pd.isna(r) else r)) for p, r in zip(out["programme_id"], out["region_code"], strict=True)]
    return out


def _reason(df: pd.DataFrame) -> pd.Series:
    learners = df["learners"].fillna(0)
    known = df["n_known"].fillna(0)
    expected = pd.to_numeric(df["expected_sessions"], errors="coerce")
    reason = pd.Series([None] * len(df), index=df.index, dtype=object)
    reason[(known < expected) & expected.notna()] = ReasonCode.sessions_known_for.value
    reason[known < df["n_cohorts"].fillna(0)] = ReasonCode.headcount_known_for.value
    reason[learners <= 0] = ReasonCode.headcount_unknown.value
    reason[df["money_min"].isna()] = ReasonCode.amount_unknown.value
    return reason


def _exit_rates(conn: Connection) -> pd.DataFrame:
    O, C = m.Outcome, m.Cohort
    rates = _frame(
        conn,
        select(O.site_id, C.site_id.label("cohort_site"), O.programme_id, O.region_code, O.year_start, O.cohort_period, O.value, O.base_count, O.source_id)
        .outerjoin(C, C.id == O.cohort_id)
        .where(O.counted.is_(True), O.indicator == OutcomeIndicator.positive_exit_rate.value),
    )
    rates["site"] = rates["site_id"].fillna(rates["cohort_site"])
    span = rates["cohort_period"].map(_years)
    rates["y0"] = [s[0] if s else y for s, y in zip(span, rates["year_start"], strict=True)]
    rates["y1"] = [s[1] if s else y for s, y in zip(span, rates["year_start"], strict=True)]
    return rates


def _periods(df: pd.DataFrame, column: str) -> pd.Series:
    """The distinct periods of each scope-year `i`, sorted, as one string."""
    d = df[["i", column]].dropna().astype({column: str}).drop_duplicates().sort_values(column)
    return d.groupby("i")[column].agg(", ".join)


def _attach_exit(out: pd.DataFrame, rates: pd.DataFrame) -> None:
    """Match each scope-year with the positive-exit rate of the same perimeter and cohorts (vectorised)."""
    out["exit_rate"] = np.nan
    out["exit_period"] = None
    out["exit_reason"] = ReasonCode.no_exit_rate.value
    out["exit_sources"] = ""
    if rates.empty or out.empty:
        return
    region = out["region_code"].fillna("")
    out_key = np.where(out["scope_kind"] == "site", "s:" + out["scope_id"].astype(str), "p:" + out["programme_id"].astype(str) + "|" + region)
    rate_key = np.where(
        rates["site"].notna(), "s:" + rates["site"].astype(str), "p:" + rates["programme_id"].astype(str) + "|" + rates["region_code"].fillna("")
    )
    left = pd.DataFrame({"i": np.arange(len(out)), "rk": out_key, "year": out["year"].to_numpy()})
    right = rates.assign(rk=rate_key, label=rates["cohort_period"].fillna(rates["year_start"].astype(str)))
    pairs = left.merge(right[["rk", "y0", "y1", "value", "base_count", "source_id", "cohort_period", "label"]], on="rk")
    if pairs.empty:
        return
    same = pairs[(pairs["y0"] <= pairs["year"]) & (pairs["y1"] >= pairs["year"])].copy()
    other = pairs[~pairs["i"].isin(same["i"])]
    if not other.empty:
        labels = _periods(other, "label")
        out.iloc[labels.index, out.columns.get_loc("exit_reason")] = ReasonCode.exit_rate_other_period.value
        out.iloc[labels.index, out.columns.get_loc("exit_period")] = labels.to_numpy()
    if same.empty:
        return
    same["vb"] = same["value"] * same["base_count"]
    g = same.groupby("i")
    agg = g.agg(n=("value", "size"), n_base=("base_count", "count"), vb=("vb", "sum"), base=("base_count", "sum"), first=("value", "first"))
    agg["period"] = _periods(same, "cohort_period").reindex(agg.index)
    agg["sources"] = _group_sources(same, ["i"])
    rate = np.where(agg["n"] == 1, agg["first"], np.where(agg["n_base"] == agg["n"], agg["vb"] / agg["base"].where(agg["base"] > 0), np.nan)).astype(float)
    idx = agg.index.to_numpy()
    known = ~np.isnan(rate.astype(float))
    out.iloc[idx, out.columns.get_loc("exit_reason")] = np.where(known, None, ReasonCode.several_rates.value)
    out.iloc[idx[known], out.columns.get_loc("exit_rate")] = rate[known]
    out.iloc[idx, out.columns.get_loc("exit_period")] = agg["period"].to_numpy()
    out.iloc[idx, out.columns.get_loc("exit_sources")] = np.where(known, agg["sources"], "")


def cost_rows(conn: Connection) -> pd.DataFrame:
    S, P, I = m.Site, m.Programme, m.Indicator
    lines, coh = _money_lines(conn), _cohorts(conn)
    sites = _frame(conn, select(S.id, S.name.label("scope_name"), S.region_code, S.departement_code, S.programme_id.label("site_programme")))
    prog_names = dict(conn.execute(select(P.id, P.name)).all())
    planned_rows = conn.execute(select(I.programme_id, I.region_code, I.value).where(and_(I.name == "planned_sites", I.counted.is_(True)))).all()
    planned: dict = {}
    for p, r, v in planned_rows:
        planned[(p, r)] = max(int(v), planned.get((p, r), 0))
    site = _site_scopes(lines, coh, sites)
    if not site.empty:
        site["programme_id"] = site["site_programme"]
    parts = [p for p in (site, _programme_scopes(lines, coh, planned, prog_names)) if not p.empty]
    if not parts:
        return pd.DataFrame(columns=[c.name for c in COST.c])
    out = pd.concat(parts, ignore_index=True)
    out = out.rename(columns={"year_start": "year", "group": "status_group"})
    out["reason"] = _reason(out)
    ok = out["reason"].isna()
    out["cost_min"] = (out["money_min"] / out["learners"]).where(ok)
    out["cost_max"] = (out["money_max"] / out["learners"]).where(ok)
    out["fact_status"] = _pair_status(out["money_status"], out["learner_status"])
    _attach_exit(out, _exit_rates(conn))
    exits = out["learners"] * out["exit_rate"] / 100
    ok_exit = ok & out["exit_rate"].notna() & (exits > 0)
    out["cost_exit_min"] = (out["money_min"] / exits).where(ok_exit)
    out["cost_exit_max"] = (out["money_max"] / exits).where(ok_exit)
    out.loc[~ok & out["exit_reason"].isna(), "exit_reason"] = out["reason"]
    out["source_ids"] = _sources(out["money_sources"], out["learner_sources"], out["exit_sources"])
    return out[[c.name for c in COST.c]]


def refresh_cost(conn: Connection) -> None:
    out = cost_rows(conn)
    if out.empty:
        return
    records = out.astype(object).where(out.notna(), None).to_dict("records")
    for i in range(0, len(records), 20_000):
        conn.execute(insert(COST), records[i : i + 20_000])
