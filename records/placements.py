"""Work-based learning and extended learning opportunities: placements and their timesheets.

A placement ties a student, an opportunity, a term, a site and a supervisor. The student submits
timesheet entries (date, start, end, hours, tasks, reflection); the supervisor approves or rejects each
with a reason the student sees. A rejected or submitted entry can be corrected by the student; an
approved one is locked. Totals count approved hours, per placement and per term.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, model_validator

from core.csvcells import Cell, write_csv
from core.errors import InputError, Problem
from core.schema import Calendar, Catalog, Clock, format_clock, parse_clock
from core.store import Cursor
from records.accounts import User

MAX_HOURS_PER_DAY = 16.0
"""The most hours one timesheet entry may claim."""


WallClock = Annotated[Clock, BeforeValidator(parse_clock), PlainSerializer(format_clock)]
"""A time of day as ``TimeBlock`` reads and writes it: "HH:MM" in files, minutes since midnight held."""


class HoursState(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"  # locked
    REJECTED = "rejected"  # with a reason; the student may correct and submit again


class PlacementIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    student_id: str = Field(min_length=1, max_length=200)
    opportunity: str = Field(min_length=1, max_length=200)
    term: str = Field(min_length=1, max_length=200)
    site: str = Field(min_length=1, max_length=300)
    supervisor_name: str = Field(min_length=1, max_length=200)
    supervisor_email: str = Field(default="", max_length=320)


class Placement(PlacementIn):
    id: int
    created_by: str
    created_at: dt.datetime


class TimesheetIn(BaseModel):
    """A day's work as the student logs it; ``hours`` defaults to end minus start."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    date: dt.date
    start: WallClock
    end: WallClock
    hours: float | None = Field(default=None, gt=0, le=MAX_HOURS_PER_DAY, allow_inf_nan=False)
    tasks: str = Field(min_length=1, max_length=2000)
    reflection: str = Field(default="", max_length=5000)

    @model_validator(mode="after")
    def _span(self) -> TimesheetIn:
        if self.end <= self.start:
            raise ValueError(f"{format_clock(self.end)} is not after {format_clock(self.start)}")
        span = (self.end - self.start) / 60
        if self.hours is not None and self.hours > span:
            raise ValueError(
                f"{self.hours:g} hours do not fit between {format_clock(self.start)} and {format_clock(self.end)}"
            )
        if self.hours is None and span > MAX_HOURS_PER_DAY:
            raise ValueError(f"{span:g} hours in one day is more than {MAX_HOURS_PER_DAY:g}")
        return self

    @property
    def worked(self) -> float:
        return self.hours if self.hours is not None else round((self.end - self.start) / 60, 2)


class TimesheetEntry(TimesheetIn):
    id: int
    placement_id: int
    state: HoursState
    reason: str
    submitted_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None


