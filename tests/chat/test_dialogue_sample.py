"""Conversations with the sample district (data/sample) loaded into a temporary DuckDB, with the real
model and solver. Plans here are large, so the tests assert what every plan must satisfy (the
independent checker, the student's wishes, the kept items) rather than whole plans."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_dialogue_world import shared_nlu

from catalog.district import import_district
from chat.dialogue import ChatSession
from chat.dialogue_engine import ChatEngine
from chat.dialogue_state import Reply
from core.settings import PROJECT_ROOT, Settings
from core.store import Store
from planner.checker import check_plan
from planner.domain import PlanResult

SAMPLE = PROJECT_ROOT / "data" / "sample"


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(Path(tmp_path_factory.mktemp("sample")) / "sample.duckdb")
    import_district(store, SAMPLE)
    yield store
    store.close()


@pytest.fixture(scope="session")
def engine(sample_store: Store) -> ChatEngine:
    """Without the matcher (its index would take minutes to build here); plans weigh no interests."""
    return ChatEngine(sample_store.catalog(), shared_nlu(), settings=Settings(llm_url=""))


@pytest.fixture
def maya(engine: ChatEngine, sample_store: Store) -> ChatSession:
    session = ChatSession.start(engine, sample_store.student("stu-maya"))
    session.opening()
    return session


def items(plan: PlanResult | None) -> dict[str, str]:
    assert plan is not None
    return {i.opportunity: i.start_term for i in plan.items()}


def days(plan: PlanResult | None) -> set[str]:
    assert plan is not None
    return {str(m.day) for i in plan.items() for m in i.meetings}


def valid(engine: ChatEngine, session: ChatSession, reply: Reply) -> bool:
    """The reply's plan is the session's, and the independent checker accepts it for the wishes."""
    assert reply.plan is not None and reply.plan == session.state.plan
    request = engine.request(session.state.wishes, session.state.interest_scores)
    assert check_plan(request, reply.plan) == []
    assert set(items(reply.plan)) <= set(engine.opps)  # only catalog opportunities
    return True


def test_maya_opening_is_a_valid_plan_within_her_job(engine: ChatEngine, maya: ChatSession) -> None:
    plan = maya.state.plan
    assert plan is not None
    request = engine.request(maya.state.wishes, {})
    assert check_plan(request, plan) == []
    assert maya.state.wishes.student.unavailable[0].label == "job at Hillside Pharmacy"


def test_after_i_cant_do_tuesdays_nothing_meets_on_a_tuesday(engine: ChatEngine, maya: ChatSession) -> None:
    before = items(maya.state.plan)
    reply = maya.reply("I can't do Tuesdays")
    assert valid(engine, maya, reply)
    assert "Tue" not in days(reply.plan)
    assert reply.diff is not None and reply.diff.removed
    removed = {c.opportunity for c in reply.diff.removed}
    assert removed <= set(before)
    assert reply.text.splitlines()[:2] == ["Got it: you're busy on Tuesdays.", "What changed:"]
    first_removed = engine.opps[reply.diff.removed[0].opportunity]
    assert f"{first_removed.title} is out because it meets Tue" in reply.text


def test_a_kept_internship_stays_through_later_edits(engine: ChatEngine, maya: ChatSession) -> None:
    reply = maya.reply("keep the biotech internship")
    assert reply.text.splitlines()[0] == "I'll keep Biotech Lab Internship in your plan no matter what."
    assert valid(engine, maya, reply) and "INT-BIOTECH" in items(reply.plan)
    reply = maya.reply("I can't do Fridays anymore")
    assert valid(engine, maya, reply) and "INT-BIOTECH" in items(reply.plan)
    assert "Fri" not in days(reply.plan)
    reply = maya.reply("drop the D.C. trip")
    assert valid(engine, maya, reply) and "INT-BIOTECH" in items(reply.plan)
    assert "TRV-DC" not in items(reply.plan)
    assert [lock.opportunity for lock in maya.state.wishes.edits.locks] == ["INT-BIOTECH"]


def test_undo_restores_each_previous_plan_exactly(maya: ChatSession) -> None:
    first = maya.state.plan
    maya.reply("I can't do Fridays anymore")
    second = maya.state.plan
    maya.reply("I can only do 20 hours a week")
    assert maya.state.plan != second
    assert maya.reply("undo").plan == second
    assert maya.reply("undo that").plan == first


def test_an_impossible_request_names_both_wishes(engine: ChatEngine, maya: ChatSession) -> None:
    maya.reply("keep the biotech internship")
    kept = maya.state.plan
    reply = maya.reply("I can't do Mondays")
    assert reply.text.startswith(
        'I can\'t make a plan with that. Your wishes "no Mondays" and "take Biotech Lab Internship" '
        "cannot all hold together."
    )
    assert maya.state.plan == kept and reply.plan == kept
    assert [c.value for c in reply.choices] == ["lock:INT-BIOTECH"]
    reply = maya.reply("1")
    assert valid(engine, maya, reply) and "INT-BIOTECH" not in items(reply.plan)
    assert "Mon" not in days(reply.plan)
    assert [str(b) for b in maya.state.wishes.student.unavailable] == ["Tue 14:00-19:00", "Mon 00:00-24:00"]


@pytest.mark.parametrize("message", ["asdfghjkl", "who won the game last night", "lol ok whatever 🤷"])
def test_nonsense_changes_nothing(maya: ChatSession, message: str) -> None:
    before = maya.state.model_copy(deep=True)
    reply = maya.reply(message)
    assert reply.plan == before.plan
    assert (maya.state.wishes, maya.state.history) == (before.wishes, before.history)
    assert reply.text.startswith("I can only help with your learning plan.") or reply.text.startswith(
        "I didn't catch that."
    )


def test_a_freshman_with_no_interests_is_interviewed_then_gets_a_plan(
    engine: ChatEngine, sample_store: Store
) -> None:
    session = ChatSession.start(engine, sample_store.student("stu-jamal"))
    opening = session.opening()
    assert opening.plan is None and opening.text.startswith("Hi Jamal!\nTell me a bit about yourself:")
    reply = session.reply("i'm into cars and video games, i work saturdays and sundays")
    assert valid(engine, session, reply)
    assert days(reply.plan).isdisjoint({"Sat", "Sun"})
    assert session.state.known[:2] == ["hours", "done"]  # what the record said (25 hours, evidence)...
    assert "interests" in session.state.known  # ...and what he just told
