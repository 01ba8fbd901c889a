"""Ties: when several plans cost exactly the same, the solver returns the same one on every run and
with any number of workers (``planner.solve.settle_ties``)."""

from __future__ import annotations

from plan_builders import catalog, comp, opp, penalties, request, starts, student

from planner.domain import PlanStatus
from planner.solve import solve, tie_weight

A, B = comp("A"), comp("B")
EARLY = student(target_graduation_term="2027-SP")


def test_two_plans_of_equal_cost_settle_on_the_same_one_with_one_or_two_workers():
    # X earns A and Y earns B, 5 hours each, both offered in the fall and the spring: X then Y, or Y
    # then X, cost exactly the same (the same hours, the same peak, the same hours started late).
    cat = catalog([A, B], [opp("X", ["A"]), opp("Y", ["B"])], ["A", "B"])
    results = [solve(request(cat, EARLY).model_copy(update={"workers": w})) for w in (1, 2, 1, 2)]
    assert [r.status for r in results] == [PlanStatus.OPTIMAL] * 4
    assert [starts(r) for r in results] == [{"X": "2026-FA", "Y": "2027-SP"}] * 4
    assert [penalties(r) for r in results] == [
        {"no_wasted_hours": 800, "balanced_load": 100, "earn_sooner": 20}
    ] * 4
    # The fixed tie order decides: X in the fall and Y in the spring weigh less than the other way.
    assert tie_weight("X", "2026-FA") + tie_weight("Y", "2027-SP") == 702958
    assert tie_weight("Y", "2026-FA") + tie_weight("X", "2027-SP") == 1882604


def test_the_tie_order_is_a_fixed_checksum_of_the_ids():
    # CRC-32 of "opportunity@term", so every process (and every Ray worker) weighs a start the same.
    assert tie_weight("X", "2026-FA") == 296535
    assert tie_weight("X", "2027-SP") == 862166
    assert tie_weight("BIO-1", "2027-SP") == 560847
