"""Scripted conversations on the small world of ``test_dialogue_world``, with the real model and the
real solver: exact plans before and after each turn (opening, editing in words, undo, impossible
requests, nonsense)."""

from __future__ import annotations

import pytest
from test_dialogue_world import (
    FIRST_PLAN,
    block,
    change,
    meeting_days,
    plain_engine,
    sam,
    starts,
    talk,
)

from chat.dialogue import ChatSession
from chat.dialogue_engine import ChatEngine
from chat.replies import default_wording
from planner.diff import PlanDiff
from planner.domain import PlanStatus


@pytest.fixture
def engine() -> ChatEngine:
    return plain_engine()


# --- opening -------------------------------------------------------------------------------------


def test_opening_greets_reads_the_record_and_proposes_a_plan(engine: ChatEngine) -> None:
    session = ChatSession.start(engine, sam())
    reply = session.opening()
    assert starts(reply.plan) == FIRST_PLAN
    assert reply.text.splitlines()[:5] == [
        "Hi Sam!",
        'Here is what I know about you: you\'re into "biology labs", your goal is "lab technician", you can '
        "give up to 20 hours a week and you're on the standard pace, graduating by Spring 2027.",
        "Here is a first plan. It covers the 4 competencies you still need, by Spring 2027:",
        "- Fall 2026, 8 hours a week: Biology (4 h), Chemistry (4 h)",
        "- Spring 2027, 7.5 hours a week: English 10 (4.5 h), Algebra II (3 h)",
    ]
    # The record leaves busy times unknown: the chat asks about them (and nothing the record says).
    assert reply.text.splitlines()[-1] == (
        "One more thing: When are you busy during the week (a job, sports, family)?"
    )
    assert session.state.asked == ["busy"]


# --- editing in words ---------------------------------------------------------------------------


def test_after_i_cant_do_tuesdays_nothing_meets_on_tuesday(engine: ChatEngine) -> None:
    session = talk(engine)
    reply = session.reply("I can't do Tuesdays")
    assert starts(reply.plan) == {
        "ONL-BIO": "2026-FA",
        "SCI-CHEM": "2026-FA",
        "ENG-10": "2027-SP",
        "ONL-MATH": "2027-SP",
    }
    assert "Tue" not in meeting_days(reply.plan)
    assert reply.diff == PlanDiff(
        added=[
            change("ONL-BIO", "Biology Online", after="Fall 2026"),
            change("ONL-MATH", "Algebra II Online", after="Spring 2027"),
        ],
        removed=[
            change("SCI-BIO", "Biology", before="Fall 2026"),
            change("MATH-ALG", "Algebra II", before="Spring 2027"),
        ],
        status_before=PlanStatus.OPTIMAL,
        status_after=PlanStatus.OPTIMAL,
    )
    lines = reply.text.splitlines()
    assert lines[:6] == [
        "Got it: you're busy on Tuesdays.",
        "What changed:",
        "Added Biology Online (Fall 2026) and Algebra II Online (Spring 2027).",
        "Removed Biology (Fall 2026) and Algebra II (Spring 2027).",
        "Biology is out because it meets Tue 08:00-10:00.",
        "Algebra II is out because it meets Tue 10:30-12:00.",
    ]
    # Why the new items are there: the solver's own reasons, word for word.
    assert lines[6:8] == [reply.plan.item("ONL-BIO").why, reply.plan.item("ONL-MATH").why]  # type: ignore[union-attr]
    # Still onboarding: the next thing the record does not say, asked once.
    assert lines[8:] == ["One more thing: Do you want to finish early, on time, or take it slower?"]
    assert session.state.wishes.student.unavailable == [block("Tue 00:00-24:00")]


