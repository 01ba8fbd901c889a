"""Choosing and inferring a student's pathway from what they said (matcher/pathways.py), on a tiny
catalog, with the real embedding model: the declared pathway that fits wins, one is inferred when
the district declares none that fits, none when nothing fits, and the student's or advisor's choice
overrides. The student's own words per opportunity come from the same ranking."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from core.schema import (
    Catalog,
    Competency,
    Framework,
    Opportunity,
    Pathway,
    PathwayRole,
    PathwayStep,
    Prerequisite,
    Student,
)
from matcher import Matcher, default_model
from matcher.pathways import INFERRED_ID, PATHWAY_MIN_FIT, no_fit
from planner.edits import NO_PATHWAY

TEXTS = {
    "BIO": (
        "Biology",
        "course",
        "Cells, DNA and genes: extract DNA in the lab and study how living things work.",
    ),
    "BIOTECH": (
        "Biotechnology Lab Skills",
        "course",
        "Pipetting, gel electrophoresis and PCR in a biotech lab.",
    ),
    "INT-BIOTECH": (
        "Biotech Lab Internship",
        "internship",
        "Work beside scientists in a biotechnology lab that makes vaccines, running DNA tests.",
    ),
    "ALG": ("Algebra", "course", "Equations, inequalities and functions."),
    "AUTO": (
        "Automotive Technology",
        "course",
        "Diagnose and repair engines, brakes and electrical systems.",
    ),
    "WBL-AUTO": ("Apprentice Auto Technician", "work_based_learning", "Fix cars at a local repair shop."),
}
PREREQUISITES = {"BIOTECH": ["BIO"], "INT-BIOTECH": ["BIOTECH"]}

BIOTECH = Pathway(
    id="biotech",
    name="Biotechnology",
    steps=[
        PathwayStep(role=PathwayRole.INTRODUCTION, any_of=["BIO"]),
        PathwayStep(role=PathwayRole.DEEPENING, any_of=["BIOTECH"]),
        PathwayStep(role=PathwayRole.CAPSTONE, any_of=["INT-BIOTECH"]),
    ],
)
TRADES = Pathway(
    id="trades",
    name="Automotive",
    occupations=["49-3023.00"],
    steps=[
        PathwayStep(role=PathwayRole.INTRODUCTION, any_of=["AUTO"]),
        PathwayStep(role=PathwayRole.CAPSTONE, any_of=["WBL-AUTO"]),
    ],
)


def tiny_catalog(pathways: list[Pathway]) -> Catalog:
    def opportunity(ident: str, title: str, kind: str, description: str) -> Opportunity:
        fields: dict[str, Any] = {
            "id": ident,
            "title": title,
            "kind": kind,
            "description": description,
            "competencies": [f"C-{ident}"],
            "hours_per_week": 5,
            "seasons": ["fall", "spring"],
            "prerequisites": [Prerequisite(any_of_opportunities=PREREQUISITES[ident])]
            if ident in PREREQUISITES
            else [],
        }
        return Opportunity.model_validate(fields)

    return Catalog(
        frameworks=[Framework(id="T", title="Test standards")],
        competencies=[
            Competency(
                id=f"C-{o}", code=f"C-{o}", statement=f"Statement of {o}.", subject="science", framework="T"
            )
            for o in TEXTS
        ],
        opportunities=[opportunity(o, *texts) for o, texts in TEXTS.items()],
        pathways=pathways,
    )


def student(interests: str, goals: str = "") -> Student:
    return Student(
        id="stu",
        name="Sam Test",
        grade=11,
        target_graduation_term="2028-SP",
        requirement_set="diploma",
        interests=interests,
        career_goals=goals,
    )


@pytest.fixture(scope="module")
def declared() -> Matcher:
    return Matcher.from_catalog(tiny_catalog([TRADES, BIOTECH]), default_model())


@pytest.fixture(scope="module")
def undeclared() -> Matcher:
    return Matcher.from_catalog(tiny_catalog([]), default_model())


def test_the_declared_pathway_that_fits_best_is_followed(declared):
    fit = declared.interest_fit(student=student("DNA labs and biotechnology"))
    assert [p.pathway.id for p in fit.pathways] == ["biotech", "trades", INFERRED_ID]
    assert fit.pathways[0].fit >= PATHWAY_MIN_FIT > fit.pathways[1].fit
    assert fit.chosen(None) == BIOTECH


def test_a_career_goal_naming_a_pathways_occupation_raises_its_fit(declared):
    with_goal = declared.interest_fit(student=student("fixing things", "get certified as a mechanic"))
    without = declared.interest_fit(student=student("fixing things"))
    fits = {p.pathway.id: p.fit for p in with_goal.pathways}
    assert fits["trades"] > {p.pathway.id: p.fit for p in without.pathways}["trades"]
    assert with_goal.chosen(None) == TRADES


def test_without_declared_pathways_one_is_inferred_with_prerequisites_first(undeclared):
    fit = undeclared.interest_fit(student=student("DNA labs and biotechnology"))
    (inferred,) = fit.pathways
    assert inferred.pathway.inferred
    assert [(s.role, s.any_of, s.name) for s in inferred.pathway.steps] == [
        (PathwayRole.INTRODUCTION, ["BIO"], "Biology"),
        (PathwayRole.DEEPENING, ["BIOTECH"], "Biotechnology Lab Skills"),
        (PathwayRole.CAPSTONE, ["INT-BIOTECH"], "Biotech Lab Internship"),
    ]
    assert fit.chosen(None) == inferred.pathway


def test_nothing_fits_no_pathway(declared):
    fit = declared.interest_fit(student=student("ballet and opera singing"))
    assert all(not p.fits for p in fit.pathways)
    assert fit.chosen(None) is None
    assert fit.words == {}


def test_the_students_or_advisors_choice_overrides(declared):
    fit = declared.interest_fit(student=student("DNA labs and biotechnology"))
    assert fit.chosen("trades") == TRADES
    assert fit.chosen(NO_PATHWAY) is None
    assert fit.chosen("removed-since") is None
    assert fit.plan_inputs(NO_PATHWAY) == {"scores": fit.scores, "words": fit.words, "pathway": None}


def test_the_students_own_words_per_opportunity(declared):
    fit = declared.interest_fit(student=student("DNA labs, and fixing cars"))
    assert fit.words["BIO"] == "DNA labs"
    assert fit.words["WBL-AUTO"] == "fixing cars"
    assert "ALG" not in fit.words
    assert fit.scores == declared.interest_scores(student=student("DNA labs, and fixing cars"))


def test_without_the_matchers_reading_a_declared_pathway_is_followed_only_when_chosen():
    fit = no_fit(tiny_catalog([TRADES, BIOTECH]))
    assert (fit.scores, fit.words) == ({}, {})
    assert fit.chosen(None) is None
    assert fit.chosen("biotech") == BIOTECH
    assert fit.chosen(NO_PATHWAY) is None


def test_the_scores_a_plan_weighs_are_calibrated_per_student():
    from matcher.pathways import CALIBRATION_FLOOR_RANK, CALIBRATION_MIN_TOP, _calibrated

    # 25 opportunities: the best 0.5, then 0.3, then 23 at 0.1 (the 20th best is 0.1); the last one the
    # student cannot attend scores 0.9, and neither sets the top nor stays above 1.
    interest = np.array([0.5, 0.3, *[0.1] * 22, 0.9])
    open_to = np.array([True] * 24 + [False])
    assert CALIBRATION_FLOOR_RANK == 20 and CALIBRATION_MIN_TOP == 0.35
    assert _calibrated(interest, open_to).round(3).tolist() == [1.0, 0.5, *[0.0] * 22, 1.0]
    # Fewer than 20 opportunities: the floor is 0. A weak best match (0.2) stays weak.
    few = np.array([0.2, 0.07, 0.0])
    assert _calibrated(few, np.ones(3, dtype=bool)).round(3).tolist() == [0.571, 0.2, 0.0]
    # Nothing the student said matches: the scores stay 0.
    assert _calibrated(np.zeros(3), np.ones(3, dtype=bool)).tolist() == [0.0, 0.0, 0.0]


def test_the_students_words_are_quoted_as_written():
    from matcher.pathways import _as_written

    said = "I got really into the DNA extraction lab in bio last year. Cars are fun"
    assert _as_written("dna extraction lab", said) == "DNA extraction lab"
    # The reading widened 'bio' to 'biology': the quote keeps the student's own word.
    assert (
        _as_written("dna extraction lab in biology last year", said) == "DNA extraction lab in bio last year"
    )
    # Never across a sentence, and a phrase not found stays as read.
    assert _as_written("dna cars", said) == "dna cars"
    assert _as_written("biotechnology", said) == "biotechnology"
