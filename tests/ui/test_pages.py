"""Every page renders, without an exception, for every role: through the app's menu (each role sees
its own page and the catalog) and opened directly by its file (a page not meant for the role says so
and shows nothing else)."""

from __future__ import annotations

import pytest
from shown_text import rendered
from streamlit.testing.v1 import AppTest
from uikit import PAGE_TIMEOUT, PASSWORD, ROLE_USER, ROOT, open_app

from records.accounts import Role
from records.service import Records
from ui.login import SESSION_TOKEN_KEY

PAGES = {
    "ui/student_page.py": (Role.STUDENT, "My plan"),
    "ui/family_page.py": (Role.FAMILY, "Learning plan for Ana Reyes"),
    "ui/advisor_page.py": (Role.ADVISOR, "Caseload"),
    "ui/staff_page.py": (Role.ADMIN, "Catalog upload"),
    "ui/cohort_page.py": (Role.ADMIN, "Cohort planning"),
}
REFUSALS = {
    Role.STUDENT: "This page is for students. Choose another page in the menu.",
    Role.FAMILY: "This page is for families. Choose another page in the menu.",
    Role.ADVISOR: "This page is for advisors. Choose another page in the menu.",
    Role.ADMIN: "This page is for district staff. Choose another page in the menu.",
}


def run_page(records, username: str, page: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / page), default_timeout=PAGE_TIMEOUT)
    app.session_state[SESSION_TOKEN_KEY] = records.sign_in(username, PASSWORD).token
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize(
    "role", list(ROLE_USER)
)  # the teacher and supervisor pages: tests/records/test_record_pages.py
def test_each_role_opens_on_its_own_page_and_can_browse_the_catalog(records, role):
    app = open_app(records, ROLE_USER[role])
    own = next(title for page_role, title in PAGES.values() if page_role is role)
    assert app.title[0].value == own
    assert app.sidebar.caption[0].value.startswith("Signed in as ")
    app.switch_page("ui/catalog_page.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Catalog"
    assert app.tabs[0].caption[0].value == "5 of 5 opportunities"


@pytest.mark.parametrize(
    "role", list(ROLE_USER)
)  # the teacher and supervisor pages: tests/records/test_record_pages.py
def test_pages_of_other_roles_refuse_politely(records, role):
    for page, (page_role, _) in PAGES.items():
        if page_role is role:
            continue
        app = run_page(records, ROLE_USER[role], page)
        assert [i.value for i in app.info] == [REFUSALS[page_role]], page
        assert [t.value for t in app.title] == [], page


def test_before_signing_in_the_menu_offers_the_catalog_and_the_sign_in_form(records):
    app = open_app(records, None)
    assert app.title[0].value == "Catalog"
    app.switch_page("ui/signin_page.py").run()
    assert [h.value for h in app.subheader] == ["Sign in to Pathways"]
    app.text_input[0].input("fam.reyes")
    app.text_input[1].input(PASSWORD)
    app.button[0].click().run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Learning plan for Ana Reyes"
    assert app.sidebar.caption[0].value == "Signed in as Marta Reyes (family)"


def test_five_wrong_passwords_make_the_user_name_wait_even_with_the_right_one(records):
    app = open_app(records, None, "ui/signin_page.py")
    for attempt in range(6):
        app.text_input[0].input("Fam.Reyes")
        app.text_input[1].input("not the password" if attempt < 5 else PASSWORD)
        app.button[0].click().run()
        assert not app.exception, app.exception
        expected = (
            "Wrong user name or password."
            if attempt < 5
            else "Too many wrong passwords for this user name; try again in 15 minutes."
        )
        assert [rendered(e.value) for e in app.error] == [expected]
    assert [h.value for h in app.subheader] == ["Sign in to Pathways"]
    assert SESSION_TOKEN_KEY not in app.session_state
    app.text_input[0].input("ana")  # another name is not held up
    app.text_input[1].input(PASSWORD)
    app.button[0].click().run()
    assert app.sidebar.caption[0].value == "Signed in as Ana Reyes (student)"


def test_a_page_opened_without_signing_in_shows_only_the_sign_in_form(records):
    for page in PAGES:
        app = AppTest.from_file(str(ROOT / page), default_timeout=PAGE_TIMEOUT)
        app.run()
        assert not app.exception, app.exception
        assert [h.value for h in app.subheader] == ["Sign in to Pathways"], page
        assert [t.value for t in app.title] == [], page


def test_each_run_checks_the_session_once_and_a_disabled_account_at_once(records, monkeypatch):
    """The router checks the session against the database once per run and the page reuses that
    account; the next run checks again, so an account disabled in between is signed out at once."""
    checked = []
    session_user = Records.session_user

    def counted(self, token):
        checked.append(token)
        return session_user(self, token)

    monkeypatch.setattr(Records, "session_user", counted)
    app = open_app(records, "adv.lee")
    assert app.title[0].value == "Caseload"
    assert len(checked) == 2  # the app's root address, then the caseload it leads to
    app.run()
    assert len(checked) == 3
    admin = records.authenticate("admin", PASSWORD)
    records.set_user_active(admin, "adv.lee", False)
    app.run()
    assert not app.exception, app.exception
    assert len(checked) == 4
    assert [rendered(i.value) for i in app.info] == ["You are not signed in."]
    assert [h.value for h in app.subheader] == ["Sign in to Pathways"]
