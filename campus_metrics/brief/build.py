"""Entry points: the brief's content from the query API, then the file in the asked format."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine

from campus_metrics import charts_static as cs
from campus_metrics import formatting as fm
from campus_metrics import queries as q  # before campus_metrics.figures, which needs the queries package loaded
from campus_metrics.brief.content import BriefContent, FigureLine, KeyFigure, Section
from campus_metrics.brief.pdf_writer import _pdf_fonts, render_pdf
from campus_metrics.brief.pptx_writer import render_pptx
from campus_metrics.brief.sections import _budget_section, _caveats, _cohort_section, _outcome_section
from campus_metrics.brief.sections_compare import _compare_section
from campus_metrics.brief.sections_map import _map_section, _sites_section
from campus_metrics.brief.sourcebook import SourceBook
from campus_metrics.brief.textfit import _metric_font
from campus_metrics.brief.values import _na, _style, status_short, status_text
from campus_metrics.brief.words import _colon
from campus_metrics.figures import BY_KEY, Figure, compute_all
from campus_metrics.figures.cards import Card, card
from campus_metrics.figures.cards import cap as _cap
from campus_metrics.figures.catalogue import StatusRule
from campus_metrics.figures.words import w
from campus_metrics.filters import Filters
from campus_metrics.text import ntr, tr

FORMATS = ("pptx", "pdf")
MEDIA_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}
# statuses a line's label does not already say (« annoncé ou voté », « places annoncées », « réalisé »)
BADGE_STATUSES = ("voted", "estimate", "mixed")


def _territory(f: Filters, names: dict, lang: str) -> str:
    if f.departements:
        deps = names["departements"]
        return ", ".join(f"{deps.get(c, c)} ({c})" for c in f.departements)
    if f.regions:
        regs = names["regions"]
        return ", ".join(regs.get(c, c) for c in f.regions)
    return tr(lang, "France entière")


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
    figures = compute_all(engine, f)
    cards = {k: card(fig, L, names) for k, fig in figures.items()}
    coverage = _coverage_items(q.coverage(engine, f), L)
    points = q.site_points(engine, f)
    unalloc_text = _unallocated_items(engine, f, names, L)

    key_figures = [_key_figure(figures[k], cards[k], book, L) for k in figures]
    sections = [
        _map_section(engine, f, names, points, coverage, unalloc_text, no_data, L),
        _sites_section(engine, f, points, book, L),
        _budget_section(engine, f, cards["money"], book, L),
        _cohort_section(engine, f, cards["learners"], book, L),
        _outcome_section(engine, f, figures["positive_exit_rate"], cards["positive_exit_rate"], book, L),
        _compare_section(engine, f, names, compare, compare_level, book, L),
    ]
    # the sources table comes last: every citation above has been numbered by now
    if book.order:
        sections.append(
            Section(
                "sources",
                tr(L, "Sources"),
                lead=tr(L, "Toutes les sources des chiffres de cette fiche (comparaison comprise). Citations exactes : tableau de bord, page « Sources »."),
                table=book.table(),
            )
        )
    else:
        sections.append(Section("sources", tr(L, "Sources"), empty=tr(L, "Aucune donnée sourcée pour ce périmètre : aucune source à citer.")))
    sections.append(_caveats(key_figures, figures, coverage, unalloc_text, L))
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


def _key_figure(fig: Figure, c: Card, book: SourceBook, L: str) -> KeyFigure:
    """The card as the brief shows it: its lines, empty text, scope and notes untouched; the status
    in words beside each line, and the sources numbered into the brief's sources table."""
    by_site = BY_KEY[fig.key].status_rule == StatusRule.site_status
    lines = []
    for line, part in zip(c.lines, fig.known_parts, strict=False):
        if by_site:  # one count of sites, told by open / planned / closed in the card's notes
            status = tr(L, "Selon le site") if line.status == "mixed" else status_text(line.status, L)
            lines.append(FigureLine(line.value, line.label, status, "", "realised", ""))
            continue
        status = status_short(line.status, L)
        badge = status if line.status in BADGE_STATUSES else ""
        group = part.group.value if part.group else ""
        lines.append(FigureLine(line.value, line.label, status, badge, _style(line.status), group))
    return KeyFigure(
        metric=fig.key,
        label=c.title,
        lines=lines,
        empty=c.empty_text,
        scope_note=c.scope_note,
        notes=list(c.notes),
        sources=book.cite(list(c.source_ids)) if c.source_ids else "",
        refs=book.numbers(list(c.source_ids)) if c.source_ids else "",
        known=c.known,
    )


def _coverage_items(cov: pd.DataFrame, L: str) -> list[str]:
    """« 10 site(s) nommé(s) sur 15 — Écoles régionales du numérique (ERN) » per programme with a plan."""
    return [
        ntr(
            L,
            "{named} site nommé sur {planned} — {programme}",
            "{named} sites nommés sur {planned} — {programme}",
            int(r["named"]),
            named=fm.number(r["named"], L),
            planned=fm.number(r["planned"], L),
            programme=r["programme_name"],
        )
        + (tr(L, " (dans ce périmètre)") if r["in_departement"] else "")
        for r in cov.to_dict("records")
    ]


def _unallocated_items(engine: Engine, f: Filters, names: dict, L: str) -> str:
    """Programme-level figures not split by département, one status group at a time (never added)."""
    items = []
    for group in f.groups:
        g = f.for_group(group)
        for r in q.unallocated_totals(engine, g).to_dict("records"):
            where = names["regions"].get(r["code"], r["code"]) if isinstance(r["code"], str) else tr(L, "National (sans territoire)")
            parts = []
            if not _na(r.get("money_min")):
                hi = r.get("money_max")
                parts.append(fm.eur_range(r["money_min"], None if _na(hi) else hi, L))
            if not _na(r.get("learners")):
                parts.append(tr(L, "{n} apprenants", n=fm.number(r["learners"], L)))
            if parts:
                items.append(f"{where}{_colon(L)}{', '.join(parts)} ({w(f'part.{group.value}', L)})")
    return " ; ".join(_cap(items, L))


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


def file_name(f: Filters, fmt: str, names: dict | None = None, lang: str = "fr") -> str:
    """'fiche-territoire_2017_occitanie.pdf' ('territory-brief_…' in English): ASCII, no spaces, safe in a download header."""
    import unicodedata

    parts = [tr(lang, "fiche-territoire"), f.period_text(lang).replace("–", "-")]
    if names and (f.departements or f.regions):
        parts.append(_territory(f, names, lang))
    else:
        parts += list(f.departements or f.regions) or ["france"]
    text = "_".join(parts)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
    while "--" in text:
        text = text.replace("--", "-")
    return f"{text.strip('-_')}.{fmt}"
