"""Filters in, small aggregated DataFrames out. All aggregation happens in SQL.

Rows that report the same figure (same `fact_key`) count once: realised beats voted,
announced and estimate, then the most recent source. Detail queries show every row.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy import (
    Engine,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)

from campus_metrics import models as m
from campus_metrics.filters import Filters
from campus_metrics.labels import label

SMALL_BASE = 30  # a rate measured on fewer people than this is flagged
TOPICS = ("sites", "cohorts", "funding", "outcomes", "indicators")
_TABLES = {
    "sites": m.Site.__table__,
    "cohorts": m.Cohort.__table__,
    "funding": m.FundingLine.__table__,
    "outcomes": m.Outcome.__table__,
    "indicators": m.Indicator.__table__,
}
SRC = m.Source.__table__
SITES = m.Site.__table__
LINKS = m.site_programmes


def _frame(engine: Engine, stmt) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def source_id_list(ids) -> list[str]:
    """Source ids from a result's `source_ids` (comma-separated text, a list, or missing), unique, in order."""
    if ids is None or (isinstance(ids, float) and ids != ids):
        return []
    if isinstance(ids, str):
        ids = ids.split(",")
    out: list[str] = []
    for s in ids:
        s = str(s).strip()
        if s and s != "nan" and s not in out:
            out.append(s)
    return out


def _joined_sources(values) -> str:
    """Several `source_ids` cells as one sorted, de-duplicated `source_ids` value."""
    return ",".join(sorted({s for v in values for s in source_id_list(v)}))


def _status_rank(col):
    return case(*[(col == k, v) for k, v in m.STATUS_RANK.items()], else_=9)


def _combined_status(col):
    """One status for an aggregate: the shared one, or 'mixed'."""
    return case((func.count(col) == 0, None), (func.min(col) == func.max(col), func.min(col)), else_=literal("mixed"))


def site_where(f: Filters):
    """Sites: opened by the end of the period (or unknown), in the territory and programmes."""
    clause = f.where(SITES, years="opening", programme_col="__none__")
    if f.programmes:
        clause = and_(clause, exists().where(LINKS.c.site_id == SITES.c.id, LINKS.c.programme_id.in_(f.programmes)))
    return clause


def _tiebreak(t) -> tuple:
    """Between equally good reports of one figure, prefer the one that names its funder."""
    if "funder_type" in t.c:
        return (case((t.c.funder_type == "unknown", 1), else_=0),)
    return ()


def deduped(topic: str, f: Filters):
    """The filtered rows of a fact table with one row per fact_key, as a subquery."""
    t = _TABLES[topic]
    where = f.where(t)
    cols = list(t.c)
    plain = select(*cols).where(where, t.c.fact_key.is_(None))
    ranked = (
        select(
            *cols,
            func.row_number()
            .over(partition_by=t.c.fact_key, order_by=(_status_rank(t.c.fact_status), SRC.c.published_on.desc().nulls_last(), *_tiebreak(t), t.c.id))
            .label("rn"),
        )
        .join(SRC, SRC.c.id == t.c.source_id)
        .where(where, t.c.fact_key.is_not(None))
        .subquery()
    )
    keyed = select(*[ranked.c[c.name] for c in cols]).where(ranked.c.rn == 1)
    return union_all(plain, keyed).subquery(f"{topic}_dedup")


# --- reference ---------------------------------------------------------------------------


def filter_options(engine: Engine) -> dict[str, pd.DataFrame | tuple[int, int] | None]:
    """What the sidebar offers: years with data, régions, départements, programmes."""
    years = []
    for topic in ("cohorts", "funding", "outcomes"):
        t = _TABLES[topic]
        # one scalar subquery per bound: each is a single probe of an index (ix_*_year, ix_*_year_last)
        # where one min+max aggregate would read the whole table
        years.append(
            select(
                select(func.min(t.c.year_start)).scalar_subquery().label("lo"),
                select(func.max(func.coalesce(t.c.year_end, t.c.year_start))).scalar_subquery().label("hi"),
            )
        )
    yr = _frame(engine, union_all(*years))
    lo, hi = yr["lo"].dropna(), yr["hi"].dropna()
    regions, deps, progs = _reference(engine)
    return {
        "years": (int(lo.min()), int(hi.max())) if len(lo) and len(hi) else None,
        "regions": regions,
        "departements": deps,
        "programmes": progs,
    }


