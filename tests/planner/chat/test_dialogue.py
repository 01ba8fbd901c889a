"""Scripted conversations on a small catalog written here, with the real model and the real solver:
exact plans before and after each turn.

The world: four required competencies (biology, chemistry, English, algebra), each earned by a school
course or by a heavier online course; two internships, a trip and a club that earn nothing required.
Sam (grade 10, graduating in Spring 2027, 20 hours a week) has no busy times. The solver runs with
one worker, so every plan is the same on every run, and every optimum below is unique.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest

from catalog.matcher import Matcher, default_model
from catalog.schema import (
    Calendar,
    Catalog,
    Competency,
    Framework,
    Opportunity,
    PaceLoad,
    RequirementSet,
    Student,
    Term,
    TimeBlock,
)
from catalog.settings import Settings
from planner.chat import NLU
from planner.chat.dialogue import ChatSession
from planner.chat.dialogue_engine import ChatEngine
from planner.chat.dialogue_state import DialogueState, PlanChange, PlanDiff, Reply
from planner.chat.replies import default_wording
from planner.domain import PlanResult

TERMS = [
    ("2026-FA", "Fall 2026", "fall", 2026, dt.date(2026, 8, 24)),
    ("2027-SP", "Spring 2027", "spring", 2026, dt.date(2027, 1, 11)),
    ("2027-SU", "Summer 2027", "summer", 2026, dt.date(2027, 6, 14)),
    ("2027-FA", "Fall 2027", "fall", 2027, dt.date(2027, 8, 23)),
    ("2028-SP", "Spring 2028", "spring", 2027, dt.date(2028, 1, 10)),
]
ALL_YEAR = ("fall", "spring", "summer")
COMPETENCIES = [
    ("BIO-1", "science", "Explain how cells use DNA to build proteins."),
    ("CHEM-1", "science", "Balance chemical equations and predict products."),
    ("ENG-1", "english", "Write an argument supported by evidence."),
    ("MATH-1", "mathematics", "Solve quadratic equations."),
    ("LAB-1", "cte", "Work safely in a biotech lab."),
    ("VET-1", "cte", "Care for animals in a clinic."),
    ("ECO-1", "science", "Study a rainforest ecosystem in the field."),
    ("ENGR-1", "cte", "Build and program a robot."),
]
REQUIRED = ["BIO-1", "CHEM-1", "ENG-1", "MATH-1"]


def block(text: str) -> TimeBlock:
    """'Tue 08:00-10:00' as a time block."""
    day, span = text.split()
    start, end = span.split("-")
    return TimeBlock(day=day, start=start, end=end)


def opp(
    ident: str, title: str, kind: str, comp: str, hours: float, meets: tuple[str, ...] = (), **extra: Any
) -> Opportunity:
    extra.setdefault("seasons", ["fall", "spring"])
    return Opportunity(
        id=ident,
        title=title,
        kind=kind,
        competencies=[comp],
        hours_per_week=hours,
        meetings=[block(m) for m in meets],
        **extra,
    )


def online(ident: str, title: str, comp: str, hours: float) -> Opportunity:
    return opp(ident, title, "online_course", comp, hours, mode="online", seasons=list(ALL_YEAR))


OPPORTUNITIES = [
    opp("SCI-BIO", "Biology", "course", "BIO-1", 4, ("Tue 08:00-10:00", "Thu 08:00-10:00")),
    online("ONL-BIO", "Biology Online", "BIO-1", 5),
    opp("SCI-CHEM", "Chemistry", "course", "CHEM-1", 4, ("Wed 08:00-10:00", "Fri 08:00-10:00")),
    online("ONL-CHEM", "Chemistry Online", "CHEM-1", 5),
    opp("ENG-10", "English 10", "course", "ENG-1", 4.5, ("Mon 08:00-10:15", "Fri 10:30-12:45")),
    online("ONL-ENG", "English 10 Online", "ENG-1", 5.5),
    opp("MATH-ALG", "Algebra II", "course", "MATH-1", 3, ("Tue 10:30-12:00", "Thu 10:30-12:00")),
    online("ONL-MATH", "Algebra II Online", "MATH-1", 4),
    opp("INT-BIOTECH", "Biotech Lab Internship", "internship", "LAB-1", 6, ("Mon 15:30-18:30", "Thu 15:30-18:30")),
    opp("INT-VET", "Animal Hospital Internship", "internship", "VET-1", 6, ("Wed 15:30-18:30", "Sat 09:00-12:00")),
    opp("TRV-CR", "Costa Rica Rainforest Field Study", "travel", "ECO-1", 10, seasons=["summer"], only_terms=["2027-SU"]),
    opp("AS-ROBOT", "Robotics Club", "after_school", "ENGR-1", 3, ("Sat 10:00-13:00",)),
]  # fmt: skip
FIRST_PLAN = {"SCI-BIO": "2026-FA", "SCI-CHEM": "2026-FA", "ENG-10": "2027-SP", "MATH-ALG": "2027-SP"}


def world() -> Catalog:
    no_minimum = PaceLoad(min_hours_per_week=0, max_hours_per_week=30)
    return Catalog(
        frameworks=[Framework(id="T", title="Test standards")],
        competencies=[
            Competency(id=c, code=c, statement=s, subject=subject, framework="T")
            for c, subject, s in COMPETENCIES
        ],
        opportunities=OPPORTUNITIES,
        requirement_sets=[
            RequirementSet(
                id="diploma",
                name="Test diploma",
                required=REQUIRED,
                pace_loads={"standard": no_minimum, "accelerated": no_minimum},
            )
        ],
        calendar=Calendar(
            terms=[
                Term(id=i, name=n, season=s, school_year=y, start=d, end=d + dt.timedelta(days=60))
                for i, n, s, y, d in TERMS
            ],
            current_school_year=2026,
            first_plannable_term="2026-FA",
        ),
    )


def sam(**fields: Any) -> Student:
    values: dict[str, Any] = {
        "id": "stu-sam",
        "name": "Sam Rivera",
        "grade": 10,
        "target_graduation_term": "2027-SP",
        "requirement_set": "diploma",
        "interests": "biology labs",
        "career_goals": "lab technician",
        "max_hours_per_week": 20,
    }
    values.update(fields)
    return Student(**values)


@pytest.fixture(scope="session")
def nlu() -> NLU:
    """The model is loaded once per test process (catalog.matcher caches it)."""
    return NLU(default_model()[1])


@pytest.fixture(scope="session")
def engine(nlu: NLU) -> ChatEngine:
    """No matcher: plans depend on the solver's rules alone, so they are exact."""
    return ChatEngine(world(), nlu, settings=Settings(solver_workers=1, llm_url=""))


