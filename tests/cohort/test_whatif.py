"""What-ifs on a run: a cancelled section re-plans only its students; a new section or more seats go
to the students who lost them, in seat-policy order; the rest of the run is untouched."""

from __future__ import annotations

import datetime as dt

from cohort_world import WANTS_INTERN, catalog, opp, student

from cohort.domain import CohortRun, CohortSettings, Outcome
from cohort.engine import InProcess, Job
from cohort.run import Cohort, plan_cohort, run_status
from cohort.whatif import Change, ChangeKind, WhatIfError, report, what_if

NOW = dt.datetime(2026, 12, 3, 14, 0)


def world() -> Cohort:
    cat = catalog(
        intern_seats=2,
        extra=[opp("CAMP", "Science camp", ["SCI-1"], kind="after_school", seasons=["fall", "spring"])],
    )
    stus = [student("ana"), student("ben", grade=12), student("cy"), student("dee", grade=11), student("eli")]
    return Cohort(catalog=cat, students=stus, scores={s.id: WANTS_INTERN | {"CAMP": 0.5} for s in stus})


def first_run(cohort: Cohort, engine: InProcess) -> CohortRun:
    students = plan_cohort(cohort, engine, seed=0)
    return CohortRun(
        id="run-1",
        created=NOW,
        created_by="admin",
        settings=CohortSettings(seed=0),
        status=run_status(students),
        students=students,
    )


def holding(run: CohortRun, opportunity: str) -> list[str]:
    return [s.student for s in run.students if s.plan and s.plan.item(opportunity)]


class Counting(InProcess):
    """The in-process engine, counting who it solves for."""

    def __init__(self) -> None:
        super().__init__()
        self.solved: list[str] = []

    def run(self, catalog, jobs: list[Job], progress=None):
        self.solved += [j.student.id for j in jobs]
        return super().run(catalog, jobs, progress)


def test_a_cancelled_section_re_plans_only_its_students():
    cohort = world()
    parent = first_run(cohort, InProcess())
    # ben is the only senior; seed 0's lottery draws cy, ben, ana, eli, dee.
    assert holding(parent, "INTERN") == ["ben", "cy"]
    engine = Counting()
    change = Change(kind=ChangeKind.CANCEL, opportunity="INTERN", term="2026-FA")
    child = what_if(parent, change, cohort, engine, run_id="run-2", created=NOW, created_by="admin")
    assert engine.solved == ["ben", "cy"]
    assert child.affected == ["ben", "cy"] and child.parent == "run-1"
    assert child.note == "cancel Vet clinic internship in Fall 2026"
    assert holding(child, "INTERN") == []
    for sid in ("ana", "dee", "eli"):
        assert child.student(sid) == parent.student(sid).model_copy(
            update={"backups": child.student(sid).backups}
        )
    assert child.student("ben").notes == [
        "Vet clinic internship in Fall 2026 was cancelled.",
        "What changed: Added Science camp (Fall 2026); Removed Vet clinic internship.",
    ]
    summary = report(parent, child, change, cohort.catalog)
    assert (summary.affected, summary.planned, summary.recovered) == (2, 2, 2)
    assert summary.changes == {"ben": 1, "cy": 1}
    assert summary.lines() == [
        "What-if: cancel Vet clinic internship in Fall 2026: 2 students re-planned, 2 with a plan, "
        "2 with at most one change (100%).",
        "  before: 2 planned / 2 seats, 3 unmet",
        "  after: 0 planned / 0 seats, 3 unmet",
    ]


def test_a_new_section_goes_to_the_students_who_lost_it_in_policy_order():
    cohort = world()
    parent = first_run(cohort, InProcess())
    lost = [s.student for s in parent.students if s.lost]
    assert lost == ["ana", "dee", "eli"]
    engine = Counting()
    change = Change(kind=ChangeKind.ADD_SECTION, opportunity="INTERN", term="2026-FA", seats=1)
    child = what_if(parent, change, cohort, engine, run_id="run-2", created=NOW, created_by="admin")
    # Seed 0's lottery draws cy, ben, ana, eli, dee: ana is first of the three who lost it.
    assert engine.solved == ["ana"]
    assert holding(child, "INTERN") == ["ana", "ben", "cy"]
    assert child.seats == {"INTERN@2026-FA": 3}
    assert child.student("ana").notes == [
        "Vet clinic internship in Fall 2026 has more seats now, and one is yours.",
        "What changed: Added Vet clinic internship (Fall 2026); Removed Science camp.",
    ]
    more = Change(kind=ChangeKind.SET_SEATS, opportunity="INTERN", term="2026-FA", seats=5)
    grand = what_if(child, more, cohort, Counting(), run_id="run-3", created=NOW, created_by="admin")
    assert holding(grand, "INTERN") == ["ana", "ben", "cy", "dee", "eli"]
    assert report(child, grand, more, cohort.catalog).lines()[1:] == [
        "  before: 3 planned / 3 seats, 2 unmet",
        "  after: 5 planned / 5 seats, 0 unmet",
    ]
    assert all(s.outcome == Outcome.PLANNED for s in grand.students)


def test_a_change_that_does_not_apply_is_refused_in_words():
    cohort = world()
    parent = first_run(cohort, InProcess())
    for change, words in [
        (
            Change(kind=ChangeKind.CANCEL, opportunity="NOPE", term="2026-FA"),
            "'NOPE' is not an opportunity of the catalog",
        ),
        (
            Change(kind=ChangeKind.CANCEL, opportunity="INTERN", term="2099-FA"),
            "'2099-FA' is not a term of the calendar",
        ),
        (
            Change(kind=ChangeKind.ADD_SECTION, opportunity="CAMP", term="2026-FA"),
            "Science camp has no seat limit; a section adds nothing",
        ),
    ]:
        try:
            what_if(parent, change, cohort, InProcess(), run_id="x", created=NOW, created_by="admin")
        except WhatIfError as exc:
            assert str(exc) == words
        else:
            raise AssertionError(change)
