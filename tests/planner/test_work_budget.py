"""A solve's budget is work (CP-SAT's deterministic time), so a plan cut short by it is the same
whatever the machine's load; the wall-clock limit is only a safety net (planner.model.make_solver)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from plan_builders import SAMPLE_DIR

from planner.domain import PlanRequest, PlanStatus
from planner.solve import solve

EFFORT = 0.4
"""Far less than Maya's first plan needs to be proved optimal (without interests: more than 15 units)."""

CHILD = f"""
import json
from pathlib import Path
from catalog.district import district_bundle
from planner.domain import PlanRequest
from planner.solve import solve
bundle = district_bundle(Path({str(SAMPLE_DIR)!r}))
maya = next(s for s in bundle.students if s.id == "stu-maya")
plan = solve(PlanRequest(student=maya, catalog=bundle.catalog(), workers=1, effort={EFFORT}, time_limit=300))
print(json.dumps([plan.status, plan.objective, [[i.opportunity, i.start_term] for i in plan.items()]]))
"""


def test_a_plan_cut_short_by_its_budget_is_the_same_in_another_process_solving_beside_it(sample_district):
    catalog, students = sample_district
    maya = next(s for s in students if s.id == "stu-maya")
    # Another interpreter (another hash seed) solves the same request at the same time, so each of the
    # two competes with the other for the cores and gets a different share of the wall-clock time.
    env = {**os.environ, "PYTHONHASHSEED": "7"}
    child = subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True)
    here = solve(PlanRequest(student=maya, catalog=catalog, workers=1, effort=EFFORT, time_limit=300))
    out, _ = child.communicate(timeout=600)
    assert child.returncode == 0
    assert here.status == PlanStatus.FEASIBLE  # stopped by its budget, not proved
    layout = [[i.opportunity, i.start_term] for i in here.items()]
    assert json.loads(out) == [here.status.value, here.objective, layout]


def test_no_plan_within_the_budget_says_so(sample_district):
    catalog, students = sample_district
    maya = next(s for s in students if s.id == "stu-maya")
    result = solve(PlanRequest(student=maya, catalog=catalog, workers=1, effort=0.001, time_limit=300))
    assert (result.status, result.message) == (
        PlanStatus.UNKNOWN,
        "no plan was found within a budget of 0.001 units of work; try again with a larger budget",
    )


def test_a_plan_stopped_by_the_gap_limit_is_reported_feasible_with_its_bound(sample_district):
    # CP-SAT says OPTIMAL when it stops at its relative gap limit; the plan says what it is.
    catalog, students = sample_district
    maya = next(s for s in students if s.id == "stu-maya")
    request = PlanRequest(student=maya, catalog=catalog, workers=1, effort=5, time_limit=300, gap_limit=0.5)
    result = solve(request)
    assert result.status == PlanStatus.FEASIBLE
    assert result.best_bound is not None and result.objective is not None
    assert 0 < result.objective - result.best_bound <= 0.5 * abs(result.objective)
