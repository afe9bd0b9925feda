"""Who may import: an editor, by password (`admin_password` in secrets.toml) or by OIDC login.

With an `[auth]` section in secrets.toml, `st.login` is offered and a logged-in user is an
editor (restricted to `editor_emails` when that list is given). Otherwise the password is
compared with `hmac.compare_digest`. Without either right, the router leaves the import page
out of the navigation.
"""

from __future__ import annotations

import hmac

import streamlit as st

from dashboard.i18n import t

EDITOR_KEY = "_editor"
PASSWORD_KEY = "_editor_password"


def _secret(name: str):
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets.toml at all: no editor access configured
        return None


def oidc_configured() -> bool:
    return bool(_secret("auth"))


def _oidc_editor() -> bool:
    if not oidc_configured():
        return False
    try:
        if not st.user.is_logged_in:
            return False
    except Exception:
        return False
    allowed = _secret("editor_emails")
    return not allowed or st.user.get("email") in set(allowed)


def is_editor() -> bool:
    return bool(st.session_state.get(EDITOR_KEY)) or _oidc_editor()


def _check_password() -> None:
    expected = _secret("admin_password")
    given = st.session_state.get(PASSWORD_KEY) or ""
    st.session_state[PASSWORD_KEY] = ""
    ok = bool(expected) and hmac.compare_digest(str(given).encode("utf-8"), str(expected).encode("utf-8"))
    st.session_state[EDITOR_KEY] = ok
    st.session_state["_editor_error"] = not ok


def _logout() -> None:
    st.session_state[EDITOR_KEY] = False


def sidebar_login() -> None:
    """The editor box at the bottom of the sidebar."""
    with st.sidebar.expander(t("editor_space"), icon=":material/lock:", expanded=False):
        if is_editor():
            st.success(t("editor_ok"), icon=":material/check_circle:")
            if _oidc_editor():
                st.button(t("logout"), on_click=st.logout, key="_oidc_logout")
            else:
                st.button(t("logout"), on_click=_logout, key="_pwd_logout")
            return
        if oidc_configured():
            st.button(t("login_sso"), on_click=st.login, key="_oidc_login", icon=":material/login:")
        if _secret("admin_password"):
            with st.form("editor_login", border=False):
                st.text_input(t("password"), type="password", key=PASSWORD_KEY)
                st.form_submit_button(t("login"), on_click=_check_password)
            if st.session_state.get("_editor_error"):
                st.error(t("bad_password"))
        elif not oidc_configured():
            st.caption(t("no_editor_configured"))