def _reference(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    regions = _frame(engine, select(m.Region.code, m.Region.name, m.Region.population).order_by(m.Region.name))
    deps = _frame(engine, select(m.Departement.code, m.Departement.name, m.Departement.region_code, m.Departement.population).order_by(m.Departement.code))
    progs = _frame(engine, select(m.Programme.id, m.Programme.name, m.Programme.region_code).order_by(m.Programme.name))
    return regions, deps, progs


def names(engine: Engine) -> dict[str, dict[str, str]]:
    regions, deps, progs = _reference(engine)  # not filter_options: the years would cost a scan for nothing
    return {
        "regions": dict(zip(regions["code"], regions["name"], strict=True)),
        "departements": dict(zip(deps["code"], deps["name"], strict=True)),
        "programmes": dict(zip(progs["id"], progs["name"], strict=True)),
    }


def describe(engine: Engine, f: Filters, lang: str = "fr") -> str:
    return f.sentence(names(engine), lang)


# --- key figures ---------------------------------------------------------------------------


def _sources_of(engine: Engine, sub, extra=None) -> str:
    stmt = select(sub.c.source_id).distinct().order_by(sub.c.source_id).limit(20)
    if extra is not None:
        stmt = stmt.where(extra)
    with engine.connect() as conn:
        return ",".join(conn.execute(stmt).scalars())


def key_figures(engine: Engine, f: Filters) -> pd.DataFrame:
    """Sites, learners, money, cost per learner and positive-exit rate, each with status and sources."""
    rows = []
    # sites
    site_stmt = select(func.count().label("n"), _combined_status(SITES.c.fact_status).label("status")).where(site_where(f))
    s = _frame(engine, site_stmt).iloc[0]
    cov = coverage(engine, f)
    detail = "; ".join(cov["sentence"]) if not cov.empty else ""
    site_sources = _sources_of(engine, select(SITES.c.source_id).where(site_where(f)).subquery())
    rows.append(
        {
            "metric": "sites",
            "value": s["n"] or 0,
            "value_max": None,
            "unit": "count",
            "status": s["status"],
            "n_facts": s["n"] or 0,
            "n_unknown": 0,
            "detail": detail,
            "source_ids": site_sources,
        }
    )

    # learners
    c = deduped("cohorts", f)
    cs = _frame(
        engine,
        select(
            func.sum(c.c.learners).label("learners"),
            func.count(c.c.learners).label("known"),
            func.count().label("n"),
            _combined_status(c.c.fact_status).label("status"),
        ).where(or_(c.c.learners.is_not(None), c.c.site_id.is_not(None))),
    ).iloc[0]
    unknown = int(cs["n"] - cs["known"])
    rows.append(
        {
            "metric": "learners",
            "value": cs["learners"],
            "value_max": None,
            "unit": "count",
            "status": cs["status"],
            "n_facts": int(cs["known"]),
            "n_unknown": unknown,
            "detail": f"{int(cs['known'])} promotion(s) renseignée(s)" + (f", {unknown} sans effectif connu" if unknown else ""),
            "source_ids": _sources_of(engine, c, c.c.learners.is_not(None)),
        }
    )

    # money
    fl = deduped("funding", f)
    counted = and_(fl.c.in_totals.is_(True), fl.c.amount_kind.in_(("point", "range")))
    ms = _frame(
        engine,
        select(
            func.sum(case((counted, fl.c.amount_min_eur))).label("lo"),
            func.sum(case((counted, fl.c.amount_max_eur))).label("hi"),
            func.sum(case((fl.c.amount_kind == "shortfall", fl.c.amount_min_eur))).label("shortfall"),
            func.count(case((counted, 1))).label("n"),
            func.count(case((fl.c.amount_kind == "unknown", 1))).label("unknown"),
            _combined_status(case((counted, fl.c.fact_status))).label("status"),
        ),
    ).iloc[0]
    detail = []
    if ms["lo"] is not None and ms["hi"] is not None and ms["hi"] != ms["lo"]:
        detail.append("fourchette")
    if ms["unknown"]:
        detail.append(f"{int(ms['unknown'])} financement(s) au montant inconnu")
    rows.append(
        {
            "metric": "money",
            "value": ms["lo"],
            "value_max": ms["hi"] if ms["hi"] != ms["lo"] else None,
            "unit": "eur",
            "status": ms["status"],
            "n_facts": int(ms["n"]),
            "n_unknown": int(ms["unknown"]),
            "detail": "; ".join(detail),
            "source_ids": _sources_of(engine, fl, counted),
            "shortfall": ms["shortfall"],
        }
    )

    # cost per learner
    cpl = cost_per_learner(engine, f)
    ok = cpl[cpl["calculable"]] if not cpl.empty else cpl
    if ok.empty:
        reason = "; ".join(cpl["reason"].dropna().unique()) if not cpl.empty else "pas de financement et d'effectif sur un même périmètre"
        rows.append(
            {
                "metric": "cost_per_learner",
                "value": None,
                "value_max": None,
                "unit": "eur",
                "status": None,
                "n_facts": 0,
                "n_unknown": len(cpl),
                "detail": reason,
                "source_ids": _joined_sources(cpl["source_ids"]),
            }
        )
    else:
        lo, hi = ok["cost_min"].min(), ok["cost_max"].max()
        statuses = set(ok["status"])
        rows.append(
            {
                "metric": "cost_per_learner",
                "value": lo,
                "value_max": hi if hi != lo else None,
                "unit": "eur",
                "status": statuses.pop() if len(statuses) == 1 else "mixed",
                "n_facts": len(ok),
                "n_unknown": len(cpl) - len(ok),
                "detail": _first_few(list(ok["method"])),
                "source_ids": _joined_sources(ok["source_ids"]),
            }
        )

    # positive exits
    o = deduped("outcomes", f)
    os_ = _frame(
        engine,
        select(
            func.min(o.c.value).label("lo"),
            func.max(o.c.value).label("hi"),
            func.count().label("n"),
            func.count(o.c.base_count).label("with_base"),
            (func.sum(o.c.value * o.c.base_count) / func.nullif(func.sum(o.c.base_count), 0)).label("weighted"),
            func.sum(o.c.base_count).label("base"),
            _combined_status(o.c.fact_status).label("status"),
            func.min(o.c.cohort_period).label("period"),
            func.min(o.c.base_description).label("base_description"),
        ).where(o.c.indicator == "positive_exit_rate"),
    ).iloc[0]
    n = int(os_["n"])
    if n == 0:
        value = hi = None
        detail = "aucun taux de sorties positives publié pour ce périmètre"
    elif n == int(os_["with_base"]):
        value, hi = os_["weighted"], None
        detail = f"moyenne pondérée de {n} mesure(s), base {int(os_['base'])} personnes"
    elif n == 1:
        value, hi = os_["lo"], None
        detail = (
            f"promotions {os_['period']} — base : {os_['base_description'] or 'inconnue'}" if os_["period"] else (os_["base_description"] or "base inconnue")
        )
    else:
        value, hi = os_["lo"], os_["hi"]
        detail = f"{n} mesures aux bases inconnues : de la plus basse à la plus haute"
    rows.append(
        {
            "metric": "positive_exit_rate",
            "value": value,
            "value_max": hi if hi != value else None,
            "unit": "percent",
            "status": os_["status"],
            "n_facts": n,
            "n_unknown": 0,
            "detail": detail,
            "source_ids": _sources_of(engine, o, o.c.indicator == "positive_exit_rate"),
        }
    )
    frame = pd.DataFrame(rows)
    frame["status_label"] = frame["status"].map(lambda s: label("fact_status", s) if isinstance(s, str) else "")
    return frame


# --- map ---------------------------------------------------------------------------------


def site_points(engine: Engine, f: Filters, limit: int | None = 5000) -> pd.DataFrame:
    """Sites with coordinates and what a tooltip needs; the latest known cohort in the period."""
    C, P, S = m.Commune, m.Programme, m.Source
    c = deduped("cohorts", replace(f, programmes=()))
    last = (
        select(c.c.site_id, func.max(c.c.year_start).label("cohort_year"), func.sum(c.c.learners).label("cohort_learners"), func.count().label("n_cohorts"))
        .where(c.c.site_id.is_not(None))
        .group_by(c.c.site_id)
        .subquery()
    )
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
            P.name.label("programme_name"),
            C.name.label("commune"),
            C.lat,
            C.lon,
            S.title.label("source_title"),
            S.published_on.label("source_date"),
            S.date_precision.label("source_precision"),
            last.c.cohort_year,
            last.c.cohort_learners,
            last.c.n_cohorts,
        )
        .join(C, C.insee == SITES.c.commune_insee)
        .outerjoin(P, P.id == SITES.c.programme_id)
        .join(S, S.id == SITES.c.source_id)
        .outerjoin(last, last.c.site_id == SITES.c.id)
        .where(site_where(f), C.lat.is_not(None))
        .order_by(SITES.c.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    return _frame(engine, stmt)


def site_count(engine: Engine, f: Filters) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(SITES).where(site_where(f))).scalar_one())


