"""The plan as a whole in words (present/plan_words.py): the two-sentence summary and the pathway line,
exact, on the tiny district planned by the real solver."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.district import district_bundle
from core.schema import Catalog, PathwayRole, Student
from planner.domain import PathwayProgress, PlanResult, PlanStatus, StepProgress
from planner.edits import Wishes, plan_request
from planner.solve import solve
from present.plan_words import pathway_lines, plan_summary

TINY_DISTRICT = Path(__file__).parents[1] / "catalog" / "fixtures" / "district"
SCORES = {"BIO-1": 0.5, "INT-BIOTECH": 0.8, "ALG-ONLINE": 0.1}
WORDS = {"BIO-1": "biotech", "INT-BIOTECH": "biotech"}


@pytest.fixture(scope="module")
def tiny() -> tuple[Catalog, Student]:
    bundle = district_bundle(TINY_DISTRICT)
    return bundle.catalog(), bundle.students[0]


def plan_for(catalog: Catalog, student: Student, **inputs: object) -> PlanResult:
    request = plan_request(Wishes(student=student), catalog, **inputs)  # type: ignore[arg-type]
    return solve(request.model_copy(update={"workers": 1}))


def biotech(*steps: StepProgress) -> PathwayProgress:
    return PathwayProgress(pathway="biotech", name="Biotechnology", steps=list(steps))


BIOLOGY = StepProgress(role=PathwayRole.INTRODUCTION, name="Biology", opportunity="BIO-1", term="2027-SP")
INTERNSHIP = StepProgress(
    role=PathwayRole.CAPSTONE, name="Lab internship", opportunity="INT-BIOTECH", term="2027-SU"
)


def test_the_summary_of_a_plan_that_matches_the_students_words(tiny):
    catalog, ana = tiny
    plan = plan_for(catalog, ana, scores=SCORES, words=WORDS)
    assert plan_summary(ana, catalog, plan) == (
        "Ana's plan makes room for what Ana cares about: Biology and Biotech Lab Internship. It earns the 3 "
        "competencies Ana still needs for the diploma by Summer 2027, 1 term before the Fall 2027 target, at "
        "about 10 hours a week."
    )


def test_the_summary_of_a_plan_without_interests(tiny):
    catalog, ana = tiny
    plan = plan_for(catalog, ana)
    assert plan_summary(ana, catalog, plan) == (
        "Ana's plan is built around what the diploma still asks for. It earns the 3 competencies Ana "
        "still needs for the diploma by Summer 2027, 1 term before the Fall 2027 target, at about 10 hours a "
        "week."
    )


def test_the_summary_of_a_plan_that_follows_a_pathway(tiny):
    catalog, ana = tiny
    plan = plan_for(catalog, ana, scores=SCORES, words=WORDS)
    plan.pathway = biotech(BIOLOGY, INTERNSHIP)
    assert plan_summary(ana, catalog, plan).split(". ")[0] == (
        "Ana's plan follows the Biotechnology pathway, with Biology in Spring 2027, then Biotech Lab "
        "Internship in Summer 2027"
    )


def test_the_summary_without_a_plan(tiny):
    catalog, ana = tiny
    assert plan_summary(ana, catalog, None) == "Ana has no plan yet."
    none = PlanResult(status=PlanStatus.INFEASIBLE, student=ana.id, message="Nothing fits Saturdays.")
    assert plan_summary(ana, catalog, none) == "There is no plan for Ana yet. Nothing fits Saturdays."


def test_the_pathway_line_with_every_step_reached(tiny):
    catalog, _ = tiny
    assert pathway_lines(biotech(BIOLOGY, INTERNSHIP), catalog) == [
        "Biotechnology: 2 of 2 steps, ending with the Biotech Lab Internship in Summer 2027"
    ]


def test_the_pathway_line_names_a_missing_step_and_why(tiny):
    catalog, _ = tiny
    missing = StepProgress(
        role=PathwayRole.CAPSTONE,
        name="Lab internship",
        why_not=["it meets Saturdays, when you work", "it needs Chemistry first"],
    )
    assert pathway_lines(biotech(BIOLOGY, missing), catalog) == [
        "Biotechnology: 1 of 2 steps, up to Biology in Spring 2027",
        "Lab internship is not in the plan: it meets Saturdays, when you work; it needs Chemistry first.",
    ]
    done = BIOLOGY.model_copy(update={"completed": True, "term": None})
    inferred = biotech(done, StepProgress(role=PathwayRole.CAPSTONE, name=""))
    inferred.inferred = True
    assert pathway_lines(inferred, catalog) == [
        "Biotechnology (built from what you said): 1 of 2 steps, up to Biology, already done",
        "Capstone is not in the plan: nothing in it fits the plan.",
    ]
