"""Two tests per soft rule: the exact penalties when the rule is satisfied and when it has to give.

Weights are the defaults: interest a reward of 1 per quarter-hour-term per tenth matched, hours 20 per
quarter-hour-term (with no target load, as in the tiny world), balance 5 per quarter-hour of the
heaviest term, modes 50 per item, finish 2000 per term, sooner 1 per quarter-hour per term of delay,
stability 150 per change. The full program's rules have their own tests (test_program.py).
"""

from __future__ import annotations

from plan_builders import catalog, comp, opp, penalties, plan, request, starts, student

from core.schema import PaceLoad
from planner.checker import check_plan, score_plan
from planner.domain import Lock
from planner.solve import solve

A, B = comp("A"), comp("B")


def test_match_interests_holds_prefers_the_liked_item_over_a_lighter_one():
    cat = catalog([A], [opp("X", ["A"]), opp("Y", ["A"], hours_per_week=4)], ["A"])
    result = plan(cat, interest_scores={"X": 1.0, "Y": 0.0})
    assert starts(result) == {"X": "2026-FA"}
    assert penalties(result) == {
        "match_interests": -200,
        "no_wasted_hours": 400,
        "balanced_load": 100,
        "earn_sooner": 0,
    }
    assert result.objective == 300
    assert result.item("X").interest == 1.0


def test_match_interests_violated_rewards_nothing_when_the_plan_holds_no_liked_item():
    cat = catalog([A], [opp("Y", ["A"], hours_per_week=4)], ["A"])
    result = plan(cat, interest_scores={"X": 1.0})
    assert penalties(result) == {
        "match_interests": 0,
        "no_wasted_hours": 320,
        "balanced_load": 80,
        "earn_sooner": 0,
    }


def test_no_wasted_hours_holds_plans_only_what_is_needed():
    cat = catalog([A, B], [opp("X", ["A"]), opp("F", ["B"], hours_per_week=2)], ["A"])
    result = plan(cat)
    assert starts(result) == {"X": "2026-FA"}
    assert penalties(result) == {"no_wasted_hours": 400, "balanced_load": 100, "earn_sooner": 0}


def test_no_wasted_hours_violated_by_a_locked_extra():
    cat = catalog([A, B], [opp("X", ["A"]), opp("F", ["B"], hours_per_week=2)], ["A"])
    result = plan(cat, locks=[Lock(opportunity="F", term="2026-FA")])
    assert starts(result) == {"F": "2026-FA", "X": "2027-SP"}
    assert penalties(result) == {"no_wasted_hours": 560, "balanced_load": 100, "earn_sooner": 20}


def test_balanced_load_holds_two_items_go_to_two_terms():
    cat = catalog([A, B], [opp("X", ["A"]), opp("Y", ["B"], hours_per_week=4)], ["A", "B"])
    result = plan(cat)
    assert starts(result) == {"X": "2026-FA", "Y": "2027-SP"}
    assert penalties(result) == {"no_wasted_hours": 720, "balanced_load": 100, "earn_sooner": 16}


def test_balanced_load_violated_when_the_deadline_packs_one_term():
    cat = catalog([A, B], [opp("X", ["A"]), opp("Y", ["B"], hours_per_week=4)], ["A", "B"])
    result = plan(cat, student(target_graduation_term="2026-FA"))
    assert starts(result) == {"X": "2026-FA", "Y": "2026-FA"}
    assert penalties(result) == {"no_wasted_hours": 720, "balanced_load": 180, "earn_sooner": 0}


def test_preferred_modes_holds_an_online_course_wins_by_a_little():
    cat = catalog([A], [opp("X", ["A"], mode="online", hours_per_week=5.25), opp("Y", ["A"])], ["A"])
    result = plan(cat, student(preferred_modes=["online"]))
    assert starts(result) == {"X": "2026-FA"}
    assert penalties(result) == {
        "no_wasted_hours": 420,
        "balanced_load": 105,
        "preferred_modes": 0,
        "earn_sooner": 0,
    }


def test_preferred_modes_violated_costs_fifty_per_item():
    cat = catalog([A], [opp("Y", ["A"])], ["A"])
    result = plan(cat, student(preferred_modes=["online"]))
    assert penalties(result) == {
        "no_wasted_hours": 400,
        "balanced_load": 100,
        "preferred_modes": 50,
        "earn_sooner": 0,
    }


FAST = {"accelerated": PaceLoad(min_hours_per_week=0, max_hours_per_week=40)}


def test_finish_early_holds_an_accelerated_plan_packs_the_first_term():
    cat = catalog([A, B], [opp("X", ["A"]), opp("Y", ["B"], hours_per_week=4)], ["A", "B"], pace_loads=FAST)
    result = plan(cat, student(pace="accelerated"))
    assert starts(result) == {"X": "2026-FA", "Y": "2026-FA"}
    assert penalties(result) == {
        "no_wasted_hours": 720,
        "balanced_load": 180,
        "finish_early": 2000,
        "earn_sooner": 0,
    }


def test_finish_early_violated_when_an_item_is_only_in_spring():
    cat = catalog(
        [A, B],
        [opp("X", ["A"]), opp("Y", ["B"], hours_per_week=4, seasons=["spring"])],
        ["A", "B"],
        pace_loads=FAST,
    )
    result = plan(cat, student(pace="accelerated"))
    assert starts(result) == {"X": "2026-FA", "Y": "2027-SP"}
    assert penalties(result) == {
        "no_wasted_hours": 720,
        "balanced_load": 100,
        "finish_early": 4000,
        "earn_sooner": 16,
    }


def test_earn_sooner_holds_in_the_first_term():
    cat = catalog([A], [opp("X", ["A"])], ["A"])
    assert penalties(plan(cat))["earn_sooner"] == 0


def test_earn_sooner_violated_by_a_spring_only_item():
    cat = catalog([A], [opp("X", ["A"], seasons=["spring"])], ["A"])
    assert penalties(plan(cat))["earn_sooner"] == 20


def test_stay_close_to_previous_holds_the_same_request_changes_nothing():
    cat = catalog([A], [opp("X", ["A"]), opp("Y", ["A"], hours_per_week=6)], ["A"])
    first = plan(cat)
    again = plan(cat, previous=first)
    assert starts(again) == {"X": "2026-FA"}
    assert penalties(again)["stay_close_to_previous"] == 0


def test_stay_close_to_previous_violated_an_exclusion_counts_two_changes():
    cat = catalog([A], [opp("X", ["A"]), opp("Y", ["A"], hours_per_week=6)], ["A"])
    first = plan(cat)
    again = plan(cat, previous=first, exclusions=["X"])
    assert starts(again) == {"Y": "2026-FA"}
    assert penalties(again)["stay_close_to_previous"] == 300


def test_the_checker_costs_every_plan_exactly_as_the_solver():
    cat = catalog([A, B], [opp("X", ["A"]), opp("Y", ["B"], hours_per_week=4, mode="online")], ["A", "B"])
    req = request(cat, student(preferred_modes=["in_person"]), interest_scores={"X": 0.4})
    result = solve(req)
    assert check_plan(req, result) == []
    assert score_plan(req, result) == penalties(result)
    assert result.objective == sum(penalties(result).values())
