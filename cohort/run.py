"""A cohort run: plan every selected student, then share the seats of limited sections.

1. Every student is planned alone (the engine runs the solves: in-process or on Ray).
2. Seats are shared (cohort/seats.py): each full section keeps the students first in the seat policy;
   the others lose that seat and are re-planned with every full section closed to them and their own
   plan as the one to change as little as possible (the solver's stability rule), so they get an
   alternative, not a new plan. Their new claims are shared in the next round, among the seats left.
3. Each student who lost a seat is told in words what changed and why (``present.changes``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cohort.backups import backups_for, taken_seats
from cohort.domain import Budget, CohortRun, CohortSettings, Outcome, Priority, SeatKey, StudentRun
from cohort.engine import Answer, Engine, Failed, Job, Progress
from cohort.seats import SeatLimits, lost_words, lottery, priority, rank, sole_earners
from core.schema import Catalog, Student
from planner.diff import PlanDiff
from planner.domain import PlanResult, PlanStatus, has_plan
from present.changes import change_lines

if TYPE_CHECKING:
    from core.store import Store
    from matcher.ranking import Matcher

MAX_ROUNDS = 6
"""Rounds of re-planning for lost seats; a student still without a seat after them has no plan."""

Section = tuple[str, str]
"""(opportunity id, start term id)."""


@dataclass
class Cohort:
    """What a run reads: the catalog, the selected students in order, and their interest scores."""

    catalog: Catalog
    students: list[Student]
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    _by_id: dict[str, Student] = field(default_factory=dict, repr=False)

    def student(self, student_id: str) -> Student:
        if len(self._by_id) != len(self.students):
            self._by_id = {s.id: s for s in self.students}
        return self._by_id[student_id]


@dataclass
class Lost:
    section: Section
    words: str


class Counter:
    """Solves done and failed across the rounds of a run, told to one ``progress`` callback."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.done = 0
        self.failed = 0

    def round(self) -> Callable[[int, int, int], None]:
        base_done, base_failed = self.done, self.failed

        def tell(done: int, failed: int, remaining: int) -> None:
            self.done, self.failed = base_done + done, base_failed + failed
            if self.progress is not None:
                self.progress(self.done, self.failed, remaining)

        return tell


@dataclass
class Allocation:
    """The state of the seat sharing: the plans so far, who holds which section, who lost what."""

    cohort: Cohort
    limits: SeatLimits
    numbers: dict[str, int]
    plans: dict[str, Answer]
    holders: dict[Section, list[str]] = field(default_factory=dict)
    lost: dict[str, list[Lost]] = field(default_factory=dict)
    sole: dict[str, str] = field(default_factory=dict)

    def claims(self, student_id: str) -> set[Section]:
        answer = self.plans.get(student_id)
        plan = answer if isinstance(answer, PlanResult) else None
        return {(i.opportunity, i.start_term) for i in self.limits.limited(plan)}

    def held_by(self, student_id: str) -> set[Section]:
        return {s for s, who in self.holders.items() if student_id in who}

    def full(self) -> set[Section]:
        return {s for s, who in self.holders.items() if len(who) >= (self.limits.limit(*s) or 0)}

    def closed_for(self, student_id: str) -> frozenset[Section]:
        """Full and cancelled sections, and those the student lost, except those they hold."""
        lost = {x.section for x in self.lost.get(student_id, [])}
        shut = self.full() | set(self.limits.cancelled) | lost
        return frozenset(shut - self.held_by(student_id))

    def group(self, student_id: str, section: Section) -> Priority:
        answer = self.plans[student_id]
        assert isinstance(answer, PlanResult)
        item = answer.item(section[0])
        assert item is not None
        return priority(self.cohort.student(student_id), item, self.cohort.catalog, self.sole)

    def share(self, todo: list[str]) -> list[str]:
        """Give the free seats of every section the students in ``todo`` claim, in policy order; the
        students who lost a seat, in ``todo``'s order."""
        claims: dict[Section, list[tuple[tuple[int, int], str, Priority]]] = {}
        for sid in todo:
            mine = self.claims(sid)
            for section in self.held_by(sid) - mine:
                self.holders[section].remove(sid)
            for section in sorted(mine - self.held_by(sid)):
                group = self.group(sid, section)
                claims.setdefault(section, []).append((rank(group, self.numbers[sid]), sid, group))
        losers: set[str] = set()
        calendar = self.cohort.catalog.calendar
        for section in sorted(claims):
            ordered = sorted(claims[section])
            seats = self.limits.limit(*section) or 0
            holders = self.holders.setdefault(section, [])
            free = max(0, seats - len(holders))
            admitted, refused = ordered[:free], ordered[free:]
            holders.extend(sid for _, sid, _ in admitted)
            last_in = admitted[-1][2] if admitted else None
            for _, sid, group in refused:
                plan = self.plans[sid]
                assert isinstance(plan, PlanResult)
                item = plan.item(section[0])
                assert item is not None and calendar is not None
                words = lost_words(item.title, calendar.term(section[1]).name, seats, group, last_in)
                self.lost.setdefault(sid, []).append(Lost(section, words))
                losers.add(sid)
        return [sid for sid in todo if sid in losers]