def _totals_by(engine: Engine, f: Filters, level: str) -> pd.DataFrame:
    """Sites, learners and money per territory ('departement' or 'region')."""
    col = f"{level}_code"
    sites = _frame(engine, select(SITES.c[col].label("code"), func.count().label("sites")).where(site_where(f)).group_by(SITES.c[col]))
    c = deduped("cohorts", f)
    learners = _frame(
        engine,
        select(c.c[col].label("code"), func.sum(c.c.learners).label("learners"), func.count().label("cohorts")).where(c.c[col].is_not(None)).group_by(c.c[col]),
    )
    fl = deduped("funding", f)
    counted = and_(fl.c.in_totals.is_(True), fl.c.amount_kind.in_(("point", "range")))
    money = _frame(
        engine,
        select(fl.c[col].label("code"), func.sum(fl.c.amount_min_eur).label("money_min"), func.sum(fl.c.amount_max_eur).label("money_max"))
        .where(counted, fl.c[col].is_not(None))
        .group_by(fl.c[col]),
    )
    model = m.Departement if level == "departement" else m.Region
    ref_cols = [model.code, model.name, model.population] + ([model.region_code] if level == "departement" else [])
    ref = _frame(engine, select(*ref_cols))
    if level == "departement" and f.departements:
        ref = ref[ref["code"].isin(f.departements)]
    elif level == "departement" and f.regions:
        ref = ref[ref["region_code"].isin(f.regions)]
    elif level == "region" and f.regions:
        ref = ref[ref["code"].isin(f.regions)]
    out = ref.merge(sites, on="code", how="left").merge(learners, on="code", how="left").merge(money, on="code", how="left")
    out["sites"] = out["sites"].fillna(0).astype(int)
    out["learners_per_100k"] = out["learners"] / out["population"] * 100_000
    return out.sort_values("code").reset_index(drop=True)


def departement_totals(engine: Engine, f: Filters) -> pd.DataFrame:
    return _totals_by(engine, f, "departement")


def region_totals(engine: Engine, f: Filters) -> pd.DataFrame:
    return _totals_by(engine, f, "region")


