"""Import CSV or Excel files: read what French Excel writes, check everything in one pass, write one batch, undo it.

- `limits`: file size, unpacked size, rows, columns, problems listed;
- `reading`: bytes to a table of text cells (one encoding, percent cells as shown);
- `columns`: the header (unknown, duplicated, missing columns) and text lengths;
- `context`, `records`: references and the database records; twins;
- `frame`: one pass over a file; `run`: the transaction and the batch; `batches`: history and undo.
"""

from __future__ import annotations

from campus_metrics.importing.batches import UndoRefused, UndoResult, dependants, list_batches, rows_added, undo_batch
from campus_metrics.importing.columns import MODEL_FOR, columns, required_columns
from campus_metrics.importing.limits import DEFAULT_MAX_MB, MAX_PROBLEMS, max_import_bytes
from campus_metrics.importing.reading import ReadError, Table, read, read_table
from campus_metrics.importing.run import KINDS, ImportRefused, ImportReport, import_files, import_paths, write_records

__all__ = [
    "DEFAULT_MAX_MB",
    "KINDS",
    "MAX_PROBLEMS",
    "MODEL_FOR",
    "ImportRefused",
    "ImportReport",
    "ReadError",
    "Table",
    "UndoRefused",
    "UndoResult",
    "columns",
    "dependants",
    "import_files",
    "import_paths",
    "list_batches",
    "max_import_bytes",
    "read",
    "read_table",
    "required_columns",
    "rows_added",
    "undo_batch",
    "write_records",
]