def test_a_kept_item_stays_through_later_edits(engine: ChatEngine) -> None:
    session = talk(engine)
    reply = session.reply("keep the biotech internship no matter what")
    assert reply.text.splitlines()[0] == "I'll keep Biotech Lab Internship in your plan no matter what."
    assert starts(reply.plan) == {**FIRST_PLAN, "INT-BIOTECH": "2026-FA"}
    assert reply.plan.item("INT-BIOTECH").locked  # type: ignore[union-attr]
    reply = session.reply("I can't do Tuesdays")
    assert starts(reply.plan) == {
        "INT-BIOTECH": "2026-FA",
        "ONL-MATH": "2026-FA",
        "SCI-CHEM": "2026-FA",
        "ENG-10": "2027-SP",
        "ONL-BIO": "2027-SP",
    }
    reply = session.reply("drop chemistry")
    assert starts(reply.plan) == {
        "INT-BIOTECH": "2026-FA",
        "ONL-MATH": "2026-FA",
        "ONL-CHEM": "2026-FA",
        "ENG-10": "2027-SP",
        "ONL-BIO": "2027-SP",
    }
    assert [lock.opportunity for lock in session.state.wishes.edits.locks] == ["INT-BIOTECH"]


def test_undo_restores_the_previous_plan_exactly(engine: ChatEngine) -> None:
    session = talk(engine)
    first = session.state.plan
    session.reply("keep the biotech internship")
    kept = session.state.plan
    kept_wishes = session.state.wishes
    session.reply("I can't do Tuesdays")
    reply = session.reply("undo that")
    assert reply.plan == kept
    assert session.state.wishes == kept_wishes
    assert reply.text.splitlines()[0] == (
        "Undone (you're busy on Tuesdays). Your plan is back to the version before."
    )
    assert session.reply("undo").plan == first
    # The first plan is where the conversation starts: undo never takes the student back to no plan.
    last = session.reply("undo")
    assert (last.text, last.plan, last.diff) == ("There's nothing to undo yet.", first, None)
    assert session.reply("undo").text == "There's nothing to undo yet."


def test_an_impossible_request_names_the_conflicting_wishes_and_offers_relaxations(
    engine: ChatEngine,
) -> None:
    session = talk(engine)
    session.reply("keep the biotech internship")
    before = session.state.model_copy(deep=True)
    reply = session.reply("I can't do Mondays anymore")
    assert reply.text.splitlines() == [
        'I can\'t make a plan with that. Your wishes "no Mondays" and "take Biotech Lab Internship" cannot all '
        "hold together. Biotech Lab Internship meets Mon 15:30-18:30. Relax one of them to get a plan.",
        "You could:",
        '1. stop insisting that you "take Biotech Lab Internship"',
        "Which one? Or say no to keep your plan as it is.",
    ]
    # Nothing was applied: the plan and the wishes are the ones before the request.
    assert (session.state.plan, session.state.wishes) == (before.plan, before.wishes)
    # Giving up "no Mondays" is not offered: it is what saying no does.
    assert [c.value for c in reply.choices] == ["lock:INT-BIOTECH"]
    reply = session.reply("the first one")
    assert reply.text.splitlines()[0] == 'OK: I\'ll stop insisting that you "take Biotech Lab Internship".'
    assert "Mon" not in meeting_days(reply.plan)
    assert "INT-BIOTECH" not in starts(reply.plan)
    assert session.state.wishes.edits.locks == []


def test_saying_no_to_the_relaxations_keeps_the_plan(engine: ChatEngine) -> None:
    session = talk(engine)
    session.reply("keep the biotech internship")
    kept = session.state.plan
    session.reply("I can't do Mondays anymore")
    reply = session.reply("no")
    assert reply.text == "OK, I didn't change anything."
    assert session.state.plan == kept
    assert session.state.pending is None


@pytest.mark.parametrize(
    "message", ["asdfghjkl", "tell me a joke", "what's the weather like", "<b>lol</b> ???", "🙃🙃🙃"]
)
def test_nonsense_gets_a_helpful_reply_and_changes_nothing(engine: ChatEngine, message: str) -> None:
    session = talk(engine)
    before = session.state.model_copy(deep=True)
    reply = session.reply(message)
    assert reply.text in (default_wording().say("off_topic"), default_wording().say("empty"))
    assert reply.plan == before.plan
    assert (session.state.wishes, session.state.history) == (before.wishes, before.history)


