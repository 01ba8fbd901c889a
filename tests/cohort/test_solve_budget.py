"""Each solve of a cohort run is bounded by the run's budget, else PATHWAYS_COHORT_EFFORT and
PATHWAYS_COHORT_TIME_LIMIT; and its plan depends on that work budget only, not on the machine's load."""

from __future__ import annotations

import subprocess
import sys

from cohort_world import catalog, same_run, student

import cohort.engine as engine
from catalog.district import district_bundle
from cohort.domain import Budget
from cohort.engine import InProcess, Job, solve_job
from cohort.run import Cohort, plan_cohort
from core.settings import PROJECT_ROOT, Settings
from planner.domain import PlanRequest, PlanResult, PlanStatus

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"


def test_a_solve_gets_the_runs_budget_else_the_cohort_settings_first_plan_or_re_plan(monkeypatch):
    # One worker, so the plan is deterministic and needs no second solve to settle ties; a plan within
    # 2% of the bound is good enough; one presolve pass.
    asked: list[tuple[float | None, float | None, bool]] = []

    def fake_solve(request: PlanRequest) -> PlanResult:
        assert (request.workers, request.settle_ties, request.gap_limit, request.quick_presolve) == (
            1,
            False,
            0.02,
            True,
        )
        asked.append((request.effort, request.time_limit, request.previous is not None))
        return PlanResult(status=PlanStatus.UNKNOWN, student=request.student.id)

    monkeypatch.setattr(engine, "solve", fake_solve)
    settings = Settings(
        cohort_effort=2.5,
        cohort_time_limit=3.5,
        solver_effort=9,
        solver_time_limit=10,
        replan_effort=1,
        replan_time_limit=2,
    )
    cat = catalog()
    ana = student("ana")
    first = solve_job(cat, Job(ana), settings)
    planned = PlanResult(status=PlanStatus.FEASIBLE, student="ana")
    solve_job(cat, Job(ana, previous=planned), settings)
    solve_job(cat, Job(ana, budget=Budget(effort=0.5, time_limit=1.0)), settings)
    assert first.status == PlanStatus.UNKNOWN
    assert asked == [(2.5, 3.5, False), (2.5, 3.5, True), (0.5, 1.0, False)]


def test_a_run_whose_solves_stop_at_their_budget_is_the_same_beside_a_busy_process():
    # Three sample students whose first plans need far more than 0.4 units of work to be proved: each
    # solve stops at its budget. The second run competes with a process that keeps a core busy.
    bundle = district_bundle(SAMPLE_DIR)
    students = [s for s in bundle.students if s.id in ("stu-maya", "stu-jamal", "stu-linh")]
    world = Cohort(bundle.catalog(), students)
    budget = Budget(effort=0.4, time_limit=300)
    quiet = plan_cohort(world, InProcess(), seed=5, budget=budget)
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        loaded = plan_cohort(world, InProcess(), seed=5, budget=budget)
    finally:
        busy.kill()
        busy.wait()
    assert [r.plan.status for r in quiet if r.plan] == [PlanStatus.FEASIBLE] * 3
    assert [same_run(r) for r in loaded] == [same_run(r) for r in quiet]
