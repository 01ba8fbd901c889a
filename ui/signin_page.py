"""Sign in: the form from ui/login.py; once signed in, the menu shows the pages of the user's role."""

from __future__ import annotations

import streamlit as st

from ui.login import require_user
from ui.safe_text import md

st.title("Pathways")
st.write(
    "Plan a pathway to graduation: students talk it through, advisors adjust and approve it, "
    "families read it in plain language."
)
user = require_user()
st.success(md("Signed in as {}. Choose a page in the menu.", user.display_name))
