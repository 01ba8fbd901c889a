"""``has_plan``: the one answer to "is there a plan" for every page, the chat, the CLI and the records."""

from __future__ import annotations

import pytest

from planner.domain import PlanResult, PlanStatus, has_plan


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (PlanStatus.OPTIMAL, True),
        (PlanStatus.FEASIBLE, True),
        (PlanStatus.INFEASIBLE, False),
        (PlanStatus.INVALID, False),
        (PlanStatus.UNKNOWN, False),
    ],
)
def test_a_plan_exists_only_when_the_solver_found_one(status: PlanStatus, expected: bool) -> None:
    assert has_plan(PlanResult(status=status, student="stu-a")) is expected


def test_no_result_is_no_plan() -> None:
    assert has_plan(None) is False
