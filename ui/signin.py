"""Who may import data: curators who sign in. Leaders who only browse never see the import page's link.

Two ways to sign in, set in `.streamlit/secrets.toml` (never in git; see README "Curators"):
- a shared password: `[import]` with `password = "..."`; the curator also gives a name for the import
  log. The password is compared in constant time, and after a few failures every attempt waits longer.
- an identity provider (OIDC): an `[auth]` section as Streamlit documents it; then `st.login()` signs
  in, and `[import] allowed_emails = [...]` (when set) says whose accounts may import.
With neither, the page says how to set one up and imports nothing.
"""

from __future__ import annotations

import hmac
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ui.i18n import t

SESSION_KEY = "curator"  # session_state: the signed-in curator's name (absent: not signed in)
FREE_ATTEMPTS = 3  # failures before attempts start to wait
MAX_WAIT_S = 60.0


@dataclass
class Throttle:
    """Failed sign-ins slow every later attempt down, for all sessions of the server (a new browser tab
    does not reset it): after FREE_ATTEMPTS failures, each one doubles the wait, up to MAX_WAIT_S."""

    failures: int = 0
    next_try: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_s(self, now: float) -> float:
        """Seconds until the next attempt may be checked (0: now)."""
        with self.lock:
            return max(0.0, self.next_try - now)

    def failed(self, now: float) -> None:
        with self.lock:
            self.failures += 1
            if self.failures >= FREE_ATTEMPTS:
                self.next_try = now + min(MAX_WAIT_S, 2.0 ** (self.failures - FREE_ATTEMPTS + 1))

    def succeeded(self) -> None:
        with self.lock:
            self.failures, self.next_try = 0, 0.0


@st.cache_resource(show_spinner=False)
def throttle() -> Throttle:
    return Throttle()


def _secrets_section(name: str) -> dict[str, Any]:
    """A section of secrets.toml, or {} when there is no secrets file or no such section."""
    try:
        if name in st.secrets:
            return dict(st.secrets[name])
    except (FileNotFoundError, KeyError, AttributeError):
        pass
    except Exception:  # a broken secrets.toml: treat as not configured, never show its text
        pass
    return {}


def password_configured() -> str | None:
    value = _secrets_section("import").get("password")
    return str(value) if value else None


def oidc_configured() -> bool:
    return bool(_secrets_section("auth"))


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison, so the time taken does not tell how much of a guess was right."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def signed_in() -> str | None:
    """The signed-in curator's name, or None."""
    name = st.session_state.get(SESSION_KEY)
    if name:
        return str(name)
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        email = str(st.user.get("email") or st.user.get("name") or "")
        allowed = _secrets_section("import").get("allowed_emails")
        if email and (not allowed or email in list(allowed)):
            return email
    return None


def require_curator(lang: str) -> str:
    """The curator's name; otherwise draws the sign-in (or the set-up help) and stops the page."""
    who = signed_in()
    if who:
        return who
    expected = password_configured()
    if not expected and not oidc_configured():
        st.info(t("signin_not_set_up", lang), icon=":material/lock:")
        st.code('[import]\npassword = "…"', language="toml")
        st.stop()
    st.subheader(t("signin_title", lang))
    if oidc_configured():
        if getattr(st.user, "is_logged_in", False):
            st.error(t("signin_not_allowed", lang), icon=":material/block:")
        elif st.button(t("signin_oidc", lang), icon=":material/login:", key="signin_oidc"):
            st.login()
    if expected:
        _password_form(lang, expected)
    st.stop()
    raise AssertionError("unreachable: st.stop() ends the script")


def _password_form(lang: str, expected: str) -> None:
    with st.form("signin", clear_on_submit=False):
        name = st.text_input(t("signin_name", lang), key="signin_name", max_chars=80)
        given = st.text_input(t("signin_password", lang), type="password", key="signin_password")
        submitted = st.form_submit_button(t("signin_button", lang), type="primary")
    if not submitted:
        return
    guard, now = throttle(), time.monotonic()
    wait = guard.wait_s(now)
    if wait > 0:
        st.error(t("signin_wait", lang, seconds=f"{wait:.0f}"), icon=":material/hourglass_top:")
        return
    if not name.strip():
        st.error(t("signin_no_name", lang), icon=":material/badge:")
        return
    if not password_matches(given, expected):
        guard.failed(now)
        st.error(t("signin_wrong", lang), icon=":material/block:")
        return
    guard.succeeded()
    st.session_state[SESSION_KEY] = name.strip()
    st.rerun()


def sign_out(lang: str) -> None:
    """A sign-out button (the OIDC session too, where there is one)."""
    if st.button(t("signout", lang), icon=":material/logout:", key="signout"):
        st.session_state.pop(SESSION_KEY, None)
        if getattr(st.user, "is_logged_in", False):
            st.logout()
        st.rerun()
