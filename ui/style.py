"""The few style rules Streamlit's own options do not cover, added once per run by the router.

- A table wider than its column scrolls sideways inside its own frame, never the page.
- The link from the plan to the chat shows only where the columns stack (a phone): on a wide screen
  the chat is beside the plan already. Streamlit stacks columns below 640 px.
"""

from __future__ import annotations

import streamlit as st

STACKED_BELOW_PX = 640
"""Streamlit puts columns under one another below this width."""

STYLE = f"""<style>
[data-testid="stTable"] {{ overflow-x: auto; max-width: 100%; }}
@media (min-width: {STACKED_BELOW_PX}px) {{ .st-key-to-chat {{ display: none; }} }}
</style>"""


def page_style() -> None:
    """Add the style rules to this run's page (an invisible element)."""
    st.html(STYLE)
