"""Pathways, the Streamlit app: a router over the pages in ui/, nothing else.

Who is signed in decides the menu: each role sees its own page first, then the catalog; before
signing in, the (public) catalog comes first, then the sign-in page. Every page keeps its address for
every role (the pages outside the role's menu are hidden, not absent), so a bookmark or a reload opens
the page itself: each page checks the signed-in user again and refuses politely what the role may not
see. The app's root address opens the role's first page.
"""

import streamlit as st

from core.i18n import _
from ui.gate import MENU, PAGES, first_page, signed_in_user
from ui.language import apply_language
from ui.login import sign_out_button
from ui.style import page_style

st.set_page_config(page_title="Pathways", layout="wide")
page_style()

user = signed_in_user()
apply_language(user)
if user is not None:
    sign_out_button(user)
if user is None and "link" in st.query_params:
    # A supervisor's link (docs/record.md): that one page, no sign-in, nothing else of the app.
    script, title, icon = PAGES["supervise"]
    st.navigation([st.Page(script, title=_(title), icon=icon, url_path="supervise", default=True)]).run()
    st.stop()
role = user.role if user else None
menu = MENU[role]
pages = {
    address: st.Page(
        script,
        title=_(title),
        icon=icon,
        url_path=address,
        visibility="visible" if address in menu else "hidden",
    )
    for address, (script, title, icon) in PAGES.items()
}
home = st.Page(
    lambda: st.switch_page(first_page(role)), title="Home", url_path="home", default=True, visibility="hidden"
)
st.navigation([home, *(pages[a] for a in menu), *(p for a, p in pages.items() if a not in menu)]).run()
