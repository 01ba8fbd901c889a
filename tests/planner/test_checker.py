"""The independent checker: each hard rule it checks, on a hand-made plan that keeps it and one that
breaks it, with the exact sentence it reports."""

from __future__ import annotations

import pytest
from plan_builders import catalog, comp, opp, plan_of, request, student

from core.schema import PaceLoad, SubjectMinimum
from planner.checker import check_plan, score_plan
from planner.domain import Lock

A, B = comp("A"), comp("B")
FIRST, SECOND = comp("ALG-1", precedes=("ALG-2",)), comp("ALG-2")
SIX = {"standard": PaceLoad(min_hours_per_week=6, max_hours_per_week=30)}

CASES = {
    "offered": (
        catalog([A], [opp("X", ["A"], seasons=["fall"])], ["A"]),
        {},
        {},
        [("X", "2026-FA")],
        [("X", "2027-SP")],
        ["X is not offered in 2027-SP"],
    ),
    "grade": (
        catalog([A], [opp("X", ["A"], min_grade=11)], ["A"]),
        {},
        {},
        [("X", "2027-FA")],
        [("X", "2026-FA")],
        ["X is not open to grade 10"],
    ),
    "seats and completed": (
        catalog([A, B], [opp("X", ["A"]), opp("Y", ["B"], seats=0)], []),
        {"completed_opportunities": ["X"]},
        {},
        [],
        [("X", "2026-FA"), ("Y", "2027-SP")],
        ["X was already completed", "Y has no seats left"],
    ),
    "overlap": (
        catalog(
            [A, B],
            [opp("X", ["A"], meetings=["Mon 08:00-09:30"]), opp("Y", ["B"], meetings=["Mon 09:00-10:00"])],
            ["A", "B"],
        ),
        {},
        {},
        [("X", "2026-FA"), ("Y", "2027-SP")],
        [("X", "2026-FA"), ("Y", "2026-FA")],
        ["X and Y overlap in 2026-FA"],
    ),
    "unavailable": (
        catalog([A], [opp("X", ["A"], meetings=["Fri 08:00-09:30"]), opp("Y", ["A"])], ["A"]),
        {"unavailable": ["Fri 08:00-12:00"]},
        {"wishes_off": ["unavailable:0"]},
        [("Y", "2026-FA")],
        [("X", "2026-FA")],
        ["X meets during the unavailable time Fri 08:00-12:00"],
    ),
    "hours cap": (
        catalog([A, B], [opp("X", ["A"], hours_per_week=8), opp("Y", ["B"], hours_per_week=8)], ["A", "B"]),
        {"max_hours_per_week": 10},
        {},
        [("X", "2026-FA"), ("Y", "2027-SP")],
        [("X", "2026-FA"), ("Y", "2026-FA")],
        ["2026-FA has more weekly hours than the student's cap"],
    ),
    "pace minimum": (
        catalog([A, B], [opp("X", ["A"]), opp("Y", ["B"], hours_per_week=2)], ["A", "B"], pace_loads=SIX),
        {},
        {},
        [("X", "2026-FA"), ("Y", "2026-FA")],
        [("X", "2026-FA"), ("Y", "2027-SP")],
        [
            "2026-FA has fewer weekly hours than the pace asks",
            "2027-SP has fewer weekly hours than the pace asks",
        ],
    ),
    "prerequisite": (
        catalog([A, B], [opp("BIO", ["A"]), opp("INT", ["B"], prereqs=[{"opps": ["BIO"]}])], ["A", "B"]),
        {},
        {},
        [("BIO", "2026-FA"), ("INT", "2027-SP")],
        [("BIO", "2026-FA"), ("INT", "2026-FA")],
        ["INT starts before a prerequisite is met"],
    ),
    "progression": (
        catalog([FIRST, SECOND], [opp("X", ["ALG-1"]), opp("Y", ["ALG-2"])], ["ALG-1", "ALG-2"]),
        {},
        {},
        [("X", "2026-FA"), ("Y", "2027-SP")],
        [("X", "2026-FA"), ("Y", "2026-FA")],
        ["Y earns ALG-2 before ALG-1 is earned"],
    ),
    "coverage and minimums": (
        catalog(
            [A, B, comp("ART", "arts")],
            [opp("X", ["A"]), opp("Y", ["B", "ART"])],
            ["A", "B"],
            minimums=[SubjectMinimum(subject="arts", count=1)],
        ),
        {},
        {},
        [("Y", "2026-FA"), ("X", "2027-SP")],
        [("X", "2026-FA")],
        ["required competency B is not earned", "arts has 0 competencies, fewer than 1"],
    ),
    "deadline and modes": (
        catalog([A], [opp("X", ["A"], mode="online", seasons=["summer"]), opp("Y", ["A"])], ["A"]),
        {"target_graduation_term": "2027-SP", "allowed_modes": ["in_person"]},
        {"wishes_off": ["deadline", "modes"]},
        [("Y", "2026-FA")],
        [("X", "2027-SU")],
        ["X ends after the target term", "X is not in an allowed mode"],
    ),
    "same content": (
        catalog([A], [opp("X", ["A"]), opp("X2", ["A"], meetings=["Tue 08:00-09:00"])], ["A"]),
        {},
        {},
        [("X", "2026-FA")],
        [("X", "2026-FA"), ("X2", "2027-SP")],
        [
            "X and X2 earn the same competencies",
            "X2 earns nothing that is not demonstrated or earned elsewhere",
        ],
    ),
    "locks and exclusions": (
        catalog([A, B], [opp("X", ["A"]), opp("Y", ["A", "B"])], ["A"]),
        {},
        {"locks": [Lock(opportunity="X", term="2027-SP")], "exclusions": ["Y"]},
        [("X", "2027-SP")],
        [("X", "2026-FA"), ("Y", "2027-SP")],
        ["the lock on X does not hold", "the excluded Y is planned"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_checker_accepts_a_plan_that_keeps_the_rule(case: str) -> None:
    cat, stu, req, good, _, _ = CASES[case]
    fields = {k: v for k, v in req.items() if k != "wishes_off"}
    assert (
        check_plan(request(cat, student(**stu), **fields), plan_of(request(cat, student(**stu)), good)) == []
    )


@pytest.mark.parametrize("case", list(CASES))
def test_the_checker_names_the_rule_a_plan_breaks(case: str) -> None:
    cat, stu, req, _, bad, problems = CASES[case]
    fields = {k: v for k, v in req.items() if k != "wishes_off"}
    strict = request(cat, student(**stu), **fields)
    assert check_plan(strict, plan_of(strict, bad)) == problems
    if "wishes_off" in req:
        relaxed = request(cat, student(**stu), **req)
        assert check_plan(relaxed, plan_of(relaxed, bad)) == []


def test_the_checker_flags_a_wrong_layout_and_a_double_take():
    cat = catalog([A], [opp("X", ["A"], length_terms=2)], ["A"])
    req = request(cat)
    good = plan_of(req, [("X", "2026-FA")])
    doubled = good.model_copy(deep=True)
    doubled.terms[1].items = [doubled.terms[0].items[0].model_copy(update={"start_term": "2027-SP"})]
    assert check_plan(req, doubled) == [
        "X is taken twice",
        "X does not end 2 consecutive terms after it starts",
        "term 2027-SP reports 5.0 weekly hours",
    ]


def test_the_checker_costs_a_plan_from_the_plan_alone():
    cat = catalog([A, B], [opp("X", ["A"], mode="online"), opp("Y", ["B"], hours_per_week=4)], ["A", "B"])
    req = request(cat, student(preferred_modes=["in_person"]), interest_scores={"X": 0.75})
    assert score_plan(req, plan_of(req, [("X", "2026-FA"), ("Y", "2027-SP")])) == {
        "match_interests": -20 * 8,
        "no_wasted_hours": 720,
        "balanced_load": 100,
        "preferred_modes": 50,
        "earn_sooner": 16,
    }
