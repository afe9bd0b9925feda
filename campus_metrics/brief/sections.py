"""The brief's sections after the map: budgets, cohorts, outcomes, comparison, reading notes."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine

from campus_metrics import charts_static as cs
from campus_metrics import formatting as fm
from campus_metrics import geo
from campus_metrics import queries as q
from campus_metrics.brief.content import KeyFigure, Section, Table
from campus_metrics.brief.sourcebook import SourceBook
from campus_metrics.brief.values import _clean, _eur_small, _na, _style, status_short, status_text
from campus_metrics.brief.words import _cap, _colon, _t
from campus_metrics.filters import Filters
from campus_metrics.labels import label
from campus_metrics.models import STATUS_RANK

MAX_BARS = 8  # a chart with more bars is regrouped (budgets, cohorts)
MAX_OUTCOME_ROWS = 6  # more outcomes: one row per indicator (weighted, with its bases)
ANNOUNCED = ("announced", "voted", "estimate")


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
