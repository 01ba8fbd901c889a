"""``PlanEdits`` and ``plan_request``: the one edit model (chat, pages, CLI, history) and the one
time-limit policy."""

from __future__ import annotations

from plan_builders import catalog, comp, opp, plan, student

from core.settings import Settings
from planner.domain import Lock
from planner.edits import RETHINK_STABILITY, PlanEdits, Wishes, plan_request


def test_a_lock_undoes_an_exclusion_and_an_exclusion_undoes_a_lock() -> None:
    edits = PlanEdits().with_exclusion("BIO").with_lock("BIO", "2027-SP")
    assert (edits.locks, edits.exclusions) == ([Lock(opportunity="BIO", term="2027-SP")], [])
    edits = edits.with_exclusion("BIO").with_exclusion("BIO")
    assert (edits.locks, edits.exclusions) == ([], ["BIO"])


def test_a_later_lock_replaces_an_earlier_one_and_a_swap_excludes_one_and_locks_the_other() -> None:
    edits = PlanEdits().with_lock("BIO", "2026-FA").with_lock("BIO")
    assert edits.locks == [Lock(opportunity="BIO")]
    swapped = edits.with_exclusion("ART").with_swap("BIO", "ART")
    assert swapped.locks == [Lock(opportunity="ART")] and swapped.exclusions == ["BIO"]
    assert swapped.with_wish_off("deadline").with_wish_off("deadline").wishes_off == ["deadline"]


def test_a_replan_gets_the_short_budget_and_a_first_plan_the_full_one() -> None:
    cat = catalog([comp("B")], [opp("BIO", ["B"])], required=["B"])
    settings = Settings(
        solver_effort=7, solver_time_limit=9, replan_effort=0.5, replan_time_limit=1.5, solver_workers=1
    )
    wishes = Wishes(student=student(), edits=PlanEdits().with_lock("BIO"))
    first = plan_request(wishes, cat, settings=settings)
    assert (first.effort, first.time_limit, first.workers, first.previous, first.locks) == (
        7,
        9,
        1,
        None,
        wishes.edits.locks,
    )
    previous = plan(cat)
    again = plan_request(wishes, cat, previous=previous, scores={"BIO": 0.5}, settings=settings)
    assert (again.effort, again.time_limit, again.previous, again.interest_scores) == (
        0.5,
        1.5,
        previous,
        {"BIO": 0.5},
    )
    assert again.weights.stability == 150
    # New interests: a first plan's budget, the previous plan kept only as a light preference.
    rethought = plan_request(wishes, cat, previous=previous, settings=settings, rethink=True)
    assert (rethought.effort, rethought.time_limit, rethought.previous, rethought.weights.stability) == (
        7,
        9,
        previous,
        RETHINK_STABILITY,
    )
