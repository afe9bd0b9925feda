"""The brief as a 16:9 PowerPoint deck (python-pptx), laid out with measured text heights."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from campus_metrics.brief.content import BriefContent, KeyFigure, Section, Table
from campus_metrics.brief.textfit import _lines, _runs_h, _text_h
from campus_metrics.brief.values import _shorten
from campus_metrics.brief.words import _colon
from campus_metrics.charts_static import ACCENT, BLUES, INK, MUTED, NO_DATA
from campus_metrics.figures.cards import cap as _cap
from campus_metrics.text import tr

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
MARGIN = 0.55
CONTENT_TOP = 1.3
FOOTER_H = 0.45
PPTX_FONT = "Arial"
BAND = "#EEF3F8"
BODY = 18
NOTE = 14  # footnotes of tables and the details of key figures
SMALL = 12  # sources, attribution
CARD_COLS = 3  # key-figure cards per row
CARD_GAP = 0.15
CARD_PAD = 0.14
CARD_TITLE = 16
CARD_VALUE = 24
CARD_LABEL = 14
CARD_EMPTY = 20  # « non calculable »
VALUE_COLOUR = {"realised": ACCENT, "mixed": BLUES[3], "announced": BLUES[3]}


@dataclass
class Para:
    """A paragraph of several runs, each (text, size, bold, colour), with its space after in points."""

    runs: list[tuple[str, float, bool, str]]
    space: float


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#"))


class _Deck:
    def __init__(self, content: BriefContent):
        from pptx import Presentation
        from pptx.util import Inches

        self.c = content
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
        self.blank = self.prs.slide_layouts[6]
        self.slides = []

    # primitives
    def text(self, slide, x, y, w, h, paragraphs, *, anchor="top", wrap=True):
        """paragraphs: [(text, size, bold, colour) or Para]; returns the shape."""
        from pptx.enum.lang import MSO_LANGUAGE_ID
        from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        tf = box.text_frame
        tf.word_wrap = wrap
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}[anchor]
        tf.margin_left = tf.margin_right = Inches(0.02)
        tf.margin_top = tf.margin_bottom = Inches(0.02)
        for i, para in enumerate(paragraphs):
            if not isinstance(para, Para):
                para = Para([para], para[1] * 0.35)
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.space_after = Pt(para.space)
            for text, size, bold, colour in para.runs:
                run = p.add_run()
                run.text = text
                run.font.size = Pt(size)
                run.font.bold = bold
                run.font.name = PPTX_FONT
                run.font.color.rgb = _rgb(colour)
                run.font.language_id = MSO_LANGUAGE_ID.FRENCH if self.c.lang == "fr" else MSO_LANGUAGE_ID.ENGLISH_UK
        return box

    def rect(self, slide, x, y, w, h, colour):
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.util import Inches

        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colour)
        shape.line.fill.background()
        style = shape._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}style")
        if style is not None:  # the default shape style brings a theme shadow and outline
            shape._element.remove(style)
        return shape

    def new_slide(self, title: str | None):
        slide = self.prs.slides.add_slide(self.blank)
        self.slides.append(slide)
        if title:
            self.text(slide, MARGIN, 0.35, SLIDE_W - 2 * MARGIN, 0.7, [(title, 30, True, INK)], anchor="bottom")
            self.rect(slide, MARGIN, 1.1, 0.9, 0.06, ACCENT)
        return slide

    def footers(self):
        total = len(self.slides)
        c = self.c
        width = SLIDE_W - 2 * MARGIN - 1.2
        sentence = c.sentence
        while True:  # one line: a long filter sentence (programme names) is cut, the date stays
            left = f"{tr(c.lang, 'Fiche territoire')} · {sentence} · {tr(c.lang, 'générée le {d}', d=c.generated)}"
            if _lines(left, width, SMALL) <= 1 or len(sentence) < 20:
                break
            sentence = _shorten(sentence, len(sentence) - 8)
        for i, slide in enumerate(self.slides, start=1):
            if i == 1:
                continue
            y = SLIDE_H - FOOTER_H
            self.text(slide, MARGIN, y, width, 0.3, [(left, SMALL, False, MUTED)])
            box = self.text(slide, SLIDE_W - MARGIN - 1.1, y, 1.1, 0.3, [(f"{i} / {total}", SMALL, False, MUTED)])
            from pptx.enum.text import PP_ALIGN

            box.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT

    def table(self, slide, x, y, w, tbl: Table, rows: list[list[str]], size: float = BODY) -> float:
        """A native table; returns its estimated height in inches."""
        from pptx.enum.lang import MSO_LANGUAGE_ID
        from pptx.enum.text import MSO_ANCHOR
        from pptx.util import Inches, Pt

        widths = _col_widths(tbl, w)
        heights = [_row_h(tbl.columns, widths, size, header=True)] + [_row_h(r, widths, size, tbl.first_col_bold) for r in rows]
        shape = slide.shapes.add_table(len(rows) + 1, len(tbl.columns), Inches(x), Inches(y), Inches(w), Inches(sum(heights)))
        table = shape.table
        table.first_row = True
        table.horz_banding = False
        for j, cw in enumerate(widths):
            table.columns[j].width = Inches(cw)
        for i in range(len(heights)):
            # a minimum: PowerPoint and LibreOffice grow a row to fit its text
            table.rows[i].height = Inches(size * 1.2 / 72 + 0.12)
        for i, values in enumerate([tbl.columns, *rows]):
            for j, value in enumerate(values):
                cell = table.cell(i, j)
                cell.margin_left = cell.margin_right = Inches(0.08)
                cell.margin_top = cell.margin_bottom = Inches(0.05)
                cell.vertical_anchor = MSO_ANCHOR.TOP
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(ACCENT if i == 0 else ("#FFFFFF" if i % 2 else BAND))
                tf = cell.text_frame
                tf.word_wrap = True
                for k, line in enumerate(str(value).split("\n")):
                    p = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
                    run = p.add_run()
                    run.text = line
                    run.font.name = PPTX_FONT
                    run.font.size = Pt(size)
                    run.font.bold = i == 0 or (tbl.first_col_bold and j == 0 and k == 0)
                    run.font.color.rgb = _rgb("#FFFFFF" if i == 0 else INK)
                    run.font.language_id = MSO_LANGUAGE_ID.FRENCH if self.c.lang == "fr" else MSO_LANGUAGE_ID.ENGLISH_UK
        return sum(heights)

    def picture(self, slide, png: bytes, x, y, max_w, max_h, size_pt: tuple[float, float]):
        from pptx.util import Inches

        w, h = size_pt[0] / 72, size_pt[1] / 72
        k = min(1.0, max_w / w, max_h / h)
        return slide.shapes.add_picture(io.BytesIO(png), Inches(x), Inches(y), Inches(w * k), Inches(h * k))

    def notes_h(self, notes: Sequence[str], width: float, size: float) -> float:
        return sum(_text_h("• " + n, width, size) + size * 0.35 / 72 for n in notes)


def _col_widths(tbl: Table, total: float) -> list[float]:
    s = sum(tbl.widths)
    return [total * w / s for w in tbl.widths]


def _row_h(values: Sequence[str], widths: Sequence[float], size: float, first_bold: bool = False, header: bool = False) -> float:
    """Height of a table row: its tallest cell (margins 0.08 in each side, 0.05 in top and bottom)."""
    return max(_text_h(v, w - 0.16, size, bold=header or (first_bold and j == 0)) for j, (v, w) in enumerate(zip(values, widths, strict=True))) + 0.11


def _paginate(tbl: Table, width: float, avail: float, size: float, tail: float = 0.0) -> list[list[list[str]]]:
    """Rows per slide; the last slide keeps `tail` inches free (footnotes) and never holds a lone row
    when the one before can spare some."""
    widths = _col_widths(tbl, width)
    head = _row_h(tbl.columns, widths, size, header=True)
    heights = [_row_h(r, widths, size, tbl.first_col_bold) for r in tbl.rows]
    pages: list[list[int]] = [[]]
    used = head
    for i, h in enumerate(heights):
        if pages[-1] and used + h > avail:
            pages.append([])
            used = head
        pages[-1].append(i)
        used += h
    if len(pages[-1]) and head + sum(heights[i] for i in pages[-1]) + tail > avail:
        moved: list[int] = []
        while pages[-1] and head + sum(heights[i] for i in pages[-1]) + tail > avail:
            moved.insert(0, pages[-1].pop())
        pages.append(moved)
        pages = [p for p in pages if p]
    if len(pages) > 1 and len(pages[-1]) == 1 and len(pages[-2]) > 2:
        pages[-1].insert(0, pages[-2].pop())
    return [[tbl.rows[i] for i in p] for p in pages]


def render_pptx(content: BriefContent) -> bytes:
    d = _Deck(content)
    c, L = content, content.lang
    full_w = SLIDE_W - 2 * MARGIN
    bottom = SLIDE_H - FOOTER_H - 0.1

    # 1. title
    s = d.new_slide(None)
    d.rect(s, 0, 0, 0.28, SLIDE_H, ACCENT)
    paras = [(tr(L, "Fiche territoire").upper(), 20, True, ACCENT), (c.territory, 40, True, INK), (c.sentence, 24, False, INK)]
    d.text(s, 1.0, 1.2, SLIDE_W - 2.0, 3.2, paras)
    info = [(f"{tr(L, 'Période')}{_colon(L)}{c.period}", BODY, False, INK), (tr(L, "Générée le {d}", d=c.generated), BODY, False, INK)]
    if c.no_data:
        info.append((tr(L, "Aucune donnée sourcée pour ce périmètre."), 22, True, ACCENT))
    if c.synthetic:
        info.append((tr(L, "DONNÉES SYNTHÉTIQUES — ne pas diffuser comme des chiffres réels."), 22, True, ACCENT))
    d.text(s, 1.0, 4.3, SLIDE_W - 2.0, 1.6, info)
    d.text(
        s,
        1.0,
        6.2,
        SLIDE_W - 2.0,
        0.8,
        [
            (
                tr(L, "Chaque chiffre est sourcé, daté et qualifié : annoncé ou réalisé, jamais additionnés. Une valeur manquante n'est jamais écrite 0."),
                BODY,
                False,
                MUTED,
            )
        ],
    )

    # 2. key figures: the catalogue's cards, three per row
    s = d.new_slide(tr(L, "Chiffres clés"))
    y = CONTENT_TOP
    cov_text = (
        (f"{tr(L, 'Couverture des données')}{_colon(L)}" + " ; ".join(_cap(c.coverage, L, 1)))
        if c.coverage
        else tr(L, "Aucun objectif de nombre de sites publié pour ce périmètre : couverture non mesurable.")
    )
    if c.no_data:
        cov_text = tr(L, "Aucune donnée sourcée pour ce périmètre.")
    cov_h = _text_h(cov_text, full_w, BODY) + 0.1
    _key_figure_cards(d, s, c.key_figures, y, bottom - cov_h - 0.15, full_w)
    d.text(s, MARGIN, bottom - cov_h, full_w, cov_h, [(cov_text, BODY, c.no_data, ACCENT if c.no_data else INK)])

    # 3–9. sections
    for sec in c.sections:
        _pptx_section(d, sec, full_w, bottom)
    d.footers()
    d.prs.core_properties.title = f"{tr(L, 'Fiche territoire')} — {c.territory}"
    d.prs.core_properties.subject = c.sentence
    d.prs.core_properties.author = "campus_metrics"
    d.prs.core_properties.language = "fr-FR" if L == "fr" else "en-GB"
    out = io.BytesIO()
    d.prs.save(out)
    return out.getvalue()


def _card_paras(k: KeyFigure, notes: list[str], size: float) -> list[Para]:
    """A card top to bottom: title, one line per value (value, then what it counts), scope, notes, sources.
    The words are the card's (`figures.cards`); only the status badge is added where the label lacks it."""
    paras = [Para([(k.label, CARD_TITLE, False, MUTED)], 3)]
    for line in k.lines:
        runs = [(line.value, CARD_VALUE, True, VALUE_COLOUR.get(line.style, ACCENT))]
        words = " · ".join(t for t in (line.label, line.badge) if t)
        if words:
            runs.append((" " + words, CARD_LABEL, False, INK))
        paras.append(Para(runs, 2))
    if not k.lines:
        paras.append(Para([(k.empty, CARD_EMPTY, True, MUTED)], 2))
    paras[-1].space = 6
    if k.scope_note:
        paras.append(Para([(k.scope_note, size, True, INK)], size * 0.3))
    paras += [Para([("• " + n, size, False, INK)], size * 0.3) for n in notes]
    if k.refs:
        paras.append(Para([(k.refs, SMALL, False, MUTED)], 0))
    return paras


