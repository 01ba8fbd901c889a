"""The chat drives the personal plan (issue #12): a new interest or career goal told in the chat is kept
in the student's words, the matcher scores the catalog again, the solver re-plans, and the reply says
what changed. A tiny catalog where one requirement has two covers of equal hours: interest decides."""

from __future__ import annotations

from functools import cache

from test_dialogue_world import sam, shared_nlu, starts, world

from chat.dialogue import ChatSession
from chat.dialogue_engine import ChatEngine
from core.schema import Catalog, Competency, Opportunity
from core.settings import Settings
from matcher import Matcher, default_model


@cache
def choice_world() -> Catalog:
    """The dialogue world plus an elective requirement met by either of two 4-hour items."""
    base = world()
    elective = Competency(
        id="ELEC-1", code="ELEC-1", statement="Lead a hands-on project.", subject="cte", framework="T"
    )
    animals = Opportunity(
        id="CTE-ANIMAL", title="Animal Science", kind="course", competencies=["ELEC-1"], hours_per_week=4,
        seasons=["fall", "spring"],
        description="Care for and study farm animals, pets and wildlife: feeding, handling, health checks. "
        "The first step toward veterinary work.",
    )  # fmt: skip
    green = Opportunity(
        id="AS-GREENTEAM", title="Green Team", kind="after_school", competencies=["ELEC-1"], hours_per_week=4,
        seasons=["fall", "spring"],
        description="Run the school's recycling and composting program and campaign for a greener campus.",
    )  # fmt: skip
    requirement = base.requirement_sets[0]
    required = requirement.model_copy(update={"required": [*requirement.required, "ELEC-1"]})
    return base.model_copy(
        update={
            "competencies": [*base.competencies, elective],
            "opportunities": [*base.opportunities, animals, green],
            "requirement_sets": [required],
        }
    )


@cache
def engine() -> ChatEngine:
    catalog = choice_world()
    matcher = Matcher.from_catalog(catalog, default_model())
    return ChatEngine(catalog, shared_nlu(), matcher, settings=Settings(solver_workers=1, llm_url=""))


def test_a_new_interest_told_in_the_chat_switches_the_plan_and_says_so() -> None:
    session = ChatSession.start(engine(), sam(interests="recycling and composting", career_goals=""))
    session.opening()
    first = {
        "AS-GREENTEAM": "2027-SP", "MATH-ALG": "2026-FA", "SCI-CHEM": "2026-FA", "ENG-10": "2027-SP", "SCI-BIO": "2026-FA",
    }  # fmt: skip
    assert starts(session.state.plan) == first
    reply = session.reply("I love animals and might want to be a vet")
    student = session.state.wishes.student
    assert (student.interests, student.career_goals) == ("recycling and composting; animals", "vet")
    # A new interest makes the plan again from the current one with a light stability rule: Animal
    # Science and the Animal Hospital Internship (the two steps of the matcher's inferred Animals
    # pathway) come in, Animal Science takes Green Team's place, and only Algebra II moves (to make room
    # in Fall 2026); without the hint, an equally good arrangement moved English 10 and Chemistry too.
    assert starts(reply.plan) == {
        "CTE-ANIMAL": "2026-FA", "SCI-BIO": "2026-FA", "SCI-CHEM": "2026-FA", "ENG-10": "2027-SP", "INT-VET": "2027-SP",
        "MATH-ALG": "2027-SP",
    }  # fmt: skip
    assert reply.text.splitlines()[:10] == [
        "Got it: you're into animals.",
        "Got it: your goal is vet.",
        "What changed:",
        "Added Animal Science (Fall 2026) and Animal Hospital Internship (Spring 2027).",
        "Removed Green Team (Spring 2027).",
        "Moved Algebra II from Fall 2026 to Spring 2027.",
        "What Green Team earned now comes from Animal Science.",
        "You said “animals”: Animal Science (Fall 2026) builds on that. It is step 1 of 2 of your Animals "
        "pathway. It counts toward 1 CTE requirement you still need, and it is the lightest way (fewest hours) "
        "to meet it.",
        "You said “animals”: Animal Hospital Internship (Spring 2027) builds on that. It is step 2 of 2 of your "
        "Animals pathway, its capstone.",
        "One more thing: When are you busy during the week (a job, sports, family)?",
    ]
    assert session.state.scores_for == "recycling and composting; animals\nvet"
