"""What-ifs on a stored run: cancel a section, add a section, or set a section's seats, re-planning only
the students it touches, with as few changes to their plans as the solver finds, as a new run.

- cancel X in T: the students planned in it are re-planned with it closed (their plan is the one to
  change least);
- add a section of X in T (its seats: as given, else the opportunity's), or set X's seats in T to N:
  the students who lost X in T, in seat-policy order, as many as the new free seats, are re-planned
  from the plan they first wanted.

Every other student keeps their plan and their seats. The new run names its parent and the change.
"""

from __future__ import annotations

import datetime as dt
import time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from cohort.domain import CohortRun, DemandRow, Outcome, SeatKey
from cohort.engine import Answer, Engine, Failed, Job, Progress
from cohort.run import Allocation, Cohort, Counter, attach_backups, run_status, settle, student_run
from cohort.seats import SeatLimits, key_text, lottery, priority, rank, sole_earners
from cohort.views import demand, limits_of
from core.schema import Catalog
from planner.diff import PlanDiff
from planner.domain import PlanResult, has_plan


class ChangeKind(StrEnum):
    CANCEL = "cancel"
    ADD_SECTION = "add-section"
    SET_SEATS = "set-seats"


class Change(BaseModel):
    """One change of offering: what, which opportunity, which start term, and seats when it adds some."""

    model_config = ConfigDict(extra="forbid")

    kind: ChangeKind
    opportunity: str
    term: str
    seats: int | None = None


def plan_changes(diff: PlanDiff) -> int:
    """Changes a student sees: a swap (one item out, one in) is one change, a move is one."""
    return max(len(diff.added), len(diff.removed)) + len(diff.moved)


class WhatIfError(ValueError):
    """A change that does not apply to the run (unknown opportunity or term, no seat limit...)."""


def _new_limits(parent: CohortRun, change: Change, cohort: Cohort) -> tuple[SeatLimits, str]:
    """The seats after the change, and the change in words."""
    catalog = cohort.catalog
    opp = catalog.opportunity_map().get(change.opportunity)
    if opp is None:
        raise WhatIfError(f"{change.opportunity!r} is not an opportunity of the catalog")
    if catalog.calendar is None or change.term not in {t.id for t in catalog.calendar.terms}:
        raise WhatIfError(f"{change.term!r} is not a term of the calendar")
    term = catalog.calendar.term(change.term)
    seats = dict(parent.seats)
    cancelled = {(k.opportunity, k.term) for k in parent.cancelled}
    section = (change.opportunity, change.term)
    now = limits_of(parent, catalog).limit(*section)
    if change.kind is ChangeKind.CANCEL:
        cancelled.add(section)
        words = f"cancel {opp.title} in {term.name}"
    else:
        if change.kind is ChangeKind.ADD_SECTION:
            added = change.seats if change.seats is not None else opp.seats
            if added is None or now is None:
                raise WhatIfError(f"{opp.title} has no seat limit; a section adds nothing")
            new = (0 if section in cancelled else now) + added
            words = f"add a section of {opp.title} in {term.name} ({added} seats)"
        else:
            if change.seats is None:
                raise WhatIfError("set-seats needs the number of seats")
            new = change.seats
            words = f"set the seats of {opp.title} in {term.name} to {new}"
        cancelled.discard(section)
        seats[key_text(SeatKey(opportunity=change.opportunity, term=change.term))] = new
    return SeatLimits(catalog, seats, frozenset(cancelled)), words


def _seat_winners(
    parent: CohortRun, section: tuple[str, str], cohort: Cohort, alloc: Allocation
) -> list[str]:
    """The students who lost the section and do not hold it, as many as its free seats, first in the
    seat policy first; in the run's order."""
    holders = sum(1 for s in parent.students if section in alloc.claims(s.student))
    free = max(0, (alloc.limits.limit(*section) or 0) - holders)
    wanting = []
    for one in parent.students:
        if section in alloc.claims(one.student) or (section[0], section[1]) not in {
            (k.opportunity, k.term) for k in one.lost
        }:
            continue
        item = one.first_plan.item(section[0]) if one.first_plan is not None else None
        if item is not None:
            group = priority(cohort.student(one.student), item, cohort.catalog, alloc.sole)
            wanting.append((rank(group, alloc.numbers[one.student]), one.student))
    winners = {sid for _, sid in sorted(wanting)[:free]}
    return [s.student for s in parent.students if s.student in winners]


