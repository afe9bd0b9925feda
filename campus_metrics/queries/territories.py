"""Territories: sites on the map, totals per département or région, comparison, coverage, the years.

Totals that a map or a bar must show as one number per territory use one status group: the
realised figures when the filters include them, else the announced ones (`main_group`).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine, and_, func, or_, select

from campus_metrics import models as m
from campus_metrics.enums import STATUS_GROUP, AmountPeriod, StatusGroup
from campus_metrics.figures import compute
from campus_metrics.filters import Filters
from campus_metrics.queries._base import LINKS, SITES, cube, frame, site_where

COHORTS = m.Cohort.__table__
SITE_CAP = 3000  # the map draws at most this many sites (more is a blur at any zoom)


def main_group(f: Filters) -> StatusGroup | None:
    """The status group a one-number view shows: realised when the filters include it."""
    return f.groups[0] if f.groups else None


def site_points(engine: Engine, f: Filters, limit: int | None = SITE_CAP) -> pd.DataFrame:
    """Sites with coordinates and what a tooltip needs; the latest counted cohort in the period."""
    C, P, S = m.Commune, m.Programme, m.Source
    stmt = (
        select(
            SITES.c.id,
            SITES.c.name,
            SITES.c.operator,
            SITES.c.site_status,
            SITES.c.opened_on,
            SITES.c.opening_year,
            SITES.c.local_partner,
            SITES.c.fact_status,
            SITES.c.departement_code,
            SITES.c.region_code,
            SITES.c.programme_id,
            SITES.c.source_id,
            P.name.label("programme_name"),
            C.name.label("commune"),
            C.lat,
            C.lon,
            S.title.label("source_title"),
            S.published_on.label("source_date"),
            S.date_precision.label("source_precision"),
        )
        .join(C, C.insee == SITES.c.commune_insee)
        .outerjoin(P, P.id == SITES.c.programme_id)
        .join(S, S.id == SITES.c.source_id)
        .where(site_where(f), C.lat.is_not(None))
        .order_by(SITES.c.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    points = frame(engine, stmt)
    if points.empty:
        return points.assign(cohort_year=None, cohort_learners=None, n_cohorts=None)
    g = replace(f, programmes=())
    ids = list(points["id"])
    last = []
    for i in range(0, len(ids), 900):  # the cohorts of these sites only, through the site_id index
        last.append(
            frame(
                engine,
                select(
                    COHORTS.c.site_id.label("id"),
                    func.max(COHORTS.c.year_start).label("cohort_year"),
                    func.sum(COHORTS.c.learners).label("cohort_learners"),
                    func.count().label("n_cohorts"),
                )
                .where(COHORTS.c.site_id.in_(ids[i : i + 900]), COHORTS.c.counted.is_(True), g.where(COHORTS))
                .group_by(COHORTS.c.site_id),
            )
        )
    return points.merge(pd.concat(last, ignore_index=True), on="id", how="left")


def site_count(engine: Engine, f: Filters) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(SITES).where(site_where(f))).scalar_one())


def _totals_by(engine: Engine, f: Filters, level: str) -> pd.DataFrame:
    """Sites, learners and one-off money per territory ('departement' or 'region'), for the main status group."""
    col = f"{level}_code"
    sites = frame(engine, select(SITES.c[col].label("code"), func.count().label("sites")).where(site_where(f)).group_by(SITES.c[col]))
    group = main_group(f)
    g = f.for_group(group) if group else None
    if g is not None:
        c, cw = cube("cohorts", g, (col,))
        learners = frame(
            engine,
            select(c.c[col].label("code"), func.sum(c.c.learners).label("learners"), func.sum(c.c.n).label("cohorts"))
            .where(cw, c.c[col].is_not(None))
            .group_by(c.c[col]),
        )
        t, tw = cube("funding", g, (col,))
        money = frame(
            engine,
            select(t.c[col].label("code"), func.sum(t.c.one_off_min).label("money_min"), func.sum(t.c.one_off_max).label("money_max"))
            .where(tw, t.c[col].is_not(None), t.c.one_off_lines > 0)
            .group_by(t.c[col]),
        )
    else:
        learners = pd.DataFrame(columns=["code", "learners", "cohorts"])
        money = pd.DataFrame(columns=["code", "money_min", "money_max"])
    model = m.Departement if level == "departement" else m.Region
    ref_cols = [model.code, model.name, model.population] + ([model.region_code] if level == "departement" else [])
    ref = frame(engine, select(*ref_cols))
    if level == "departement" and f.departements:
        ref = ref[ref["code"].isin(f.departements)]
    elif level == "departement" and f.regions:
        ref = ref[ref["region_code"].isin(f.regions)]
    elif level == "region" and f.regions:
        ref = ref[ref["code"].isin(f.regions)]
    out = ref.merge(sites, on="code", how="left").merge(learners, on="code", how="left").merge(money, on="code", how="left")
    out["sites"] = out["sites"].fillna(0).astype(int)
    for c_ in ("learners", "money_min", "money_max"):
        out[c_] = pd.to_numeric(out[c_], errors="coerce")
    out["learners_per_100k"] = out["learners"] / out["population"] * 100_000
    out["status_group"] = group.value if group else None
    return out.sort_values("code").reset_index(drop=True)


def departement_totals(engine: Engine, f: Filters) -> pd.DataFrame:
    return _totals_by(engine, f, "departement")


def region_totals(engine: Engine, f: Filters) -> pd.DataFrame:
    return _totals_by(engine, f, "region")


def unallocated_totals(engine: Engine, f: Filters) -> pd.DataFrame:
    """Programme-level learners and one-off money known for a région but not for a département (main group)."""
    group = main_group(f)
    g = f.for_group(group) if group else None
    if g is None:
        return pd.DataFrame(columns=["code", "learners", "money_min", "money_max"])
    c, cw = cube("cohorts", g, ("departement_code",))
    t, tw = cube("funding", g, ("departement_code",))
    learners = frame(
        engine,
        select(c.c.region_code.label("code"), func.sum(c.c.learners).label("learners")).where(cw, c.c.departement_code.is_(None)).group_by(c.c.region_code),
    )
    money = frame(
        engine,
        select(t.c.region_code.label("code"), func.sum(t.c.one_off_min).label("money_min"), func.sum(t.c.one_off_max).label("money_max"))
        .where(tw, t.c.departement_code.is_(None), t.c.one_off_lines > 0)
        .group_by(t.c.region_code),
    )
    out = learners.merge(money, on="code", how="outer")
    return out.dropna(subset=["learners", "money_min"], how="all").reset_index(drop=True)


def _part_value(fig, group: StatusGroup, period: AmountPeriod | None = None) -> tuple[float | None, str | None]:
    p = fig.part(group, period)
    return (p.value, p.status) if p is not None and p.known else (None, None)


def site_counts_by_group(engine: Engine, f: Filters, codes: tuple[str, ...], level: str = "region") -> pd.DataFrame:
    """Sites per territory and status group (code, status_group, sites): realised apart from announced,
    voted or estimate, as learners and money are. Only groups the filters show; absent groups have no row."""
    by = SITES.c[f"{level}_code"]
    g = replace(f, regions=codes, departements=()) if level == "region" else replace(f, regions=(), departements=codes)
    # grouped by the stored status, mapped to its group here: no bound literal in GROUP BY (PostgreSQL)
    rows = frame(engine, select(by.label("code"), SITES.c.fact_status, func.count().label("sites")).where(site_where(g)).group_by(by, SITES.c.fact_status))
    rows["status_group"] = rows["fact_status"].map({k: v.value for k, v in STATUS_GROUP.items()})
    out = rows.groupby(["code", "status_group"], as_index=False)["sites"].sum()
    return out[["code", "status_group", "sites"]].astype({"sites": int})


def _unallocated_codes(engine: Engine, f: Filters, codes: tuple[str, ...]) -> set[str]:
    """The régions with learners or one-off money known for the région but not for a département."""
    g = replace(f, regions=codes, departements=())
    found: set[str] = set()
    for group in f.groups:
        h = g.for_group(group)
        c, cw = cube("cohorts", h, ("departement_code",))
        t, tw = cube("funding", h, ("departement_code",))
        found |= set(frame(engine, select(c.c.region_code).where(cw, c.c.departement_code.is_(None), c.c.n_learners > 0).distinct())["region_code"])
        found |= set(frame(engine, select(t.c.region_code).where(tw, t.c.departement_code.is_(None), t.c.one_off_lines > 0).distinct())["region_code"])
    return found


def compare_territories(engine: Engine, f: Filters, codes: tuple[str, ...], level: str = "region") -> pd.DataFrame:
    """1 to 4 régions or départements side by side, from the key-figure catalogue (one query per figure for all).

    Sites, learners and money come per status group (`_realised`, `_announced`) and money per period
    kind (`money_…` one-off, `money_per_year_…`): never added. `note` is a code: no_data or unallocated.
    """
    if not 1 <= len(codes) <= 4:
        raise ValueError("choose 2 to 4 territories")
    model = m.Region if level == "region" else m.Departement
    ref = frame(engine, select(model.code, model.name, model.population).where(model.code.in_(codes))).set_index("code")
    codes = tuple(c for c in codes if c in ref.index)
    by = f"{level}_code"
    all_sites, all_learners = compute.sites_by(engine, f, by, codes), compute.learners_by(engine, f, by, codes)
    all_money, all_exits = compute.money_by(engine, f, by, codes), compute.rate_by(engine, f, "positive_exit_rate", by, codes)
    unallocated = _unallocated_codes(engine, f, codes) if level == "region" else set()
    by_group = site_counts_by_group(engine, f, codes, level).set_index(["code", "status_group"])["sites"]
    shown = {group.value for group in f.groups}
    rows = []
    for code in codes:
        sites, learners, money, exits = all_sites[code], all_learners[code], all_money[code], all_exits[code]
        pop = ref.loc[code, "population"]
        n_sites = int(sites.parts[0].value or 0)
        row = {"code": code, "name": ref.loc[code, "name"], "level": level, "population": pop, "sites": n_sites}
        row["sites_per_million"] = n_sites / pop * 1_000_000 if pop else None
        for group in StatusGroup:
            n_group = int(by_group.get((code, group.value), 0)) if group.value in shown else None  # a count: 0 when none
            row[f"sites_{group}"] = n_group
            row[f"sites_per_million_{group}"] = n_group / pop * 1_000_000 if pop and n_group is not None else None
            v, st = _part_value(learners, group)
            row[f"learners_{group}"], row[f"learners_{group}_status"] = v, st
            row[f"learners_per_100k_{group}"] = v / pop * 100_000 if pop and v is not None else None
            for period in AmountPeriod:
                p = money.part(group, period)
                name = "money" if period == AmountPeriod.one_off else "money_per_year"
                row[f"{name}_{group}_min"] = p.value if p else None
                row[f"{name}_{group}_max"] = (p.value_max if p and p.value_max is not None else p.value) if p else None
                row[f"{name}_{group}_status"] = p.status if p else None
                row[f"{name}_per_inhabitant_{group}"] = p.value / pop if p and p.value is not None and pop else None
        exit_part = exits.known_parts[0] if exits.known else None
        row["positive_exit_rate"] = exit_part.value if exit_part else None
        row["positive_exit_rate_status"] = exit_part.status if exit_part else None
        row["positive_exit_scope_narrower"] = bool(exits.scope and exits.scope.narrower)
        row["source_ids"] = ",".join(dict.fromkeys(sites.source_ids + learners.source_ids + money.source_ids + exits.source_ids))
        row["has_data"] = bool(n_sites or learners.known or money.known)
        row["note"] = "unallocated" if code in unallocated else ("" if row["has_data"] else "no_data")
        rows.append(row)
    return pd.DataFrame(rows)


def year_series(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per year: sites opened, learners starting, one-off money — for the main status group."""
    sites = frame(
        engine,
        select(SITES.c.opening_year.label("year"), func.count().label("sites_opened"))
        .where(site_where(f), SITES.c.opening_year.is_not(None))
        .group_by(SITES.c.opening_year),
    )
    group = main_group(f)
    g = f.for_group(group) if group else None
    if g is not None:
        c, cw = cube("cohorts", g, ("year_start",))
        learners = frame(
            engine,
            select(c.c.year_start.label("year"), func.sum(c.c.learners).label("learners")).where(cw, c.c.year_start.is_not(None)).group_by(c.c.year_start),
        )
        t, tw = cube("funding", g, ("year_start",))
        money = frame(
            engine,
            select(t.c.year_start.label("year"), func.sum(t.c.one_off_min).label("money_min"), func.sum(t.c.one_off_max).label("money_max"))
            .where(tw, t.c.one_off_lines > 0, t.c.year_start.is_not(None))
            .group_by(t.c.year_start),
        )
        sites = sites.merge(learners, on="year", how="outer").merge(money, on="year", how="outer")
    out = sites.sort_values("year")
    if f.year_min is not None:
        out = out[out["year"] >= f.year_min]
    if f.year_max is not None:
        out = out[out["year"] <= f.year_max]
    return out.reset_index(drop=True)


