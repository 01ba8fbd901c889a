"""The chat panel: the conversation is kept with the plan's record, so it is there again at the next
sign-in (without a second opening), and the advisor reads it on the caseload page."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from test_advisor_page import open_student
from test_student_page import OPENING, say
from uikit import open_app

DROPPED = "I took Chemistry Online out and will keep it out."


def conversation(app: AppTest) -> list[tuple[str, str]]:
    return [(m.name, m.children[0].value.splitlines()[0]) for m in app.chat_message]


def test_the_conversation_is_there_again_at_the_next_sign_in(records):
    first = open_app(records, "ana")
    say(first, "drop Chemistry Online")
    again = open_app(records, "ana")  # a new browser session: nothing in st.session_state
    assert conversation(again) == [
        ("assistant", "Hi Ana!"),
        ("user", "drop Chemistry Online"),
        ("assistant", DROPPED),
    ]
    ana = records.authenticate("ana", "correct horse battery")
    kept = records.conversation(ana, "stu-ana")
    assert [(m.speaker.value, m.body) for m in kept][:2] == [
        ("assistant", OPENING),
        ("student", "drop Chemistry Online"),
    ]
    assert kept[2].body.startswith(DROPPED + "\nWhat changed:")


def test_the_advisor_reads_the_conversation(records):
    app = open_app(records, "ana")
    say(app, "drop Chemistry Online")
    advisor = open_student(records, "stu-ana", sections=("chat",))
    assert conversation(advisor) == [
        ("assistant", "Hi Ana!"),
        ("user", "drop Chemistry Online"),
        ("assistant", DROPPED),
    ]
    assert not advisor.chat_input


def test_an_advisor_sees_that_there_is_no_conversation_yet(records):
    advisor = open_student(records, "stu-bo", sections=("chat",))
    assert "No conversation with the chat yet." in [c.value for c in advisor.caption]
