"""Import (editors only): templates, upload, check (dry run), write as one batch; the batch history with undo."""

from __future__ import annotations

import hashlib

import streamlit as st

from campus_metrics.importing import KINDS, import_files, max_import_bytes
from campus_metrics.templates import template_bytes
from dashboard import auth, data, import_history, ui
from dashboard.i18n import IMPORT_KINDS, _, n_

CHECKED = "_import_checked"  # sha256 of the file that passed the dry run


def kind_name(kind: str) -> str:
    return _(IMPORT_KINDS[kind])


def report(reports) -> bool:
    problems = sum(r.total_problems for r in reports)
    if problems:
        st.error(n_("{n} problème : rien ne sera écrit.", "{n} problèmes : rien ne sera écrit.", problems), icon=":material/error:")
        for r in reports:
            if r.problems:
                st.dataframe(r.as_frame(), hide_index=True, width="stretch")
            if r.hidden:
                st.caption(n_("… et {n} autre problème : corrigez d'abord ceux-ci.", "… et {n} autres problèmes : corrigez d'abord ceux-ci.", r.hidden))
        return False
    st.success(
        n_(
            "{rows} ligne valide, aucun problème. Vous pouvez confirmer l'écriture.",
            "{rows} lignes valides, aucun problème. Vous pouvez confirmer l'écriture.",
            sum(r.rows for r in reports),
            rows=sum(r.rows for r in reports),
        ),
        icon=":material/check_circle:",
    )
    return True


def templates(kind: str) -> None:
    st.header(_("Modèles à remplir"), anchor=False)
    left, right = st.columns(2)
    left.download_button(
        _("Modèle Excel"),
        data=template_bytes(kind, "xlsx"),
        file_name=_("modele_{kind}.xlsx", kind=kind),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
        key="_template_xlsx",
    )
    right.download_button(
        _("Modèle CSV"),
        data=template_bytes(kind, "csv"),
        file_name=_("modele_{kind}.csv", kind=kind),
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="_template_csv",
    )
    st.caption(_("Le modèle Excel contient aussi la liste des valeurs autorisées (codes ou libellés français acceptés) et les colonnes obligatoires."))


def upload(kind: str) -> None:
    mb = max_import_bytes() // (1024 * 1024)
    ui_file = st.file_uploader(_("Fichier à importer (.csv ou .xlsx, {mb} Mo au plus)", mb=mb), type=["csv", "xlsx"], key="_import_file", max_upload_size=mb)
    if ui_file is None:
        return
    content = ui_file.getvalue()
    digest = hashlib.sha256(kind.encode() + content).hexdigest()
    if st.button(_("Vérifier le fichier"), icon=":material/fact_check:"):
        try:
            ok = report(import_files(data.engine(), [(kind, ui_file.name, content)], dry_run=True))
        except Exception as exc:  # noqa: BLE001 - data.unavailable re-raises what is not a database failure
            data.unavailable(exc)
        st.session_state[CHECKED] = digest if ok else None
    if st.session_state.get(CHECKED) == digest and st.button(_("Écrire dans la base"), type="primary", icon=":material/save:"):
        try:
            reports = import_files(data.engine(), [(kind, ui_file.name, content)], author=auth.editor_name())
        except Exception as exc:  # noqa: BLE001
            data.unavailable(exc)
        if report(reports) and all(r.written for r in reports):
            data.clear()
            st.session_state[CHECKED] = None
            st.success(
                n_(
                    "{rows} ligne écrite (lot n° {batch}). Les chiffres affichés sont recalculés.",
                    "{rows} lignes écrites (lot n° {batch}). Les chiffres affichés sont recalculés.",
                    sum(r.rows for r in reports),
                    rows=sum(r.rows for r in reports),
                    batch=reports[0].batch_id,
                )
            )


def main() -> None:
    ui.page_header("page_import")
    if not auth.is_editor():
        st.error(_("Accès réservé aux éditeurs."))
        return
    import_history.french_uploader()
    st.caption(
        _(
            "1. Téléchargez le modèle du type de données et remplissez-le dans Excel (une ligne par chiffre, avec sa source et sa citation).\n2. Déposez-le ci-dessous et vérifiez-le : la vérification n'écrit rien et liste tous les problèmes d'un coup.\n3. Écrivez : tout ou rien, en un lot que vous pourrez annuler."
        )
    )
    kind = st.selectbox(_("Type de fichier"), KINDS, format_func=kind_name, key="_import_kind")
    templates(kind)
    upload(kind)
    import_history.history()


main()
