"""Each solve of a cohort run is bounded by the run's time limit, else PATHWAYS_COHORT_TIME_LIMIT."""

from __future__ import annotations

from cohort_world import catalog, student

import cohort.engine as engine
from cohort.engine import Job, solve_job
from core.settings import Settings
from planner.domain import PlanRequest, PlanResult, PlanStatus


def test_a_solve_gets_the_runs_limit_else_the_cohort_setting_first_plan_or_re_plan(monkeypatch):
    asked: list[tuple[float | None, bool]] = []

    def fake_solve(request: PlanRequest) -> PlanResult:
        asked.append((request.time_limit, request.previous is not None))
        return PlanResult(status=PlanStatus.UNKNOWN, student=request.student.id)

    monkeypatch.setattr(engine, "solve", fake_solve)
    settings = Settings(cohort_time_limit=3.5, solver_time_limit=10, replan_time_limit=2)
    cat = catalog()
    ana = student("ana")
    first = solve_job(cat, Job(ana), settings)
    planned = PlanResult(status=PlanStatus.FEASIBLE, student="ana")
    solve_job(cat, Job(ana, previous=planned), settings)
    solve_job(cat, Job(ana, time_limit=1.0), settings)
    assert first.status == PlanStatus.UNKNOWN
    assert asked == [(3.5, False), (3.5, True), (1.0, False)]
