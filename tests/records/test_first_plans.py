"""Kept openings (records/first_plans.py): handed out only for the inputs they were made from, to the
student themselves; made in advance only by district staff, or by the sample district's first setup;
every act audited."""

from __future__ import annotations

import pytest
from recordkit import make_plan

from chat.dialogue import ChatSession
from chat.dialogue_state import Reply
from chat.opening import Opening
from records.errors import AccessDenied, AccountError
from records.service import Records


def opening(records: Records, users, student_id: str, text: str) -> Opening:
    student = records.learner(users["admin"], student_id)
    state = ChatSession.new_state(student)
    state.plan = make_plan(student_id, [("BIO-1", "2027-SP")])
    return Opening(state=state, reply=Reply(text=text, plan=state.plan))


def test_a_kept_opening_is_handed_out_only_for_its_inputs(records, users):
    bo = users["bo"]
    kept = opening(records, users, "stu-bo", "Hi Bo! Here is your first plan.")
    assert records.kept_opening(bo, "stu-bo", "inputs-1") is None
    records.keep_opening(bo, "stu-bo", "inputs-1", kept)
    assert records.kept_opening(bo, "stu-bo", "inputs-1") == kept
    assert records.kept_opening(bo, "stu-bo", "inputs-2") is None
    newer = opening(records, users, "stu-bo", "Hi Bo! Your interests changed.")
    records.keep_opening(bo, "stu-bo", "inputs-2", newer)
    assert records.kept_opening(bo, "stu-bo", "inputs-1") is None
    assert records.kept_opening(bo, "stu-bo", "inputs-2") == newer
    details = [
        (e.user_id, e.action, e.detail)
        for e in reversed(records.audit_log(users["admin"], student_id="stu-bo"))
        if e.action == "chat"
    ]
    assert details == [
        ("bo", "chat", "no kept first plan for these inputs"),
        ("bo", "chat", "first plan kept"),
        ("bo", "chat", "kept first plan shown"),
        ("bo", "chat", "no kept first plan for these inputs"),
        ("bo", "chat", "first plan kept"),
        ("bo", "chat", "no kept first plan for these inputs"),
        ("bo", "chat", "kept first plan shown"),
    ]


@pytest.mark.parametrize("who", ["ana", "fam.lindqvist", "adv.lee", "admin"])
def test_only_the_student_reads_or_keeps_their_opening(records, users, who):
    kept = opening(records, users, "stu-bo", "Hi Bo!")
    records.keep_opening(users["bo"], "stu-bo", "inputs", kept)
    with pytest.raises(AccessDenied):
        records.kept_opening(users[who], "stu-bo", "inputs")
    with pytest.raises(AccessDenied):
        records.keep_opening(users[who], "stu-bo", "inputs", kept)
    assert records.kept_opening(users["bo"], "stu-bo", "inputs") == kept


def test_only_district_staff_make_openings_in_advance(records, users):
    _, inputs = records.opening_inputs(users["admin"], ["stu-bo", "stu-ana"])
    assert sorted(inputs) == ["stu-ana", "stu-bo"]
    assert inputs["stu-bo"].wishes.student == records.learner(users["admin"], "stu-bo")
    assert (inputs["stu-bo"].plan, inputs["stu-bo"].kept) == (None, None)
    kept = opening(records, users, "stu-bo", "Hi Bo!")
    records.keep_openings(users["admin"], {"stu-bo": ("inputs", kept)})
    assert records.opening_inputs(users["admin"], ["stu-bo"])[1]["stu-bo"].kept == "inputs"
    for who in ("bo", "adv.lee"):
        with pytest.raises(AccessDenied):
            records.opening_inputs(users[who])
        with pytest.raises(AccessDenied):
            records.keep_openings(users[who], {"stu-bo": ("other", kept)})
    assert records.kept_opening(users["bo"], "stu-bo", "inputs") == kept


def test_without_an_account_only_the_sample_districts_openings_are_made(records, users):
    with pytest.raises(
        AccountError, match="only the sample district's first plans are made without an account"
    ):
        records.sample_opening_inputs()
    with pytest.raises(AccountError):
        records.keep_sample_openings({"stu-bo": ("inputs", opening(records, users, "stu-bo", "Hi Bo!"))})
    assert records.kept_opening(users["bo"], "stu-bo", "inputs") is None