def unallocated_totals(engine: Engine, f: Filters) -> pd.DataFrame:
    """Programme-level money and learners known for a région but not for a département."""
    c = deduped("cohorts", f)
    fl = deduped("funding", f)
    counted = and_(fl.c.in_totals.is_(True), fl.c.amount_kind.in_(("point", "range")))
    learners = _frame(
        engine, select(c.c.region_code.label("code"), func.sum(c.c.learners).label("learners")).where(c.c.departement_code.is_(None)).group_by(c.c.region_code)
    )
    money = _frame(
        engine,
        select(fl.c.region_code.label("code"), func.sum(fl.c.amount_min_eur).label("money_min"), func.sum(fl.c.amount_max_eur).label("money_max"))
        .where(counted, fl.c.departement_code.is_(None))
        .group_by(fl.c.region_code),
    )
    out = learners.merge(money, on="code", how="outer")
    return out.dropna(subset=["learners", "money_min"], how="all").reset_index(drop=True)


# --- budgets -----------------------------------------------------------------------------

_BY = {"funder_type", "nature", "programme_id", "year_start", "fact_status", "amount_kind", "region_code"}


def budget_breakdown(engine: Engine, f: Filters, by: tuple[str, ...] = ("funder_type",)) -> pd.DataFrame:
    """Money counted in totals, grouped: ranges keep both ends, shortfalls are a separate column."""
    bad = set(by) - _BY
    if bad:
        raise ValueError(f"unknown grouping {bad}")
    fl = deduped("funding", f)
    counted = and_(fl.c.in_totals.is_(True), fl.c.amount_kind.in_(("point", "range")))
    keys = [fl.c[b] for b in by]
    stmt = (
        select(
            *keys,
            func.sum(case((counted, fl.c.amount_min_eur))).label("amount_min"),
            func.sum(case((counted, fl.c.amount_max_eur))).label("amount_max"),
            func.sum(case((fl.c.amount_kind == "shortfall", fl.c.amount_min_eur))).label("shortfall"),
            func.count(case((counted, 1))).label("lines"),
            func.count(case((fl.c.amount_kind == "unknown", 1))).label("unknown_amounts"),
            _combined_status(fl.c.fact_status).label("status"),
        )
        .where(or_(fl.c.in_totals.is_(True), fl.c.amount_kind == "shortfall"))
        .group_by(*keys)
        .order_by(*keys)
    )
    out = _frame(engine, stmt)
    if "programme_id" in by:
        progs = names(engine)["programmes"]
        out["programme_name"] = out["programme_id"].map(lambda p: progs.get(p, "Sans programme") if p else "Sans programme")
    for b, kind in (("funder_type", "funder_type"), ("nature", "nature"), ("fact_status", "fact_status")):
        if b in by:
            out[f"{b}_label"] = out[b].map(lambda c, kind=kind: label(kind, c))
    out["status_label"] = out["status"].map(lambda s: label("fact_status", s))
    return out


def _provenance(model) -> list:
    """Status, fact key, notes, quote and the source's title and date: what every detail row shows."""
    S = m.Source
    return [
        model.fact_status,
        model.fact_key,
        model.notes,
        model.quote,
        S.title.label("source_title"),
        S.published_on.label("source_date"),
        S.date_precision.label("source_precision"),
        model.source_id,
    ]


def _detail_rows(engine: Engine, model, f: Filters, columns: list, order_by: tuple, limit: int | None) -> pd.DataFrame:
    """Every filtered row of a fact table with its site, programme and provenance columns."""
    P, S = m.Programme, m.Source
    stmt = (
        select(
            *columns,
            SITES.c.name.label("site_name"),
            P.name.label("programme_name"),
            model.region_code,
            *_provenance(model),
        )
        .outerjoin(SITES, SITES.c.id == model.site_id)
        .outerjoin(P, P.id == model.programme_id)
        .join(S, S.id == model.source_id)
        .where(f.where(model.__table__))
        .order_by(*order_by)
    )
    if limit:
        stmt = stmt.limit(limit)
    return _frame(engine, stmt)


def funding_lines(engine: Engine, f: Filters, limit: int | None = 300) -> pd.DataFrame:
    """Every funding line (alternatives and breakdowns included), largest first."""
    F = m.FundingLine
    cols = [
        F.id,
        F.beneficiary,
        F.year_start,
        F.year_end,
        F.funder_name,
        F.funder_type,
        F.nature,
        F.amount_kind,
        F.amount_min_eur,
        F.amount_max_eur,
        F.in_totals,
    ]
    return _detail_rows(engine, F, f, cols, (F.amount_max_eur.desc().nulls_last(), F.id), limit)


