"""Where the per-student solves run: in this process, or as Ray tasks on a local or existing cluster.

Both engines take the catalog once and a list of ``Job``s, and give each student's ``PlanResult``, or
the reason its solve failed, as the solves finish (the caller's ``progress`` is told done, failed and
remaining after each). On Ray the catalog is put in the object store once; each worker process reads
it once and keeps it for the jobs it runs after (``_WORKER_CATALOGS``).
"""

from __future__ import annotations

import logging
import os
import resource
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from cohort.domain import Budget
from core.schema import Catalog, Opportunity, Student
from core.settings import Settings, get_settings
from planner.domain import PlanResult
from planner.edits import PlanEdits, Wishes, plan_request
from planner.solve import solve

COHORT_STABILITY = 2000
"""The stability rule's weight (points per change against the previous plan) when a cohort re-plans a
student who lost a seat or a cancelled section: well above every other rule's usual cost, so the
solver keeps the rest of the plan and swaps in one alternative when one exists (the default, 150, is
the advisor's live re-planning, where a better plan may be worth a few changes)."""

COHORT_GAP = 0.02
"""A cohort solve stops once its plan is proved within 2% of the best bound (CP-SAT's relative gap)."""

Progress = Callable[[int, int, int], None]
"""Told (done, failed, remaining) after every finished solve."""


@dataclass(frozen=True)
class Job:
    """One student's solve: the profile, the interest scores, the sections closed to them (full or
    cancelled: (opportunity, start term) pairs), and the plan to change as little as possible."""

    student: Student
    scores: dict[str, float] = field(default_factory=dict)
    closed: frozenset[tuple[str, str]] = frozenset()
    previous: PlanResult | None = None
    budget: Budget = field(default_factory=Budget)


@dataclass(frozen=True)
class Failed:
    """A solve that raised: the student and the error in words."""

    student: str
    reason: str


Answer = PlanResult | Failed


def close_starts(catalog: Catalog, closed: Iterable[tuple[str, str]]) -> tuple[Catalog, list[str]]:
    """The catalog without the closed sections: an opportunity keeps the start terms still open (as
    ``only_terms``); one with no open start left is returned among the exclusions instead."""
    by_opp: dict[str, set[str]] = {}
    for opp_id, term in closed:
        by_opp.setdefault(opp_id, set()).add(term)
    if not by_opp or catalog.calendar is None:
        return catalog, []
    terms = catalog.calendar.terms
    opportunities: list[Opportunity] = []
    excluded: list[str] = []
    for opp in catalog.opportunities:
        shut = by_opp.get(opp.id)
        if not shut:
            opportunities.append(opp)
            continue
        open_terms = [t.id for t in terms if opp.starts_in(t) and t.id not in shut]
        if open_terms:
            opportunities.append(opp.model_copy(update={"only_terms": open_terms}))
        else:
            opportunities.append(opp)
            excluded.append(opp.id)
    return catalog.model_copy(update={"opportunities": opportunities}), excluded


def solve_job(catalog: Catalog, job: Job, settings: Settings | None = None) -> PlanResult:
    """The student's plan with the closed sections shut, one search worker, few changes to
    ``previous`` when there is one, within the job's budget (else the cohort's settings)."""
    shared, excluded = close_starts(catalog, job.closed)
    wishes = Wishes(student=job.student, edits=PlanEdits(exclusions=excluded))
    request = plan_request(wishes, shared, scores=job.scores, previous=job.previous, settings=settings)
    # One worker: deterministic, so the plan needs no settling of ties (a second solve of up to
    # SETTLE_EFFORT, half the work of an eleventh grader's whole plan).
    request.workers = 1
    request.settle_ties = False
    # A cohort plan within 2% of the best bound is good enough, and one presolve pass finds plans
    # sooner on a district's students (docs/cohort.md, "Where a student's time goes").
    request.gap_limit = COHORT_GAP
    request.quick_presolve = True
    if request.previous is not None:
        request.weights = request.weights.model_copy(update={"stability": COHORT_STABILITY})
    settings = settings or get_settings()
    request.effort = job.budget.effort or settings.cohort_effort
    request.time_limit = job.budget.time_limit or settings.cohort_time_limit
    return solve(request)


class Engine(Protocol):
    workers: int
    peak_rss_mb: dict[int, float]
    """Peak resident memory of each process that ran solves (pid -> MB)."""
    cpu_seconds: float
    """CPU time the solves took, summed over the processes that ran them."""

    def run(
        self, catalog: Catalog, jobs: list[Job], progress: Progress | None = None
    ) -> dict[str, Answer]: ...


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tell(progress: Progress | None, done: int, failed: int, total: int) -> None:
    if progress is not None:
        progress(done, failed, total - done - failed)