def coverage(engine: Engine, f: Filters) -> pd.DataFrame:
    """Sites named against sites planned, per programme with a planned-sites figure (numbers, no sentence)."""
    I, P = m.Indicator, m.Programme
    g = replace(f, year_min=None, statuses=())
    clauses = [I.name == "planned_sites", I.counted.is_(True)]
    if f.programmes:
        clauses.append(I.programme_id.in_(f.programmes))
    if f.departements:
        deps = frame(engine, select(m.Departement.region_code).where(m.Departement.code.in_(f.departements)))
        clauses.append(or_(I.region_code.in_(list(deps["region_code"])), I.region_code.is_(None)))
    elif f.regions:
        clauses.append(or_(I.region_code.in_(f.regions), I.region_code.is_(None)))
    if f.year_max is not None:
        clauses.append(I.year_start <= f.year_max)
    planned = frame(
        engine,
        select(I.programme_id, I.region_code, func.max(I.value).label("planned"), func.min(I.source_id).label("source_id"), P.name.label("programme_name"))
        .join(P, P.id == I.programme_id)
        .where(and_(*clauses))
        .group_by(I.programme_id, I.region_code, P.name)
        .limit(50),
    )
    # sites per programme and région in one pass (a site counts under each of its programmes)
    named = frame(
        engine,
        select(LINKS.c.programme_id, SITES.c.region_code, func.count().label("n"))
        .join(SITES, SITES.c.id == LINKS.c.site_id)
        .where(site_where(replace(g, programmes=())), LINKS.c.programme_id.in_(list(planned["programme_id"])))
        .group_by(LINKS.c.programme_id, SITES.c.region_code),
    )
    rows = []
    for r in planned.itertuples():  # one row per programme with a plan: a handful
        region = None if pd.isna(r.region_code) else r.region_code  # a national programme has no région (NaN is truthy)
        mine = named[named["programme_id"] == r.programme_id]
        if region and not f.departements:
            mine = mine[mine["region_code"] == region]
        rows.append(
            {
                "programme_id": r.programme_id,
                "programme_name": r.programme_name,
                "region_code": region,
                "named": int(mine["n"].sum()),
                "planned": int(r.planned),
                "source_id": r.source_id,
                "in_departement": bool(f.departements),
            }
        )
    return pd.DataFrame(rows, columns=["programme_id", "programme_name", "region_code", "named", "planned", "source_id", "in_departement"])
