"""Campus Metrics — router: page setup, navigation by section, shared sidebar. No logic here."""

from __future__ import annotations

import streamlit as st

from dashboard import PRODUCT_TITLE, auth, filters, meeting, presentation
from dashboard.i18n import t

PAGES_DIR = "dashboard/pages"


def pages(editor: bool) -> dict[str, list[st.Page]]:
    """The navigation: the import page exists only for an editor."""
    view = [
        st.Page(f"{PAGES_DIR}/overview.py", title=t("page_overview"), icon=":material/dashboard:", url_path="vue-ensemble", default=True),
        st.Page(f"{PAGES_DIR}/map.py", title=t("page_map"), icon=":material/map:", url_path="carte"),
        st.Page(f"{PAGES_DIR}/budgets.py", title=t("page_budgets"), icon=":material/euro:", url_path="budgets"),
        st.Page(f"{PAGES_DIR}/cohorts.py", title=t("page_cohorts"), icon=":material/groups:", url_path="promotions"),
        st.Page(f"{PAGES_DIR}/outcomes.py", title=t("page_outcomes"), icon=":material/work:", url_path="resultats"),
        st.Page(f"{PAGES_DIR}/compare.py", title=t("page_compare"), icon=":material/compare_arrows:", url_path="comparer"),
    ]
    data_pages = [st.Page(f"{PAGES_DIR}/sources_data.py", title=t("page_sources"), icon=":material/menu_book:", url_path="sources")]
    if editor:
        data_pages.append(st.Page(f"{PAGES_DIR}/import_data.py", title=t("page_import"), icon=":material/upload_file:", url_path="import"))
    return {t("section_view"): view, t("section_data"): data_pages}


def main() -> None:
    st.set_page_config(page_title=PRODUCT_TITLE, page_icon="🎓", layout="wide", initial_sidebar_state="expanded")
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
