"""The conversation with the chat, kept with the plan's record: who reads and writes it, in order,
audited with counts and never with the words."""

from __future__ import annotations

import datetime as dt

import pytest

from core.store import Store
from records.chat import MAX_CHAT_MESSAGE_LENGTH, ChatError, Speaker
from records.errors import AccessDenied
from records.service import Records

T0 = dt.datetime(2026, 12, 3, 14, 0)


def _said(records: Records, user, student: str) -> list[tuple[str, int, str, str]]:
    return [(m.speaker.value, m.seq, m.author_id, m.body) for m in records.conversation(user, student)]


def test_the_conversation_is_kept_in_order_across_sessions(records_db, users):
    first = Records(records_db, clock=lambda: T0)
    first.add_chat_turn(users["ana"], "stu-ana", None, "Hi Ana! Here is a first plan.")
    first.add_chat_turn(users["ana"], "stu-ana", "drop the trip", "Dropped the trip.")
    later = Records(records_db)  # a new sign-in: a new service, the same file
    assert _said(later, users["ana"], "stu-ana") == [
        ("assistant", 1, "ana", "Hi Ana! Here is a first plan."),
        ("student", 2, "ana", "drop the trip"),
        ("assistant", 3, "ana", "Dropped the trip."),
    ]
    assert [m.said_at for m in later.conversation(users["ana"], "stu-ana")] == [T0.replace(tzinfo=dt.UTC)] * 3
    assert later.conversation(users["bo"], "stu-bo") == []


def test_the_advisor_reads_it_and_the_family_does_not(records, users):
    records.add_chat_turn(users["ana"], "stu-ana", "i work saturdays", "Noted: busy on Saturday.")
    assert _said(records, users["adv.lee"], "stu-ana") == [
        ("student", 1, "ana", "i work saturdays"),
        ("assistant", 2, "ana", "Noted: busy on Saturday."),
    ]
    with pytest.raises(AccessDenied, match=r"^not allowed: fam.reyes \(family\) may not view chat$"):
        records.conversation(users["fam.reyes"], "stu-ana")
    with pytest.raises(AccessDenied, match=r"may view chat only for their own students$"):
        records.conversation(users["adv.kim"], "stu-ana")
    with pytest.raises(AccessDenied, match=r"^not allowed: adv.lee \(advisor\) may not chat$"):
        records.add_chat_turn(users["adv.lee"], "stu-ana", "hello", "Hi!")
    with pytest.raises(AccessDenied, match=r"may chat only for their own students$"):
        records.add_chat_turn(users["bo"], "stu-ana", "hello", "Hi!")
    assert len(records.conversation(users["ana"], "stu-ana")) == 2


def test_every_read_and_write_is_audited_without_the_words(records_db, records, users):
    records.add_chat_turn(users["ana"], "stu-ana", "i love horses", "Noted: horses.")
    records.conversation(users["adv.lee"], "stu-ana")
    with pytest.raises(AccessDenied):
        records.conversation(users["fam.reyes"], "stu-ana")
    store = Store.open(records_db)
    try:
        rows = (
            store.cursor()
            .execute(
                "SELECT user_id, action, student_id, allowed, detail FROM audit_log ORDER BY id DESC LIMIT 3"
            )
            .fetchall()
        )
    finally:
        store.close()
    assert rows == [
        ("fam.reyes", "view_chat", "stu-ana", False, ""),
        ("adv.lee", "view_chat", "stu-ana", True, "2 messages"),
        ("ana", "chat", "stu-ana", True, "messages 1-2"),
    ]


def test_an_empty_or_too_long_message_keeps_nothing_of_the_turn(records, users):
    with pytest.raises(ChatError, match=r"^chat message 2 of 2 is empty$"):
        records.add_chat_turn(users["ana"], "stu-ana", "hello", "   ")
    too_long = "x" * (MAX_CHAT_MESSAGE_LENGTH + 1)
    with pytest.raises(
        ChatError, match=r"^chat message 1 of 2 has 20001 characters; at most 20000 are kept$"
    ):
        records.add_chat_turn(users["ana"], "stu-ana", too_long, "Hi!")
    assert records.conversation(users["ana"], "stu-ana") == []
    assert Speaker.STUDENT.value == "student"


def test_what_the_student_tells_the_chat_about_interests_is_kept_and_nothing_else(records, users):
    before = records.student(users["adv.lee"], "stu-ana")
    kept = records.tell_interests(users["ana"], "stu-ana", "animals; not math", "veterinarian")
    after = records.student(users["adv.lee"], "stu-ana")
    assert (after.interests, after.career_goals) == ("animals; not math", "veterinarian")
    assert kept == after
    assert after.model_dump(exclude={"interests", "career_goals"}) == before.model_dump(
        exclude={"interests", "career_goals"}
    )
    with pytest.raises(AccessDenied, match=r"^not allowed: fam.reyes \(family\) may not chat$"):
        records.tell_interests(users["fam.reyes"], "stu-ana", "nothing", "")
    assert records.student(users["ana"], "stu-ana").interests == "animals; not math"
