"""The plan's life through the service: versions, states, restore, comments, what changed."""

from __future__ import annotations

import datetime as dt

import pytest
from recordkit import make_plan

from core.errors import NotFoundError
from planner.domain import Lock, PlanStatus
from planner.edits import PlanEdits
from records.errors import PlanStateError
from records.plans import PlanAction, PlanState
from records.service import Records

BIO_SPRING = [("BIO-1", "2027-SP"), ("ALG-ONLINE", "2027-SP")]
MOVED = [("BIO-1", "2027-FA"), ("ALG-ONLINE", "2027-SP"), ("INT-BIOTECH", "2027-SU")]


def test_a_plan_goes_from_draft_to_acknowledged(records, users):
    first = records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", BIO_SPRING), based_on=0)
    assert (first.version, first.state, first.action) == (1, PlanState.DRAFT, PlanAction.EDIT)
    assert first.summary == "first plan (2 items, optimal)"
    proposed = records.propose(users["ana"], "stu-ana", based_on=1)
    approved = records.approve(users["adv.lee"], "stu-ana", based_on=2)
    acknowledged = records.acknowledge(users["fam.reyes"], "stu-ana", based_on=3)
    assert [v.state for v in (proposed, approved, acknowledged)] == [
        PlanState.PROPOSED,
        PlanState.APPROVED,
        PlanState.ACKNOWLEDGED,
    ]
    assert acknowledged.summary == "acknowledged by Marta Reyes"
    assert acknowledged.plan == first.plan
    history = records.history(users["fam.reyes"], "stu-ana")
    assert [(v.version, v.state.value, v.author_id) for v in history] == [
        (4, "acknowledged", "fam.reyes"),
        (3, "approved", "adv.lee"),
        (2, "proposed", "ana"),
        (1, "draft", "ana"),
    ]


def test_an_edit_after_approval_starts_a_new_draft_and_keeps_the_approved_version(records, users):
    records.save_plan(users["adv.lee"], "stu-ana", make_plan("stu-ana", BIO_SPRING), based_on=0)
    records.propose(users["adv.lee"], "stu-ana", based_on=1)
    records.approve(users["adv.lee"], "stu-ana", based_on=2)
    edits = PlanEdits(locks=[Lock(opportunity="INT-BIOTECH", term="2027-SU")], exclusions=["BIO-1"])
    draft = records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", MOVED), based_on=3, edits=edits)
    assert (draft.version, draft.state) == (4, PlanState.DRAFT)
    assert draft.summary == (
        "added Biotech Lab Internship (2027-SU); moved Biology from 2027-SP to 2027-FA; "
        "locked INT-BIOTECH; excluded BIO-1"
    )
    assert records.plan_version(users["ana"], "stu-ana", 3).state is PlanState.APPROVED
    assert records.plan(users["fam.reyes"], "stu-ana").state is PlanState.DRAFT


@pytest.mark.parametrize(
    ("steps", "step", "message"),
    [
        ([], "approve", "cannot approve: the plan is draft; only a proposed plan can be"),
        ([], "acknowledge", "cannot acknowledge: the plan is draft; only a approved plan can be"),
        (["propose"], "propose", "cannot propose: the plan is proposed; only a draft plan can be"),
        (
            ["propose", "approve"],
            "approve",
            "cannot approve: the plan is approved; only a proposed plan can be",
        ),
    ],
)
def test_steps_that_do_not_apply_to_the_state_are_refused(records, users, steps, step, message):
    records.save_plan(users["adv.lee"], "stu-ana", make_plan("stu-ana", BIO_SPRING), based_on=0)
    actors = {"propose": "adv.lee", "approve": "adv.lee", "acknowledge": "fam.reyes"}
    for i, done in enumerate(steps, start=1):
        getattr(records, done)(users[actors[done]], "stu-ana", based_on=i)
    with pytest.raises(PlanStateError) as raised:
        getattr(records, step)(users[actors[step]], "stu-ana", based_on=len(steps) + 1)
    assert str(raised.value) == message
    assert records.plan(users["adv.lee"], "stu-ana").version == len(steps) + 1