def _answer(catalog: Catalog, job: Job, settings: Settings | None) -> Answer:
    try:
        return solve_job(catalog, job, settings)
    except Exception as exc:  # a student's failure is reported and the run goes on
        return Failed(job.student.id, f"{type(exc).__name__}: {exc}")


def _timed(catalog: Catalog, job: Job, settings: Settings | None) -> tuple[Answer, float]:
    """The answer and the CPU seconds it took in this process (the solver's threads included)."""
    started = time.process_time()
    answer = _answer(catalog, job, settings)
    return answer, time.process_time() - started


class InProcess:
    """The solves one after another in this process (``--workers 1``, or Ray not installed)."""

    workers = 1

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings
        self.peak_rss_mb: dict[int, float] = {}
        self.cpu_seconds = 0.0

    def run(self, catalog: Catalog, jobs: list[Job], progress: Progress | None = None) -> dict[str, Answer]:
        answers: dict[str, Answer] = {}
        failed = 0
        for job in jobs:
            answer, cpu = _timed(catalog, job, self.settings)
            self.cpu_seconds += cpu
            failed += isinstance(answer, Failed)
            answers[job.student.id] = answer
            _tell(progress, len(answers) - failed, failed, len(jobs))
        self.peak_rss_mb[os.getpid()] = _peak_rss_mb()
        return answers


_WORKER_CATALOGS: dict[str, Catalog] = {}
"""In a Ray worker: the catalogs already read from the object store, by object id."""


def _remote_solve(box: list[Any], job: Job, settings: Settings) -> tuple[Answer, float, int, float]:
    """A Ray task: the catalog comes boxed in a list, so Ray passes its reference unread and the worker
    reads it from the object store only the first time."""
    import ray

    ref = box[0]
    key = ref.hex()
    if key not in _WORKER_CATALOGS:
        _WORKER_CATALOGS.clear()
        _WORKER_CATALOGS[key] = ray.get(ref)
    answer, cpu = _timed(_WORKER_CATALOGS[key], job, settings)
    return answer, cpu, os.getpid(), _peak_rss_mb()


def ray_available() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


class RayEngine:
    """The solves as Ray tasks, one CPU each: on the cluster at ``address`` (or RAY_ADDRESS), else on a
    local cluster of ``workers`` CPUs started here (and kept for the process's later runs)."""

    def __init__(self, workers: int, address: str = "", settings: Settings | None = None) -> None:
        import ray

        self.workers = workers
        self.settings = settings or get_settings()
        self.peak_rss_mb: dict[int, float] = {}
        self.cpu_seconds = 0.0
        if not ray.is_initialized():
            address = address or os.environ.get("RAY_ADDRESS", "")
            env = {"env_vars": {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}}
            if address:
                ray.init(address=address, runtime_env=env, log_to_driver=False)
            else:
                ray.init(
                    num_cpus=workers,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.ERROR,
                    runtime_env=env,
                )

    def run(self, catalog: Catalog, jobs: list[Job], progress: Progress | None = None) -> dict[str, Answer]:
        import ray

        task = ray.remote(num_cpus=1, max_retries=0)(_remote_solve)
        box = [ray.put(catalog)]
        settings = ray.put(self.settings)
        pending = {task.remote(box, job, settings): job.student.id for job in jobs}
        answers: dict[str, Answer] = {}
        failed = 0
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                student = pending.pop(ref)
                try:
                    answer, cpu, pid, rss = ray.get(ref)
                    self.cpu_seconds += cpu
                    self.peak_rss_mb[pid] = max(rss, self.peak_rss_mb.get(pid, 0.0))
                except Exception as exc:  # a lost worker: this student failed, the run goes on
                    answer = Failed(student, f"{type(exc).__name__}: {exc}")
                failed += isinstance(answer, Failed)
                answers[student] = answer
                _tell(progress, len(answers) - failed, failed, len(jobs))
        return answers


def engine_for(workers: int, address: str = "", settings: Settings | None = None) -> Engine:
    """Ray when it is installed and more than one worker (or a cluster address) is asked; else in-process."""
    address = address or os.environ.get("RAY_ADDRESS", "")
    if (workers > 1 or address) and ray_available():
        return RayEngine(workers, address, settings)
    return InProcess(settings)
