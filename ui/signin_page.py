"""Sign in: the form from ui/login.py; once signed in, the role's first page opens (a page opened by
its address before signing in shows the form in place, and stays open after it)."""

from __future__ import annotations

import streamlit as st

from core.i18n import _
from ui.gate import first_page
from ui.language import language_switch
from ui.login import require_user

language_switch(None)
st.title("Pathways")
st.write(
    _(
        "Plan a pathway to graduation: students talk it through, advisors adjust and approve it, "
        "families read it in plain language."
    )
)
user = require_user()
st.switch_page(first_page(user.role))