def test_dropping_a_kept_item_asks_first(engine: ChatEngine) -> None:
    session = talk(engine)
    session.reply("keep the biotech internship")
    kept = session.state.plan
    reply = session.reply("drop the biotech internship")
    assert reply.confirm
    assert reply.text == "You asked me to keep Biotech Lab Internship no matter what. Drop it anyway?"
    assert session.reply("nope").text == "OK, I didn't change anything."
    assert session.state.plan == kept
    session.reply("drop the biotech internship")
    reply = session.reply("yes")
    assert reply.text.splitlines()[:3] == [
        "Done: you no longer insist on Biotech Lab Internship and you leave out Biotech Lab Internship.",
        "What changed:",
        "Removed Biotech Lab Internship (Fall 2026).",
    ]
    assert starts(reply.plan) == FIRST_PLAN
    assert session.state.wishes.edits.exclusions == ["INT-BIOTECH"]


def test_swap_for_something_online_brings_in_the_online_version(engine: ChatEngine) -> None:
    session = talk(engine)
    reply = session.reply("swap chemistry for something online")
    assert starts(reply.plan) == {
        **{k: v for k, v in FIRST_PLAN.items() if k != "SCI-CHEM"},
        "ONL-CHEM": "2026-FA",
    }
    assert reply.text.splitlines()[:2] == [
        "I took Chemistry out.",
        "I put in Chemistry Online instead and will keep it.",
    ]
    assert (
        [lk.opportunity for lk in session.state.wishes.edits.locks],
        session.state.wishes.edits.exclusions,
    ) == (
        ["ONL-CHEM"],
        ["SCI-CHEM"],
    )


def test_why_uses_the_solvers_reasons(engine: ChatEngine) -> None:
    session = talk(engine)
    reply = session.reply("why is Chemistry in my plan?")
    assert reply.text == session.state.plan.item("SCI-CHEM").why  # type: ignore[union-attr]
    assert reply.text.startswith("Chemistry (Fall 2026) is in your plan because")
    reply = session.reply("why isn't the robotics club in my plan?")
    assert reply.text == "Robotics Club is not in your plan.\nIt earns nothing you still need."
    assert reply.plan == session.state.plan


def test_what_if_previews_without_committing_and_yes_commits_that_plan(engine: ChatEngine) -> None:
    session = talk(engine)
    first = session.state.plan
    reply = session.reply("what if I graduate a semester early?")
    assert reply.confirm
    assert reply.plan == first
    assert starts(reply.preview) == {k: "2026-FA" for k in FIRST_PLAN}
    assert reply.text.splitlines()[:2] == [
        "If you graduate by Fall 2026, your plan would change like this (nothing is saved yet):",
        "Moved English 10 from Spring 2027 to Fall 2026 and Algebra II from Spring 2027 to Fall 2026.",
    ]
    assert session.state.wishes.student.target_graduation_term == "2027-SP"
    committed = session.reply("yes")
    assert committed.plan == reply.preview
    assert session.state.wishes.student.target_graduation_term == "2026-FA"


def test_what_do_i_still_need(engine: ChatEngine) -> None:
    session = talk(engine)
    reply = session.reply("what do I still need?")
    assert reply.text.splitlines() == [
        "You still need 4 competencies: english 1, mathematics 1 and science 2.",
        "Your plan covers all of them.",
    ]
    reply = session.reply("what do I still need in science?")
    assert reply.text == "In science you still need: BIO-1, through Biology; CHEM-1, through Chemistry."


def test_an_unclear_item_gets_a_question_with_choices(engine: ChatEngine) -> None:
    session = talk(engine)
    reply = session.reply("add the internship")
    assert reply.text == "Which one do you mean: Biotech Lab Internship or Animal Hospital Internship?"
    assert [(c.value, c.label) for c in reply.choices] == [
        ("INT-BIOTECH", "Biotech Lab Internship"),
        ("INT-VET", "Animal Hospital Internship"),
    ]
    assert session.state.history == []  # nothing changed yet (the first plan is not undone)
    reply = session.reply("the animal hospital one")
    assert reply.text.splitlines()[0] == "I'll keep Animal Hospital Internship in your plan no matter what."
    assert "INT-VET" in starts(reply.plan)


def test_drop_it_means_the_item_talked_about_last(engine: ChatEngine) -> None:
    session = talk(engine)
    session.reply("why is Algebra II in my plan?")
    reply = session.reply("drop it")
    assert reply.text.splitlines()[0] == "I took Algebra II out and will keep it out."
    assert "MATH-ALG" not in starts(reply.plan) and "ONL-MATH" in starts(reply.plan)
