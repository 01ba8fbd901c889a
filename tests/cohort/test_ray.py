"""The Ray path: a local cluster of two CPUs gives the same run as the in-process path, and a student
whose solve raises inside a worker is reported while the others are planned. One cluster for the
module (starting it takes several seconds on the shared machine, hence ``slow``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cohort_world import catalog, contested, same_run, student

from cohort.domain import Outcome
from cohort.engine import InProcess, Job, RayEngine, engine_for
from cohort.run import plan_cohort

pytestmark = pytest.mark.slow
ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def ray_engine() -> Iterator[RayEngine]:
    engine = RayEngine(2)
    yield engine
    ray.shutdown()


def test_the_local_cluster_and_the_process_give_the_same_run(ray_engine):
    on_ray = plan_cohort(contested(6), ray_engine, seed=5)
    here = plan_cohort(contested(6), InProcess(), seed=5)
    assert [same_run(r) for r in on_ray] == [same_run(r) for r in here]
    assert sum(1 for r in on_ray if r.lost) >= 3
    assert len(ray_engine.peak_rss_mb) >= 1 and all(mb > 0 for mb in ray_engine.peak_rss_mb.values())


def test_a_student_whose_solve_raises_in_a_worker_is_reported(ray_engine):
    jobs = [Job(student("ana")), Job(student("bo"), scores={"INTERN": "high"}), Job(student("cy"))]  # type: ignore[dict-item]
    seen: list[tuple[int, int, int]] = []
    answers = ray_engine.run(catalog(), jobs, lambda *p: seen.append(p))
    assert sorted(answers) == ["ana", "bo", "cy"]
    failed = answers["bo"]
    assert failed.reason.startswith(
        "ValidationError: 1 validation error for PlanRequest\ninterest_scores.INTERN"
    )  # type: ignore[union-attr]
    assert seen[-1] == (2, 1, 0)


def test_one_worker_runs_in_process():
    assert isinstance(engine_for(1), InProcess)
    assert [r.outcome for r in plan_cohort(contested(6), engine_for(1))] == [Outcome.PLANNED] * 6
