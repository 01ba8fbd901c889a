"""Sign in: the form from ui/login.py; once signed in, the menu shows the pages of the user's role."""

from __future__ import annotations

import streamlit as st

from ui.login import require_user

st.title("Pathways")
st.write(
    "Plan a pathway to graduation: students talk it through, advisors adjust and approve it, "
    "families read it in plain language."
)
user = require_user()
st.success(f"Signed in as {user.display_name}. Choose a page in the menu.")
