"""The record service's work-based learning: placements, timesheets, the supervisor's link, and the
supervisor's competency ratings (which become evidence). Every call goes through ``_run``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from core.errors import InputError, Problem
from core.store import Cursor
from records import audit, evidence, links, placements
from records.access import Action, authorize
from records.accounts import Role, User
from records.core import Ctx, RecordsBase, T, Target, current_account
from records.errors import AccessDenied
from records.evidence import EvidenceEntry, EvidenceIn, EvidenceState
from records.links import SupervisorLink
from records.placements import Placement, PlacementIn, TimesheetEntry, TimesheetIn, Totals

OPEN_LINK = "open_link"
"""The audit action of opening a supervisor's link (refused when the token is unknown, revoked or expired)."""


class Hours(BaseModel):
    """A placement with its timesheet and its totals per term."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    placement: Placement
    entries: list[TimesheetEntry]
    totals: list[Totals]


class Supervision(BaseModel):
    """What a supervisor's page shows: the placement, the student's name (nothing else of the profile),
    the opportunity's outcomes and the scale to rate them on, the timesheet and the ratings so far."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hours: Hours
    student_name: str
    opportunity_title: str
    outcomes: list[tuple[str, str]]
    levels: list[str]
    ratings: list[EvidenceEntry]


class WorkLog(RecordsBase):
    def _placement_run(
        self,
        user: User,
        action: Action,
        placement_id: int,
        operation: Callable[[Ctx], T],
        *,
        detail: Callable[[T], str] = lambda _: "",
    ) -> T:
        """``_run`` for an operation on one placement: its student, opportunity and placement are checked."""
        with self._transaction() as (_, cur):
            student_id, _, _ = placements.target(cur, placement_id)
        if student_id is None:
            raise InputError([Problem("", f"placement {placement_id}", "", "no such placement")])

        def target(cur: Cursor) -> Target:
            _, opportunity, placement = placements.target(cur, placement_id)
            return opportunity, placement

        return self._run(user, action, student_id, operation, detail=detail, target=target)

    # --- placements ---------------------------------------------------------------------------------

    def add_placement(self, user: User, new: PlacementIn) -> Placement:
        return self._run(
            user,
            Action.MANAGE_PLACEMENTS,
            new.student_id,
            lambda x: placements.create(x.cur, new, x.store.catalog(x.cur), x.user, x.now),
            detail=lambda p: f"placement {p.id} at {p.opportunity}",
            target=lambda _: (new.opportunity, None),
        )

    def placements(self, user: User, student_id: str) -> list[Placement]:
        """A student's placements (a teacher's: those of the opportunities they assess)."""

        def read(x: Ctx) -> list[Placement]:
            found = placements.of_students(x.cur, [student_id])
            return [
                p
                for p in found
                if authorize(x.user, Action.VIEW_HOURS, student_id, opportunity=p.opportunity, placement=p.id)
            ]

        return self._run(user, Action.VIEW_RECORD, student_id, read)

    def hours(self, user: User, placement_id: int) -> Hours:
        def read(x: Ctx) -> Hours:
            placement = placements.placement(x.cur, placement_id)
            assert placement is not None
            logged = placements.entries(x.cur, [placement_id])
            return Hours(
                placement=placement,
                entries=logged,
                totals=placements.totals([placement], logged, x.store.calendar(x.cur)),
            )

        return self._placement_run(
            user, Action.VIEW_HOURS, placement_id, read, detail=lambda _: f"placement {placement_id}"
        )

    def log_hours(self, user: User, placement_id: int, new: TimesheetIn) -> TimesheetEntry:
        return self._placement_run(
            user,
            Action.LOG_HOURS,
            placement_id,
            lambda x: placements.log(x.cur, placement_id, new, x.now),
            detail=lambda e: f"timesheet entry {e.id}",
        )

    def correct_hours(self, user: User, entry_id: int, new: TimesheetIn) -> TimesheetEntry:
        """The student corrects a submitted or rejected entry (an approved one is locked)."""
        return self._entry_run(
            user, Action.LOG_HOURS, entry_id, lambda x: placements.correct(x.cur, entry_id, new, x.now)
        )

    def decide_hours(self, user: User, entry_id: int, *, approve: bool, reason: str = "") -> TimesheetEntry:
        """The supervisor approves (and so locks) or rejects with a reason."""
        return self._entry_run(
            user,
            Action.APPROVE_HOURS,
            entry_id,
            lambda x: placements.decide(x.cur, entry_id, approve, reason, x.user, x.now),
        )

    def _entry_run(
        self, user: User, action: Action, entry_id: int, operation: Callable[[Ctx], TimesheetEntry]
    ) -> TimesheetEntry:
        with self._transaction() as (_, cur):
            _, _, placement_id = placements.entry_target(cur, entry_id)
        if placement_id is None:
            raise InputError([Problem("", f"timesheet entry {entry_id}", "", "no such entry")])
        return self._placement_run(
            user, action, placement_id, operation, detail=lambda e: f"timesheet entry {e.id} {e.state.value}"
        )

    def hours_report(self, user: User, path: Path) -> int:
        """The approved hours of every placement this account may see, as CSV (state reporting)."""
        now = self.now()
        with self._transaction() as (store, cur):
            fresh, refused = current_account(cur, user, now)
            if fresh is None:
                raise AccessDenied(f"not allowed: {refused}")
            every = [
                row[0]
                for row in cur.execute("SELECT DISTINCT student_id FROM placements ORDER BY 1").fetchall()
            ]
            visible = [
                p
                for p in placements.of_students(cur, every)
                if authorize(
                    fresh, Action.VIEW_HOURS, p.student_id, opportunity=p.opportunity, placement=p.id
                )
            ]
            students = list(dict.fromkeys(p.student_id for p in visible))
            if students:
                audit.record(
                    cur, fresh, Action.VIEW_HOURS, students, allowed=True, detail="hours report", now=now
                )
            logged = placements.entries(cur, [p.id for p in visible])
            return placements.write_hours_csv(path, visible, logged, store.calendar(cur))

    # --- the supervisor's link ----------------------------------------------------------------------

    def issue_link(
        self, user: User, placement_id: int, lifetime: dt.timedelta = links.LINK_LIFETIME
    ) -> tuple[str, SupervisorLink]:
        """A new link for a placement's supervisor: the token (give it once; it is never stored) and the link."""
        return self._placement_run(
            user,
            Action.MANAGE_PLACEMENTS,
            placement_id,
            lambda x: links.issue(x.cur, placement_id, x.user, x.now, lifetime),
            detail=lambda r: f"link {r[1].id} for placement {placement_id}",
        )

    def revoke_link(self, user: User, placement_id: int, link_id: int) -> SupervisorLink:
        def write(x: Ctx) -> SupervisorLink:
            if link_id not in {lk.id for lk in links.links_of(x.cur, placement_id)}:
                raise InputError(
                    [Problem("", f"link {link_id}", "", f"not a link of placement {placement_id}")]
                )
            return links.revoke(x.cur, link_id, x.now)

        return self._placement_run(
            user, Action.MANAGE_PLACEMENTS, placement_id, write, detail=lambda lk: f"revoked link {lk.id}"
        )

    def supervisor(self, token: object) -> User:
        """The supervisor a link stands for, or ``AccessDenied`` saying why (audited either way)."""
        now = self.now()
        with self._transaction() as (_, cur):
            user, refused = links.resolve(cur, token, now)
            who = user or User(id=f"{links.LINK_USER}?", display_name="unknown link", role=Role.SUPERVISOR)
            student = next(iter(user.students)) if user else None
            audit.record(
                cur, who, OPEN_LINK, [student], allowed=user is not None, detail=refused or "", now=now
            )
        if user is None:
            raise AccessDenied(refused or links.INVALID)
        return user

    def rate(self, user: User, placement_id: int, new: EvidenceIn) -> EvidenceEntry:
        """A supervisor's (or an assessor's) rating of a competency shown at a placement: verified evidence."""

        def write(x: Ctx) -> EvidenceEntry:
            placement = placements.placement(x.cur, placement_id)
            assert placement is not None
            if new.opportunity != placement.opportunity:
                raise InputError(
                    [
                        Problem(
                            "",
                            f"placement {placement_id}",
                            "opportunity",
                            f"a rating here is for {placement.opportunity!r}",
                        )
                    ]
                )
            student = x.store.student(placement.student_id, x.cur)
            problems = evidence.check(
                x.store.catalog(x.cur), student, new, f"placement {placement_id}", x.now.date()
            )
            if problems:
                raise InputError(problems)
            content = new.model_dump(exclude={"artifacts"}) | {"placement_id": placement_id}
            made = evidence.append(
                x.cur,
                placement.student_id,
                content,
                author=x.user,
                state=EvidenceState.VERIFIED,
                assessor=x.user.display_name,
                now=x.now,
                artifacts=new.artifacts,
            )
            found = evidence.entry(x.cur, placement.student_id, made)
            assert found is not None
            return found

        return self._placement_run(
            user, Action.RECORD_EVIDENCE, placement_id, write, detail=lambda e: f"evidence {e.id}"
        )

    def supervision(self, user: User, placement_id: int) -> Supervision:
        """Everything the supervisor's page shows, in one read (``view_hours``)."""

        def read(x: Ctx) -> Supervision:
            placement = placements.placement(x.cur, placement_id)
            assert placement is not None
            catalog = x.store.catalog(x.cur)
            student = x.store.student(placement.student_id, x.cur)
            opportunity = catalog.opportunity_map()[placement.opportunity]
            comps = catalog.competency_map()
            logged = placements.entries(x.cur, [placement_id])
            return Supervision(
                hours=Hours(
                    placement=placement,
                    entries=logged,
                    totals=placements.totals([placement], logged, catalog.calendar),
                ),
                student_name=student.name,
                opportunity_title=opportunity.title,
                outcomes=[(c, comps[c].statement) for c in opportunity.competencies if c in comps],
                levels=catalog.requirement_set(student.requirement_set).scale.levels,
                ratings=[e for e in evidence.current(x.cur, [student.id]) if e.placement_id == placement_id],
            )

        return self._placement_run(
            user, Action.VIEW_HOURS, placement_id, read, detail=lambda _: f"placement {placement_id}"
        )

    def placement_ratings(self, user: User, placement_id: int) -> list[EvidenceEntry]:
        """The current evidence recorded at a placement (what its supervisor rated)."""

        def read(x: Ctx) -> list[EvidenceEntry]:
            placement = placements.placement(x.cur, placement_id)
            assert placement is not None
            return [
                e for e in evidence.current(x.cur, [placement.student_id]) if e.placement_id == placement_id
            ]

        return self._placement_run(user, Action.VIEW_HOURS, placement_id, read)