def cost_per_learner(engine: Engine, f: Filters) -> pd.DataFrame:
    """Cost per learner only where money and learners cover the same scope and year.

    Site scope: the site's 'total' lines if any, else its lines counted in totals, over the
    learners of its cohorts. Programme scope (lines with no site): all cohorts of that
    programme, territory and year, and only when every planned session has a known cohort.
    """
    fl = deduped("funding", f)
    c = deduped("cohorts", f)
    money_ok = fl.c.amount_kind.in_(("point", "range"))
    # a whole-cost line: all funders together ("a nécessité un investissement de deux millions")
    whole = and_(fl.c.nature == "total", fl.c.funder_type.in_(("mixed", "unknown")))
    # site scope
    per_site = (
        select(
            fl.c.site_id,
            fl.c.year_start,
            func.max(case((whole, fl.c.amount_min_eur))).label("total_min"),
            func.max(case((whole, fl.c.amount_max_eur))).label("total_max"),
            func.sum(case((fl.c.in_totals.is_(True), fl.c.amount_min_eur))).label("sum_min"),
            func.sum(case((fl.c.in_totals.is_(True), fl.c.amount_max_eur))).label("sum_max"),
            _combined_status(fl.c.fact_status).label("money_status"),
            func.min(fl.c.source_id).label("money_source"),
        )
        .where(money_ok, fl.c.site_id.is_not(None))
        .group_by(fl.c.site_id, fl.c.year_start)
        .subquery()
    )
    learners_site = (
        select(
            c.c.site_id,
            c.c.year_start,
            func.sum(c.c.learners).label("learners"),
            func.count(c.c.learners).label("known"),
            func.count().label("n"),
            _combined_status(c.c.fact_status).label("learner_status"),
            func.min(c.c.source_id).label("learner_source"),
        )
        .where(c.c.site_id.is_not(None))
        .group_by(c.c.site_id, c.c.year_start)
        .subquery()
    )
    sites = _frame(
        engine,
        select(
            per_site,
            SITES.c.name.label("scope"),
            learners_site.c.learners,
            learners_site.c.known,
            learners_site.c.n,
            learners_site.c.learner_status,
            learners_site.c.learner_source,
        )
        .join(learners_site, and_(learners_site.c.site_id == per_site.c.site_id, learners_site.c.year_start == per_site.c.year_start))
        .join(SITES, SITES.c.id == per_site.c.site_id)
        .limit(2000),
    )
    rows = []
    for r in sites.itertuples():
        use_total = r.total_min is not None
        lo, hi = (r.total_min, r.total_max) if use_total else (r.sum_min, r.sum_max)
        base = "coût total déclaré (tous financeurs)" if use_total else "somme des financements"
        rows.append(
            _cpl_row(
                r.scope, r.year_start, lo, hi, r.learners, r.known, r.n, None, base, r.money_status, r.learner_status, f"{r.money_source},{r.learner_source}"
            )
        )

    # programme scope
    per_prog = _frame(
        engine,
        select(
            fl.c.programme_id,
            fl.c.region_code,
            fl.c.year_start,
            func.sum(case((fl.c.in_totals.is_(True), fl.c.amount_min_eur))).label("lo"),
            func.sum(case((fl.c.in_totals.is_(True), fl.c.amount_max_eur))).label("hi"),
            _combined_status(fl.c.fact_status).label("money_status"),
            func.min(fl.c.source_id).label("money_source"),
        )
        .where(money_ok, fl.c.site_id.is_(None), fl.c.programme_id.is_not(None), fl.c.in_totals.is_(True))
        .group_by(fl.c.programme_id, fl.c.region_code, fl.c.year_start)
        .limit(500),
    )
    if not per_prog.empty:
        progs = names(engine)["programmes"]
        regs = names(engine)["regions"]
        lp = _frame(
            engine,
            select(
                c.c.programme_id,
                c.c.region_code,
                c.c.year_start,
                func.sum(c.c.learners).label("learners"),
                func.count(c.c.learners).label("known"),
                func.count().label("n"),
                _combined_status(c.c.fact_status).label("learner_status"),
                func.min(c.c.source_id).label("learner_source"),
            )
            .where(c.c.learners.is_not(None))
            .group_by(c.c.programme_id, c.c.region_code, c.c.year_start),
        )
        planned = _planned_sites(engine)
        merged = per_prog.merge(lp, on=["programme_id", "region_code", "year_start"], how="left")
        for r in merged.itertuples():
            region = None if pd.isna(r.region_code) else r.region_code
            scope = progs.get(r.programme_id, r.programme_id) + (f" ({regs.get(region, region)})" if region else "")
            expected = planned.get((r.programme_id, region))
            rows.append(
                _cpl_row(
                    scope,
                    r.year_start,
                    r.lo,
                    r.hi,
                    None if pd.isna(r.learners) else r.learners,
                    0 if pd.isna(r.known) else int(r.known),
                    0 if pd.isna(r.n) else int(r.n),
                    expected,
                    "financement du programme",
                    r.money_status,
                    r.learner_status,
                    f"{r.money_source},{'' if pd.isna(r.learner_source) else r.learner_source}",
                )
            )
    cols = ["scope", "year", "money_min", "money_max", "learners", "cost_min", "cost_max", "calculable", "method", "reason", "status", "source_ids"]
    return pd.DataFrame(rows, columns=cols)


def _first_few(items: list[str], n: int = 3) -> str:
    """At most n items, then « et N autre(s) »: a detail line must stay readable at any volume."""
    text = " ; ".join(items[:n])
    return text + (f" ; et {len(items) - n} autre(s)" if len(items) > n else "")