def what_if(
    parent: CohortRun,
    change: Change,
    cohort: Cohort,
    engine: Engine,
    *,
    run_id: str,
    created: dt.datetime,
    created_by: str,
    progress: Progress | None = None,
) -> CohortRun:
    """The run after ``change`` (the module's docstring), as a new run naming ``parent``."""
    started = time.perf_counter()
    limits, words = _new_limits(parent, change, cohort)
    section = (change.opportunity, change.term)
    ids = [s.student for s in parent.students]
    plans: dict[str, Answer] = {
        s.student: s.plan if s.plan is not None else Failed(s.student, s.reason) for s in parent.students
    }
    alloc = Allocation(
        cohort, limits, lottery(parent.settings.seed, ids), plans, sole=sole_earners(cohort.catalog)
    )
    previous: dict[str, PlanResult] = {}
    by_id = {s.student: s for s in parent.students}
    title = cohort.catalog.opportunity_map()[change.opportunity].title
    assert cohort.catalog.calendar is not None
    term_name = cohort.catalog.calendar.term(change.term).name
    if change.kind is ChangeKind.CANCEL:
        affected = [sid for sid in ids if section in alloc.claims(sid)]
        why = f"{title} in {term_name} was cancelled."
    else:
        affected = _seat_winners(parent, section, cohort, alloc)
        why = f"{title} in {term_name} has more seats now, and one is yours."
    for sid in ids:
        if sid not in affected:
            for held in alloc.claims(sid):
                alloc.holders.setdefault(held, []).append(sid)
    counter = Counter(progress)
    jobs = []
    for sid in affected:
        one = by_id[sid]
        base = one.plan if change.kind is ChangeKind.CANCEL else (one.first_plan or one.plan)
        if base is not None and has_plan(base):
            previous[sid] = base
        jobs.append(
            Job(
                cohort.student(sid),
                cohort.scores.get(sid, {}),
                alloc.closed_for(sid),
                previous.get(sid),
                parent.settings.budget(),
            )
        )
    alloc.plans.update(engine.run(cohort.catalog, jobs, counter.round()))
    settle(alloc, affected, engine, counter, parent.settings.budget(), start_from=previous)
    students = [
        student_run(cohort.student(s.student), s.plan, alloc, [why])
        if s.student in affected
        else s.model_copy()
        for s in parent.students
    ]
    attach_backups(students, cohort, limits)
    return CohortRun(
        id=run_id,
        created=created,
        created_by=created_by,
        settings=parent.settings,
        status=run_status(students),
        students=students,
        seats=limits.changed,
        cancelled=[SeatKey(opportunity=o, term=t) for o, t in sorted(limits.cancelled)],
        parent=parent.id,
        note=words,
        affected=affected,
        seconds=round(time.perf_counter() - started, 3),
    )


class WhatIfReport(BaseModel):
    """What a what-if did: the students re-planned, how many have a plan and how many needed at most
    one change (a swap counts as one), and the demand for the section before and after."""

    model_config = ConfigDict(extra="forbid")

    change: str
    affected: int
    planned: int
    recovered: int = Field(description="Re-planned students with a plan and at most one change.")
    changes: dict[str, int] = Field(default_factory=dict, description="Changes per re-planned student.")
    before: DemandRow | None = None
    after: DemandRow | None = None

    def lines(self) -> list[str]:
        share = f" ({100 * self.recovered / self.affected:.0f}%)" if self.affected else ""
        out = [
            f"What-if: {self.change}: {self.affected} students re-planned, {self.planned} with a plan, "
            f"{self.recovered} with at most one change{share}."
        ]
        for label, row in (("before", self.before), ("after", self.after)):
            if row is not None:
                seats = "no limit" if row.seats is None else f"{row.seats} seats"
                out.append(f"  {label}: {row.planned} planned / {seats}, {row.unmet} unmet")
        return out


def report(parent: CohortRun, child: CohortRun, change: Change, catalog: Catalog) -> WhatIfReport:
    """Compare the what-if's run with its parent."""
    old = {s.student: s for s in parent.students}
    changes = {}
    planned = recovered = 0
    for sid in child.affected:
        new = child.student(sid)
        n = plan_changes(PlanDiff.between(old[sid].plan, new.plan))
        changes[sid] = n
        planned += new.outcome == Outcome.PLANNED
        recovered += new.outcome == Outcome.PLANNED and n <= 1

    def row(run: CohortRun) -> DemandRow | None:
        return next(
            (r for r in demand(run, catalog) if (r.opportunity, r.term) == (change.opportunity, change.term)),
            None,
        )

    return WhatIfReport(
        change=child.note,
        affected=len(child.affected),
        planned=planned,
        recovered=recovered,
        changes=changes,
        before=row(parent),
        after=row(child),
    )


def touched(parent: CohortRun, change: Change) -> list[str]:
    """The students a change can re-plan (planned in the section, or lost it): whose interest scores a
    what-if needs."""
    section = (change.opportunity, change.term)
    return [
        s.student
        for s in parent.students
        if (s.plan is not None and any((i.opportunity, i.start_term) == section for i in s.plan.items()))
        or any((k.opportunity, k.term) == section for k in s.lost)
    ]


def parse_change(kind: ChangeKind, text: str) -> Change:
    """'OPP@TERM', 'OPP@TERM:SEATS' (add a section) or 'OPP@TERM=N' (set the seats) as a change."""
    head, seats = text, None
    for mark in (":", "="):
        if mark in text:
            head, _, number = text.rpartition(mark)
            if not number.strip().isdigit():
                raise WhatIfError(f"{text!r}: the seats after {mark!r} must be a whole number")
            seats = int(number)
    opportunity, at, term = head.partition("@")
    if not at or not opportunity.strip() or not term.strip():
        raise WhatIfError(f"{text!r}: write OPPORTUNITY@TERM")
    return Change(kind=kind, opportunity=opportunity.strip(), term=term.strip(), seats=seats)