@pytest.fixture(scope="session")
def engine_with_matcher(nlu: NLU) -> ChatEngine:
    catalog = world()
    matcher = Matcher.from_catalog(catalog, default_model())
    return ChatEngine(catalog, nlu, matcher, settings=Settings(solver_workers=1, llm_url=""))


def starts(plan: PlanResult | None) -> dict[str, str]:
    assert plan is not None
    return {i.opportunity: i.start_term for i in plan.items()}


def meeting_days(plan: PlanResult | None) -> set[str]:
    assert plan is not None
    return {str(m.day) for i in plan.items() for m in i.meetings}


def talk(engine: ChatEngine, **student: Any) -> ChatSession:
    session = ChatSession.start(engine, sam(**student))
    session.opening()
    return session


def change(opportunity: str, title: str, before: str | None = None, after: str | None = None) -> PlanChange:
    return PlanChange(opportunity=opportunity, title=title, before=before, after=after)


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
    assert [lock.opportunity for lock in session.state.wishes.locks] == ["INT-BIOTECH"]


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
    assert session.reply("undo").plan is None  # back before the first plan
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
        '1. free up "no Mondays"',
        '2. stop insisting that you "take Biotech Lab Internship"',
        "Which one? Or say no to keep your plan as it is.",
    ]
    # Nothing was applied: the plan and the wishes are the ones before the request.
    assert (session.state.plan, session.state.wishes) == (before.plan, before.wishes)
    assert [c.value for c in reply.choices] == ["unavailable:0", "lock:INT-BIOTECH"]
    reply = session.reply("the second one")
    assert reply.text.splitlines()[0] == 'OK: I\'ll stop insisting that you "take Biotech Lab Internship".'
    assert "Mon" not in meeting_days(reply.plan)
    assert "INT-BIOTECH" not in starts(reply.plan)
    assert session.state.wishes.locks == []


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
        "Done.",
        "What changed:",
        "Removed Biotech Lab Internship (Fall 2026).",
    ]
    assert starts(reply.plan) == FIRST_PLAN
    assert session.state.wishes.exclusions == ["INT-BIOTECH"]


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
    assert ([lk.opportunity for lk in session.state.wishes.locks], session.state.wishes.exclusions) == (
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
    assert len(session.state.history) == 1  # only the first plan: nothing changed yet
    reply = session.reply("the animal hospital one")
    assert reply.text.splitlines()[0] == "I'll keep Animal Hospital Internship in your plan no matter what."
    assert "INT-VET" in starts(reply.plan)


def test_drop_it_means_the_item_talked_about_last(engine: ChatEngine) -> None:
    session = talk(engine)
    session.reply("why is Algebra II in my plan?")
    reply = session.reply("drop it")
    assert reply.text.splitlines()[0] == "I took Algebra II out and will keep it out."
    assert "MATH-ALG" not in starts(reply.plan) and "ONL-MATH" in starts(reply.plan)


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
    assert reply.text.splitlines()[0] == 'Here is what fits "robot":'
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
