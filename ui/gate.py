"""Who is signed in for this script run, and which pages they may see: the router checks the session
once per run (``signed_in_user``) and each page reuses that account (``page_user``); ``PAGES`` and
``MENU`` are the app's pages and each role's menu."""

from __future__ import annotations

import streamlit as st

from core.i18n import N_, _, join
from records.accounts import Role, User
from ui.login import oidc_configured, require_user, restore_session

ROLE_WORDS = {
    Role.STUDENT: N_("students"),
    Role.FAMILY: N_("families"),
    Role.ADVISOR: N_("advisors"),
    Role.ADMIN: N_("district staff"),
    Role.TEACHER: N_("teachers"),
    Role.SUPERVISOR: N_("supervisors"),
}

PAGES = {  # address: (script, title, icon); the title is translated where the menu is made (app.py)
    "catalog": ("ui/catalog_page.py", N_("Catalog"), ":material/menu_book:"),
    "sign-in": ("ui/signin_page.py", N_("Sign in"), ":material/login:"),
    "plan": ("ui/student_page.py", N_("My plan"), ":material/route:"),
    "family": ("ui/family_page.py", N_("Family view"), ":material/family_restroom:"),
    "caseload": ("ui/advisor_page.py", N_("Caseload"), ":material/groups:"),
    "staff": ("ui/staff_page.py", N_("Catalog upload"), ":material/upload_file:"),
    "cohort": ("ui/cohort_page.py", N_("Cohort planning"), ":material/groups_3:"),
    "teach": ("ui/teacher_page.py", N_("My classes"), ":material/school:"),
    "supervise": ("ui/supervisor_page.py", N_("Supervisor"), ":material/badge:"),
    "transcript": (
        "ui/transcript_page.py",
        N_("Mastery transcript"),
        ":material/print:",
    ),  # linked from pages
}
MENU: dict[Role | None, list[str]] = {
    None: ["catalog", "sign-in"],
    Role.STUDENT: ["plan", "catalog"],
    Role.FAMILY: ["family", "catalog"],
    Role.ADVISOR: ["caseload", "catalog"],
    Role.ADMIN: ["staff", "cohort", "catalog"],
    Role.TEACHER: ["teach", "catalog"],
    Role.SUPERVISOR: ["supervise"],
}
"""The pages in each role's menu (None: not signed in), its first page first (a supervisor has no
account: their link opens the supervisor page alone, see app.py). The other pages keep
their addresses as hidden pages, so a bookmark opens them and they refuse politely."""


def first_page(role: Role | None) -> str:
    """The script of the role's first page (where the app's root address and a sign-in lead)."""
    return PAGES[MENU[role][0]][0]


_RUN_USER = "pathways_run_user"
"""The account the router checked in this script run, for the page it runs next."""


def signed_in_user() -> User | None:
    """The signed-in user, or None when nobody has signed in (nothing is shown then). The router calls
    it first on every run: the session is checked against the database once per run (a disabled
    account or an ended session counts at once) and the page reuses the answer (``page_user``)."""
    st.session_state.pop(_RUN_USER, None)
    if not oidc_configured() and not restore_session():
        return None
    user = require_user()
    st.session_state[_RUN_USER] = user
    return user


def page_user(*roles: Role) -> User:
    """The signed-in user (the sign-in form otherwise); a role the page is not for stops it politely.
    It is the account the router checked in this run; a page run without the router checks it itself."""
    user = st.session_state.get(_RUN_USER) or require_user()
    if roles and user.role not in roles:
        wanted = join([_(ROLE_WORDS[r]) for r in roles])
        st.info(_("This page is for {who}. Choose another page in the menu.").format(who=wanted))
        st.stop()
    return user