def _planned_sites(engine: Engine) -> dict[tuple[str, str | None], int]:
    I = m.Indicator
    rows = _frame(
        engine, select(I.programme_id, I.region_code, func.max(I.value).label("v")).where(I.name == "planned_sites").group_by(I.programme_id, I.region_code)
    )
    return {(r.programme_id, r.region_code): int(r.v) for r in rows.itertuples()}


def _cpl_row(scope, year, lo, hi, learners, known, n, expected, base, money_status, learner_status, sources) -> dict:
    row = {
        "scope": scope,
        "year": year,
        "money_min": lo,
        "money_max": hi,
        "learners": learners,
        "cost_min": None,
        "cost_max": None,
        "calculable": False,
        "method": "",
        "reason": None,
        "status": None,
        "source_ids": sources.strip(","),
    }
    statuses = {money_status, learner_status} - {None}
    row["status"] = statuses.pop() if len(statuses) == 1 else "mixed"
    if lo is None:
        row["reason"] = f"{scope} : montant inconnu"
    elif not learners:
        row["reason"] = f"{scope} : effectif inconnu"
    elif known < n:
        row["reason"] = f"{scope} : effectif connu pour {known} promotion(s) sur {n}"
    elif expected and known < expected:
        row["reason"] = f"{scope} : effectif connu pour {known} session(s) sur {expected} prévues"
    else:
        row.update(calculable=True, cost_min=lo / learners, cost_max=hi / learners, method=f"{scope}, {year} : {base} ÷ {int(learners)} apprenants")
    return row


# --- cohorts -------------------------------------------------------------------------------

_COHORT_BY = {"year_start", "region_code", "departement_code", "programme_id", "fact_status"}


def cohort_summary(engine: Engine, f: Filters, by: tuple[str, ...] = ("year_start",)) -> pd.DataFrame:
    """Learners, candidates, selectivity and women's share, grouped."""
    if set(by) - _COHORT_BY:
        raise ValueError(f"unknown grouping {set(by) - _COHORT_BY}")
    c = deduped("cohorts", f)
    keys = [c.c[b] for b in by]
    both = and_(c.c.learners.is_not(None), c.c.candidates.is_not(None))
    women = and_(c.c.learners.is_not(None), c.c.women_share_pct.is_not(None))
    stmt = (
        select(
            *keys,
            func.count().label("cohorts"),
            func.sum(c.c.learners).label("learners"),
            func.count(c.c.learners).label("with_learners"),
            func.sum(c.c.candidates).label("candidates"),
            func.sum(case((both, c.c.learners))).label("sel_learners"),
            func.sum(case((both, c.c.candidates))).label("sel_candidates"),
            func.sum(case((women, c.c.learners * c.c.women_share_pct))).label("women_weighted"),
            func.sum(case((women, c.c.learners))).label("women_base"),
            func.avg(c.c.women_share_pct).label("women_share_plain"),
            func.count(c.c.women_share_pct).label("with_women"),
            func.avg(c.c.duration_months).label("duration_months"),
            func.avg(c.c.hours_centre).label("hours_centre"),
            func.avg(c.c.hours_company).label("hours_company"),
            # the status of the headcount: rows without learners (a women's share alone) don't mix it
            _combined_status(case((c.c.learners.is_not(None), c.c.fact_status))).label("status"),
        )
        .group_by(*keys)
        .order_by(*keys)
    )
    out = _frame(engine, stmt)
    out["selectivity_pct"] = out["sel_learners"] / out["sel_candidates"] * 100
    out["women_share_pct"] = (out["women_weighted"] / out["women_base"]).where(out["women_base"] > 0, out["women_share_plain"])
    out["status_label"] = out["status"].map(lambda s: label("fact_status", s))
    if "programme_id" in by:
        progs = names(engine)["programmes"]
        out["programme_name"] = out["programme_id"].map(lambda p: progs.get(p, "Sans programme") if p else "Sans programme")
    if "region_code" in by:
        regs = names(engine)["regions"]
        out["region_name"] = out["region_code"].map(lambda p: regs.get(p, "") if p else "National")
    return out


def cohort_details(engine: Engine, f: Filters, limit: int | None = 300) -> pd.DataFrame:
    C = m.Cohort
    cols = [
        C.id,
        C.label,
        C.departement_code,
        C.start_date,
        C.year_start,
        C.year_end,
        C.learners,
        C.candidates,
        C.women_share_pct,
        C.duration_months,
        C.hours_centre,
        C.hours_company,
        C.level,
    ]
    return _detail_rows(engine, C, f, cols, (C.year_start.desc().nulls_last(), C.id), limit)


# --- outcomes ------------------------------------------------------------------------------


def outcomes(engine: Engine, f: Filters, limit: int | None = 300) -> pd.DataFrame:
    """Every outcome with its base, period and source; small or unknown bases flagged."""
    O = m.Outcome
    cols = [O.id, O.indicator, O.value, O.unit, O.base_count, O.base_description, O.cohort_period, O.year_start.label("year")]
    out = _detail_rows(engine, O, f, cols, (O.year_start.desc(), O.indicator, O.id), limit)
    out["base_flag"] = out["base_count"].map(lambda b: "unknown" if pd.isna(b) else ("small" if b < SMALL_BASE else "ok"))
    out["indicator_label"] = out["indicator"].map(lambda c: label("indicator", c))
    return out


