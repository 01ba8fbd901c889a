"""Sign-in for every page: ``require_user()`` returns the signed-in account, or shows the sign-in form
and stops the page. Pages then pass that user to the record service for every read and write.

With an OpenID Connect provider configured (an ``[auth]`` section in ``.streamlit/secrets.toml``),
Streamlit's own ``st.login`` signs the user in and the identity's e-mail picks the Pathways account.
"""

from __future__ import annotations

import re

import streamlit as st

from core.i18n import N_, _
from core.settings import get_settings
from core.store import StoreBusyError
from records.access import Action
from records.accounts import Role, User
from records.errors import AccessDenied, SessionExpiredError, SignInError
from records.service import Records
from ui.safe_text import md, md_escape

SESSION_TOKEN_KEY = "pathways_session_token"
SESSION_COOKIE = "pathways_session"
"""A browser-session cookie with the token, so that reloading a page or opening a link in a new tab
keeps the user signed in; it has no expiry date, so closing the browser forgets it (a shared family
computer), and the server still ends the session after ``records.accounts.SESSION_LIFETIME``."""
_COOKIE_TRIED = "pathways_cookie_tried"
_COOKIE_WRITE = "pathways_cookie_write"
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,200}")
BUSY_MESSAGE = N_("The database is busy (a command-line job is using it). Try again in a moment.")


ROLE_NAMES = {
    Role.STUDENT: N_("student"),
    Role.FAMILY: N_("family"),
    Role.ADVISOR: N_("advisor"),
    Role.ADMIN: N_("admin"),
    Role.TEACHER: N_("teacher"),
    Role.SUPERVISOR: N_("supervisor"),
}


def said(exc: Exception) -> str:
    """A refusal's message as a sentence in the reader's language (its English when untranslated)."""
    return f"{_(str(exc)).capitalize()}."


def get_records() -> Records:
    """The record service for the configured database (it holds no connection between calls; wrong
    passwords are counted in the database, records/throttle.py)."""
    return Records(get_settings().db)


def oidc_configured() -> bool:
    """True when the deployment configures an OpenID Connect provider for ``st.login``."""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def require_user() -> User:
    """The signed-in account. Otherwise shows the sign-in form (or the single sign-on button) and stops."""
    if oidc_configured():
        return _identity_user()
    token = st.session_state.get(SESSION_TOKEN_KEY)
    if token:
        try:
            return get_records().session_user(token)
        except SessionExpiredError as exc:
            del st.session_state[SESSION_TOKEN_KEY]
            st.session_state[_COOKIE_WRITE] = None  # the router deletes the cookie on the next run
            st.info(md_escape(said(exc)))
        except StoreBusyError:
            st.error(_(BUSY_MESSAGE))
            st.stop()
    sign_in_form()
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover


def restore_session() -> bool:
    """True when this browser session holds a session token; the router calls it first on every run.

    On a session's first run (a reload, a new tab) the token comes from the session cookie;
    ``require_user`` then checks it like any other (an ended one shows the sign-in form and deletes
    the cookie). It also carries out a pending cookie write (after a sign-in or a sign-out), in an
    element that is on every page, so that writing the cookie does not shift the page's other elements.
    """
    slot = st.container()
    if _COOKIE_WRITE in st.session_state:
        with slot:
            st.html(cookie_script(st.session_state.pop(_COOKIE_WRITE)), unsafe_allow_javascript=True)
    if SESSION_TOKEN_KEY in st.session_state:
        return True
    if st.session_state.get(_COOKIE_TRIED):
        return False
    st.session_state[_COOKIE_TRIED] = True  # Streamlit's cookies are the page load's: stale later
    token = st.context.cookies.get(SESSION_COOKIE)
    if not isinstance(token, str) or not _TOKEN_SHAPE.fullmatch(token):  # (AppTest's cookies are mocks)
        return False
    st.session_state[SESSION_TOKEN_KEY] = token
    return True


def cookie_script(token: str | None) -> str:
    """The script that stores ``token`` in the session cookie (None: deletes the cookie)."""
    if token is None:
        value, life = "", "; max-age=0"
    elif _TOKEN_SHAPE.fullmatch(token):
        value, life = token, ""
    else:
        raise ValueError("a session token is URL-safe base64")
    return (
        f"<script>document.cookie = '{SESSION_COOKIE}={value}; path=/; SameSite=Strict{life}'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>"
    )


def sign_in_form() -> None:
    """User name and password; on success the session token goes into this browser session's state."""
    st.subheader(_("Sign in to Pathways"))
    with st.form("pathways-sign-in"):
        username = st.text_input(_("User name"), autocomplete="username")
        password = st.text_input(_("Password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(_("Sign in"), type="primary")
    if not submitted:
        return
    try:
        signed = get_records().sign_in(username, password)
    except SignInError as exc:
        st.error(md_escape(said(exc)))
        return
    except StoreBusyError:
        st.error(_(BUSY_MESSAGE))
        return
    st.session_state[SESSION_TOKEN_KEY] = signed.token
    st.session_state[_COOKIE_WRITE] = signed.token
    st.rerun()


def _identity_user() -> User:
    if not st.user.is_logged_in:
        st.subheader(_("Sign in to Pathways"))
        st.button(_("Sign in with your school account"), on_click=st.login, type="primary")
        st.stop()
    try:
        return get_records().identity_user(st.user.get("email"))
    except SignInError as exc:
        st.error(md_escape(said(exc)))
    except StoreBusyError:
        st.error(_(BUSY_MESSAGE))
    st.button(_("Sign out"), on_click=st.logout)
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover


def sign_out_button(user: User) -> None:
    """Who is signed in, and a button to sign out (in the sidebar)."""
    demo = _(" · demo account") if user.demo else ""
    role = _(ROLE_NAMES[user.role])
    st.sidebar.caption(
        md(_("Signed in as {name} ({role})") + "{demo}", name=user.display_name, role=role, demo=demo)
    )
    if st.sidebar.button(_("Sign out")):
        if oidc_configured():
            st.logout()
        token = st.session_state.pop(SESSION_TOKEN_KEY, None)
        if token:
            get_records().sign_out(token)
        st.session_state[_COOKIE_WRITE] = None
        st.rerun()


def student_from_query(user: User, action: Action = Action.VIEW_PLAN) -> str | None:
    """The student named by the page's ``?student=ID``, checked for this user (None: the page asks).

    A student the user may not reach stops the page with one message, whether or not the id exists.
    """
    try:
        return get_records().student_param(user, st.query_params.to_dict(), action=action)
    except AccessDenied:
        st.error("You cannot open this student's record.")
        st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover
