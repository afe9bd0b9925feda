"""The comparison section of the brief: 2 to 4 territories side by side, per status group."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine

from campus_metrics import formatting as fm
from campus_metrics import queries as q
from campus_metrics.brief.content import Section, Table
from campus_metrics.brief.sourcebook import SourceBook
from campus_metrics.brief.values import _clean, _eur_small, _na
from campus_metrics.brief.words import _colon, _t
from campus_metrics.enums import StatusGroup
from campus_metrics.figures.cards import cap as _cap
from campus_metrics.figures.words import w
from campus_metrics.filters import Filters
from campus_metrics.text import tr


def _compare_codes(engine: Engine, f: Filters, names: dict, compare: tuple[str, ...], level: str) -> tuple[tuple[str, ...], str, list[str]]:
    """The territories to compare, the level, and the names of those left out (more than 4)."""
    if compare:
        codes = tuple(dict.fromkeys(compare))
        return codes[:4], level, [names["regions" if level == "region" else "departements"].get(c, c) for c in codes[4:]]
    everywhere = replace(f, regions=(), departements=())
    # région totals hold one status group: a région with announced figures only is found in the announced pass
    sites: dict[str, int] = {}
    for group in f.groups or (None,):
        g = everywhere.for_group(group) if group else everywhere
        reg = q.region_totals(engine, g)
        has = reg[(reg["sites"] > 0) | reg["learners"].notna() | reg["money_min"].notna()]
        for code, n in zip(has["code"], has["sites"], strict=True):
            sites[code] = max(sites.get(code, 0), int(n))
    ranked = sorted(sites, key=lambda c: (-sites[c], c))
    own = list(f.regions)
    if f.departements:
        deps = q.filter_options(engine)["departements"].set_index("code")["region_code"]
        own = sorted({deps[c] for c in f.departements if c in deps.index})
    codes = own + [c for c in ranked if c not in own]
    return tuple(codes[:4]), "region", [names["regions"].get(c, c) for c in codes[4:]]


def _group_lines(r: dict, columns: dict[str, str], fmt, present: list[str], L: str, first_only: bool = False) -> str:
    """One line per status group (and period) with a known value: « 126 (réalisé) », never a sum;
    `first_only`: the first known one alone (realised before announced, one-off before per year)."""
    lines = []
    for key in present:
        v = _clean(r.get(columns[key]))
        if v is not None:
            group, _, _ = key.partition(":")
            lines.append(f"{fmt(r, key, v)} ({w(f'part.{group}', L)})")
    return "\n".join(lines[:1] if first_only else lines) or fm.unknown(L)


def _compare_section(engine: Engine, f: Filters, names: dict, compare: tuple[str, ...], level: str, book: SourceBook, L: str) -> Section:
    title = _t("compare_title" if compare else "compare_regions_title", L)
    sec = Section("compare", title, lead=tr(L, "Période, programmes et statut suivent les filtres de la fiche ; seul le territoire change."))
    codes, level, more = _compare_codes(engine, f, names, compare, level)
    ct = q.compare_territories(engine, f, codes, level) if codes else pd.DataFrame()
    if ct.empty:
        sec.empty = tr(L, "Aucune donnée sourcée pour ce périmètre.")
        return sec
    header = [tr(L, "Indicateur")] + [f"{r['name']}\n{tr(L, '{n} hab.', n=fm.number(_clean(r['population']), L))}" for r in ct.to_dict("records")]
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
        extra = [tr(L, "promotions {p}", p=", ".join(periods))] if periods else []
        if not o.empty and o["base_count"].isna().any():
            extra.append(tr(L, "base inconnue"))
        exits.append(", ".join(extra))
    recs = ct.to_dict("records")
    groups = [g.value for g in StatusGroup]

    def present(columns: dict[str, str]) -> list[str]:
        """The status groups (and periods) that some territory has: the lines of a cell."""
        return [k for k, col in columns.items() if col in ct.columns and ct[col].notna().any()]

    def row(key: str, fn) -> list[str]:
        return [key] + [fn(r) for r in recs]

    learners = {g: f"learners_{g}" for g in groups}
    per_100k = {g: f"learners_per_100k_{g}" for g in groups}
    # one-off then per-year amounts (« /an »): lines of one cell, never added
    money = {g: f"money_{g}_min" for g in groups} | {f"{g}:y": f"money_per_year_{g}_min" for g in groups}
    per_inhabitant = {g: f"money_per_inhabitant_{g}" for g in groups} | {f"{g}:y": f"money_per_year_per_inhabitant_{g}" for g in groups}
    # per inhabitant, one line a cell (the table stays on one slide): realised when known, else announced, named

    suffix = tr(L, "/an")

    def count(r, key, v):
        return fm.number(v, L)

    def eur_range(r, key, v):
        g, _, y = key.partition(":")
        name = f"money_per_year_{g}" if y else f"money_{g}"
        return fm.eur_range(v, _clean(r.get(f"{name}_max")), L) + (suffix if y else "")

    def eur_small(r, key, v):
        return _eur_small(v, L) + (suffix if key.endswith(":y") else "")

    def exit_rate(r) -> str:
        text = fm.percent(_clean(r["positive_exit_rate"]), L)
        return text + (f"\n({tr(L, 'mesure partielle')})" if r.get("positive_exit_scope_narrower") and not _na(r["positive_exit_rate"]) else "")

    rows = [
        row(tr(L, "Sites"), lambda r: fm.number(_clean(r["sites"]), L)),
        row(tr(L, "Apprenants"), lambda r: _group_lines(r, learners, count, present(learners), L)),
        row(tr(L, "Financements"), lambda r: _group_lines(r, money, eur_range, present(money), L)),
    ]
    rows += [
        row(tr(L, "Sorties positives"), exit_rate),
        row(tr(L, "Sites par million d'hab."), lambda r: fm.number(_clean(r["sites_per_million"]), L, 1)),
        row(tr(L, "Apprenants / 100 000 hab."), lambda r: _group_lines(r, per_100k, lambda r_, k, v: fm.number(v, L, 1), present(per_100k), L, True)),
        row(tr(L, "Euros par habitant"), lambda r: _group_lines(r, per_inhabitant, eur_small, present(per_inhabitant), L, True)),
    ]
    n = len(recs)
    sec.table = Table(header, rows, [3.4] + [8.9 / n] * n, first_col_bold=True)
    notes: dict[str, list[str]] = {}
    for r in recs:
        if r["note"]:
            notes.setdefault(r["note"], []).append(r["name"])
    for note, who in notes.items():
        sec.notes.append(f"{', '.join(who)}{_colon(L)}{_t('c_' + note, L)}.")
    if more:
        sec.notes.append(_t("c_more_asked" if compare else "c_more", L, items=", ".join(_cap(more, L, 6))))
    rates_text = [f"{r['name']}{_colon(L)}{e}" for r, e in zip(recs, exits, strict=True) if e and not _na(r["positive_exit_rate"])]
    sec.notes.append(
        tr(L, "Sorties positives : définition et base selon la source (voir « Résultats »).") + (" " + " ; ".join(rates_text) + "." if rates_text else "")
    )
    sec.small.append(tr(L, "Populations : INSEE (recensement).") + " " + tr(L, "Par habitant : le réalisé s'il est connu, sinon l'annoncé."))
    return sec


# --- caveats ------------------------------------------------------------------------------------
