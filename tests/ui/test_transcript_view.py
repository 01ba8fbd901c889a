"""The mastery transcript's print view: reached from the student's, family's, advisor's and staff's
pages, read through the record service (a family member sees only their own student's, and a refusal
is audited), the PDF's content in the PDF's order, and a print style that prints only the transcript."""

from __future__ import annotations

from html import escape

import pytest
from shown_text import rendered
from streamlit.testing.v1 import AppTest
from uikit import PAGE_TIMEOUT, PASSWORD, ROOT, open_app

from present.transcript_blocks import transcript_blocks
from present.transcript_html import transcript_html
from records.service import Records
from ui.login import SESSION_TOKEN_KEY
from ui.transcript_view import PRINT_ONLY_THE_TRANSCRIPT, REFUSED

PAGE = "ui/transcript_page.py"


def print_view(records: Records, username: str, student: str | None) -> AppTest:
    app = AppTest.from_file(str(ROOT / PAGE), default_timeout=PAGE_TIMEOUT)
    app.session_state[SESSION_TOKEN_KEY] = records.sign_in(username, PASSWORD).token
    if student is not None:
        app.query_params["student"] = student
    app.run()
    assert not app.exception, app.exception
    return app


def shown_transcripts(app: AppTest) -> list[str]:
    return [h.value for h in app.html if 'class="transcript"' in h.value]


def test_a_family_member_sees_their_own_students_transcript_and_no_other(records: Records):
    own = print_view(records, "fam.reyes", "stu-ana")
    [html] = shown_transcripts(own)
    admin = records.authenticate("admin", PASSWORD)
    assert html == transcript_html(records.transcript(admin, "stu-ana"))
    assert [b.label for b in own.download_button] == ["Download the mastery transcript (PDF)"]
    other = print_view(records, "fam.reyes", "stu-bo")
    assert shown_transcripts(other) == []
    assert [rendered(e.value) for e in other.error] == [REFUSED]
    refused = [
        (e.user_id, e.student_id, e.allowed)
        for e in records.audit_log(admin, limit=50)
        if e.action == "view_record" and e.user_id == "fam.reyes" and not e.allowed
    ]
    assert refused == [("fam.reyes", "stu-bo", False)]


def test_without_a_student_the_view_offers_the_accounts_own(records: Records):
    advisor = print_view(records, "adv.lee", None)
    assert [s.label for s in advisor.selectbox] == ["Student"]
    assert advisor.selectbox[0].options == ["Ana Reyes", "Bo Lindqvist"]
    assert "Mastery transcript: Ana Reyes" in shown_transcripts(advisor)[0]


LINK_TO_ANA = '<a href="transcript?student=stu-ana">Mastery transcript: print view</a>'


def links(app: AppTest) -> list[str]:
    return [h.value for h in app.html if "Mastery transcript: print view" in h.value]


@pytest.mark.parametrize(("username", "link"), [("ana", LINK_TO_ANA), ("fam.reyes", LINK_TO_ANA)])
def test_the_students_and_familys_pages_link_to_the_print_view(records: Records, username, link):
    assert links(open_app(records, username)) == [link]


def test_the_advisors_and_staffs_pages_link_to_the_print_view(records: Records):
    advisor = open_app(records, "adv.lee")
    assert links(advisor) == []  # no student open yet
    next(s for s in advisor.selectbox if s.label == "Open a student").select("stu-ana").run()
    assert links(advisor) == [LINK_TO_ANA]
    assert links(open_app(records, "admin")) == ['<a href="transcript">Mastery transcript: print view</a>']


def test_the_print_view_is_the_pdfs_content_in_its_order_and_prints_only_the_transcript(records: Records):
    admin = records.authenticate("admin", PASSWORD)
    data = records.transcript(admin, "stu-ana").model_copy(update={"student_name": "Ana <b>Reyes</b> & Co"})
    html = transcript_html(data)
    texts = [b.text for b in transcript_blocks(data) if b.text]
    at = 0
    for text in texts:  # each in turn, after the one before
        found = html.find(escape(text), at)
        assert found > -1, text
        at = found + 1
    assert "<b>" not in html and "<h1>Mastery transcript: Ana &lt;b&gt;Reyes&lt;/b&gt; &amp; Co</h1>" in html
    assert "@media print" in html and ".transcript hr.page-break { break-before: page;" in html
    assert '[data-testid="stSidebar"]' in PRINT_ONLY_THE_TRANSCRIPT
    assert ".st-key-transcript-controls" in PRINT_ONLY_THE_TRANSCRIPT