def first_jobs(cohort: Cohort, limits: SeatLimits, budget: Budget) -> list[Job]:
    return [
        Job(s, cohort.scores.get(s.id, {}), closed=limits.cancelled, budget=budget) for s in cohort.students
    ]


def settle(
    alloc: Allocation,
    todo: list[str],
    engine: Engine,
    counter: Counter,
    budget: Budget,
    start_from: dict[str, PlanResult] | None = None,
) -> None:
    """Share the seats the students in ``todo`` claim, re-planning those who lose one, round by round,
    until every claim has a seat; a student still without one after ``MAX_ROUNDS`` has no plan."""
    for round_no in range(MAX_ROUNDS + 1):
        losers = alloc.share([s for s in todo if has_plan(_plan(alloc.plans.get(s)))])
        if not losers:
            return
        if round_no == MAX_ROUNDS:
            for sid in losers:
                names = "; ".join(x.words for x in alloc.lost[sid])
                alloc.plans[sid] = Failed(sid, f"no seat left after {MAX_ROUNDS} rounds: {names}")
                for section in alloc.held_by(sid):
                    alloc.holders[section].remove(sid)
            return
        jobs = []
        for sid in losers:
            previous = (start_from or {}).get(sid) or _plan(alloc.plans[sid])
            scores = alloc.cohort.scores.get(sid, {})
            student = alloc.cohort.student(sid)
            jobs.append(Job(student, scores, alloc.closed_for(sid), previous, budget))
        alloc.plans.update(engine.run(alloc.cohort.catalog, jobs, counter.round()))
        todo = losers


def _plan(answer: Answer | None) -> PlanResult | None:
    return answer if isinstance(answer, PlanResult) else None


def plan_cohort(
    cohort: Cohort,
    engine: Engine,
    *,
    seed: int = 0,
    budget: Budget = Budget(),
    limits: SeatLimits | None = None,
    progress: Progress | None = None,
) -> list[StudentRun]:
    """Every student's plan with the seats shared (the module's docstring), in selection order."""
    limits = limits or SeatLimits(cohort.catalog, {})
    counter = Counter(progress)
    first = engine.run(cohort.catalog, first_jobs(cohort, limits, budget), counter.round())
    alloc = Allocation(
        cohort,
        limits,
        lottery(seed, [s.id for s in cohort.students]),
        dict(first),
        sole=sole_earners(cohort.catalog),
    )
    settle(alloc, [s.id for s in cohort.students], engine, counter, budget)
    runs = [student_run(s, first.get(s.id), alloc) for s in cohort.students]
    attach_backups(runs, cohort, limits)
    return runs


