"""The plan a page works on, kept in the browser session, and the steps every page shares.

A ``Workspace`` is one student's plan being looked at or changed in this session: the profile (with
unsaved changes), the edits (locks, exclusions, wishes switched off: ``planner.edits``), the current
plan and what the last re-plan changed. It is loaded, saved, proposed and approved only through the
record service (``records.service``) with the signed-in user; nothing here queries student tables.
"""

from __future__ import annotations

import streamlit as st
from pydantic import BaseModel, Field

from core.schema import Catalog, Student
from matcher.pathways import InterestFit
from planner.diff import PlanDiff
from planner.domain import PlanResult
from planner.edits import PlanEdits, Wishes, plan_request
from planner.solve import solve
from records.access import Action, authorize
from records.accounts import Role, User
from records.errors import ConflictError
from records.plans import PlanState, PlanVersion
from ui.login import get_records
from ui.resources import interest_fit
from ui.safe_text import md_escape


class Workspace(BaseModel):
    """One student's plan as this session sees it."""

    student: Student = Field(description="The profile the plan is made for, with unsaved changes.")
    saved_student: Student = Field(description="The profile as the record holds it.")
    edits: PlanEdits = Field(default_factory=PlanEdits)
    plan: PlanResult | None = None
    before: PlanResult | None = Field(default=None, description="The plan before the last change.")
    version: int = Field(default=0, description="The stored version this started from (0: none).")
    state: PlanState | None = None
    unsaved: bool = False
    note: str = Field(default="", description="What the last step did, for the page to say.")
    revision: int = Field(
        default=0,
        description="Counts re-plans; widget keys carry it, so controls restart from the new plan's values.",
    )

    @property
    def student_id(self) -> str:
        return self.student.id

    @property
    def diff(self) -> PlanDiff | None:
        """What the last re-plan changed (from ``before`` to ``plan``); None before any re-plan and after
        a first plan (there was no plan before it: the page shows the plan itself, not 20 "Added")."""
        return PlanDiff.between(self.before, self.plan) if self.revision and self.before is not None else None

    def locked(self) -> set[str]:
        return {lock.opportunity for lock in self.edits.locks}

    @property
    def wishes(self) -> Wishes:
        """What shapes the plan: the profile being edited and the edits."""
        return Wishes(student=self.student, edits=self.edits)


def _key(student_id: str) -> str:
    return f"workspace:{student_id}"


def from_version(student: Student, head: PlanVersion | None) -> Workspace:
    if head is None:
        return Workspace(student=student, saved_student=student)
    return Workspace(
        student=student,
        saved_student=student,
        edits=head.edits,
        plan=head.plan,
        version=head.version,
        state=head.state,
    )


def load_workspace(user: User, student_id: str, *, reload: bool = False) -> Workspace:
    """This session's workspace for the student, read through the record service the first time."""
    key = _key(student_id)
    if reload or key not in st.session_state:
        records = get_records()
        st.session_state[key] = from_version(
            records.learner(user, student_id), records.plan(user, student_id)
        )
    return st.session_state[key]


def keep(ws: Workspace) -> Workspace:
    st.session_state[_key(ws.student_id)] = ws
    return ws


# --- re-planning -------------------------------------------------------------------------------


def replan(ws: Workspace, catalog: Catalog, fit: InterestFit, note: str = "") -> Workspace:
    """A new plan for the workspace as it is now (with what the matcher reads in the student's words,
    and the pathway chosen in the edits or the best one); the old one is kept to show what changed."""
    inputs = fit.plan_inputs(ws.edits.pathway)
    result = solve(plan_request(ws.wishes, catalog, **inputs, previous=ws.plan))
    return ws.model_copy(
        update={
            "before": ws.plan,
            "plan": result,
            "unsaved": True,
            "note": note,
            "revision": ws.revision + 1,
        }
    )


def replan_and_keep(ws: Workspace, catalog: Catalog, note: str = "") -> Workspace:
    """Re-plan without drawing anything (for a widget callback, which runs before the script and may
    not draw; the page says afterwards how long it took); the new workspace is kept in the session."""
    return keep(replan(ws, catalog, interest_fit(ws.saved_student), note))


def with_edits(ws: Workspace, edits: PlanEdits) -> Workspace:
    return ws.model_copy(update={"edits": edits})


def with_profile(ws: Workspace, **changes: object) -> Workspace:
    """The workspace with profile fields changed (pace, target term, hours, busy times)."""
    return ws.model_copy(update={"student": ws.student.model_copy(update=changes)})


# --- saving and the plan's life ----------------------------------------------------------------


def save(user: User, ws: Workspace) -> Workspace:
    """Save the profile (when it changed and the user may edit it) and the plan as a new draft."""
    records = get_records()
    if ws.student != ws.saved_student and user.role in (Role.ADVISOR, Role.ADMIN):
        records.update_student(user, ws.student)
    assert ws.plan is not None
    version = records.save_plan(user, ws.student_id, ws.plan, based_on=ws.version, edits=ws.edits)
    return keep(
        ws.model_copy(
            update={
                "saved_student": ws.student,
                "version": version.version,
                "state": version.state,
                "unsaved": False,
                "note": f"Saved as version {version.version} ({version.summary}).",
            }
        )
    )


def propose(user: User, ws: Workspace) -> Workspace:
    if ws.unsaved or ws.version == 0:
        ws = save(user, ws)
    version = get_records().propose(user, ws.student_id, based_on=ws.version)
    return keep(ws.model_copy(update={"version": version.version, "state": version.state}))


def approve(user: User, ws: Workspace) -> Workspace:
    """Save and propose when needed, then approve exactly this version."""
    if ws.unsaved or ws.state in (None, PlanState.DRAFT):
        ws = propose(user, ws)
    version = get_records().approve(user, ws.student_id, based_on=ws.version)
    return keep(
        ws.model_copy(update={"version": version.version, "state": version.state, "note": "Plan approved."})
    )


def restore(user: User, ws: Workspace, version: int) -> Workspace:
    """Make an earlier version the current draft again (the record adds it as a new version), then read
    the workspace again, so the page shows the restored plan as the new head. ``ConflictError`` when
    someone saved after the version this page started from (nothing is written then)."""
    created = get_records().restore_version(user, ws.student_id, version, based_on=ws.version)
    fresh = load_workspace(user, ws.student_id, reload=True)
    note = f"Restored version {version} as version {created.version} (a draft)."
    return keep(fresh.model_copy(update={"revision": ws.revision + 1, "note": note}))


def may_restore(user: User, student_id: str) -> bool:
    """Whether the restore button belongs on the page (the service decides again when it is pressed)."""
    return authorize(user, Action.EDIT_PLAN, student_id).allowed


def reload_workspace(user: User, student_id: str) -> None:
    """Read the workspace again from the record (drops unsaved changes); a button callback."""
    ws = load_workspace(user, student_id)
    fresh = load_workspace(user, student_id, reload=True)
    keep(fresh.model_copy(update={"revision": ws.revision + 1, "note": "Loaded the newest version."}))


def conflict_notice(user: User, ws: Workspace, exc: ConflictError, key: str) -> None:
    """Someone saved first: say who saved what and when, and offer to load their version. The button
    is a callback: it is drawn only with the error, so the rerun a click causes would not draw it
    again and an ``if st.button(...)`` would never see the click."""
    st.error(md_escape(str(exc)))
    st.button("Load the newer version", key=key, on_click=reload_workspace, args=(user, ws.student_id))
