"""Conversations on the small world of ``test_dialogue_world``: the onboarding interview, exploring
the catalog, untrusted input, and the serialisable state."""

from __future__ import annotations

import logging

import pytest
from test_dialogue_world import block, matcher_engine, meeting_days, plain_engine, sam, starts, talk

from chat.dialogue import ChatSession
from chat.dialogue_engine import ChatEngine
from chat.dialogue_state import DialogueState, Reply


@pytest.fixture
def engine() -> ChatEngine:
    return plain_engine()


@pytest.fixture
def engine_with_matcher() -> ChatEngine:
    return matcher_engine()


# --- onboarding ---------------------------------------------------------------------------------


def test_onboarding_asks_what_it_does_not_know_and_accepts_several_answers_at_once(
    engine_with_matcher: ChatEngine,
) -> None:
    session = ChatSession.start(
        engine_with_matcher, sam(interests="", career_goals="", max_hours_per_week=30)
    )
    opening = session.opening()
    assert opening.plan is None
    assert opening.text.splitlines() == [
        "Hi Sam!",
        "Tell me a bit about yourself: What are you into (hobbies, subjects, anything)? What would you like to "
        "do after high school, if you have an idea? When are you busy during the week (a job, sports, family)? "
        "You can answer everything in one message.",
    ]
    reply = session.reply("I like horses and drawing, I work Saturdays, and I'd like to finish early")
    student = session.state.wishes.student
    assert (student.interests, student.unavailable, student.pace) == (
        "horses and drawing",
        [block("Sat 00:00-24:00")],
        "accelerated",
    )
    assert reply.text.splitlines()[:4] == [
        "Got it: you're into horses and drawing.",
        "Got it: you're busy on Saturdays.",
        "Got it: the accelerated pace.",
        "Here is a first plan. It covers the 4 competencies you still need, by Spring 2027:",
    ]
    assert reply.plan is not None and "Sat" not in meeting_days(reply.plan)
    # The interest scores came from the matcher, for what Sam said.
    assert session.state.scores_for == "horses and drawing\n"
    # Next: the first topic neither known nor asked (hours), and never interests again.
    assert reply.text.splitlines()[-1] == (
        "One more thing: About how many hours a week can you give to school work?"
    )
    reply = session.reply("like 12")
    assert session.state.wishes.student.max_hours_per_week == 12
    assert reply.text.splitlines()[0] == "Got it: up to 12 hours a week."
    assert session.state.asked == ["interests", "career", "busy", "hours", "mode"]


def test_explore_lists_matches_and_a_number_adds_one(engine_with_matcher: ChatEngine) -> None:
    session = talk(engine_with_matcher)
    reply = session.reply("show me more about robots")
    assert reply.text.splitlines()[0] == 'Here is what fits "robots":'
    assert reply.choices[0].value == "AS-ROBOT"
    assert reply.text.splitlines()[1].startswith(
        "1. Robotics Club (after-school program, in-person, 3 h a week):"
    )
    reply = session.reply("1")
    assert reply.text.splitlines()[0] == "I'll keep Robotics Club in your plan no matter what."
    assert "AS-ROBOT" in starts(reply.plan)


def test_tell_me_about_one_opportunity(engine: ChatEngine) -> None:
    session = talk(engine)
    reply = session.reply("tell me about the biotech lab internship")
    assert reply.text.splitlines() == [
        "Biotech Lab Internship: internship, in-person, 6 hours a week, meets Mon 15:30-18:30 and "
        "Thu 15:30-18:30, starts in fall or spring.",
        "It earns LAB-1 (Work safely in a biotech lab).",
        'It\'s not in your plan; say "add Biotech Lab Internship" to add it.',
    ]


# --- untrusted input, state ---------------------------------------------------------------------


def test_a_too_long_message_is_refused_and_changes_nothing(engine: ChatEngine) -> None:
    session = talk(engine)
    before = session.state.model_copy(deep=True)
    reply = session.reply("drop chemistry " * 200)
    assert (
        reply.text
        == "That message is too long (3,000 characters; the limit is 2,000). Please send it in shorter parts."
    )
    assert (session.state.wishes, session.state.plan) == (before.wishes, before.plan)


def test_messages_are_never_logged(engine: ChatEngine, caplog: pytest.LogCaptureFixture) -> None:
    session = talk(engine)
    with caplog.at_level(logging.DEBUG):
        session.reply("I can't do Tuesdays, my secret-zebra-code job")
        session.reply("tell me a joke about secret-zebra-code")
    assert caplog.records  # the turns were logged...
    assert "zebra" not in caplog.text  # ...without what the student wrote


def test_markup_in_a_message_stays_literal_text(engine: ChatEngine) -> None:
    session = talk(engine)
    before = session.state.model_copy(deep=True)
    reply = session.reply("<script>alert(1)</script> I like **horses**")
    # Nothing is interpreted: the words are kept as they were typed, and only the interests changed.
    assert (
        session.state.wishes.student.interests == "biology labs; <script>alert(1)</script> i like **horses**"
    )
    assert reply.text.splitlines()[0] == "Got it: you're into <script>alert(1)</script> i like **horses**."
    assert session.state.wishes.model_copy(update={"student": before.wishes.student}) == before.wishes


def test_the_state_survives_a_round_trip_through_json(engine: ChatEngine) -> None:
    session = talk(engine)
    session.reply("keep the biotech internship")
    saved = session.state.model_dump(mode="json")
    resumed = ChatSession(engine, DialogueState.model_validate(saved))
    assert resumed.state == session.state
    reply = resumed.reply("undo")
    assert reply.plan == session.state.history[-1].plan
    assert isinstance(reply, Reply)
