"""The import page's batch history and undo, and the upload box in the reader's language."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from campus_metrics.importing import MODEL_FOR, UndoRefused, list_batches, rows_added, undo_batch
from dashboard import auth, data
from dashboard.i18n import IMPORT_KINDS, _, t
from dashboard.ui import safe


def french_uploader() -> None:
    """Streamlit draws the drop zone in English (« Upload », « 200MB per file »): hide those words and
    write ours on the button. A static stylesheet of interface words, no data."""
    drop = '[data-testid="stFileUploaderDropzone"]'
    st.html(
        "<style>"
        f'{drop} [data-testid="stFileUploaderDropzoneInstructions"], {drop} button [data-testid="stMarkdownContainer"]{{display:none}}'
        f'{drop} button span[data-has-shortcut]::after{{content:"{_("Choisir un fichier")}"}}'
        "</style>"
    )


def when(value) -> str:
    """A batch's timestamp: « 29/11/2026 06:05 UTC » (stored in UTC)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(dt.UTC)
    return stamp.strftime("%d/%m/%Y %H:%M UTC")


TABLE_KIND = {model.__tablename__: kind for kind, model in MODEL_FOR.items()}


def _table_words(counts: dict[str, int]) -> str:
    """« Sites 1, Promotions 2 »: tables named as the import kinds, in the reader's language."""
    return ", ".join(f"{_(IMPORT_KINDS.get(TABLE_KIND.get(table, ''), table))} {n}" for table, n in counts.items()) or "0"


def _rows_text(rows_json: str) -> str:
    return _table_words(rows_added(rows_json))


UNDO_NOTE = "_undo_note"  # what the last undo said, shown above the refreshed history


def history() -> None:
    st.header(_("Historique des imports"), anchor=False)
    note = st.session_state.pop(UNDO_NOTE, None)
    if isinstance(note, BaseException):
        data.unavailable(note)
    if note is not None:
        kind, message = note
        (st.success if kind == "success" else st.warning if kind == "warning" else st.error)(message, icon=":material/undo:")
    try:
        batches = list_batches(data.engine())
    except Exception as exc:  # noqa: BLE001 - data.unavailable re-raises what is not a database failure
        data.unavailable(exc)
    if batches.empty:
        st.caption(_("Aucun import enregistré."))
        return
    undone = batches["undone_at"].notna()
    state = pd.Series(_("en place"), index=batches.index)
    state[undone] = [
        _("annulé le {when} par {who}", when=when(w), who=who)
        for w, who in zip(batches.loc[undone, "undone_at"], batches.loc[undone, "undone_by"], strict=True)
    ]
    shown = pd.DataFrame(
        {
            _("Lot"): batches["id"],
            _("Statut"): state,
            _("Date"): batches["created_at"].map(when),
            _("Par"): batches["author"],
            _("Fichiers"): batches["file_names"],
            _("Lignes ajoutées"): batches["rows"].map(_rows_text),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    # the seed (written by `init`) is not offered: `init` would load it again into an empty base
    active = batches.loc[~undone & (batches["author"] != "init"), "id"].tolist()
    if not active:
        return
    with st.form("undo_batch", border=True):
        st.selectbox(_("Lot à annuler"), active, key="_undo_batch")
        st.checkbox(_("Je confirme l'annulation de ce lot"), key="_undo_sure")
        st.form_submit_button(_("Annuler ce lot"), icon=":material/undo:", on_click=_undo_clicked)


def _undo_clicked() -> None:
    """Runs before the page is drawn, so the history below already shows the undo."""
    if not st.session_state.get("_undo_sure"):
        st.session_state[UNDO_NOTE] = ("warning", _("Je confirme l'annulation de ce lot"))
        return
    batch = int(st.session_state["_undo_batch"])
    try:
        result = undo_batch(data.engine(), batch, auth.editor_name())
    except UndoRefused as exc:
        rows = safe("; ".join(f"{table} « {row} »" for table, row, _ in exc.values.get("rows", [])[:5]))
        st.session_state[UNDO_NOTE] = ("error", t(f"undo_{exc.code}", batch=batch, rows=rows))
        return
    except Exception as exc:  # noqa: BLE001 - shown by data.unavailable during the run
        st.session_state[UNDO_NOTE] = exc
        return
    data.clear()
    st.session_state[UNDO_NOTE] = (
        "success",
        _("Lot n° {batch} annulé : {rows}. Les synthèses sont recalculées.", batch=batch, rows=_table_words(result.deleted)),
    )