def _paras_h(paras: list[Para], width: float) -> float:
    return sum(_runs_h([(t, size, bold) for t, size, bold, _ in p.runs], width) + p.space / 72 for p in paras)


def _key_figure_cards(d: _Deck, slide, figures: list[KeyFigure], top: float, limit: float, full_w: float) -> None:
    """The key figures as cards, read row by row (catalogue order), stacked in columns: each card as
    tall as it needs, each column filling the height. Notes go down to 12 pt, then the longest are
    cut (« … ») — the PDF, which flows, keeps them whole. Values, scopes and sources are never cut."""
    card_w = (full_w - CARD_GAP * (CARD_COLS - 1)) / CARD_COLS
    inner = card_w - 2 * CARD_PAD - 0.08  # the coloured edge on the left
    columns = [list(range(c, len(figures), CARD_COLS)) for c in range(CARD_COLS)]
    notes = [list(k.notes) for k in figures]

    def need(i: int, size: float) -> float:
        return _paras_h(_card_paras(figures[i], notes[i], size), inner) + 2 * 0.08

    def heights(size: float) -> list[float]:
        return [sum(need(i, size) for i in col) + CARD_GAP * (len(col) - 1) for col in columns]

    avail = limit - top
    for size in (NOTE, 13, SMALL):
        if max(heights(size)) <= avail:
            break
    while max(h := heights(size)) > avail:
        col = columns[max(range(len(columns)), key=lambda c: h[c])]
        cands = [(i, j) for i in col for j in range(len(notes[i]))]
        if not cands:
            break
        i, j = max(cands, key=lambda ij: len(notes[ij[0]][ij[1]]))
        if len(notes[i][j]) < 40:  # nothing long left: the last note of that card goes
            i = max(col, key=lambda i_: len(notes[i_]))
            notes[i] = notes[i][:-1]
            if notes[i] and not notes[i][-1].endswith("…"):
                notes[i][-1] = notes[i][-1].rstrip(" .;") + " …"
        else:
            notes[i][j] = _shorten(notes[i][j], int(len(notes[i][j]) * 0.85))
    for c, col in enumerate(columns):
        needs = [need(i, size) for i in col]
        extra = max(0.0, avail - sum(needs) - CARD_GAP * (len(col) - 1)) / len(col)
        x, y = MARGIN + c * (card_w + CARD_GAP), top
        for i, h in zip(col, needs, strict=True):
            k = figures[i]
            d.rect(slide, x, y, card_w, h + extra, BAND)
            d.rect(slide, x, y, 0.08, h + extra, ACCENT if k.known else NO_DATA)
            d.text(slide, x + 0.08 + CARD_PAD, y + 0.08, inner, h + extra - 0.16, _card_paras(k, notes[i], size))
            y += h + extra + CARD_GAP