def attach_backups(runs: list[StudentRun], cohort: Cohort, limits: SeatLimits) -> None:
    """A ready backup for each seat-limited item of every plan (cohort/backups.py)."""
    plans = [r.plan for r in runs if r.plan is not None and has_plan(r.plan)]
    taken = taken_seats(plans)
    for run in runs:
        if run.plan is not None and has_plan(run.plan):
            student = cohort.student(run.student)
            scores = cohort.scores.get(run.student, {})
            run.backups = backups_for(student, run.plan, cohort.catalog, limits, taken, scores)


def student_run(
    student: Student, first: Answer | None, alloc: Allocation, why: list[str] | None = None
) -> StudentRun:
    """One student's outcome: the final plan, the one before (``first``) when it changed, and why:
    the what-if's words (``why``) and the seats lost, then what changed."""
    final = alloc.plans.get(student.id)
    run = StudentRun(student=student.id, name=student.name, grade=student.grade, outcome=Outcome.FAILED)
    lost = alloc.lost.get(student.id, [])
    run.lost = [SeatKey(opportunity=o, term=t) for o, t in (x.section for x in lost)]
    if isinstance(final, Failed):
        run.reason = final.reason
    elif final is not None:
        run.plan = final
        if has_plan(final):
            run.outcome = Outcome.PLANNED
        elif final.status == PlanStatus.INFEASIBLE:
            run.outcome = Outcome.OFF_TRACK
            run.reason = final.message
            if final.explanation is not None:
                run.relax = [w.text for w in final.explanation.conflicting_wishes]
        else:
            run.reason = final.message
    if lost or why:
        before = _plan(first)
        run.first_plan = before
        changes = change_lines(PlanDiff.between(before, _plan(final)))
        run.notes = [*(why or []), *(x.words for x in lost)]
        if changes:
            run.notes.append("What changed: " + "; ".join(changes) + ".")
    return run


def interest_scores(
    source: Store | Matcher, students: list[Student]
) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Each student's interest scores from their stored interests (one matcher for the cohort, over a
    store or the app's cached one), and a line per student the matcher failed on (planned without).
    The scores read only the interests and career goals (``Matcher.interest_scores``), so students who
    wrote the same words share one ranking."""
    from matcher import matcher_for
    from matcher.embeddings import ModelError
    from matcher.interests import QueryError

    wanting = [s for s in students if s.interests.strip() or s.career_goals.strip()]
    if not wanting:
        return {}, []
    matcher = matcher_for(source)
    scores: dict[str, dict[str, float]] = {}
    warnings: list[str] = []
    ranked: dict[tuple[str, str], dict[str, float] | Exception] = {}
    for student in wanting:
        words = (student.interests, student.career_goals)
        if words not in ranked:
            try:
                ranked[words] = matcher.interest_scores(None, student)
            except (ModelError, QueryError) as exc:
                ranked[words] = exc
        found = ranked[words]
        if isinstance(found, Exception):
            warnings.append(f"{student.id}: planned without interest scores: {found}")
        else:
            scores[student.id] = found
    return scores, warnings


def new_run(
    run_id: str,
    created_by: str,
    settings: CohortSettings,
    cohort: Cohort,
    engine: Engine,
    *,
    created: dt.datetime,
    progress: Progress | None = None,
) -> CohortRun:
    """Plan the cohort and wrap the outcomes as a run (its status counts the failed students)."""
    started = time.perf_counter()
    students = plan_cohort(cohort, engine, seed=settings.seed, budget=settings.budget(), progress=progress)
    return CohortRun(
        id=run_id,
        created=created,
        created_by=created_by,
        settings=settings,
        status=run_status(students),
        students=students,
        seconds=round(time.perf_counter() - started, 3),
    )


def run_status(students: list[StudentRun]) -> str:
    failed = sum(1 for s in students if s.outcome == Outcome.FAILED)
    return f"complete with {failed} failed" if failed else "complete"