class Totals(BaseModel):
    """Approved (and waiting) hours of one placement in one term."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    placement_id: int
    term: str
    approved: float
    waiting: float


_PLACEMENT = (
    "id, student_id, opportunity_id, term_id, site, supervisor_name, supervisor_email, created_by, created_at"
)


def _placement(row: tuple[Any, ...]) -> Placement:
    keys = [
        "id",
        "student_id",
        "opportunity",
        "term",
        "site",
        "supervisor_name",
        "supervisor_email",
        "created_by",
        "created_at",
    ]
    return Placement(**dict(zip(keys, row, strict=True)))


def create(cur: Cursor, new: PlacementIn, catalog: Catalog, by: User, now: dt.datetime) -> Placement:
    """Write a placement (its opportunity and term must exist)."""
    problems = []
    if new.opportunity not in catalog.opportunity_map():
        problems.append(Problem("", "placement", "opportunity", f"{new.opportunity!r} is not an opportunity"))
    if catalog.calendar is None or new.term not in {t.id for t in catalog.calendar.terms}:
        problems.append(Problem("", "placement", "term", f"{new.term!r} is not a term of the calendar"))
    if problems:
        raise InputError(problems)
    row = cur.execute(
        "INSERT INTO placements (student_id, opportunity_id, term_id, site, supervisor_name, supervisor_email, "
        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            new.student_id,
            new.opportunity,
            new.term,
            new.site,
            new.supervisor_name,
            new.supervisor_email,
            by.id,
            now,
        ],
    ).fetchone()
    assert row is not None
    found = placement(cur, int(row[0]))
    assert found is not None
    return found


def placement(cur: Cursor, placement_id: int) -> Placement | None:
    row = cur.execute(f"SELECT {_PLACEMENT} FROM placements WHERE id = ?", [placement_id]).fetchone()
    return _placement(row) if row else None


def of_students(cur: Cursor, student_ids: Sequence[str]) -> list[Placement]:
    rows = cur.execute(
        f"SELECT {_PLACEMENT} FROM placements WHERE list_contains(?, student_id) ORDER BY id",
        [list(student_ids)],
    ).fetchall()
    return [_placement(r) for r in rows]


def target(cur: Cursor, placement_id: int) -> tuple[str | None, str | None, int | None]:
    """(student, opportunity, placement) of a placement, or Nones when there is none."""
    row = cur.execute(
        "SELECT student_id, opportunity_id FROM placements WHERE id = ?", [placement_id]
    ).fetchone()
    return (row[0], row[1], placement_id) if row else (None, None, None)


def entry_target(cur: Cursor, entry_id: int) -> tuple[str | None, str | None, int | None]:
    """(student, opportunity, placement) of a timesheet entry, or Nones."""
    row = cur.execute("SELECT placement_id FROM timesheet_entries WHERE id = ?", [entry_id]).fetchone()
    return target(cur, int(row[0])) if row else (None, None, None)


_ENTRY = "id, placement_id, worked_on, start_minute, end_minute, hours, tasks, reflection, state, reason, submitted_at, decided_by, decided_at"


def _entry(row: tuple[Any, ...]) -> TimesheetEntry:
    keys = [
        "id",
        "placement_id",
        "date",
        "start",
        "end",
        "hours",
        "tasks",
        "reflection",
        "state",
        "reason",
        "submitted_at",
        "decided_by",
        "decided_at",
    ]
    return TimesheetEntry(**dict(zip(keys, row, strict=True)))


def entries(cur: Cursor, placement_ids: Sequence[int]) -> list[TimesheetEntry]:
    rows = cur.execute(
        f"SELECT {_ENTRY} FROM timesheet_entries WHERE list_contains(?, placement_id) ORDER BY worked_on, id",
        [list(placement_ids)],
    ).fetchall()
    return [_entry(r) for r in rows]


def timesheet_entry(cur: Cursor, entry_id: int) -> TimesheetEntry | None:
    row = cur.execute(f"SELECT {_ENTRY} FROM timesheet_entries WHERE id = ?", [entry_id]).fetchone()
    return _entry(row) if row else None


def log(cur: Cursor, placement_id: int, new: TimesheetIn, now: dt.datetime) -> TimesheetEntry:
    """A new entry, submitted."""
    row = cur.execute(
        "INSERT INTO timesheet_entries (placement_id, worked_on, start_minute, end_minute, hours, tasks, reflection, "
        "state, reason, submitted_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'submitted', '', ?, '') RETURNING id",
        [placement_id, new.date, new.start, new.end, new.worked, new.tasks, new.reflection, now],
    ).fetchone()
    assert row is not None
    found = timesheet_entry(cur, int(row[0]))
    assert found is not None
    return found


def _open(cur: Cursor, entry_id: int) -> TimesheetEntry:
    found = timesheet_entry(cur, entry_id)
    if found is None:
        raise InputError([Problem("", f"timesheet entry {entry_id}", "", "no such entry")])
    if found.state is HoursState.APPROVED:
        raise InputError(
            [
                Problem(
                    "",
                    f"timesheet entry {entry_id}",
                    "",
                    f"it was approved on {found.decided_at:%Y-%m-%d} and is locked",
                )
            ]
        )
    return found


def correct(cur: Cursor, entry_id: int, new: TimesheetIn, now: dt.datetime) -> TimesheetEntry:
    """The student's correction of a submitted or rejected entry: submitted again. An approved entry is locked."""
    _open(cur, entry_id)
    cur.execute(
        "UPDATE timesheet_entries SET worked_on = ?, start_minute = ?, end_minute = ?, hours = ?, tasks = ?, "
        "reflection = ?, state = 'submitted', reason = '', submitted_at = ?, decided_by = '', decided_at = NULL "
        "WHERE id = ? AND state <> 'approved'",
        [new.date, new.start, new.end, new.worked, new.tasks, new.reflection, now, entry_id],
    )
    found = timesheet_entry(cur, entry_id)
    assert found is not None
    return found


