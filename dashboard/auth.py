"""Who may import: an editor, by password (`admin_password` in secrets.toml) or by OIDC login.

With an `[auth]` section in secrets.toml, `st.login` is offered and a logged-in user is an
editor (restricted to `editor_emails` when that list is given): the documented choice for an
organisation with an identity provider. Otherwise the password is compared with
`hmac.compare_digest`, and guessing is throttled: after a few wrong passwords each new try
must wait longer, and after LOCK_AFTER failures sign-in is locked for LOCK_SECONDS, per
session and per client address. Attempts are logged, never the password. Without either
right, the router leaves the import page out of the navigation.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from dataclasses import dataclass, field

import streamlit as st

from dashboard.i18n import _

EDITOR_KEY = "_editor"
PASSWORD_KEY = "_editor_password"
ERROR_KEY = "_editor_error"
FREE_TRIES = 3  # wrong passwords before the first wait
MAX_WAIT = 60  # seconds
LOCK_AFTER = 10  # wrong passwords before the lock
LOCK_SECONDS = 15 * 60

log = logging.getLogger("campus_metrics.auth")


def _clock() -> float:
    return time.monotonic()


@dataclass
class Throttle:
    """Failed sign-ins per key (a session, a client address): the wait before the next try, the lock."""

    failures: dict[str, tuple[int, float]] = field(default_factory=dict)  # key -> (failures, time of the last)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refusal(self, keys: list[str], now: float) -> tuple[str, int] | None:
        """("locked", minutes) or ("wait", seconds) while a key must not try yet, else None."""
        worst = None
        with self.lock:
            for key in keys:
                n, last = self.failures.get(key, (0, 0.0))
                if n >= LOCK_AFTER:
                    left = LOCK_SECONDS - (now - last)
                    if left > 0:
                        return "locked", max(1, round(left / 60))
                    self.failures.pop(key, None)  # the lock is over: a fresh start
                    continue
                if n >= FREE_TRIES:
                    left = min(2 ** (n - FREE_TRIES), MAX_WAIT) - (now - last)
                    if left > 0 and (worst is None or left > worst[1]):
                        worst = ("wait", max(1, round(left + 0.49)))
        return worst

    def failed(self, keys: list[str], now: float) -> int:
        with self.lock:
            counts = []
            for key in keys:
                n = self.failures.get(key, (0, 0.0))[0] + 1
                self.failures[key] = (n, now)
                counts.append(n)
        return max(counts)

    def succeeded(self, keys: list[str]) -> None:
        with self.lock:
            for key in keys:
                self.failures.pop(key, None)


THROTTLE = Throttle()  # one per server process: shared by every session


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


def editor_name() -> str:
    """Who an import or an undo is recorded under."""
    if _oidc_editor():
        return f"sso:{st.user.get('email') or 'inconnu'}"
    return f"éditeur (mot de passe) {_client_address() or ''}".strip()


def _client_address() -> str | None:
    try:
        address = st.context.ip_address
    except Exception:
        return None
    return address if isinstance(address, str) and address else None


def _keys() -> list[str]:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    keys = [f"session:{ctx.session_id if ctx else 'none'}"]
    address = _client_address()
    if address:
        keys.append(f"address:{address}")
    return keys


def _check_password() -> None:
    expected = _secret("admin_password")
    given = st.session_state.get(PASSWORD_KEY) or ""
    st.session_state[PASSWORD_KEY] = ""
    keys, now = _keys(), _clock()
    refusal = THROTTLE.refusal(keys, now)
    if refusal is not None:
        log.warning("editor sign-in refused (%s) for %s", refusal[0], keys)
        st.session_state[EDITOR_KEY] = False
        st.session_state[ERROR_KEY] = refusal
        return
    ok = bool(expected) and hmac.compare_digest(str(given).encode("utf-8"), str(expected).encode("utf-8"))
    st.session_state[EDITOR_KEY] = ok
    if ok:
        THROTTLE.succeeded(keys)
        log.info("editor sign-in succeeded for %s", keys)
        st.session_state[ERROR_KEY] = None
        return
    n = THROTTLE.failed(keys, now)
    log.warning("editor sign-in failed for %s (%d in a row)", keys, n)
    st.session_state[ERROR_KEY] = ("bad", 0)


def _logout() -> None:
    st.session_state[EDITOR_KEY] = False


def _login_error() -> None:
    error = st.session_state.get(ERROR_KEY)
    if not error:
        return
    kind, amount = error if isinstance(error, tuple) else ("bad", 0)
    if kind == "locked":
        st.error(_("Trop d'essais infructueux : la connexion éditeur est bloquée pendant {minutes} min.", minutes=amount), icon=":material/lock_clock:")
    elif kind == "wait":
        st.warning(_("Trop d'essais : attendez {seconds} s avant de réessayer.", seconds=amount), icon=":material/hourglass_top:")
    else:
        st.error(_("Mot de passe incorrect."))


def sidebar_login() -> None:
    """The editor box at the bottom of the sidebar."""
    with st.sidebar.expander(_("Espace éditeur"), icon=":material/lock:", expanded=False):
        if is_editor():
            st.success(_("Connecté en éditeur : la page d'import est disponible."), icon=":material/check_circle:")
            if _oidc_editor():
                st.button(_("Se déconnecter"), on_click=st.logout, key="_oidc_logout")
            else:
                st.button(_("Se déconnecter"), on_click=_logout, key="_pwd_logout")
            return
        if oidc_configured():
            st.button(_("Se connecter (compte de la collectivité)"), on_click=st.login, key="_oidc_login", icon=":material/login:")
        if _secret("admin_password"):
            with st.form("editor_login", border=False):
                st.text_input(_("Mot de passe éditeur"), type="password", key=PASSWORD_KEY)
                st.form_submit_button(_("Se connecter"), on_click=_check_password)
            _login_error()
        elif not oidc_configured():
            st.caption(_("Aucun accès éditeur n'est configuré (mot de passe ou connexion dans .streamlit/secrets.toml)."))
