"""Money: breakdowns by funder, nature, programme or year, and the cost per learner table.

One-off and per-year amounts come back as separate rows (`amount_period`): never added.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, case, false, func, select, union_all

from campus_metrics import models as m
from campus_metrics.enums import AmountPeriod
from campus_metrics.filters import Filters
from campus_metrics.labels import label
from campus_metrics.queries._base import combined_status, cube, frame, joined_sources
from campus_metrics.queries.costs import cost_rows
from campus_metrics.queries.reference import names
from campus_metrics.summaries import Breakdown

BUDGET_BY = {"funder_type", "nature", "programme_id", "year_start", "fact_status", "region_code"}


def budget_breakdown(engine: Engine, f: Filters, by: tuple[str, ...] = ("funder_type",)) -> pd.DataFrame:
    """Money counted in totals, grouped, one row per group and period kind; shortfalls on the one-off row."""
    bad = set(by) - BUDGET_BY
    if bad:
        raise ValueError(f"unknown grouping {bad}")
    if "funder_type" in by and "nature" in by:
        raise ValueError("funder_type and nature are summarised apart, not crossed")
    breakdown = Breakdown.funder_type if "funder_type" in by else Breakdown.nature if "nature" in by else Breakdown.base
    t, where = cube("funding", f, by, breakdown)
    keys = [t.c[b] for b in by]
    cols = []
    for p in AmountPeriod:
        cols += [
            func.sum(t.c[f"{p}_min"]).label(f"{p}_min"),
            func.sum(t.c[f"{p}_max"]).label(f"{p}_max"),
            func.sum(t.c[f"{p}_lines"]).label(f"{p}_lines"),
            combined_status(case((t.c[f"{p}_lines"] > 0, t.c.fact_status))).label(f"{p}_status"),
        ]
    wide = frame(
        engine,
        select(*keys, *cols, func.sum(t.c.shortfall).label("shortfall"), func.sum(t.c.n_unknown_amount).label("unknown_amounts"))
        .where(where)
        .group_by(*keys)
        .order_by(*keys),
    )
    parts = []
    for p in AmountPeriod:
        part = wide[list(by)].copy()
        part["amount_period"] = p.value
        part["amount_min"] = wide[f"{p}_min"]
        part["amount_max"] = wide[f"{p}_max"]
        part["lines"] = wide[f"{p}_lines"].fillna(0).astype(int)
        part["status"] = wide[f"{p}_status"]
        one_off = p == AmountPeriod.one_off
        part["shortfall"] = wide["shortfall"] if one_off else None
        part["unknown_amounts"] = wide["unknown_amounts"].fillna(0).astype(int) if one_off else 0
        keep = (part["lines"] > 0) | (part["shortfall"].notna() & (part["shortfall"] > 0) if one_off else False)
        parts.append(part[keep])
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if out.empty:
        out = pd.DataFrame(columns=[*by, "amount_period", "amount_min", "amount_max", "lines", "status", "shortfall", "unknown_amounts"])
    if "programme_id" in by:
        progs = names(engine)["programmes"]
        out["programme_name"] = out["programme_id"].map(lambda p: progs.get(p, p) if p else None)
    for b in ("funder_type", "nature", "fact_status"):
        if b in by:
            out[f"{b}_label"] = out[b].map(lambda c, kind=b: label(kind, c))
    out["status_label"] = out["status"].map(lambda s: label("fact_status", s))
    out["amount_period_label"] = out["amount_period"].map(lambda s: label("amount_period", s))
    return out.sort_values([*by, "amount_period"]).reset_index(drop=True)


def cost_per_learner(engine: Engine, f: Filters) -> pd.DataFrame:
    """Every scope and year with money and learners: the cost where computable, else a reason code."""
    rows = cost_rows(engine, f)
    rows["calculable"] = rows["cost_min"].notna()
    rows["scope"] = rows["scope_name"].fillna(rows["scope_id"])
    rows["total"] = rows["expected_sessions"].where(rows["reason"] == "sessions_known_for", rows["n_cohorts"])
    rows["status"] = rows["fact_status"]
    return rows.reset_index(drop=True)


SPENDING_NATURES = ("investment", "operating", "teaching")


def _lines(engine: Engine, f: Filters, *where) -> pd.DataFrame:
    """Filtered funding lines with what the budget views need: amounts, period, funder, counted or not."""
    F = m.FundingLine
    stmt = (
        select(
            F.id,
            F.funder_name,
            F.funder_type,
            F.nature,
            F.beneficiary,
            F.amount_kind,
            F.amount_min_eur,
            F.amount_max_eur,
            F.amount_period,
            F.year_start,
            F.year_end,
            and_(F.in_totals.is_(True), F.counted.is_(True)).label("in_totals"),
            F.fact_status,
            F.source_id,
        )
        .where(f.where(F.__table__), *where)
        .order_by(F.nature, F.amount_max_eur.desc().nulls_last(), F.id)
    )
    return frame(engine, stmt)


SPENDING_PER_NATURE = 10  # lines drawn per nature: a chart of every line does not scale to a national selection


def spending_lines(engine: Engine, f: Filters, per_nature: int = SPENDING_PER_NATURE) -> pd.DataFrame:
    """Investment against running costs: the largest lines with an amount whose nature is investment,
    operating or teaching (`per_nature` of each), counted in totals or not (the `in_totals` column
    says which); `nature_lines` is how many such lines the selection holds in that nature.

    Lines of nature « total » do not split investment from running costs and stay out.
    """
    F = m.FundingLine
    where = (f.where(F.__table__), F.nature.in_(SPENDING_NATURES), F.amount_kind.in_(("point", "range")))
    # one scan counts the lines per nature; the largest of each come through ix_funding_largest (a few
    # ms each), not a window over every line of the selection (1,5 s at the national volume)
    counts = frame(engine, select(F.nature, func.count().label("nature_lines")).where(*where).group_by(F.nature))
    if counts.empty:
        return _lines(engine, f, false()).assign(nature_lines=pd.Series(dtype="int64"))
    tops = [
        select(F.id).where(*where, F.nature == nature).order_by(F.amount_max_eur.desc().nulls_last(), F.id).limit(per_nature).subquery()
        for nature in counts["nature"]
    ]
    lines = _lines(engine, f, F.id.in_(union_all(*(select(top.c.id) for top in tops))))
    return lines.merge(counts, on="nature", how="left").reset_index(drop=True)


def _one_status(statuses: pd.Series) -> str | None:
    """The shared status of these lines, 'mixed' when they differ, None when there are none."""
    known = statuses.dropna()
    if known.empty:
        return None
    return known.iloc[0] if known.nunique() == 1 else "mixed"


def funders(engine: Engine, f: Filters) -> pd.DataFrame:
    """Who paid: one row per funder (type and name as the source gives it), shortfalls left out.

    `counted_min/max`: one-off amounts counted in totals (`status`: theirs, else the yearly or cited
    lines'); `yearly_min/max`: yearly amounts counted in totals, never added to one-off ones
    (`yearly_status`); `other_lines`: amounts cited but not counted (a
    breakdown or an alternative figure of another line: never summed); `unknown_lines`: lines
    whose amount the source does not give. Named private funders appear even with no amount.
    """
    F = m.FundingLine
    keys = (F.funder_type, F.funder_name, F.fact_status, F.source_id, F.amount_kind, F.amount_period, F.in_totals, F.counted)
    # one row per funder and kind of line, summed in SQL: a national selection is 500 000 lines, a few
    # thousand groups; grouped in the order of ix_funding_funders (one index scan, no sort), so
    # « counted in totals » (in_totals and counted) is combined here, not in the GROUP BY
    stmt = (
        select(*keys, func.sum(F.amount_min_eur).label("amount_min_eur"), func.sum(F.amount_max_eur).label("amount_max_eur"), func.count().label("n"))
        .where(f.where(F.__table__), F.amount_kind != "shortfall")
        .group_by(*keys)
        .order_by(*keys)
    )
    lines = frame(engine, stmt)
    cols = ["funder_type", "funder_name", "counted_min", "counted_max", "yearly_min", "yearly_max", "other_lines"]
    cols += ["lines", "unknown_lines", "status", "yearly_status", "source_ids"]
    if lines.empty:
        return pd.DataFrame(columns=cols)
    known = lines["amount_kind"].isin(("point", "range"))
    counted = known & lines["in_totals"].astype(bool) & lines["counted"].astype(bool)
    yearly = lines["amount_period"] == AmountPeriod.per_year.value
    parts = {"counted": counted & ~yearly, "yearly": counted & yearly}
    work = lines[["funder_type", "funder_name", "fact_status", "source_id"]].copy()
    work["funder_name"] = work["funder_name"].fillna("")
    work["counted_status"] = lines["fact_status"].where(counted & ~yearly)
    work["yearly_status"] = lines["fact_status"].where(counted & yearly)
    for part, mask in parts.items():
        work[f"{part}_min"] = lines["amount_min_eur"].where(mask)
        work[f"{part}_max"] = lines["amount_max_eur"].where(mask)
    n = lines["n"].astype(int)
    work["other_lines"] = n.where(known & ~counted, 0)
    work["unknown_lines"] = n.where(~known, 0)
    work["n"] = n
    grouped = work.groupby(["funder_type", "funder_name"], sort=False, dropna=False)
    sums = grouped[[c for c in work.columns if c.endswith(("_min", "_max"))]].sum(min_count=1)
    out = sums.join(grouped["n"].sum().rename("lines")).join(grouped[["other_lines", "unknown_lines"]].sum())
    # the status of the one-off amount counted (the bar), else of the yearly one, else of what is cited
    one_off_status, yearly_status = grouped["counted_status"].agg(_one_status), grouped["yearly_status"].agg(_one_status)
    out = out.join(one_off_status.fillna(yearly_status).fillna(grouped["fact_status"].agg(_one_status)).rename("status"))
    out = out.join(yearly_status.rename("yearly_status"))
    out = out.join(grouped["source_id"].agg(joined_sources).rename("source_ids")).reset_index()
    out["funder_name"] = out["funder_name"].replace("", None)
    order = out[["counted_max", "yearly_max"]].fillna(0).max(axis=1)
    return (
        out.assign(_order=order, _named=out["funder_name"].isna())
        .sort_values(["_order", "_named", "funder_type", "funder_name"], ascending=[False, True, True, True], na_position="last")
        .drop(columns=["_order", "_named"])[cols]
        .reset_index(drop=True)
    )
