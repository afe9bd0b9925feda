"""Import (editors only): upload a file and its kind, read the validation report (dry run), then confirm the write."""

from __future__ import annotations

import hashlib

import streamlit as st

from campus_metrics.importer import KINDS, import_files
from dashboard import auth, data, ui
from dashboard.i18n import IMPORT_KINDS, lang, t

CHECKED = "_import_checked"  # sha256 of the file that passed the dry run


def report(reports) -> bool:
    problems = sum(len(r.problems) for r in reports)
    if problems:
        st.error(t("import_problems", n=problems), icon=":material/error:")
        for r in reports:
            if r.problems:
                st.dataframe(r.as_frame(), hide_index=True, width="stretch")
        return False
    st.success(t("import_ok", rows=sum(r.rows for r in reports)), icon=":material/check_circle:")
    return True


def main() -> None:
    ui.page_header("page_import")
    if not auth.is_editor():
        st.error(t("import_denied"))
        return
    st.caption(t("import_help"))
    kind = st.selectbox(t("import_kind"), KINDS, format_func=lambda k: IMPORT_KINDS[k][1 if lang() == "en" else 0], key="_import_kind")
    upload = st.file_uploader(t("import_file"), type=["csv", "xlsx", "xls"], key="_import_file")
    if upload is None:
        return
    content = upload.getvalue()
    digest = hashlib.sha256(kind.encode() + content).hexdigest()
    if st.button(t("import_check"), icon=":material/fact_check:"):
        ok = report(import_files(data.engine(), [(kind, upload.name, content)], dry_run=True))
        st.session_state[CHECKED] = digest if ok else None
    if st.session_state.get(CHECKED) == digest and st.button(t("import_write"), type="primary", icon=":material/save:"):
        reports = import_files(data.engine(), [(kind, upload.name, content)])
        if report(reports) and all(r.written for r in reports):
            data.clear()
            st.session_state[CHECKED] = None
            st.success(t("import_done", rows=sum(r.rows for r in reports)))


main()
