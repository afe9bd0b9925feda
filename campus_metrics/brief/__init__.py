"""Fiche territoire: the current filters as a PowerPoint deck (16:9) or an A4 PDF.

Both formats are drawn from one `BriefContent`, built once from the query API and written
only with `campus_metrics.formatting`, so the deck, the PDF and the dashboard show the same
figures. The key figures are the catalogue's cards (`campus_metrics.figures.cards`), word for
word. Realised and announced figures, one-off and per-year amounts are never added: each keeps
its own line, bar or row. Domain layer: no Streamlit here; the dashboard calls `build_brief`.

Order: title · key figures · map · budgets · cohorts · outcomes · comparison · sources ·
précautions de lecture. A table too long for one slide continues on the next (« suite »).
"""

from campus_metrics.brief.build import FORMATS, MEDIA_TYPES, build_brief, build_content, file_name, warm_up
from campus_metrics.brief.content import BriefContent, FigureLine, KeyFigure, Section, Table
from campus_metrics.brief.pdf_writer import render_pdf
from campus_metrics.brief.pptx_writer import render_pptx
from campus_metrics.brief.sourcebook import SourceBook
from campus_metrics.brief.values import status_short, status_text

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "BriefContent",
    "FigureLine",
    "KeyFigure",
    "Section",
    "SourceBook",
    "Table",
    "build_brief",
    "build_content",
    "file_name",
    "render_pdf",
    "render_pptx",
    "status_short",
    "status_text",
    "warm_up",
]
