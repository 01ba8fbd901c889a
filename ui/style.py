"""The few style rules Streamlit's own options do not cover, added once per run by the router.

- A table fits its column: long cells wrap (anywhere, if a word is longer than the cell), and in a
  column narrower than ``NARROW_TABLE_PX`` its columns share the width equally (Chromium's automatic
  layout kept the caseload 19 px wider than a 390 px screen, and the plan's table wider than its
  column at 1024 px), so no table scrolls sideways. A scrolling table is a region a keyboard cannot reach (axe's
  ``scrollable-region-focusable``: Streamlit gives its wrapper no ``tabindex``), and WCAG's reflow
  asks for content that fits 320 px without sideways scrolling.
- The link from the plan to the chat shows only where the columns stack (a phone): on a wide screen
  the chat is beside the plan already. Streamlit stacks columns below 640 px.
- Captions and the labels of disabled inputs reach WCAG AA contrast (4.5:1): Streamlit draws captions
  at 60% opacity (3.9:1 on white, 3.8:1 in the sidebar) and disabled labels lighter still (2.3:1);
  at 80% and in the text colour they read at about 7:1 in the light theme and the dark one alike.
  (``.stApp`` makes the rule outrank Streamlit's own, whose style sheet may come later in the page.)
- The menu's links show a ring when the keyboard focuses them (Streamlit draws none).
"""

from __future__ import annotations

import streamlit as st

STACKED_BELOW_PX = 640
"""Streamlit puts columns under one another below this width."""
NARROW_TABLE_PX = 640
"""A table in a column at most this wide lays its columns out in equal shares (a container query)."""

STYLE = f"""<style>
[data-testid="stTable"] {{ max-width: 100%; container-type: inline-size; }}
[data-testid="stTable"] table {{ width: 100%; }}
[data-testid="stTable"] :is(th, td),
[data-testid="stTable"] :is(th, td) [data-testid="stMarkdownContainer"],
[data-testid="stTable"] :is(th, td) [data-testid="stMarkdownContainer"] p {{ overflow-wrap: anywhere; }}
@container (max-width: {NARROW_TABLE_PX}px) {{ [data-testid="stTable"] table {{ table-layout: fixed; }} }}
@media (min-width: {STACKED_BELOW_PX}px) {{ .st-key-to-chat {{ display: none; }} }}
.stApp [data-testid="stCaptionContainer"] {{ opacity: 0.8; }}
label[data-testid="stWidgetLabel"][disabled] {{ color: inherit; opacity: 0.8; }}
[data-testid="stSidebarNav"] a:focus-visible {{ outline: 2px solid currentColor; outline-offset: -2px; }}
.stElementContainer:has(.pathways-style) {{ display: none; }}
</style><span class="pathways-style"></span>"""
"""The rules, and an empty marker that keeps them in the page's own flow (whose element the first rule
hides): HTML holding style tags only goes to Streamlit's event container, where it was missing now and
then from a new session's page (a 390 px catalog after a 1440 px one had Streamlit's captions)."""


def page_style() -> None:
    """Add the style rules to this run's page (an invisible element)."""
    st.html(STYLE)