def outcome_summary(engine: Engine, f: Filters, by: tuple[str, ...] = ("indicator",)) -> pd.DataFrame:
    """Rates per indicator (and programme/year): weighted by base where every base is known."""
    o = deduped("outcomes", f)
    keys = [o.c[b] for b in by]
    out = _frame(
        engine,
        select(
            *keys,
            func.count().label("measures"),
            func.count(o.c.base_count).label("with_base"),
            func.sum(o.c.base_count).label("base"),
            (func.sum(o.c.value * o.c.base_count) / func.nullif(func.sum(o.c.base_count), 0)).label("weighted"),
            func.min(o.c.value).label("value_min"),
            func.max(o.c.value).label("value_max"),
            _combined_status(o.c.fact_status).label("status"),
        )
        .group_by(*keys)
        .order_by(*keys),
    )
    out["value"] = out["weighted"].where(out["with_base"] == out["measures"], None)
    single = out["measures"] == 1
    out.loc[single, "value"] = out.loc[single, "value_min"]
    if "indicator" in by:
        out["indicator_label"] = out["indicator"].map(lambda c: label("indicator", c))
    return out


# --- territories ---------------------------------------------------------------------------


def compare_territories(engine: Engine, f: Filters, codes: tuple[str, ...], level: str = "region") -> pd.DataFrame:
    """2 to 4 régions or départements side by side: counts, per-capita figures, a note if empty."""
    if not 1 <= len(codes) <= 4:
        raise ValueError("choose 2 to 4 territories")
    rows = []
    for code in codes:
        g = replace(f, regions=(code,), departements=()) if level == "region" else replace(f, regions=(), departements=(code,))
        tot = _totals_by(engine, g, level)
        tot = tot[tot["code"] == code]
        if tot.empty:
            continue
        r = tot.iloc[0].to_dict()
        kf = key_figures(engine, g).set_index("metric")
        if level == "region":
            extra = unallocated_totals(engine, g)
            learners = kf.loc["learners", "value"]
            money_lo, money_hi = kf.loc["money", "value"], kf.loc["money", "value_max"]
        else:
            extra = pd.DataFrame()
            learners, money_lo, money_hi = r.get("learners"), r.get("money_min"), r.get("money_max")
        pop = r.get("population")
        has_data = bool(r["sites"] or (learners is not None and not pd.isna(learners)) or (money_lo is not None and not pd.isna(money_lo)))
        note = "" if has_data else "Aucune donnée sourcée pour ce territoire sur la période."
        if level == "region" and not extra.empty:
            note = "Inclut des chiffres de programme non répartis par département."
        rows.append(
            {
                "code": code,
                "name": r["name"],
                "level": level,
                "population": pop,
                "sites": r["sites"],
                "learners": learners,
                "money_min": money_lo,
                "money_max": money_hi if money_hi is not None and not pd.isna(money_hi) else money_lo,
                "positive_exit_rate": kf.loc["positive_exit_rate", "value"],
                "sites_per_million": r["sites"] / pop * 1_000_000 if pop else None,
                "learners_per_100k": (learners / pop * 100_000) if pop and learners is not None and not pd.isna(learners) else None,
                "money_per_inhabitant": (money_lo / pop) if pop and money_lo is not None and not pd.isna(money_lo) else None,
                "has_data": has_data,
                "note": note,
            }
        )
    return pd.DataFrame(rows)


