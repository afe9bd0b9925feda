"""Import (editors only): templates, upload, check (dry run), write as one batch; the batch history with undo."""

from __future__ import annotations

import hashlib

import streamlit as st

from campus_metrics.importing import KINDS, import_files, max_import_bytes
from campus_metrics.templates import template_bytes
from dashboard import auth, data, import_history, ui
from dashboard.i18n import IMPORT_KINDS, lang, t

CHECKED = "_import_checked"  # sha256 of the file that passed the dry run


def kind_name(kind: str) -> str:
    return IMPORT_KINDS[kind][1 if lang() == "en" else 0]


def report(reports) -> bool:
    problems = sum(r.total_problems for r in reports)
    if problems:
        st.error(t("import_problems", n=problems), icon=":material/error:")
        for r in reports:
            if r.problems:
                st.dataframe(r.as_frame(), hide_index=True, width="stretch")
            if r.hidden:
                st.caption(t("import_more_problems", n=r.hidden))
        return False
    st.success(t("import_ok", rows=sum(r.rows for r in reports)), icon=":material/check_circle:")
    return True


def templates(kind: str) -> None:
    st.subheader(t("template_title"), anchor=False)
    left, right = st.columns(2)
    left.download_button(
        t("template_xlsx"),
        data=template_bytes(kind, "xlsx"),
        file_name=f"modele_{kind}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
        key="_template_xlsx",
    )
    right.download_button(
        t("template_csv"),
        data=template_bytes(kind, "csv"),
        file_name=f"modele_{kind}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="_template_csv",
    )
    st.caption(t("template_help"))


def upload(kind: str) -> None:
    mb = max_import_bytes() // (1024 * 1024)
    ui_file = st.file_uploader(t("upload_label", mb=mb), type=["csv", "xlsx"], key="_import_file", max_upload_size=mb)
    if ui_file is None:
        return
    content = ui_file.getvalue()
    digest = hashlib.sha256(kind.encode() + content).hexdigest()
    if st.button(t("import_check"), icon=":material/fact_check:"):
        try:
            ok = report(import_files(data.engine(), [(kind, ui_file.name, content)], dry_run=True))
        except Exception as exc:  # noqa: BLE001 - data.unavailable re-raises what is not a database failure
            data.unavailable(exc)
        st.session_state[CHECKED] = digest if ok else None
    if st.session_state.get(CHECKED) == digest and st.button(t("import_write"), type="primary", icon=":material/save:"):
        try:
            reports = import_files(data.engine(), [(kind, ui_file.name, content)], author=auth.editor_name())
        except Exception as exc:  # noqa: BLE001
            data.unavailable(exc)
        if report(reports) and all(r.written for r in reports):
            data.clear()
            st.session_state[CHECKED] = None
            st.success(t("import_batch_done", rows=sum(r.rows for r in reports), batch=reports[0].batch_id))


def main() -> None:
    ui.page_header("page_import")
    if not auth.is_editor():
        st.error(t("import_denied"))
        return
    import_history.french_uploader()
    st.caption(t("import_steps"))
    kind = st.selectbox(t("import_kind"), KINDS, format_func=kind_name, key="_import_kind")
    templates(kind)
    upload(kind)
    import_history.history()


main()
