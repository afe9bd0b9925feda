"""The brief's sections after the map: budgets, cohorts, outcomes, comparison, reading notes.

Realised and announced figures, one-off and per-year amounts are never added here: budgets,
cohorts and outcomes are grouped by status (and amounts by period), one bar or row each.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from campus_metrics import charts_static as cs
from campus_metrics import formatting as fm
from campus_metrics import geo
from campus_metrics import queries as q
from campus_metrics.brief.content import KeyFigure, Section, Table
from campus_metrics.brief.sourcebook import SourceBook
from campus_metrics.brief.values import _clean, _na, _style, status_short
from campus_metrics.brief.words import _colon, _t
from campus_metrics.enums import AmountPeriod, StatusGroup
from campus_metrics.figures import Figure
from campus_metrics.figures.cards import Card
from campus_metrics.figures.cards import cap as _cap
from campus_metrics.filters import Filters
from campus_metrics.labels import label
from campus_metrics.models import STATUS_RANK
from campus_metrics.text import ntr, tr

MAX_BARS = 8  # a chart with more bars is regrouped (budgets, cohorts)
MAX_BARS_TWO_SETS = 10  # budgets by funder and by nature, both charts together
MAX_OUTCOME_ROWS = 6  # more outcomes: one row per indicator and status (weighted, with its bases)


def _row_height(n: int) -> float:
    return 80 if n <= 3 else (62 if n <= 6 else 46)


def _chart(bars: list[cs.Bar], axis: str, L: str, fmt: str = ",.1~f") -> tuple[bytes, tuple[float, float]]:
    spec = cs.bar_chart(bars, width=560, axis_title=axis, lang=L, value_format=fmt, row_height=_row_height(len(bars)))
    png = cs.render_png(spec)
    w_, h_ = cs.png_size(png)
    return png, (w_ / cs.SCALE, h_ / cs.SCALE)


def _charts(sets: list[tuple[str, list[cs.Bar]]], axis: str, L: str, fmt: str = ",.1~f") -> tuple[bytes, tuple[float, float]]:
    """Several titled bar charts (one-line labels) stacked in one image: one scale, bars lined up,
    the axis title once at the bottom."""
    every = [b for _, bars in sets for b in bars]
    row = 34 if len(every) > 6 else 42
    whole = cs.bar_chart(every, width=560, axis_title=axis, lang=L, value_format=fmt, row_height=row)
    label_w = whole["encoding"]["y"]["axis"]["labelLimit"]
    views = []
    for n, (title, bars) in enumerate(sets):
        spec = cs.bar_chart(bars, width=560, axis_title=axis, lang=L, value_format=fmt, row_height=row)
        for key in ("$schema", "config", "padding"):
            spec.pop(key, None)
        spec["width"] = whole["width"]  # one label width and one scale for all: bars compare
        spec["encoding"]["y"]["axis"]["labelLimit"] = label_w
        for layer, ref in zip(spec["layer"], whole["layer"], strict=True):
            x = layer.get("encoding", {}).get("x")
            if x is not None and "scale" in x:
                x["scale"] = ref["encoding"]["x"]["scale"]
                if n < len(sets) - 1:
                    x["title"] = None
        # the title starts where the longest label does
        spec["title"] = {"text": title, "anchor": "start", "frame": "group", "dx": -(label_w - 2), "fontSize": 17, "fontWeight": "bold", "offset": 8}
        views.append(spec)
    combined = {"$schema": whole["$schema"], "config": whole["config"], "padding": whole["padding"], "vconcat": views, "spacing": 18}
    png = cs.render_png(combined)
    w_, h_ = cs.png_size(png)
    return png, (w_ / cs.SCALE, h_ / cs.SCALE)


def _money_text(lo, hi, period: str, L: str) -> str:
    return fm.eur_range(lo, hi, L) + (tr(L, "/an") if period == AmountPeriod.per_year else "")


def _budget_bars(bb: pd.DataFrame, by: str, L: str, shortfalls: bool) -> list[cs.Bar]:
    """One bar per group, stored status and period kind (never added); a group's bars together, the
    largest group first; funding gaps last. Labels hold one line: the status and « /an » are in the text."""
    rows = []
    for r in bb.to_dict("records"):
        lo, hi = _clean(r["amount_min"]), _clean(r["amount_max"])
        if lo is None:
            continue
        top = hi if hi is not None else lo
        text = f"{_money_text(lo, hi, r['amount_period'], L)} · {status_short(r['fact_status'], L)}"
        rows.append((r[by], top, cs.Bar(label(by, r[by], L), lo / 1e6, hi / 1e6 if hi is not None and hi != lo else None, text, _style(r["fact_status"]))))
    biggest: dict[str, float] = {}
    for code, top, _ in rows:
        biggest[code] = max(biggest.get(code, 0.0), top)
    rows.sort(key=lambda x: (-biggest[x[0]], str(x[0]), -x[1]))
    bars = [b for _, _, b in rows]
    if shortfalls:
        gaps = bb[bb["shortfall"].notna()].groupby(by, sort=True)["shortfall"].sum()
        for code, gap in gaps.items():
            if gap > 0:
                bars.append(cs.Bar(tr(L, "Manque à financer"), gap / 1e6, None, f"{fm.eur(gap, L)} · {label(by, code, L)}", "shortfall"))
    return _unique_labels(bars)


def _unique_labels(bars: list[cs.Bar]) -> list[cs.Bar]:
    """A chart draws one row per distinct label: repeated labels get leading spaces, unseen as labels align right."""
    seen: dict[str, int] = {}
    for b in bars:
        n = seen.get(b.label, 0)
        seen[b.label] = n + 1
        b.label = " " * n + b.label
    return bars


def _budget_section(engine: Engine, f: Filters, money: Card, book: SourceBook, L: str) -> Section:
    """Funding by funder and, apart, by nature (the two are never crossed), each bar one status and one period."""
    sec = Section("budget", tr(L, "Financements par financeur et nature"))
    by_funder = q.budget_breakdown(engine, f, ("funder_type", "fact_status"))
    by_nature = q.budget_breakdown(engine, f, ("nature", "fact_status"))
    funder_bars = _budget_bars(by_funder, "funder_type", L, shortfalls=True)
    nature_bars = _budget_bars(by_nature, "nature", L, shortfalls=False)
    gap = float(by_funder["shortfall"].fillna(0).sum())
    unknown = int(by_funder["unknown_amounts"].fillna(0).sum())
    two_sets = bool(funder_bars and nature_bars) and len(funder_bars) + len(nature_bars) <= MAX_BARS_TWO_SETS
    if not funder_bars and not nature_bars:
        sec.empty = tr(L, "Aucune donnée sourcée pour ce périmètre.")
    elif two_sets:
        sec.image, sec.image_pt = _charts([(tr(L, "Par financeur"), funder_bars), (tr(L, "Par nature"), nature_bars)], tr(L, "Millions d'euros"), L)
    else:  # too many bars to read twice: the natures alone, funding gaps included
        sec.title = tr(L, "Financements par nature")
        bars = _budget_bars(by_nature, "nature", L, shortfalls=True)
        if len(bars) > MAX_BARS:
            bars = bars[:MAX_BARS]
            sec.notes.append(tr(L, "Graphique limité aux {n} plus gros montants.", n=MAX_BARS))
        sec.image, sec.image_pt = _chart(bars, tr(L, "Millions d'euros"), L)
    if sec.image is not None:
        if money.known:  # the total is the key-figure card's, line by line
            sec.notes.append(tr(L, "Total compté : {items}.", items=" ; ".join(f"{line.value} {line.label}".strip() for line in money.lines)))
        else:
            sec.notes.append(tr(L, "Total compté : inconnu (aucun montant additionnable pour ce périmètre)."))
        if two_sets:
            sec.notes.append(tr(L, "Les deux graphiques montrent les mêmes montants, par financeur puis par nature : ils ne s'additionnent pas."))
        sec.notes.append(
            tr(
                L,
                "Barre foncée : réalisé ; claire : annoncé, voté ou estimé ; trait : fourchette ; pointillés : manque à financer. Une barre par statut et par période (« /an » : par an) : jamais additionnées.",
            )
        )
    if gap > 0:
        sec.notes.append(tr(L, "Manque à financer signalé : {v} (argent encore recherché, non compté dans le total).", v=fm.eur(gap, L)))
    if unknown:
        sec.notes.append(
            ntr(
                L,
                "{n} financement au montant inconnu (financeur connu) : non compté.",
                "{n} financements au montant inconnu (financeur connu) : non comptés.",
                unknown,
            )
        )
    if sec.image is not None:
        sec.notes.append(tr(L, "Les ventilations d'un montant déjà compté et les chiffres alternatifs sont exclus des totaux."))
        ids = list(q.sources_for(engine, f, ("funding",))["id"])
        sec.small.append(book.cite(ids, limit=40))
    return sec


def _cohort_section(engine: Engine, f: Filters, learners: Card, book: SourceBook, L: str) -> Section:
    """Learners per year and région, one bar per status: enrolled learners and announced places apart."""
    sec = Section("cohorts", tr(L, "Promotions et apprenants"))
    keys: tuple[str, ...] = ("year_start", "region_code")
    cs_ = q.cohort_summary(engine, f, (*keys, "fact_status"))
    if int(cs_["learners"].notna().sum()) > MAX_BARS:  # many régions: one bar per year and status
        keys = ("year_start",)
        cs_ = q.cohort_summary(engine, f, (*keys, "fact_status"))
        cs_["region_code"] = None
        cs_["_all"] = True
    if cs_.empty:
        sec.empty = tr(L, "Aucune donnée sourcée pour ce périmètre.")
        return sec
    regs = q.names(engine)["regions"]

    def where(r, short: bool = False) -> str:
        if r.get("_all") is True:
            return tr(L, "tous territoires")
        if isinstance(r["region_code"], str):
            return regs.get(r["region_code"], r["region_code"])
        return _t("national_short" if short else "national", L)

    def year(r) -> str:
        return str(int(r["year_start"])) if not _na(r["year_start"]) else tr(L, "Année inconnue")

    records = [r for r in cs_.to_dict("records") if not _na(r["learners"])]
    if len(records) > MAX_BARS:
        records = sorted(records, key=lambda r: -1 if _na(r["year_start"]) else r["year_start"])[-MAX_BARS:]
        sec.notes.append(tr(L, "Graphique limité aux {n} années les plus récentes.", n=MAX_BARS))
    seen: dict[tuple[str, str], int] = {}
    for r in records:
        seen[(year(r), where(r))] = seen.get((year(r), where(r)), 0) + 1
    bars = []
    for r in records:
        status = r["fact_status"]
        head = year(r) + (f" · {status_short(status, L).lower()}" if seen[(year(r), where(r))] > 1 else "")  # one label per bar
        text = f"{tr(L, '{n} apprenants', n=fm.number(r['learners'], L))} · {status_short(status, L)}"
        bars.append(cs.Bar(f"{head}\n{where(r)}", float(r["learners"]), None, text, _style(status)))
    if bars:
        sec.image, sec.image_pt = _chart(bars, tr(L, "Apprenants"), L, ",.0f")
        items = [f"{line.value} {line.label}".strip() for line in learners.lines] or [learners.empty_text]
        sec.notes.append(tr(L, "Apprenants : {items}.", items=" ; ".join(items + list(learners.notes))))
    else:
        sec.empty = tr(L, "Aucune donnée sourcée pour ce périmètre.")
    no_learners = int((cs_["cohorts"] - cs_["with_learners"]).sum())
    if no_learners:
        sec.notes.append(
            ntr(
                L,
                "{n} fait de promotion sans effectif publié (durée, part des femmes…) : pas de barre.",
                "{n} faits de promotion sans effectif publié (durée, part des femmes…) : pas de barre.",
                no_learners,
            )
        )
    women = [
        f"{fm.percent(r['women_share_pct'], L)} ({where(r, True)}, {year(r).lower()}, {status_short(r['fact_status'], L).lower()})"
        for r in cs_.to_dict("records")
        if not _na(r["women_share_pct"])
    ]
    if women:
        sec.notes.append(tr(L, "Part des femmes : {items}.", items=" ; ".join(_cap(women, L))))
    durations = [
        f"{tr(L, '{n} mois', n=fm.number(r['duration_months'], L))} ({where(r, True)}, {year(r).lower()}, {status_short(r['fact_status'], L).lower()})"
        for r in cs_.to_dict("records")
        if not _na(r["duration_months"])
    ]
    if durations:
        sec.notes.append(tr(L, "Durée des formations : {items}.", items=" ; ".join(_cap(durations, L))))
    if cs_["candidates"].isna().all():
        sec.notes.append(tr(L, "Nombre de candidats non publié : sélectivité inconnue."))
    sec.small.append(book.cite(list(q.sources_for(engine, f, ("cohorts",))["id"]), limit=40))
    return sec


def _outcome_section(engine: Engine, f: Filters, rate: Figure, rate_card: Card, book: SourceBook, L: str) -> Section:
    sec = Section("outcomes", tr(L, "Résultats : insertion des apprenants"))
    out = q.outcomes(engine, f)
    if out.empty:
        sec.empty = tr(L, "Aucune donnée sourcée pour ce périmètre.")
        return sec
    # one row per figure: the same figure from several sources shows once (realised first, then the latest source)
    out["_rank"] = out["fact_status"].map(lambda s: STATUS_RANK.get(s, 9))
    out["_date"] = pd.to_datetime(out["source_date"], errors="coerce")
    out = out.sort_values(["_rank", "_date"], ascending=[True, False], na_position="last")
    keyed = out["fact_key"].notna()
    out = pd.concat([out[~keyed], out[keyed].drop_duplicates("fact_key")])
    order = {"positive_exit_rate": 0, "employment_rate": 1, "exit_salary": 2, "job_offers": 3}
    if len(out) > MAX_OUTCOME_ROWS:
        sec = _outcome_summary_section(engine, f, sec, out, order, book, L)
    else:
        out = out.assign(_o=out["indicator"].map(lambda i: order.get(i, 9))).sort_values(["_o", "year", "id"], ascending=[True, False, True])
        regs = q.names(engine)["regions"]
        rows = []
        for r in out.to_dict("records"):
            who = _clean(r["site_name"]) or _clean(r["programme_name"]) or ""
            # where it was measured, when that is not the brief's région: a rate is not the whole territory's
            region = r["region_code"] if isinstance(r["region_code"], str) and tuple(f.regions) != (r["region_code"],) else None
            who = "\n".join(x for x in (who, regs.get(region, region) if region else "") if x)
            result = label("indicator", r["indicator"], L) + (f"\n{who}" if who else "")
            base = r["base_count"]
            if _na(base):
                head = tr(L, "Effectif : inconnu")
            elif base < q.SMALL_BASE:
                head = tr(L, "Effectif : {n} personnes (base faible, moins de 30)", n=fm.number(base, L))
            else:
                head = tr(L, "Effectif : {n} personnes", n=fm.number(base, L))
            desc = _clean(r["base_description"]) or ""
            period = tr(L, "Promotions {p}", p=r["cohort_period"]) if not _na(r["cohort_period"]) else tr(L, "Promotions non précisées")
            if not _na(r["year"]):
                period += f"\n{tr(L, 'publié en {y}', y=int(r['year']))}"
            rows.append(
                [
                    result,
                    fm.value(_clean(r["value"]), r["unit"], L),
                    (desc + "\n" if desc else "") + head,
                    period,
                    f"{status_short(r['fact_status'], L)}\n{book.refs(r['source_id'])}",
                ]
            )
        sec.table = Table(
            [_t(k, L) for k in ("o_result", "o_value", "o_base", "o_period", "o_status")], rows, [2.5, 1.35, 4.75, 1.95, 1.75], first_col_bold=True
        )
        sec.notes.append(tr(L, "Chaque taux est donné avec ce qu'il mesure : la population de base, son effectif et les promotions concernées."))
        return sec
    # rates summed up over measures: the key figure's scope, as its card says it
    if rate.scope is not None and rate.scope.narrower and rate_card.scope_note:
        sec.notes.insert(0, f"{rate_card.title}{_colon(L)}{rate_card.scope_note}.")
    return sec


def _outcome_summary_section(engine: Engine, f: Filters, sec: Section, out: pd.DataFrame, order: dict, book: SourceBook, L: str) -> Section:
    """Many outcomes: one row per indicator and status (never mixed), weighted by base where every base is known."""
    by = ("indicator", "fact_status")
    summary = q.outcome_summary(engine, f, by)
    years = q.outcome_summary(engine, f, (*by, "year_start")).groupby(list(by))["year_start"].agg(["min", "max"])
    units = out.groupby("indicator")["unit"].first()
    rows = []
    records = sorted(summary.to_dict("records"), key=lambda r: (order.get(r["indicator"], 9), STATUS_RANK.get(r["fact_status"], 9)))
    for r in records:
        unit = units.get(r["indicator"], "percent")
        measures, with_base = int(r["measures"]), int(r["with_base"])
        if not _na(r["value"]):
            value = fm.value(r["value"], unit, L)
            how = tr(L, "moyenne pondérée par l'effectif") if measures > 1 else ""
        else:
            value = fm.value(_clean(r["value_min"]), unit, L, _clean(r["value_max"]))
            how = tr(L, "de la plus basse à la plus haute")
        if with_base == measures:
            base = tr(L, "{n} mesures, effectif total : {b} personnes", n=fm.number(measures, L), b=fm.number(_clean(r["base"]), L))
        else:
            base = tr(L, "{n} mesures, effectif connu pour {k} d'entre elles : pas de moyenne pondérée", n=fm.number(measures, L), k=fm.number(with_base, L))
        key = (r["indicator"], r["fact_status"])
        lo, hi = years.loc[key] if key in years.index else (None, None)
        period = tr(
            L, "publiés {y}", y=f"{int(lo)}–{int(hi)}" if not _na(lo) and not _na(hi) and lo != hi else (str(int(lo)) if not _na(lo) else fm.unknown(L))
        )
        rows.append([label("indicator", r["indicator"], L), value + (f"\n{how}" if how else ""), base, period, status_short(r["fact_status"], L)])
    sec.table = Table([_t(k, L) for k in ("o_result", "o_value", "o_base", "o_period", "status")], rows, [2.6, 1.9, 4.6, 1.75, 1.45], first_col_bold=True)
    sec.notes.append(
        tr(
            L,
            "Vue résumée de {n} résultats publiés ; chacun est détaillé dans le tableau de bord, page « Résultats ».",
            n=fm.number(int(summary["measures"].sum()), L),
        )
    )
    sec.notes.append(tr(L, "Chaque taux est donné avec ce qu'il mesure : la population de base, son effectif et les promotions concernées."))
    ids = list(q.sources_for(engine, f, ("outcomes",))["id"])
    sec.small.append(book.cite(ids, limit=40))
    return sec


# --- comparison --------------------------------------------------------------------------------


def _caveats(key_figures: list[KeyFigure], figures: dict[str, Figure], coverage: list[str], unalloc_text: str, L: str) -> Section:
    sec = Section("caveats", tr(L, "Précautions de lecture"))
    grouped = [k for k in key_figures if any(line.group for line in k.lines)]  # sites are told by site status
    announced = [k.label for k in grouped if any(line.group == StatusGroup.announced for line in k.lines)]
    realised = [k.label for k in grouped if any(line.group == StatusGroup.realised for line in k.lines)]
    here = (
        tr(L, "Dans cette fiche, chiffres clés annoncés : {items}.", items=", ".join(announced))
        if announced
        else (tr(L, "Dans cette fiche, tous les chiffres clés connus sont réalisés.") if realised else "")
    )
    sec.notes.append(
        tr(
            L,
            "Annoncé ou réalisé. « Annoncé » : annonces, budgets votés ou programmés, objectifs, estimations. « Réalisé » : constaté (ouvert, inscrit, dépensé, mesuré). Les deux ne sont jamais additionnés ; « Mixte » : plusieurs statuts d'annonce (annoncé, voté, estimé) ensemble.",
        )
        + (" " + here if here else "")
    )
    if any(p.period == AmountPeriod.per_year for p in figures["money"].known_parts):
        sec.notes.append(tr(L, "Montants ponctuels (pour une opération ou une période) et montants par an (« /an ») ne sont jamais additionnés."))
    unknown = [tr(L, "{k} inconnu ({why})", k=k.label.lower(), why=k.empty) for k in key_figures if not k.known]
    n_unknown = int(figures["money"].extra.get("unknown_amounts") or 0)
    if n_unknown:
        unknown.append(
            ntr(
                L,
                "{n} financement au montant inconnu (financeur connu) : non compté.",
                "{n} financements au montant inconnu (financeur connu) : non comptés.",
                n_unknown,
            ).rstrip(".")
        )
    rate = next(k for k in key_figures if k.metric == "positive_exit_rate")
    if rate.known and tr(L, "base inconnue") in rate.notes:
        unknown.append(tr(L, "{k} : base inconnue", k=rate.label.lower()))
    sec.notes.append(
        tr(L, "Valeurs inconnues : écrites « inconnu », « non publié » ou « non calculable », jamais 0.")
        + (" " + tr(L, "Ici : {items}.", items=" ; ".join(unknown)) if unknown else "")
    )
    narrower = [
        f"{k.label.lower()}{_colon(L)}{k.scope_note}" for k in key_figures if k.scope_note and (s := figures[k.metric].scope) is not None and s.narrower
    ]
    if narrower:
        sec.notes.append(tr(L, "Taux et coûts mesurés sur un périmètre plus étroit que la fiche : {items}.", items=" ; ".join(narrower)))
    if coverage:
        sec.notes.append(
            tr(L, "Couverture : {items}. Les sites non nommés par les sources manquent à la carte et aux totaux.", items=" ; ".join(_cap(coverage, L)))
        )
    else:
        sec.notes.append(tr(L, "Aucun objectif de nombre de sites publié pour ce périmètre : couverture non mesurable."))
    if unalloc_text:
        sec.notes.append(
            tr(
                L,
                "Chiffres de programme non répartis par département : {items}. Ils comptent dans les totaux, pas dans la carte par département.",
                items=unalloc_text,
            )
        )
    sec.notes.append(
        tr(L, "Un même chiffre rapporté par plusieurs sources ne compte qu'une fois : le réalisé d'abord, puis la source la plus récente.")
        + " "
        + tr(L, "Les ventilations d'un montant déjà compté et les chiffres alternatifs sont exclus des totaux.")
    )
    sec.small.append(tr(L, "Géographie : {a}", a=tr(L, geo.ATTRIBUTION)))
    return sec
