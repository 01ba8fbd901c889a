"""Students for a generated district (benchmarks/district_gen.py): a seeded cohort in grades 9 to 12,
with varied interests, evidence and weekly availability, and course sections with realistic seats.

Each student has demonstrated the first courses of every subject chain that their grade implies (none
in grade 9, one in grade 10, ...), some one fewer (behind: a few on the extended pace, for credit
recovery), likes two or three subjects (interest scores from them, with noise), and is busy at a few
of the times teenagers are: a job after school or on Saturdays, a sports season, a family evening.
"""

from __future__ import annotations

import datetime as dt
import random

from district_gen import COURSES, District, generate_district

from core.schema import Catalog, Evidence, Mode, OpportunityKind, Pace, Season, Student, TimeBlock

SECTION_SEATS = (24, 28, 32)
"""Seats of an in-person course section, per start term."""

BUSY = [
    [TimeBlock(day="Tue", start="15:00", end="18:00", label="job")],
    [TimeBlock(day="Sat", start="09:00", end="17:00", label="job")],
    [TimeBlock(day=d, start="15:30", end="17:30", label="practice") for d in ("Mon", "Wed", "Thu")],
    [TimeBlock(day="Fri", start="16:00", end="21:00", label="family")],
    [],
    [],
]


DISTRICT_STUDENTS = 2000
"""The cohort the seats are sized for: a smaller cohort gets proportionally fewer seats, so that a
development run meets the same contention as the district run."""


def with_section_seats(catalog: Catalog, seed: int, scale: float = 1.0) -> Catalog:
    """The catalog with a seat limit on every in-person course section (online courses keep none),
    every limit (the ELOs' too) scaled by ``scale`` (at least one seat where there was one)."""
    rng = random.Random(seed)

    def scaled(seats: int | None) -> int | None:
        return None if seats is None else (0 if seats == 0 else max(1, round(seats * scale)))

    opportunities = [
        o.model_copy(
            update={
                "seats": scaled(rng.choice(SECTION_SEATS) if o.kind == OpportunityKind.COURSE else o.seats)
            }
        )
        for o in catalog.opportunities
    ]
    return catalog.model_copy(update={"opportunities": opportunities})


def generate_cohort(
    seed: int, n_students: int, n_opportunities: int = 1000, seats_for: int | None = None
) -> tuple[Catalog, list[Student], dict[str, dict[str, float]]]:
    """A district (12 terms from Fall 2026, so a ninth grader graduates in it) and ``n_students``
    students with their interest scores; the same seed gives the same cohort. Seats are sized for
    ``DISTRICT_STUDENTS`` and scaled to ``seats_for`` students (default: the cohort)."""
    district: District = generate_district(seed, n_opportunities=n_opportunities, n_terms=12)
    scale = min(1.0, (seats_for or n_students) / DISTRICT_STUDENTS)
    catalog = with_section_seats(district.catalog, seed, scale)
    assert catalog.calendar is not None
    springs = [t for t in catalog.calendar.terms if t.season == Season.SPRING]
    chains: dict[str, list[list[str]]] = {}
    for comp in catalog.competencies:
        course = int(comp.id.split("-")[1]) - 1
        chain = chains.setdefault(comp.subject, [])
        while len(chain) <= course:
            chain.append([])
        chain[course].append(comp.id)
    rng = random.Random(seed * 7919 + n_students)
    students, scores = [], {}
    for n in range(n_students):
        grade = 9 + n % 4
        behind = rng.random() < 0.1
        years_done = max(0, grade - 9 - (1 if behind else 0))
        done = [
            c
            for chain in chains.values()
            for course in chain[: min(years_done, len(chain) - 1)]
            for c in course
        ]
        student = Student(
            id=f"gen-{n:05d}",
            name=f"Student {n}",
            grade=grade,
            target_graduation_term=springs[12 - grade].id,
            requirement_set="gen-diploma",
            unavailable=[b for _ in range(rng.choice([0, 1, 2])) for b in rng.choice(BUSY)],
            max_hours_per_week=rng.choice([25, 30, 35]),
            pace=Pace.EXTENDED if behind and rng.random() < 0.5 else Pace.STANDARD,
            allowed_modes=list(Mode) if rng.random() < 0.9 else [Mode.IN_PERSON, Mode.HYBRID],
            evidence=[Evidence(competency=c, date=dt.date(2026, 6, 1), source="earlier years") for c in done],
        )
        students.append(student)
        liked = rng.sample(list(COURSES), rng.choice([2, 3]))
        prefixes = tuple(s[:3].upper() for s in liked)
        scores[student.id] = {
            o.id: round(
                min(
                    1.0,
                    0.5 * sum(c.startswith(prefixes) for c in o.competencies) / len(o.competencies)
                    + rng.uniform(0, 0.5),
                ),
                2,
            )
            for o in catalog.opportunities
        }
    return catalog, students, scores
