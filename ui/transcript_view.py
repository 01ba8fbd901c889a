"""The mastery transcript's print view: the same content as its PDF (present/transcript_blocks.py), as
a page the browser prints, for the student, the family, the advisor and district staff. Each of their
pages links here (``transcript_link``, one line); the page (ui/transcript_page.py) reads the transcript
through the record service, whose one ``authorize`` decides and audits (a family member asking for
another student's transcript is refused), and prints only the transcript: the app's menus and the
page's own controls are left out of the print."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from core.errors import NotFoundError
from core.i18n import _
from present.transcript_html import transcript_html
from present.transcript_pdf import transcript_filename, transcript_pdf
from records.accounts import Role
from records.errors import AccessDenied
from ui.gate import page_user
from ui.login import get_records

ADDRESS = "transcript"
"""The print view's address (ui/gate.py PAGES)."""
CONTROLS = "transcript-controls"
"""The key of the container holding the page's controls (left out of the print)."""
REFUSED = "You cannot open this student's transcript."

PRINT_ONLY_THE_TRANSCRIPT = f"""<style>
@media print {{
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stSidebarCollapsedControl"], .st-key-{CONTROLS} {{
    display: none !important; }}
  [data-testid="stMainBlockContainer"] {{ padding: 0 !important; max-width: none !important; }}
}}
</style>"""


def transcript_link(student_id: str | None) -> None:
    """A link to the print view of this student's transcript (None: the view asks which student), our
    own static link (st.html)."""
    query = f"?student={quote(student_id, safe='')}" if student_id else ""
    words = _("Mastery transcript: print view")
    st.html(f'<a href="{ADDRESS}{query}">{words}</a>')


def render() -> None:
    user = page_user(Role.STUDENT, Role.FAMILY, Role.ADVISOR, Role.ADMIN)
    records = get_records()
    st.html(PRINT_ONLY_THE_TRANSCRIPT)
    with st.container(key=CONTROLS):
        asked = st.query_params.get("student")
        if asked is None:
            names = {s.id: s.name for s in records.students(user)}
            if not names:
                st.info("No student record is linked to your account yet.")
                return
            asked = st.selectbox("Student", list(names), format_func=lambda s: names[s])
        try:
            data = records.transcript(user, asked)
        except (AccessDenied, NotFoundError):
            st.error(REFUSED)
            return
        st.caption(
            "Print this page with your browser's Print command (Ctrl+P, or ⌘P on a Mac): only the "
            "transcript is printed."
        )
        st.download_button(
            "Download the mastery transcript (PDF)",
            data=lambda: transcript_pdf(data),
            file_name=transcript_filename(data.student_name),
            mime="application/pdf",
            on_click="ignore",
        )
    st.html(transcript_html(data))