def _pptx_section(d: _Deck, sec: Section, full_w: float, bottom: float) -> None:
    L = d.c.lang
    s = d.new_slide(sec.title)
    y = CONTENT_TOP
    small_h = sum(_text_h(t, full_w, SMALL) for t in sec.small) + (0.05 if sec.small else 0)
    limit = bottom - small_h

    def smalls(slide):
        if sec.small:
            d.text(slide, MARGIN, limit, full_w, small_h, [(t, SMALL, False, MUTED) for t in sec.small])

    if sec.lead and sec.table is None:
        h = _text_h(sec.lead, full_w, BODY) + 0.05
        d.text(s, MARGIN, y, full_w, h, [(sec.lead, BODY, False, MUTED)])
        y += h + 0.05
    if sec.empty:
        d.text(s, MARGIN, y + 0.1, full_w, 0.6, [(sec.empty, 24, True, ACCENT)])
        y += 0.8
    if sec.image is not None:
        img_w = 8.3 if sec.notes else full_w
        pic = d.picture(s, sec.image, MARGIN, y, img_w, limit - y - 0.05, sec.image_pt)
        if sec.notes:
            nx = MARGIN + pic.width / 914400 + 0.3
            nw = SLIDE_W - MARGIN - nx
            notes, size = list(sec.notes), BODY
            while size > NOTE and d.notes_h(notes, nw, size) > limit - y:
                size -= 1
            while d.notes_h(notes, nw, size) > limit - y:  # still too long: cut the longest note
                i = max(range(len(notes)), key=lambda j: len(notes[j]))
                if len(notes[i]) < 60:
                    break
                notes[i] = _shorten(notes[i], int(len(notes[i]) * 0.85))
            no_data = tr(L, "Aucune donnée sourcée pour ce périmètre.")
            d.text(s, nx, y, nw, limit - y, [("• " + n, size, n == no_data, ACCENT if n == no_data else INK) for n in notes])
        smalls(s)
        return
    if sec.table is not None:
        # the lead and notes of a table are its footnotes, in small type under the last part
        foot = ([sec.lead] if sec.lead else []) + sec.notes
        # footnotes go down to 12 pt when that keeps the table on one slide
        for foot_size in (NOTE, SMALL):
            foot_h = d.notes_h(foot, full_w, foot_size) + 0.1 if foot else 0.0
            pages = _paginate(sec.table, full_w, limit - y - 0.1, BODY, tail=foot_h)
            if len(pages) == 1:
                break
        for i, rows in enumerate(pages):
            if i:
                smalls(s)
                s = d.new_slide(f"{sec.title} {tr(L, '(suite)')}")
                y = CONTENT_TOP
            h = d.table(s, MARGIN, y, full_w, sec.table, rows)
        if foot:
            top = min(y + h + 0.2, limit - foot_h)
            d.text(s, MARGIN, top, full_w, limit - top, [("• " + n, foot_size, False, INK) for n in foot])
        smalls(s)
        return
    # notes only (précautions de lecture): down to 14 pt to stay on one slide, else continued at 18 pt
    size = next((z for z in (BODY, 16, NOTE) if y + d.notes_h(sec.notes, full_w, z) <= limit), BODY)
    chunk: list[str] = []
    used = 0.0
    for n in sec.notes:
        h = _text_h("• " + n, full_w, size) + size * 0.35 / 72
        if chunk and y + used + h > limit:
            d.text(s, MARGIN, y, full_w, limit - y, [("• " + t, size, False, INK) for t in chunk])
            s = d.new_slide(f"{sec.title} {tr(L, '(suite)')}")
            y, chunk, used = CONTENT_TOP, [], 0.0
        chunk.append(n)
        used += h
    if chunk:
        d.text(s, MARGIN, y, full_w, limit - y, [("• " + t, size, False, INK) for t in chunk])
    smalls(s)
