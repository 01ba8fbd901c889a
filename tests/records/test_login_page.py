"""The sign-in form pages call (ui/login.py), run headlessly with Streamlit's AppTest."""

from __future__ import annotations

import datetime as dt

import pytest
from recordkit import PASSWORD
from shown_text import rendered
from streamlit.testing.v1 import AppTest

from records.errors import SessionExpiredError
from records.service import Records
from ui.login import SESSION_TOKEN_KEY


def _page() -> None:
    import streamlit as st

    from ui.login import require_user, sign_out_button

    user = require_user()
    sign_out_button(user)
    st.write(f"Hello {user.display_name}")


def _open(token: str | None = None) -> AppTest:
    page = AppTest.from_function(_page, default_timeout=30)
    if token:
        page.session_state[SESSION_TOKEN_KEY] = token
    page.run()
    assert not page.exception, page.exception
    return page


def _sign_in(page: AppTest, username: str, password: str) -> AppTest:
    page.text_input[0].input(username)
    page.text_input[1].input(password)
    page.button[0].click()
    page.run()
    assert not page.exception, page.exception
    return page


def test_without_a_session_the_page_shows_only_the_sign_in_form(records):
    page = _open()
    assert [h.value for h in page.subheader] == ["Sign in to Pathways"]
    assert [t.label for t in page.text_input] == ["User name", "Password"]
    assert [m.value for m in page.markdown] == []


def test_a_wrong_password_is_one_clear_message(records):
    page = _sign_in(_open(), "ana", "not my password")
    assert [rendered(e.value) for e in page.error] == ["Wrong user name or password."]
    assert SESSION_TOKEN_KEY not in page.session_state


def test_the_right_password_opens_the_page(records):
    page = _sign_in(_open(), "ana", PASSWORD)
    assert [m.value for m in page.markdown] == ["Hello Ana Reyes"]
    assert page.sidebar.caption[0].value == "Signed in as Ana Reyes (student)"


def test_an_expired_session_asks_to_sign_in_again(records_db):
    long_ago = Records(records_db, clock=lambda: dt.datetime(2020, 1, 6, 8, 0))
    page = _open(long_ago.sign_in("fam.reyes", PASSWORD).token)
    assert [rendered(i.value) for i in page.info] == ["Your session has expired; please sign in again."]
    assert [t.label for t in page.text_input] == ["User name", "Password"]
    assert [m.value for m in page.markdown] == []


def test_signing_out_ends_the_session(records):
    token = records.sign_in("adv.lee", PASSWORD).token
    page = _open(token)
    assert [m.value for m in page.markdown] == ["Hello Mr. Lee"]
    page.sidebar.button[0].click()
    page.run()
    assert [h.value for h in page.subheader] == ["Sign in to Pathways"]
    assert [i.value for i in page.info] == []
    with pytest.raises(SessionExpiredError, match=r"^you are not signed in$"):
        records.session_user(token)
