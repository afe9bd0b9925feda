"""Entry points: the brief's content from the query API, then the file in the asked format."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine

from campus_metrics import charts_static as cs
from campus_metrics import formatting as fm
from campus_metrics import queries as q
from campus_metrics.brief.content import BriefContent, KeyFigure, Section
from campus_metrics.brief.pdf_writer import _pdf_fonts, render_pdf
from campus_metrics.brief.pptx_writer import render_pptx
from campus_metrics.brief.sections import _budget_section, _caveats, _cohort_section, _compare_section, _outcome_section
from campus_metrics.brief.sections_map import _map_section
from campus_metrics.brief.sourcebook import SourceBook
from campus_metrics.brief.textfit import _metric_font
from campus_metrics.brief.values import _clean, _na, status_text
from campus_metrics.brief.words import _cap, _colon, _t
from campus_metrics.filters import Filters

FORMATS = ("pptx", "pdf")
MEDIA_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


def _territory(f: Filters, names: dict, lang: str) -> str:
    if f.departements:
        deps = names["departements"]
        return ", ".join(f"{deps.get(c, c)} ({c})" for c in f.departements)
    if f.regions:
        regs = names["regions"]
        return ", ".join(regs.get(c, c) for c in f.regions)
    return _t("all_france", lang)


def build_content(
    engine: Engine,
    f: Filters,
    lang: str = "fr",
    compare: tuple[str, ...] = (),
    compare_level: str = "region",
    generated_on: dt.date | None = None,
) -> BriefContent:
    """Everything the brief says, as formatted text, images and tables."""
    L = lang
    names = q.names(engine)
    scope_sources = q.sources_for(engine, f)
    book = SourceBook(engine, list(scope_sources["id"]), L)
    no_data = scope_sources.empty
    kf = q.key_figures(engine, f).set_index("metric")
    cov = q.coverage(engine, f)
    coverage = list(cov["sentence"])
    points = q.site_points(engine, f)
    unalloc = q.unallocated_totals(engine, f)
    unalloc_text = _unallocated_items(unalloc, names, L)

    key_figures = _key_figures(engine, f, kf, points, book, L)
    sections = [
        _map_section(engine, f, names, points, coverage, unalloc_text, no_data, L),
        _budget_section(engine, f, kf, book, L),
        _cohort_section(engine, f, kf, book, L),
        _outcome_section(engine, f, book, L),
        _compare_section(engine, f, names, compare, compare_level, book, L),
    ]
    # the sources table comes last: every citation above has been numbered by now
    if book.order:
        sections.append(Section("sources", _t("sources_title", L), lead=_t("s_lead", L), table=book.table()))
    else:
        sections.append(Section("sources", _t("sources_title", L), empty=_t("s_none", L)))
    sections.append(_caveats(key_figures, kf, coverage, unalloc_text, L))
    return BriefContent(
        lang=L,
        territory=_territory(f, names, L),
        sentence=f.sentence(names, L),
        period=f.period_text(L),
        generated=fm.date(generated_on or dt.date.today(), "day", L),
        synthetic=book.synthetic(),
        no_data=no_data,
        key_figures=key_figures,
        coverage=coverage,
        sections=sections,
    )


def _unallocated_items(unalloc: pd.DataFrame, names: dict, L: str) -> str:
    items = []
    for r in unalloc.to_dict("records"):
        where = names["regions"].get(r["code"], r["code"]) if isinstance(r["code"], str) else _t("national", L)
        parts = []
        if not _na(r.get("money_min")):
            parts.append(fm.eur_range(_clean(r["money_min"]), _clean(r.get("money_max")), L))
        if not _na(r.get("learners")):
            parts.append(_t("learners_n", L, n=fm.number(r["learners"], L)))
        if parts:
            items.append(f"{where}{_colon(L)}{', '.join(parts)}")
    return " ; ".join(_cap(items, L))


_SITE_WORDS = {"open": ("ouvert", "ouverts", "open"), "planned": ("prévu", "prévus", "planned"), "closed": ("fermé", "fermés", "closed")}


def _site_status_word(code: str, n: int, L: str) -> str:
    one, many, en = _SITE_WORDS.get(code, (code, code, code))
    return en if L == "en" else (one if n == 1 else many)


def _key_figures(engine: Engine, f: Filters, kf: pd.DataFrame, points: pd.DataFrame, book: SourceBook, L: str) -> list[KeyFigure]:
    summary = q.outcome_summary(engine, f)
    rates = summary[summary["indicator"] == "positive_exit_rate"]
    rate_base_unknown = bool((rates["with_base"] < rates["measures"]).any())
    out = []
    for metric in ("sites", "learners", "money", "cost_per_learner", "positive_exit_rate"):
        r = kf.loc[metric]
        v, v_max = _clean(r["value"]), _clean(r["value_max"])
        if metric == "sites":
            v = int(v or 0)
        value = fm.value(v, r["unit"], L, v_max)
        detail: list[str] = []
        if metric == "sites":
            counts = points["site_status"].value_counts() if not points.empty else pd.Series(dtype=int)
            by_status = ", ".join(f"{fm.number(n, L)} {_site_status_word(s, n, L)}" for s, n in counts.items())
            detail.append(_t("site_named", L) + (f"{_colon(L)}{by_status}" if by_status else ""))
        elif metric == "money":
            if r["detail"]:
                detail.append(str(r["detail"]))
            if not _na(r.get("shortfall")):
                detail.append(_t("shortfall_line", L, v=fm.eur(r["shortfall"], L)))
        elif metric == "cost_per_learner":
            # one method (or reason) per scope and year: a national view can list thousands
            parts = [p.strip() for p in str(r["detail"] or "").replace(" ; ", "; ").split("; ") if p.strip()]
            if v is None and parts:
                detail.append(_t("not_computable", L, r=" ; ".join(_cap(parts, L))))
            elif parts:
                detail.append(" ; ".join(_cap(parts, L)))
        elif metric == "positive_exit_rate":
            if r["detail"]:
                detail.append(str(r["detail"]))
            if v is not None and rate_base_unknown:
                detail.append(_t("base_unknown", L))
        elif r["detail"]:
            detail.append(str(r["detail"]))
        known = v is not None
        out.append(
            KeyFigure(
                metric=metric,
                label=_t(f"kf_{metric}", L),
                value=value,
                status=status_text(r["status"], L) if known else "",
                detail=" ; ".join(detail),
                sources=book.cite(r["source_ids"]) if q.source_id_list(r["source_ids"]) else "",
                known=known,
            )
        )
    return out


def build_brief(
    engine: Engine,
    f: Filters,
    fmt: str,
    lang: str = "fr",
    compare: tuple[str, ...] = (),
    compare_level: str = "region",
    *,
    generated_on: dt.date | None = None,
) -> bytes:
    """The fiche territoire for these filters: 'pptx' (16:9, editable) or 'pdf' (A4 portrait)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    if compare_level not in ("region", "departement"):
        raise ValueError(f"compare_level must be 'region' or 'departement', not {compare_level!r}")
    content = build_content(engine, f, lang, tuple(compare or ()), compare_level, generated_on)
    return render_pptx(content) if fmt == "pptx" else render_pdf(content)


def warm_up() -> None:
    """Pay the one-off costs (Vega engine start, projected outlines, PDF font) before the first
    brief, e.g. once per server process: about 1 s that the first click would otherwise wait."""
    cs.render_png({"mark": "point", "data": {"values": [{"x": 0}]}, "encoding": {"x": {"field": "x", "type": "quantitative"}}}, scale=1)
    cs.warm_outlines()
    _pdf_fonts()
    _metric_font(False), _metric_font(True)


def file_name(f: Filters, fmt: str, names: dict | None = None) -> str:
    """'fiche-territoire_2017_occitanie.pdf': ASCII, no spaces, safe in a download header."""
    import unicodedata

    parts = ["fiche-territoire", f.period_text("fr").replace("–", "-")]
    if names and (f.departements or f.regions):
        parts.append(_territory(f, names, "fr"))
    else:
        parts += list(f.departements or f.regions) or ["france"]
    text = "_".join(parts)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
    while "--" in text:
        text = text.replace("--", "-")
    return f"{text.strip('-_')}.{fmt}"
