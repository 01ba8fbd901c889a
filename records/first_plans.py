"""Each student's conversation opening with the first plan, kept so that a sign-in shows it at once.

An opening (``chat.opening.Opening``) is kept with the fingerprint of everything it was made from
(``chat.opening.opening_inputs``); it is handed out only to a caller presenting the same fingerprint,
so a changed profile, evidence, saved plan, catalog, setting or code never shows an old plan. Who may:
the student reads and keeps their own (``chat``: it is their conversation's start); district staff
make every student's in advance (``plan_cohort``, `pathways plan prepare`), and so does the first setup
of the sample district (`pathways setup --demo`, whose students are fictional). Audited with counts and
ids, never the plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from pydantic import BaseModel, ConfigDict

from chat.opening import Opening
from core.schema import Catalog, Student
from core.store import Cursor
from planner.domain import PlanResult
from planner.edits import PlanEdits, Wishes
from records import accounts, audit, evidence, plans
from records.access import Action
from records.accounts import User
from records.core import Ctx, RecordsBase, T
from records.credit import learner
from records.district_admin import SETUP_USER
from records.errors import AccountError


class PlanInputs(BaseModel):
    """What a student's opening is made from, as the student's page reads it at sign-in."""

    model_config = ConfigDict(extra="forbid")

    wishes: Wishes
    plan: PlanResult | None
    kept: str | None = None
    """The fingerprint of the opening kept now (None: none)."""


def kept(cur: Cursor, student_id: str, inputs: str) -> Opening | None:
    """The kept opening of the student when it was made from ``inputs`` (else None)."""
    row = cur.execute(
        "SELECT opening_json FROM first_plans WHERE student_id = ? AND inputs = ?", [student_id, inputs]
    ).fetchone()
    return Opening.model_validate_json(row[0]) if row else None


def keep(cur: Cursor, student_id: str, inputs: str, opening: Opening, by: User, now: dt.datetime) -> None:
    """Keep the student's opening (replacing the one kept before)."""
    cur.execute("DELETE FROM first_plans WHERE student_id = ?", [student_id])
    cur.execute(
        "INSERT INTO first_plans (student_id, inputs, opening_json, made_at, made_by) VALUES (?, ?, ?, ?, ?)",
        [student_id, inputs, opening.model_dump_json(), now.astimezone(dt.UTC).replace(tzinfo=None), by.id],
    )


def plan_inputs(x: Ctx, student_ids: Sequence[str] | None = None) -> tuple[Catalog, dict[str, PlanInputs]]:
    """The catalog, and per student what their page starts the conversation from: the record with its
    verified evidence, the saved plan's edits and the saved plan (``ui.workspace.from_version``)."""
    catalog = x.store.catalog(x.cur)
    students: list[Student] = x.store.students(x.cur, ids=list(student_ids) if student_ids else None)
    ids = [s.id for s in students]
    entries: dict[str, list[evidence.EvidenceEntry]] = {}
    for e in evidence.current(x.cur, ids):
        entries.setdefault(e.student_id, []).append(e)
    heads = plans.heads(x.cur, ids)
    stored = dict(
        x.cur.execute(
            "SELECT student_id, inputs FROM first_plans WHERE list_contains(?, student_id)", [ids]
        ).fetchall()
    )
    found = {}
    for s in students:
        head = heads.get(s.id)
        person = learner(s, entries.get(s.id, []), catalog.requirement_set(s.requirement_set))
        found[s.id] = PlanInputs(
            wishes=Wishes(student=person, edits=head.edits if head else PlanEdits()),
            plan=head.plan if head else None,
            kept=stored.get(s.id),
        )
    return catalog, found


class FirstPlanRecords(RecordsBase):
    """Kept openings: read and kept by the student, made in advance by district staff."""

    def kept_opening(self, user: User, student_id: str, inputs: str) -> Opening | None:
        """The student's kept opening, if it was made from ``inputs`` (the caller's fingerprint)."""
        return self._run(
            user,
            Action.CHAT,
            student_id,
            lambda x: kept(x.cur, student_id, inputs),
            detail=lambda found: "kept first plan shown" if found else "no kept first plan for these inputs",
        )

    def keep_opening(self, user: User, student_id: str, inputs: str, opening: Opening) -> None:
        """Keep the opening just made live at the student's sign-in, for their next sign-ins."""
        self._run(
            user,
            Action.CHAT,
            student_id,
            lambda x: keep(x.cur, student_id, inputs, opening, x.user, x.now),
            detail=lambda _: "first plan kept",
        )

    def opening_inputs(
        self, user: User, student_ids: Sequence[str] | None = None
    ) -> tuple[Catalog, dict[str, PlanInputs]]:
        """District staff: what each student's opening is made from (every student, or those named)."""
        return self._run(
            user,
            Action.PLAN_COHORT,
            None,
            lambda x: plan_inputs(x, student_ids),
            detail=lambda read: f"first plans: read the inputs of {len(read[1])} students",
        )

    def keep_openings(self, user: User, made: dict[str, tuple[str, Opening]]) -> None:
        """District staff: keep the openings made in advance (student id -> (fingerprint, opening))."""
        self._run(
            user,
            Action.PLAN_COHORT,
            None,
            lambda x: _keep_all(x, made),
            detail=lambda _: f"first plans kept for {len(made)} students: {', '.join(made)}",
        )

    def sample_opening_inputs(self) -> tuple[Catalog, dict[str, PlanInputs]]:
        """The first setup of the sample district (`pathways setup --demo`): its students' inputs."""
        return self._sample_act(lambda x: plan_inputs(x), "first plans: read the sample students' inputs")

    def keep_sample_openings(self, made: dict[str, tuple[str, Opening]]) -> None:
        """The first setup of the sample district: keep its students' openings."""
        self._sample_act(lambda x: _keep_all(x, made), f"first plans kept for {len(made)} sample students")

    def _sample_act(self, operation: Callable[[Ctx], T], detail: str) -> T:
        """An act of `pathways setup --demo` on the sample district only (its students are fictional),
        audited as the first setup."""
        with self._transaction() as (store, cur):
            if not accounts.sample_loaded(cur):
                raise AccountError("only the sample district's first plans are made without an account")
            now = self.now()
            result = operation(Ctx(store, cur, SETUP_USER, now))
            audit.record(cur, SETUP_USER, Action.PLAN_COHORT, [None], allowed=True, detail=detail, now=now)
        return result


def _keep_all(x: Ctx, made: dict[str, tuple[str, Opening]]) -> None:
    for student_id, (inputs, opening) in made.items():
        keep(x.cur, student_id, inputs, opening, x.user, x.now)
