"""Tiny catalogs built in code for the solver tests (imported as ``plan_builders``).

The tiny world: five terms (Fall 2026 .. Spring 2028), a student in grade 10 in 2026, and a diploma
whose pace asks no minimum load unless a test says so. Tests run the solver with one worker, so a
plan is the same on every run (each test's optimum is unique).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.schema import (
    Calendar,
    Catalog,
    Competency,
    Evidence,
    Framework,
    Opportunity,
    PaceLoad,
    Prerequisite,
    RequirementSet,
    Student,
    SubjectMinimum,
    Term,
    TimeBlock,
)
from core.settings import PROJECT_ROOT
from planner.domain import PlanItem, PlanRequest, PlanResult, PlanStatus, TermPlan
from planner.solve import solve

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"

TERMS = [
    ("2026-FA", "Fall 2026", "fall", 2026, dt.date(2026, 8, 24)),
    ("2027-SP", "Spring 2027", "spring", 2026, dt.date(2027, 1, 11)),
    ("2027-SU", "Summer 2027", "summer", 2026, dt.date(2027, 6, 14)),
    ("2027-FA", "Fall 2027", "fall", 2027, dt.date(2027, 8, 23)),
    ("2028-SP", "Spring 2028", "spring", 2027, dt.date(2028, 1, 10)),
]
NO_MINIMUM = {"standard": PaceLoad(min_hours_per_week=0, max_hours_per_week=30)}


def calendar(first: str = "2026-FA") -> Calendar:
    return Calendar(
        terms=[
            Term(id=i, name=n, season=s, school_year=y, start=d, end=d + dt.timedelta(days=60))
            for i, n, s, y, d in TERMS
        ],
        current_school_year=2026,
        first_plannable_term=first,
    )


def comp(ident: str, subject: str = "science", precedes: tuple[str, ...] = ()) -> Competency:
    return Competency(
        id=ident,
        code=ident,
        statement=f"Statement of {ident}.",
        subject=subject,
        framework="T",
        precedes=list(precedes),
    )


def meet(text: str) -> TimeBlock:
    """'Mon 08:00-09:30' as a time block."""
    day, span = text.split()
    start, end = span.split("-")
    return TimeBlock(day=day, start=start, end=end)


def opp(ident: str, comps: list[str], **fields: Any) -> Opportunity:
    """An opportunity titled after its id ('BIO' is titled 'Bio course'), 5 hours, fall and spring."""
    meetings = [meet(m) for m in fields.pop("meetings", [])]
    prereqs = [
        Prerequisite(any_of_opportunities=g.get("opps", []), any_of_competencies=g.get("comps", []))
        for g in fields.pop("prereqs", [])
    ]
    values: dict[str, Any] = {
        "title": f"{ident.capitalize()} course",
        "kind": "course",
        "hours_per_week": 5,
        "seasons": ["fall", "spring"],
    }
    values.update(fields)
    return Opportunity(id=ident, competencies=comps, meetings=meetings, prerequisites=prereqs, **values)


def catalog(
    comps: list[Competency],
    opps: list[Opportunity],
    required: list[str],
    minimums: list[SubjectMinimum] | None = None,
    pace_loads: dict[str, PaceLoad] | None = None,
    first: str = "2026-FA",
) -> Catalog:
    return Catalog(
        frameworks=[Framework(id="T", title="Test standards")],
        competencies=comps,
        opportunities=opps,
        requirement_sets=[
            RequirementSet(
                id="diploma",
                name="Test diploma",
                required=required,
                subject_minimums=minimums or [],
                pace_loads=pace_loads or NO_MINIMUM,
            )
        ],
        calendar=calendar(first),
    )


def student(**fields: Any) -> Student:
    """Grade 10 in 2026, graduating Spring 2028, free all week, standard pace, 30 hours a week."""
    demonstrated = fields.pop("demonstrated", [])
    values: dict[str, Any] = {
        "id": "stu",
        "name": "Sam Test",
        "grade": 10,
        "target_graduation_term": "2028-SP",
        "requirement_set": "diploma",
        "evidence": [Evidence(competency=c, date=dt.date(2026, 6, 1)) for c in demonstrated],
    }
    values.update(fields)
    if "unavailable" in values:
        values["unavailable"] = [meet(u) if isinstance(u, str) else u for u in values["unavailable"]]
    return Student(**values)


def request(cat: Catalog, stu: Student | None = None, **fields: Any) -> PlanRequest:
    return PlanRequest(student=stu or student(), catalog=cat, workers=1, **fields)


def plan(cat: Catalog, stu: Student | None = None, **fields: Any) -> PlanResult:
    return solve(request(cat, stu, **fields))


def starts(result: PlanResult) -> dict[str, str]:
    """The plan as {opportunity id: start term id}."""
    return {i.opportunity: i.start_term for i in result.items()}


def penalties(result: PlanResult) -> dict[str, int]:
    return {p.rule: p.penalty for p in result.penalties}


def plan_of(req: PlanRequest, chosen: list[tuple[str, str]]) -> PlanResult:
    """A hand-made plan: (opportunity id, start term id) pairs, laid out term by term, with a coverage
    map naming the first item that earns each required competency. Written without the planner."""
    cal = req.catalog.calendar
    assert cal is not None
    pos = {t.id: i for i, t in enumerate(cal.terms)}
    opps = req.catalog.opportunity_map()
    spans = {o: (pos[t], min(pos[t] + opps[o].length_terms - 1, len(cal.terms) - 1)) for o, t in chosen}
    items = {
        o: PlanItem(
            opportunity=o,
            title=opps[o].title,
            kind=opps[o].kind,
            mode=opps[o].mode,
            start_term=t,
            end_term=cal.terms[spans[o][1]].id,
            length_terms=opps[o].length_terms,
            weekly_hours=opps[o].hours_per_week,
            competencies=opps[o].competencies,
        )
        for o, t in chosen
    }
    first = pos[cal.first_plannable_term]
    last = max((end for _, end in spans.values()), default=first - 1)
    terms = [
        TermPlan(
            term=cal.terms[i].id,
            name=cal.terms[i].name,
            items=[items[o] for o, (s, _) in spans.items() if s == i],
            continuing=[o for o, (s, e) in spans.items() if s < i <= e],
            weekly_hours=sum(opps[o].hours_per_week for o, (s, e) in spans.items() if s <= i <= e),
        )
        for i in range(first, last + 1)
    ]
    coverage = {}
    for c in req.catalog.requirement_set(req.student.requirement_set).required:
        earners = sorted((spans[o][1], o) for o in spans if c in opps[o].competencies)
        if earners:
            coverage[c] = earners[0][1]
    return PlanResult(status=PlanStatus.FEASIBLE, student=req.student.id, terms=terms, coverage=coverage)