def year_series(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per year: sites opened, learners starting, money counted — what changed over the period."""
    sites = _frame(
        engine,
        select(SITES.c.opening_year.label("year"), func.count().label("sites_opened"))
        .where(site_where(f), SITES.c.opening_year.is_not(None))
        .group_by(SITES.c.opening_year),
    )
    c = deduped("cohorts", f)
    learners = _frame(
        engine, select(c.c.year_start.label("year"), func.sum(c.c.learners).label("learners")).where(c.c.year_start.is_not(None)).group_by(c.c.year_start)
    )
    fl = deduped("funding", f)
    counted = and_(fl.c.in_totals.is_(True), fl.c.amount_kind.in_(("point", "range")))
    money = _frame(
        engine,
        select(fl.c.year_start.label("year"), func.sum(fl.c.amount_min_eur).label("money_min"), func.sum(fl.c.amount_max_eur).label("money_max"))
        .where(counted, fl.c.year_start.is_not(None))
        .group_by(fl.c.year_start),
    )
    out = sites.merge(learners, on="year", how="outer").merge(money, on="year", how="outer").sort_values("year")
    if f.year_min is not None:
        out = out[out["year"] >= f.year_min]
    if f.year_max is not None:
        out = out[out["year"] <= f.year_max]
    return out.reset_index(drop=True)


# --- provenance ----------------------------------------------------------------------------


def coverage(engine: Engine, f: Filters) -> pd.DataFrame:
    """'10 sites nommés sur 15 prévus' for each programme with a planned-sites figure."""
    I, P = m.Indicator, m.Programme
    g = replace(f, year_min=None, statuses=())
    clauses = [I.name == "planned_sites"]
    if f.programmes:
        clauses.append(I.programme_id.in_(f.programmes))
    if f.departements:
        deps = _frame(engine, select(m.Departement.region_code).where(m.Departement.code.in_(f.departements)))
        clauses.append(or_(I.region_code.in_(list(deps["region_code"])), I.region_code.is_(None)))
    elif f.regions:
        clauses.append(or_(I.region_code.in_(f.regions), I.region_code.is_(None)))
    if f.year_max is not None:
        clauses.append(I.year_start <= f.year_max)
    planned = _frame(
        engine,
        select(I.programme_id, I.region_code, func.max(I.value).label("planned"), func.min(I.source_id).label("source_id"), P.name.label("programme_name"))
        .join(P, P.id == I.programme_id)
        .where(*clauses)
        .group_by(I.programme_id, I.region_code, P.name),
    )
    rows = []
    for r in planned.itertuples():
        region = None if pd.isna(r.region_code) else r.region_code  # a national programme has no région (NaN is truthy)
        h = replace(g, programmes=(r.programme_id,), regions=(region,) if region and not f.departements else g.regions)
        named = site_count(engine, h)
        scope = "" if not f.departements else " (dans ce périmètre)"
        rows.append(
            {
                "programme_id": r.programme_id,
                "programme_name": r.programme_name,
                "region_code": region,
                "named": named,
                "planned": int(r.planned),
                "source_id": r.source_id,
                "sentence": f"{named} site(s) nommé(s) sur {int(r.planned)} — {r.programme_name}{scope}",
            }
        )
    return pd.DataFrame(rows, columns=["programme_id", "programme_name", "region_code", "named", "planned", "source_id", "sentence"])


def sources_for(engine: Engine, f: Filters, topics: tuple[str, ...] = TOPICS) -> pd.DataFrame:
    """The sources behind a result: distinct sources of the filtered rows of these topics."""
    parts = []
    for topic in topics:
        t = _TABLES[topic]
        where = site_where(f) if topic == "sites" else f.where(t)
        parts.append(select(t.c.source_id, t.c.fact_status).where(where))
    u = union_all(*parts).subquery()
    S = m.Source
    stmt = (
        select(
            S.id,
            S.publisher,
            S.title,
            S.author,
            S.published_on,
            S.date_precision,
            S.seed_file,
            S.url,
            S.licence,
            S.synthetic,
            func.count().label("facts"),
            _combined_status(u.c.fact_status).label("status"),
        )
        .join(u, u.c.source_id == S.id)
        .group_by(S.id, S.publisher, S.title, S.author, S.published_on, S.date_precision, S.seed_file, S.url, S.licence, S.synthetic)
        .order_by(S.published_on.desc().nulls_last(), S.id)
        .limit(200)
    )
    return _frame(engine, stmt)


def all_sources(engine: Engine) -> pd.DataFrame:
    S = m.Source
    return _frame(engine, select(S).order_by(S.published_on.desc().nulls_last(), S.id).limit(500))


def quotes(engine: Engine, f: Filters, limit: int = 500) -> pd.DataFrame:
    """Every figure's verbatim quote, for the sources page."""
    parts = []
    for topic in TOPICS:
        t = _TABLES[topic]
        where = site_where(f) if topic == "sites" else f.where(t)
        parts.append(select(literal(topic).label("topic"), t.c.id, t.c.source_id, t.c.fact_status, t.c.quote).where(where))
    u = union_all(*parts).subquery()
    return _frame(engine, select(u).order_by(u.c.source_id, u.c.topic, u.c.id).limit(limit))


def indicators(engine: Engine, f: Filters) -> pd.DataFrame:
    """Context figures (unfilled jobs, missing coders, targets) for the territory, national ones included."""
    I, S = m.Indicator, m.Source
    g = replace(f, regions=(), departements=(), programmes=())
    clauses = [g.where(I.__table__)]
    if f.departements:
        deps = _frame(engine, select(m.Departement.region_code).where(m.Departement.code.in_(f.departements)))
        clauses.append(
            or_(
                I.territory_level == "france",
                I.departement_code.in_(f.departements),
                and_(I.territory_level == "region", I.region_code.in_(list(deps["region_code"]))),
            )
        )
    elif f.regions:
        clauses.append(or_(I.territory_level == "france", I.region_code.in_(f.regions)))
    if f.programmes:
        clauses.append(or_(I.programme_id.is_(None), I.programme_id.in_(f.programmes)))
    stmt = (
        select(
            I.id,
            I.fact_key,
            I.territory_level,
            I.territory_code,
            I.programme_id,
            I.year_start.label("year"),
            I.name,
            I.label,
            I.value,
            I.unit,
            *_provenance(I),
        )
        .join(S, S.id == I.source_id)
        .where(*clauses)
        .order_by(I.fact_key.nulls_last(), I.year_start, I.id)
        .limit(300)
    )
    return _frame(engine, stmt)


def filtered_tables(engine: Engine, f: Filters, limit: int | None = 100_000) -> dict[str, pd.DataFrame]:
    """The filtered detail rows, for download."""
    return {
        "sites": site_points(engine, f, limit=limit),
        "promotions": cohort_details(engine, f, limit=limit),
        "financements": funding_lines(engine, f, limit=limit),
        "resultats": outcomes(engine, f, limit=limit),
        "contexte": indicators(engine, f),
    }
