"""Downloads of the filtered data: CSV for French Excel (`;`, decimal comma, UTF-8 BOM) and an Excel workbook.

Text cells that a spreadsheet would run as a formula are neutralised (`exporter.neutralise_frame`).
"""

from __future__ import annotations

import io

import pandas as pd

from campus_metrics.exporter import neutralise_frame

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    text = neutralise_frame(frame).to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            neutralise_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
