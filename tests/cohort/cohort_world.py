"""A tiny district for the cohort tests (imported as ``cohort_world``): four terms, one required
science competency earned by a one-seat internship or an open project, and a few students.

The interest scores make every student want the internship (1.0) over the project (0.0), so the
internship's seat is contested and the seat policy decides who keeps it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cohort.domain import StudentRun
from cohort.run import Cohort
from core.schema import (
    Calendar,
    Catalog,
    Competency,
    Evidence,
    Framework,
    Opportunity,
    PaceLoad,
    RequirementSet,
    Student,
    Term,
)

PASSWORD = "cohort test password"
"""The password of the accounts in the cohort tests' database (tests/cohort/conftest.py)."""

TERMS = [
    ("2026-FA", "Fall 2026", "fall", 2026, dt.date(2026, 8, 24)),
    ("2027-SP", "Spring 2027", "spring", 2026, dt.date(2027, 1, 11)),
    ("2027-FA", "Fall 2027", "fall", 2027, dt.date(2027, 8, 23)),
    ("2028-SP", "Spring 2028", "spring", 2027, dt.date(2028, 1, 10)),
]


def comp(ident: str) -> Competency:
    return Competency(
        id=ident, code=ident, statement=f"Statement of {ident}.", subject="science", framework="T"
    )


def opp(ident: str, title: str, comps: list[str], **fields: Any) -> Opportunity:
    values: dict[str, Any] = {"kind": "course", "hours_per_week": 5, "seasons": ["fall"]}
    values.update(fields)
    return Opportunity(id=ident, title=title, competencies=comps, **values)


def catalog(intern_seats: int = 1, extra: list[Opportunity] | None = None) -> Catalog:
    """SCI-1 is required; INTERN (fall starts, ``intern_seats`` seats) and PROJ (no limit) earn it;
    LAB-1, which only INTERN earns, is required of nobody unless a student's set asks it."""
    opps = [
        opp("INTERN", "Vet clinic internship", ["SCI-1", "LAB-1"], kind="internship", seats=intern_seats),
        opp("PROJ", "Animal care project", ["SCI-1"], kind="project"),
        *(extra or []),
    ]
    loads = {"standard": PaceLoad(min_hours_per_week=0, max_hours_per_week=30)}
    return Catalog(
        frameworks=[Framework(id="T", title="Test standards")],
        competencies=[comp("SCI-1"), comp("LAB-1")],
        opportunities=opps,
        requirement_sets=[
            RequirementSet(id="diploma", name="Diploma", required=["SCI-1"], pace_loads=loads),
            RequirementSet(id="lab", name="Lab diploma", required=["SCI-1", "LAB-1"], pace_loads=loads),
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


def student(ident: str, grade: int = 10, **fields: Any) -> Student:
    values: dict[str, Any] = {
        "name": ident.capitalize(),
        "grade": grade,
        "target_graduation_term": "2026-FA",
        "requirement_set": "diploma",
    }
    values.update(fields)
    return Student(id=ident, **values)


def done(*comps: str) -> list[Evidence]:
    return [Evidence(competency=c, date=dt.date(2026, 6, 1)) for c in comps]


WANTS_INTERN = {"INTERN": 1.0, "PROJ": 0.0}


def cohort(students: list[Student], cat: Catalog | None = None) -> Cohort:
    return Cohort(catalog=cat or catalog(), students=students, scores={s.id: WANTS_INTERN for s in students})


def same_run(run: StudentRun) -> tuple[object, ...]:
    """What must be equal between two runs of the same seed: each student's outcome, plan (items and
    start terms), seats lost, words and reason (solver times differ)."""
    items = [(i.opportunity, i.start_term) for i in run.plan.items()] if run.plan else []
    return (run.student, run.outcome, items, run.lost, run.notes, run.reason, run.backups)


def contested(n_students: int) -> Cohort:
    """Two internship seats (fall) and one shadowing seat a term (fall and spring) for ``n_students``
    students in grades 9 to 12 who all want the internship first, the shadowing second."""
    cat = catalog(
        intern_seats=2,
        extra=[
            opp(
                "SHADOW",
                "Clinic shadowing",
                ["SCI-1"],
                kind="internship",
                seats=1,
                seasons=["fall", "spring"],
            )
        ],
    )
    stus = [student(f"s{n}", grade=9 + n % 4, target_graduation_term="2027-SP") for n in range(n_students)]
    return Cohort(catalog=cat, students=stus, scores={s.id: WANTS_INTERN | {"SHADOW": 0.8} for s in stus})
