"""The small world of the dialogue tests (no tests here): a catalog written in code, its student, and
engines built once per test process (the model is loaded once, by matcher's cache).

The world: four required competencies (biology, chemistry, English, algebra), each earned by a school
course or by a heavier online course; two internships, a trip and a club that earn nothing required.
Sam (grade 10, graduating in Spring 2027, 20 hours a week) has no busy times. The solver runs with
one worker, so every plan is the same on every run, and every optimum below is unique.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from chat import NLU
from chat.dialogue import ChatSession
from chat.dialogue_engine import ChatEngine
from core.schema import (
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
from core.settings import Settings
from matcher import Matcher, default_model
from planner.diff import ItemChange
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


@cache
def shared_nlu() -> NLU:
    return NLU(default_model()[1])


@cache
def plain_engine() -> ChatEngine:
    """No matcher: plans depend on the solver's rules alone, so they are exact."""
    return ChatEngine(world(), shared_nlu(), settings=Settings(solver_workers=1, llm_url=""))


@cache
def matcher_engine() -> ChatEngine:
    """With the matcher over the same world: the plan weighs what the student says they like."""
    catalog = world()
    matcher = Matcher.from_catalog(catalog, default_model())
    return ChatEngine(catalog, shared_nlu(), matcher, settings=Settings(solver_workers=1, llm_url=""))


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


TERM_IDS = {name: ident for ident, name, *_ in TERMS}


def change(opportunity: str, title: str, before: str | None = None, after: str | None = None) -> ItemChange:
    """An item change between the tiny district's terms, named as the student reads them."""
    return ItemChange(
        opportunity=opportunity,
        title=title,
        before=before,
        after=after,
        before_term=TERM_IDS[before] if before else None,
        after_term=TERM_IDS[after] if after else None,
    )
