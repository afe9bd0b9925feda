"""Campus Metrics — router: page setup, navigation by section, shared sidebar. No logic here."""

from __future__ import annotations

import streamlit as st

from dashboard import PRODUCT_TITLE, auth, filters, meeting, presentation
from dashboard.i18n import _

PAGES_DIR = "dashboard/pages"


def pages(editor: bool) -> dict[str, list[st.Page]]:
    """The navigation: the import page exists only for an editor."""
    view = [
        st.Page(f"{PAGES_DIR}/overview.py", title=_("Vue d'ensemble"), icon=":material/dashboard:", url_path="vue-ensemble", default=True),
        st.Page(f"{PAGES_DIR}/map.py", title=_("Carte"), icon=":material/map:", url_path="carte"),
        st.Page(f"{PAGES_DIR}/budgets.py", title=_("Budgets"), icon=":material/euro:", url_path="budgets"),
        st.Page(f"{PAGES_DIR}/cohorts.py", title=_("Promotions"), icon=":material/groups:", url_path="promotions"),
        st.Page(f"{PAGES_DIR}/outcomes.py", title=_("Résultats"), icon=":material/work:", url_path="resultats"),
        st.Page(f"{PAGES_DIR}/compare.py", title=_("Comparer les territoires"), icon=":material/compare_arrows:", url_path="comparer"),
    ]
    data_pages = [st.Page(f"{PAGES_DIR}/sources_data.py", title=_("Sources et données"), icon=":material/menu_book:", url_path="sources")]
    if editor:
        data_pages.append(st.Page(f"{PAGES_DIR}/import_data.py", title=_("Importer des données"), icon=":material/upload_file:", url_path="import"))
    return {_("Tableau de bord"): view, _("Données"): data_pages}


def main() -> None:
    st.set_page_config(page_title=_(PRODUCT_TITLE), page_icon="🎓", layout="wide", initial_sidebar_state="expanded")
    filters.seed_from_url()  # codes (or old labels) from the URL, before any widget reads its state
    filters.language_switch()
    presenting = presentation.active()
    page = st.navigation(pages(auth.is_editor()), position="hidden" if presenting else "sidebar")
    filters.sidebar()
    filters.write_to_url()
    if presenting:
        presentation.run(filters.current())
        return
    meeting.sidebar(filters.current())
    auth.sidebar_login()
    page.run()


main()
