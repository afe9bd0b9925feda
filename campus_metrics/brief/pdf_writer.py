"""The brief as an A4 PDF (reportlab): the same content flowing over pages, with page numbers."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from campus_metrics.brief.content import BriefContent, Table
from campus_metrics.brief.pptx_writer import BAND  # the deck's band colour for alternate rows
from campus_metrics.brief.values import _shorten
from campus_metrics.brief.words import _colon
from campus_metrics.charts_static import ACCENT, INK, MUTED
from campus_metrics.figures.cards import cap as _cap
from campus_metrics.text import tr

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _pdf_fonts() -> tuple[str, str, bool]:
    """(regular, bold, has narrow no-break space): DejaVu Sans when installed, else Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        if "BriefSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("BriefSans", str(regular)))
            pdfmetrics.registerFont(TTFont("BriefSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily("BriefSans", normal="BriefSans", bold="BriefSans-Bold", italic="BriefSans", boldItalic="BriefSans-Bold")
        face = pdfmetrics.getFont("BriefSans").face
        return "BriefSans", "BriefSans-Bold", 0x202F in face.charToGlyph
    return "Helvetica", "Helvetica-Bold", False


def render_pdf(content: BriefContent) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import CondPageBreak, Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    c, L = content, content.lang
    regular, bold, nnbsp = _pdf_fonts()
    helvetica = regular == "Helvetica"

    def clean(text: str) -> str:
        text = str(text)
        if not nnbsp:
            text = text.replace("\u202f", "\u00a0")
        if helvetica:
            text = text.encode("cp1252", "replace").decode("cp1252")
        return text

    def para_text(text: str) -> str:
        return escape(clean(text)).replace("\n", "<br/>")

    accent, ink, muted, band = (colors.HexColor(x) for x in (ACCENT, INK, MUTED, BAND))
    st = {
        "kicker": ParagraphStyle("kicker", fontName=bold, fontSize=11, leading=14, textColor=accent, spaceAfter=4),
        "title": ParagraphStyle("title", fontName=bold, fontSize=24, leading=29, textColor=ink, spaceAfter=6),
        "sentence": ParagraphStyle("sentence", fontName=regular, fontSize=13, leading=17, textColor=ink, spaceAfter=4),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=15, leading=19, textColor=ink, spaceBefore=6, spaceAfter=6),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14, textColor=ink, spaceAfter=4, alignment=TA_LEFT),
        "lead": ParagraphStyle("lead", fontName=regular, fontSize=10.5, leading=14, textColor=muted, spaceAfter=6),
        "bullet": ParagraphStyle("bullet", fontName=regular, fontSize=10.5, leading=14, textColor=ink, leftIndent=10, bulletIndent=0, spaceAfter=3),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8.5, leading=11, textColor=muted, spaceAfter=2),
        "alert": ParagraphStyle("alert", fontName=bold, fontSize=13, leading=17, textColor=accent, spaceBefore=4, spaceAfter=6),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=9.5, leading=12, textColor=ink),
        "cell_b": ParagraphStyle("cell_b", fontName=bold, fontSize=9.5, leading=12, textColor=ink),
        "head": ParagraphStyle("head", fontName=bold, fontSize=9.5, leading=12, textColor=colors.white),
        "value": ParagraphStyle("value", fontName=bold, fontSize=14, leading=15, textColor=accent),
        "value_unknown": ParagraphStyle("value_unknown", fontName=bold, fontSize=11, leading=15, textColor=muted),
        "detail_small": ParagraphStyle("detail_small", fontName=regular, fontSize=8.5, leading=11, textColor=muted, spaceBefore=2),
        "value_label": ParagraphStyle("value_label", fontName=regular, fontSize=8.5, leading=10, textColor=ink, spaceAfter=3),
        "kf_note": ParagraphStyle("kf_note", fontName=regular, fontSize=9, leading=11.5, textColor=ink, leftIndent=7, bulletIndent=0),
        "kf_scope": ParagraphStyle("kf_scope", fontName=bold, fontSize=9, leading=11.5, textColor=ink),
    }
    page_w, page_h = A4
    margin = 18 * mm
    frame_w = page_w - 2 * margin

    def P(text: str, style: str) -> Paragraph:
        return Paragraph(para_text(text), st[style])

    def cell(text: str, style: str = "cell", width: float | None = None) -> Paragraph:
        """A table cell; a compound word wider than the column breaks after a hyphen, not mid-syllable."""
        if not width:
            return Paragraph(para_text(text), st[style])
        s = st[style]
        avail = width - 8  # cell padding
        lines = []
        for raw in clean(text).split("\n"):
            words = []
            for word in escape(raw).split(" "):
                if "-" in word and pdfmetrics.stringWidth(word, s.fontName, s.fontSize) > avail:
                    parts, line = [], ""
                    for piece in word.split("-"):
                        trial = f"{line}-{piece}" if line else piece
                        if line and pdfmetrics.stringWidth(trial + "-", s.fontName, s.fontSize) > avail:
                            parts.append(line + "-")
                            line = piece
                        else:
                            line = trial
                    word = "<br/>".join(parts + [line])
                words.append(word)
            lines.append(" ".join(words))
        return Paragraph("<br/>".join(lines), st[style])

    def table(tbl: Table) -> RLTable:
        s = sum(tbl.widths)
        widths = [frame_w * w / s for w in tbl.widths]
        data = [[cell(h, "head", widths[j]) for j, h in enumerate(tbl.columns)]]
        for r in tbl.rows:
            data.append([cell(v, "cell_b" if (tbl.first_col_bold and j == 0) else "cell", widths[j]) for j, v in enumerate(r)])
        t = RLTable(data, colWidths=widths, repeatRows=1)
        style = [
            ("BACKGROUND", (0, 0), (-1, 0), accent),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#C8D3DF")),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
        style += [("BACKGROUND", (0, i), (-1, i), band) for i in range(2, len(data), 2)]
        t.setStyle(TableStyle(style))
        return t

    def image(png: bytes, size_pt: tuple[float, float], max_w: float, max_h: float) -> Image:
        w, h = size_pt
        k = min(1.0, max_w / w, max_h / h)
        return Image(io.BytesIO(png), width=w * k, height=h * k, hAlign="LEFT")

    story: list = []
    # title and key figures
    story += [P(tr(L, "Fiche territoire").upper(), "kicker"), P(c.territory, "title"), P(c.sentence, "sentence")]
    story += [P(f"{tr(L, 'Période')}{_colon(L)}{c.period} · {tr(L, 'Générée le {d}', d=c.generated)}", "body")]
    if c.no_data:
        story.append(P(tr(L, "Aucune donnée sourcée pour ce périmètre."), "alert"))
    if c.synthetic:
        story.append(P(tr(L, "DONNÉES SYNTHÉTIQUES — ne pas diffuser comme des chiffres réels."), "alert"))
    story += [
        P(tr(L, "Chaque chiffre est sourcé, daté et qualifié : annoncé ou réalisé, jamais additionnés. Une valeur manquante n'est jamais écrite 0."), "lead"),
        Spacer(1, 4 * mm),
        P(tr(L, "Chiffres clés"), "h2"),
    ]
    # one row per line of a card (a status group, a period): its value and status side by side;
    # the card's title and its scope, notes and sources span the card's rows
    rows = [[cell(tr(L, "Indicateur"), "head"), cell(tr(L, "Valeur"), "head"), cell(tr(L, "Statut"), "head"), cell(tr(L, "Précisions et sources"), "head")]]
    kf_style = [
        ("BACKGROUND", (0, 0), (-1, 0), accent),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.4, colors.HexColor("#C8D3DF")),
    ]
    for n, k in enumerate(c.key_figures):
        first = len(rows)
        detail = []
        if k.scope_note:
            detail.append(Paragraph(para_text(k.scope_note), st["kf_scope"]))
        detail += [Paragraph(para_text(note), st["kf_note"], bulletText="•") for note in k.notes]
        if k.sources:
            detail.append(Paragraph(para_text(k.sources), st["detail_small"]))
        lines = [(line.value, line.label, line.status, True) for line in k.lines] or [(k.empty, "", "", False)]
        for i, (value, what, status, known) in enumerate(lines):
            # the value, then what it counts in small type
            value_cell = [Paragraph(para_text(value), st["value" if known else "value_unknown"])]
            if what:
                value_cell.append(Paragraph(para_text(what), st["value_label"]))
            rows.append(
                [
                    cell(k.label, "cell_b") if i == 0 else "",
                    value_cell,
                    cell(status or "—"),
                    (detail or cell("")) if i == 0 else "",
                ]
            )
        last = len(rows) - 1
        if last > first:
            kf_style += [("SPAN", (0, first), (0, last)), ("SPAN", (3, first), (3, last))]
        kf_style.append(("LINEBELOW", (0, last), (-1, last), 0.4, colors.HexColor("#C8D3DF")))
        if n % 2:
            kf_style.append(("BACKGROUND", (0, first), (-1, last), band))
    kt = RLTable(rows, colWidths=[frame_w * w for w in (0.18, 0.23, 0.14, 0.45)], repeatRows=1)
    kt.setStyle(TableStyle(kf_style))
    story += [kt, Spacer(1, 3 * mm)]
    if c.no_data:
        story.append(P(tr(L, "Aucune donnée sourcée pour ce périmètre."), "alert"))
    else:
        story.append(
            P(
                (f"{tr(L, 'Couverture des données')}{_colon(L)}" + " ; ".join(_cap(c.coverage, L)))
                if c.coverage
                else tr(L, "Aucun objectif de nombre de sites publié pour ce périmètre : couverture non mesurable."),
                "body",
            )
        )

    for sec in c.sections:
        block: list = [P(sec.title, "h2")]
        if sec.lead:
            block.append(P(sec.lead, "lead"))
        if sec.empty:
            block.append(P(sec.empty, "alert"))
        if sec.image is not None:
            big = sec.key == "map"
            # a chart as wide as before; two stacked bar sets (budgets) may take more height than one
            block.append(image(sec.image, sec.image_pt, frame_w if big else 130 * mm, 120 * mm if big else 95 * mm))
            block.append(Spacer(1, 2 * mm))
        if sec.table is not None:
            block.append(table(sec.table))
            block.append(Spacer(1, 2 * mm))
        for n in sec.notes:
            style = "alert" if n == tr(L, "Aucune donnée sourcée pour ce périmètre.") else "bullet"
            block.append(Paragraph(para_text(n), st[style], bulletText="•" if style == "bullet" else None))
        for t in sec.small:
            block.append(P(t, "small"))
        block.append(Spacer(1, 3 * mm))
        # the map opens page 2 and the sources the annex; the other sections follow on when they fit.
        # KeepTogether moves a section to the next page rather than splitting it (unless it is longer than a page)
        story.append(PageBreak() if sec.key in ("map", "sources") else CondPageBreak(40 * mm))
        story.append(KeepTogether(block))

    sentence = c.sentence
    while True:  # one line: a long filter sentence is cut, the date stays
        footer_left = clean(f"{tr(L, 'Fiche territoire')} · {sentence} · {tr(L, 'générée le {d}', d=c.generated)}")
        if pdfmetrics.stringWidth(footer_left, regular, 8) <= frame_w - 15 * mm or len(sentence) < 20:
            break
        sentence = _shorten(sentence, len(sentence) - 6)

    class NumberedCanvas(rl_canvas.Canvas):
        """'page n / N' needs the page count: pages are kept and drawn at save time."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(regular, 8)
                self.setFillColor(muted)
                self.drawString(margin, 10 * mm, footer_left)
                self.drawRightString(page_w - margin, 10 * mm, f"{self._pageNumber} / {total}")
                self.setStrokeColor(accent)
                self.setLineWidth(1.2)
                self.line(margin, page_h - 12 * mm, margin + 25 * mm, page_h - 12 * mm)
                super().showPage()
            super().save()

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=17 * mm,
        bottomMargin=17 * mm,
        title=clean(f"{tr(L, 'Fiche territoire')} — {c.territory}"),
        subject=clean(c.sentence),
        author="campus_metrics",
        lang="fr-FR" if L == "fr" else "en-GB",
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    return out.getvalue()
