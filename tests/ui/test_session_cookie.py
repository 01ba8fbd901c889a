"""The session cookie's script: the token goes in as it is, deletion expires the cookie, and nothing
that is not a token's shape can reach the page's JavaScript. (That a reload keeps the user signed in
and a sign-out ends it is checked in a real browser: tests/ui/test_browser.py.)"""

from __future__ import annotations

import pytest

from ui.login import cookie_script


def test_a_token_is_written_as_a_browser_session_cookie():
    assert cookie_script("dYNkwP27g_e8-Mzyq") == (
        "<script>document.cookie = 'pathways_session=dYNkwP27g_e8-Mzyq; path=/; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>"
    )


def test_deleting_expires_the_cookie_now():
    assert cookie_script(None) == (
        "<script>document.cookie = 'pathways_session=; path=/; SameSite=Strict; max-age=0'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>"
    )


@pytest.mark.parametrize("token", ["abc'; alert(1); '", "a b", "", "x" * 201, "abc</script>"])
def test_anything_but_a_token_is_refused(token):
    with pytest.raises(ValueError, match="a session token is URL-safe base64"):
        cookie_script(token)