def test_nothing_to_propose_without_a_plan_and_an_infeasible_plan_is_not_proposed(records, users):
    with pytest.raises(
        PlanStateError, match=r"^cannot propose: there is no plan yet; only a draft plan can be$"
    ):
        records.propose(users["ana"], "stu-ana", based_on=0)
    infeasible = make_plan("stu-ana", [], status=PlanStatus.INFEASIBLE)
    records.save_plan(users["ana"], "stu-ana", infeasible, based_on=0)
    with pytest.raises(PlanStateError) as raised:
        records.propose(users["ana"], "stu-ana", based_on=1)
    assert str(raised.value) == "a plan with status infeasible cannot be proposed: find a feasible plan first"


def test_a_plan_of_another_student_cannot_be_saved_under_this_one(records, users):
    with pytest.raises(PlanStateError) as raised:
        records.save_plan(users["adv.lee"], "stu-ana", make_plan("stu-bo", BIO_SPRING), based_on=0)
    assert str(raised.value) == "this plan is for student stu-bo, not stu-ana"
    assert records.plan(users["adv.lee"], "stu-ana") is None


def test_restore_makes_an_earlier_version_the_current_draft(records, users):
    one = records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", BIO_SPRING), based_on=0)
    records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", MOVED), based_on=1)
    restored = records.restore_version(users["adv.lee"], "stu-ana", 1, based_on=2)
    assert (restored.version, restored.state, restored.restored_from) == (3, PlanState.DRAFT, 1)
    assert restored.summary == "restored version 1"
    assert restored.plan == one.plan
    assert [v.version for v in records.history(users["ana"], "stu-ana")] == [3, 2, 1]
    with pytest.raises(NotFoundError, match=r"^the plan of stu-ana has no version 9$"):
        records.restore_version(users["ana"], "stu-ana", 9, based_on=3)


def test_comments_form_a_thread_per_plan(records_db, users):
    times = iter(dt.datetime(2026, 9, 1, 10, m) for m in range(10))
    records = Records(records_db, clock=lambda: next(times))
    records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", BIO_SPRING), based_on=0)
    records.add_comment(users["fam.reyes"], "stu-ana", "  Is the internship paid?  ")
    records.add_comment(users["adv.lee"], "stu-ana", "No, it earns two science competencies.")
    thread = records.comments(users["ana"], "stu-ana")
    assert [(c.author_name, c.author_role, c.version, c.body) for c in thread] == [
        ("Marta Reyes", "family", 1, "Is the internship paid?"),
        ("Mr. Lee", "advisor", 1, "No, it earns two science competencies."),
    ]
    assert thread[0].written_at == dt.datetime(2026, 9, 1, 10, 1, tzinfo=dt.UTC)
    assert records.comments(users["bo"], "stu-bo") == []


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "a comment cannot be empty"), ("x" * 4001, "a comment has at most 4000 characters")],
)
def test_bad_comments_are_refused(records, users, body, message):
    with pytest.raises(PlanStateError) as raised:
        records.add_comment(users["fam.reyes"], "stu-ana", body)
    assert str(raised.value) == message
    assert records.comments(users["fam.reyes"], "stu-ana") == []


def test_every_version_records_who_and_when(records_db, users):
    at = dt.datetime(2026, 10, 5, 14, 3)
    records = Records(records_db, clock=lambda: at)
    version = records.save_plan(users["adv.lee"], "stu-bo", make_plan("stu-bo", BIO_SPRING), based_on=0)
    assert (version.author_id, version.author_name, version.author_role) == ("adv.lee", "Mr. Lee", "advisor")
    assert version.saved_at == at.replace(tzinfo=dt.UTC)
    assert records.plan(users["bo"], "stu-bo") == version
