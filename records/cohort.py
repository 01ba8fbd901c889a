"""The record service's cohort operations: reading the students a cohort run plans, and storing and
reading cohort runs. Each is one ``plan_cohort`` act (district staff only), authorized once for the
whole cohort and audited with counts and ids, never student data."""

from __future__ import annotations

import datetime as dt
import secrets

from pydantic import BaseModel, ConfigDict

from cohort.domain import CohortRun, CohortSettings, Outcome, StudentRun
from core.errors import InputError, Problem
from core.schema import Catalog, Student
from core.store import Cursor
from records.access import Action
from records.accounts import User
from records.core import Ctx, RecordsBase

RUNS_PAGE = 50
"""How many runs the list of runs shows, newest first."""


class RunInfo(BaseModel):
    """A run in the list of runs: without its students."""

    model_config = ConfigDict(extra="forbid")

    id: str
    created: dt.datetime
    created_by: str
    parent: str | None
    status: str
    students: int
    planned: int
    note: str


def new_run_id(now: dt.datetime) -> str:
    """'run-20261203-1430-3f9a': the time it started and four random hex digits."""
    return f"run-{now:%Y%m%d-%H%M}-{secrets.token_hex(2)}"


def select(
    students: list[Student], settings: CohortSettings, source: str = "", lines: list[int] | None = None
) -> list[Student]:
    """The students a run plans: those named (in that order; an unknown id is an ``InputError`` naming
    the file ``source`` and its line, from ``lines`` when given), else every student, then only those
    in ``settings.grade`` and of ``settings.school`` when they are given."""
    if settings.students:
        by_id = {s.id: s for s in students}
        numbers = lines or list(range(1, len(settings.students) + 1))
        unknown = [
            Problem(source, f"line {n}", "", f"student {sid!r} is not a student of this district")
            for n, sid in zip(numbers, settings.students, strict=True)
            if sid not in by_id
        ]
        if unknown:
            raise InputError(unknown)
        chosen = [by_id[sid] for sid in dict.fromkeys(settings.students)]
    else:
        chosen = students
    if settings.grade is not None:
        chosen = [s for s in chosen if s.grade == settings.grade]
    if settings.school is not None:
        chosen = [s for s in chosen if s.school == settings.school]
    return chosen


class CohortRecords(RecordsBase):
    def cohort_input(
        self, user: User, settings: CohortSettings, source: str = "", lines: list[int] | None = None
    ) -> tuple[Catalog, list[Student]]:
        """The catalog and the selected students (see ``select``), read in one authorized, audited act."""

        def read(x: Ctx) -> tuple[Catalog, list[Student]]:
            return x.store.catalog(x.cur), select(x.store.students(x.cur), settings, source, lines)

        return self._run(
            user,
            Action.PLAN_COHORT,
            None,
            read,
            detail=lambda r: f"read {len(r[1])} students for a cohort run",
        )

    def save_cohort_run(self, user: User, run: CohortRun) -> None:
        """Store a finished run (never changed afterwards)."""
        self._run(
            user,
            Action.PLAN_COHORT,
            None,
            lambda x: _insert(x.cur, run),
            detail=lambda _: f"saved cohort run {run.id}: {len(run.students)} students, {run.status}",
        )

    def cohort_runs(self, user: User, limit: int = RUNS_PAGE) -> list[RunInfo]:
        """The newest runs first, without their students."""
        return self._run(
            user, Action.PLAN_COHORT, None, lambda x: _runs(x.cur, limit), detail=lambda r: f"{len(r)} runs"
        )

    def cohort_run(self, user: User, run_id: str) -> CohortRun | None:
        """A whole run, or None when there is no run of that id."""
        return self._run(
            user, Action.PLAN_COHORT, None, lambda x: _run_of(x.cur, run_id), detail=lambda _: f"run {run_id}"
        )


def _insert(cur: Cursor, run: CohortRun) -> None:
    planned = run.counts()[Outcome.PLANNED]
    head = run.model_copy(update={"students": []})
    cur.execute(
        "INSERT INTO cohort_runs (id, created_at, created_by, parent, status, students, planned, note, run_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run.id,
            run.created,
            run.created_by,
            run.parent,
            run.status,
            len(run.students),
            planned,
            run.note,
            head.model_dump_json(),
        ],
    )
    if run.students:
        cur.executemany(
            "INSERT INTO cohort_students (run_id, position, student_id, outcome, student_json) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                [run.id, n, s.student, s.outcome.value, s.model_dump_json()]
                for n, s in enumerate(run.students)
            ],
        )


def _runs(cur: Cursor, limit: int) -> list[RunInfo]:
    rows = cur.execute(
        "SELECT id, created_at, created_by, parent, status, students, planned, note FROM cohort_runs "
        "ORDER BY created_at DESC, id DESC LIMIT ?",
        [limit],
    ).fetchall()
    fields = ("id", "created", "created_by", "parent", "status", "students", "planned", "note")
    return [RunInfo(**dict(zip(fields, row, strict=True))) for row in rows]


def _run_of(cur: Cursor, run_id: str) -> CohortRun | None:
    row = cur.execute("SELECT run_json FROM cohort_runs WHERE id = ?", [run_id]).fetchone()
    if row is None:
        return None
    run = CohortRun.model_validate_json(row[0])
    students = cur.execute(
        "SELECT student_json FROM cohort_students WHERE run_id = ? ORDER BY position", [run_id]
    ).fetchall()
    run.students = [StudentRun.model_validate_json(r[0]) for r in students]
    return run