def decide(
    cur: Cursor, entry_id: int, approve: bool, reason: str, by: User, now: dt.datetime
) -> TimesheetEntry:
    """The supervisor's approval (locks it) or rejection (needs a reason the student will read)."""
    found = _open(cur, entry_id)
    if found.state is not HoursState.SUBMITTED:
        raise InputError(
            [Problem("", f"timesheet entry {entry_id}", "", f"it is {found.state.value}, not waiting")]
        )
    reason = reason.strip()
    if not approve and not reason:
        raise InputError([Problem("", f"timesheet entry {entry_id}", "reason", "say why it is rejected")])
    state = HoursState.APPROVED if approve else HoursState.REJECTED
    cur.execute(
        "UPDATE timesheet_entries SET state = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ?",
        [state.value, reason, by.display_name, now, entry_id],
    )
    decided = timesheet_entry(cur, entry_id)
    assert decided is not None
    return decided


def term_of(calendar: Calendar | None, day: dt.date, fallback: str) -> str:
    """The term a day falls in (a day between terms counts for the placement's own term)."""
    for term in calendar.terms if calendar else []:
        if term.start <= day <= term.end:
            return term.id
    return fallback


def totals(
    placements: Sequence[Placement], logged: Iterable[TimesheetEntry], calendar: Calendar | None
) -> list[Totals]:
    """Approved and waiting hours per placement and term, in the placements' order then the terms'."""
    by_id = {p.id: p for p in placements}
    sums: dict[tuple[int, str], list[float]] = {}
    for e in logged:
        key = (e.placement_id, term_of(calendar, e.date, by_id[e.placement_id].term))
        cell = sums.setdefault(key, [0.0, 0.0])
        if e.state is HoursState.APPROVED:
            cell[0] += e.worked
        elif e.state is HoursState.SUBMITTED:
            cell[1] += e.worked
    order = {t.id: i for i, t in enumerate(calendar.terms)} if calendar else {}
    keys = sorted(sums, key=lambda k: (list(by_id).index(k[0]), order.get(k[1], len(order)), k[1]))
    return [
        Totals(placement_id=p, term=t, approved=round(sums[p, t][0], 2), waiting=round(sums[p, t][1], 2))
        for p, t in keys
    ]


HOURS_COLUMNS = [
    "student_id",
    "placement",
    "opportunity",
    "site",
    "supervisor",
    "term",
    "date",
    "start",
    "end",
    "hours",
    "state",
    "approved_by",
    "approved_on",
]
"""The columns of the hours export (one row per approved entry), for a district's state reporting."""


def write_hours_csv(
    path: Path, placements: Sequence[Placement], logged: Iterable[TimesheetEntry], calendar: Calendar | None
) -> int:
    """The approved hours as CSV (through core/csvcells.py); how many rows were written."""
    by_id = {p.id: p for p in placements}
    rows: list[dict[str, Cell]] = []
    for e in logged:
        if e.state is not HoursState.APPROVED:
            continue
        p = by_id[e.placement_id]
        rows.append(
            {
                "student_id": p.student_id,
                "placement": p.id,
                "opportunity": p.opportunity,
                "site": p.site,
                "supervisor": p.supervisor_name,
                "term": term_of(calendar, e.date, p.term),
                "date": e.date.isoformat(),
                "start": format_clock(e.start),
                "end": format_clock(e.end),
                "hours": e.worked,
                "state": e.state.value,
                "approved_by": e.decided_by,
                "approved_on": e.decided_at.date().isoformat() if e.decided_at else "",
            }
        )
    write_csv(path, HOURS_COLUMNS, rows)
    return len(rows)
