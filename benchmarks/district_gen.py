"""A seeded generator of district-scale planning instances, shaped like real catalogs.

Competencies are grouped by subject and course (ten per course); courses of a subject form a chain
(each course's last competency precedes the next course's first, and the next course asks for it as
a prerequisite). Each course is offered as several in-person sections at real meeting times (MWF
50-minute or TTh 80-minute periods), a few year-long half-load sections and self-paced online
versions. Extended learning opportunities (internships, projects, service, dual enrollment, travel,
after-school) earn a handful of competencies from two or three courses of different subjects, meet
after school or on Saturdays, and some have few or no seats.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from core.schema import (
    Calendar,
    Catalog,
    Competency,
    Evidence,
    Framework,
    Mode,
    Opportunity,
    OpportunityKind,
    Prerequisite,
    RequirementSet,
    Season,
    Student,
    SubjectMinimum,
    Term,
    TimeBlock,
)

COMPS_PER_COURSE = 10
COURSES = {
    # subject: (courses in its chain, courses required for the diploma)
    "english": (4, 3),
    "mathematics": (5, 4),
    "science": (5, 3),
    "social_studies": (4, 3),
    "world_languages": (3, 0),
    "arts": (3, 0),
    "cte": (4, 0),
    "health_pe": (2, 1),
}
ELECTIVE_MINIMUMS = {"world_languages": 10, "arts": 8, "cte": 10}
"""Competencies a diploma asks in each elective subject (from any of its courses)."""

PERIOD_STARTS = [8 * 60 + 55 * p for p in range(7)]
"""Seven school-day periods from 08:00, 55 minutes apart."""

ELO_KINDS = [
    OpportunityKind.INTERNSHIP,
    OpportunityKind.WORK_BASED_LEARNING,
    OpportunityKind.COMMUNITY_SERVICE,
    OpportunityKind.PROJECT,
    OpportunityKind.INDEPENDENT_STUDY,
    OpportunityKind.DUAL_ENROLLMENT,
    OpportunityKind.TRAVEL,
    OpportunityKind.AFTER_SCHOOL,
]
SEASON_DATES = {
    Season.FALL: ((8, 24), (12, 18)),
    Season.SPRING: ((1, 11), (5, 28)),
    Season.SUMMER: ((6, 14), (8, 6)),
}


@dataclass
class District:
    catalog: Catalog
    student: Student
    interest_scores: dict[str, float]


def _calendar(n_terms: int) -> Calendar:
    order = [Season.FALL, Season.SPRING, Season.SUMMER]
    terms = []
    for i in range(n_terms):
        season = order[i % 3]
        school_year = 2026 + i // 3
        year = school_year if season == Season.FALL else school_year + 1
        (sm, sd), (em, ed) = SEASON_DATES[season]
        code = {"fall": "FA", "spring": "SP", "summer": "SU"}[season]
        terms.append(
            Term(
                id=f"{year}-{code}",
                name=f"{season.capitalize()} {year}",
                season=season,
                school_year=school_year,
                start=dt.date(year, sm, sd),
                end=dt.date(year, em, ed),
            )
        )
    return Calendar(terms=terms, current_school_year=2026, first_plannable_term=terms[0].id)


def _meetings(rng: random.Random) -> list[TimeBlock]:
    start = rng.choice(PERIOD_STARTS)
    if rng.random() < 0.6:
        return [TimeBlock(day=d, start=start, end=start + 50) for d in ("Mon", "Wed", "Fri")]
    return [TimeBlock(day=d, start=start, end=start + 80) for d in ("Tue", "Thu")]


def _after_school(rng: random.Random) -> list[TimeBlock]:
    roll = rng.random()
    if roll < 0.3:
        return []
    if roll < 0.45:
        return [TimeBlock(day="Sat", start=9 * 60, end=12 * 60)]
    days = rng.sample(["Mon", "Tue", "Wed", "Thu", "Fri"], rng.choice([1, 2]))
    start = rng.choice([15 * 60 + 30, 16 * 60])
    return [TimeBlock(day=d, start=start, end=start + rng.choice([90, 120, 150])) for d in days]


def generate_district(
    seed: int,
    n_opportunities: int = 1000,
    n_terms: int = 10,
    elo_share: float = 0.35,
    comps_per_course: int = COMPS_PER_COURSE,
) -> District:
    """One district and one student to plan for; the same seed gives the same district
    (``comps_per_course`` 20 gives the 600 competencies of the district-scale import)."""
    rng = random.Random(seed)
    framework = Framework(id="GEN", title="Generated district standards")
    comps: list[Competency] = []
    courses: dict[str, list[list[str]]] = {}
    for subject, (n_courses, _) in COURSES.items():
        courses[subject] = []
        for k in range(n_courses):
            ids = [f"{subject[:3].upper()}-{k + 1}-{j + 1:02d}" for j in range(comps_per_course)]
            courses[subject].append(ids)
    for subject, chain in courses.items():
        for k, ids in enumerate(chain):
            for j, cid in enumerate(ids):
                precedes = []
                if j == len(ids) - 1 and k + 1 < len(chain):
                    precedes.append(chain[k + 1][0])
                elif j % 4 == 3 and j + 1 < len(ids):
                    precedes.append(ids[j + 1])
                comps.append(
                    Competency(
                        id=cid,
                        code=cid,
                        statement=f"{subject.replace('_', ' ').capitalize()} {k + 1}, outcome {j + 1}",
                        subject=subject,
                        framework="GEN",
                        precedes=precedes,
                    )
                )
    calendar = _calendar(n_terms)
    opps: list[Opportunity] = []
    n_course_opps = round(n_opportunities * (1 - elo_share))
    course_list = [(s, k) for s, chain in courses.items() for k in range(len(chain))]
    for i in range(n_course_opps):
        subject, k = course_list[i % len(course_list)]
        ids = courses[subject][k]
        prereqs = [Prerequisite(any_of_competencies=[courses[subject][k - 1][-1]])] if k else []
        variant = rng.random()
        title = f"{subject.replace('_', ' ').capitalize()} {k + 1}"
        common = dict(competencies=ids, prerequisites=prereqs, min_grade=9, max_grade=12)
        if variant < 0.15:
            opps.append(
                Opportunity(
                    id=f"OPP-{i:04d}",
                    title=f"{title} Online",
                    kind=OpportunityKind.ONLINE_COURSE,
                    mode=Mode.ONLINE,
                    hours_per_week=rng.choice([5.5, 6, 6.5]),
                    seasons=[Season.FALL, Season.SPRING, Season.SUMMER],
                    **common,
                )
            )
        else:
            yearlong = variant > 0.85
            opps.append(
                Opportunity(
                    id=f"OPP-{i:04d}",
                    title=f"{title}{' (year-long)' if yearlong else ''}, section {i // len(course_list) + 1}",
                    kind=OpportunityKind.COURSE,
                    mode=Mode.IN_PERSON,
                    hours_per_week=2.5 if yearlong else rng.choice([4.5, 5]),
                    length_terms=2 if yearlong else 1,
                    seasons=[Season.FALL]
                    if yearlong
                    else rng.choice([[Season.FALL], [Season.SPRING], [Season.FALL, Season.SPRING]]),
                    meetings=_meetings(rng),
                    **common,
                )
            )
    for i in range(n_course_opps, n_opportunities):
        # An ELO earns a few competencies (one to three) from each of two or three courses.
        picks = rng.sample(course_list, rng.choice([2, 2, 3]))
        earned: list[str] = []
        for subject, k in picks:
            ids = courses[subject][k]
            j = rng.randrange(0, comps_per_course - 2)
            earned += ids[j : j + rng.choice([1, 2, 3])]
        kind = rng.choice(ELO_KINDS)
        summer_only = kind == OpportunityKind.TRAVEL
        seats = rng.choice([None, None, None, 0, 2, 5, 10]) if kind != OpportunityKind.PROJECT else None
        opps.append(
            Opportunity(
                id=f"OPP-{i:04d}",
                title=f"{kind.replace('_', ' ').capitalize()} {i - n_course_opps + 1}",
                kind=kind,
                mode=Mode.HYBRID if kind == OpportunityKind.DUAL_ENROLLMENT else Mode.IN_PERSON,
                competencies=list(dict.fromkeys(earned)),
                hours_per_week=rng.choice([3, 4, 5, 6, 8]),
                length_terms=rng.choice([1, 1, 1, 2]),
                seasons=[Season.SUMMER]
                if summer_only
                else rng.choice(
                    [[Season.FALL, Season.SPRING], [Season.SPRING, Season.SUMMER], [Season.FALL]]
                ),
                meetings=[] if summer_only else _after_school(rng),
                seats=seats,
                min_grade=rng.choice([9, 10, 11]),
            )
        )
    required = [c for s, (_, n_req) in COURSES.items() for ids in courses[s][:n_req] for c in ids]
    requirements = RequirementSet(
        id="gen-diploma",
        name="Generated diploma",
        required=required,
        subject_minimums=[SubjectMinimum(subject=s, count=n) for s, n in ELECTIVE_MINIMUMS.items()],
    )
    catalog = Catalog(
        frameworks=[framework],
        competencies=comps,
        opportunities=opps,
        requirement_sets=[requirements],
        calendar=calendar,
    )
    # The student graduates in the calendar's last spring, in grade 12; a student past ninth grade
    # has demonstrated the first course of every chain.
    last_spring = [t for t in calendar.terms if t.season == Season.SPRING][-1]
    grade = 12 - (last_spring.school_year - calendar.current_school_year)
    done = [c for s in courses for c in courses[s][0]] if grade >= 10 else []
    evidence = [Evidence(competency=c, date=dt.date(2026, 6, 1), source="grade 9") for c in done]
    student = Student(
        id=f"gen-{seed}",
        name=f"Generated student {seed}",
        grade=grade,
        target_graduation_term=last_spring.id,
        requirement_set="gen-diploma",
        unavailable=[
            TimeBlock(day="Tue", start="15:00", end="18:00", label="job"),
            TimeBlock(day="Sat", start="09:00", end="17:00", label="job"),
        ],
        max_hours_per_week=30,
        evidence=evidence,
    )
    liked = set(rng.sample(list(COURSES), 2))
    scores = {}
    for opp in opps:
        affinity = sum(1 for c in opp.competencies if any(c.startswith(s[:3].upper()) for s in liked))
        base = 0.5 * affinity / len(opp.competencies)
        scores[opp.id] = round(min(1.0, base + rng.uniform(0.0, 0.5)), 2)
    return District(catalog=catalog, student=student, interest_scores=scores)
