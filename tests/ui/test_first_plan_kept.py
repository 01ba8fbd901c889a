"""A student's first plan is kept (chat/opening.py, records/first_plans.py): the next sign-in, or the
first one after `pathways first-plans`, shows the same opening and plan at once, without the chat
engine; a changed profile is never shown the old one."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest
from test_student_page import say
from uikit import PASSWORD, open_app

import ui.chat_panel
from pathways.cli_first_plans import make_openings
from planner.domain import PlanResult
from records.service import Records

BO_OPENING = "Hi Bo!"


def audit_details(records: Records, student_id: str) -> list[str]:
    admin = records.authenticate("admin", PASSWORD)
    return [e.detail for e in reversed(records.audit_log(admin, student_id=student_id)) if e.action == "chat"]


def shown_plan(app: AppTest, student_id: str) -> PlanResult:
    plan = app.session_state[f"workspace:{student_id}"].plan
    assert plan is not None
    return plan


def status_label(app: AppTest) -> str:
    """The first plan's progress box, its seconds as 'N.N'."""
    return re.sub(r"\d+\.\d", "N.N", app.status[0].label)


def without_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused() -> None:
        raise AssertionError("the chat engine was asked for")

    monkeypatch.setattr(ui.chat_panel, "get_chat_engine", refused)


def test_the_next_sign_in_shows_the_kept_first_plan_without_the_engine(records, monkeypatch):
    first = open_app(records, "bo")
    assert audit_details(records, "stu-bo")[:2] == ["no kept first plan for these inputs", "first plan kept"]
    without_engine(monkeypatch)
    again = open_app(records, "bo")  # a new browser session; the plan was never saved
    assert audit_details(records, "stu-bo")[-2] == "kept first plan shown"
    assert shown_plan(again, "stu-bo") == shown_plan(first, "stu-bo")
    assert again.text[-1].value == first.text[-1].value
    assert again.text[-1].value.startswith(BO_OPENING)
    assert (status_label(first), status_label(again)) == (
        "Your first plan took N.N s",
        "Your first plan was ready (N.N s)",
    )
    monkeypatch.undo()  # the conversation goes on from the kept opening as from the live one
    assert say(again, "what do i still need?") == say(first, "what do i still need?")


def test_a_changed_profile_is_not_shown_the_kept_plan(records, monkeypatch):
    open_app(records, "bo")
    bo = records.authenticate("bo", PASSWORD)
    records.tell_interests(bo, "stu-bo", "animals and the outdoors", "")
    again = open_app(records, "bo")
    assert audit_details(records, "stu-bo")[-3:-1] == [
        "no kept first plan for these inputs",
        "first plan kept",
    ]
    assert 'you\'re into "animals and the outdoors"' in again.text[-1].value


def test_first_plans_made_in_advance_are_shown_at_the_first_sign_in(records, monkeypatch):
    admin = records.authenticate("admin", PASSWORD)
    catalog, inputs = records.opening_inputs(admin, ["stu-bo"])
    made, current = make_openings(catalog, inputs, wait=1)
    assert (list(made), current) == (["stu-bo"], 0)
    records.keep_openings(admin, made)
    without_engine(monkeypatch)
    app = open_app(records, "bo")
    assert audit_details(records, "stu-bo")[0] == "kept first plan shown"
    assert shown_plan(app, "stu-bo") == made["stu-bo"][1].state.plan
    assert app.text[-1].value == made["stu-bo"][1].reply.text
    assert make_openings(*records.opening_inputs(admin, ["stu-bo"]), wait=1) == ({}, 1)
    catalog, inputs = records.opening_inputs(admin, ["stu-bo"])
    live, _ = make_openings(catalog, {"stu-bo": inputs["stu-bo"].model_copy(update={"kept": None})}, wait=1)
    again = live["stu-bo"][1].state.plan
    assert again is not None  # made again: the same plan, all but the solver's wall time
    assert again.model_dump(exclude={"solve_time"}) == shown_plan(app, "stu-bo").model_dump(
        exclude={"solve_time"}
    )
    assert live["stu-bo"][1].reply.text == app.text[-1].value
