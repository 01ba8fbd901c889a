"""The plan a page works on, kept in the browser session, and the steps every page shares.

A ``Workspace`` is one student's plan being looked at or changed in this session: the profile (with
unsaved changes), the locks and exclusions, the current plan and the one before the last change.
It is loaded, saved, proposed and approved only through the record service (``records.service``)
with the signed-in user; nothing here queries student tables itself.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st
from pydantic import BaseModel, Field

from core.schema import Catalog, Student
from matcher import Match, QueryError
from planner.diff import PlanDiff
from planner.domain import PlanItem, PlanResult, has_plan
from planner.edits import PlanEdits, Wishes, plan_request
from planner.solve import solve
from records.access import Action, authorize
from records.accounts import Role, User
from records.errors import ConflictError
from records.plans import PlanState, PlanVersion, VersionInfo
from ui.login import get_records, oidc_configured, require_user, restore_session
from ui.plan_views import timeline_table
from ui.resources import get_matcher, interest_scores
from ui.safe_text import md, md_escape, table

ROLE_WORDS = {
    Role.STUDENT: "students",
    Role.FAMILY: "families",
    Role.ADVISOR: "advisors",
    Role.ADMIN: "district staff",
}

SWAP_CHOICES = 5
"""How many ranked alternatives the swap control offers."""


_RUN_USER = "pathways_run_user"
"""The account the router checked in this script run, for the page it runs next."""


def signed_in_user() -> User | None:
    """The signed-in user, or None when nobody has signed in (nothing is shown then). The router calls
    it first on every run: the session is checked against the database once per run (a disabled
    account or an ended session counts at once) and the page reuses the answer (``page_user``)."""
    st.session_state.pop(_RUN_USER, None)
    if not oidc_configured() and not restore_session():
        return None
    user = require_user()
    st.session_state[_RUN_USER] = user
    return user


def page_user(*roles: Role) -> User:
    """The signed-in user (the sign-in form otherwise); a role the page is not for stops it politely.
    It is the account the router checked in this run; a page run without the router checks it itself."""
    user = st.session_state.get(_RUN_USER) or require_user()
    if roles and user.role not in roles:
        wanted = " and ".join(ROLE_WORDS[r] for r in roles)
        st.info(f"This page is for {wanted}. Choose another page in the menu.")
        st.stop()
    return user


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
    diff: PlanDiff | None = Field(default=None, description="What the last re-plan changed.")
    note: str = Field(default="", description="What the last step did, for the page to say.")
    revision: int = Field(
        default=0,
        description="Counts re-plans; widget keys carry it, so controls restart from the new plan's values.",
    )

    @property
    def student_id(self) -> str:
        return self.student.id

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
            records.student(user, student_id), records.plan(user, student_id)
        )
    return st.session_state[key]


def keep(ws: Workspace) -> Workspace:
    st.session_state[_key(ws.student_id)] = ws
    return ws


# --- re-planning -------------------------------------------------------------------------------


def replan(ws: Workspace, catalog: Catalog, scores: dict[str, float], note: str = "") -> Workspace:
    """A new plan for the workspace as it is now; the old one is kept to show what changed."""
    result = solve(plan_request(ws.wishes, catalog, scores=scores, previous=ws.plan))
    return ws.model_copy(
        update={
            "before": ws.plan,
            "plan": result,
            "unsaved": True,
            "diff": PlanDiff.between(ws.plan, result),
            "note": note,
            "revision": ws.revision + 1,
        }
    )


def replan_and_keep(ws: Workspace, catalog: Catalog, note: str = "") -> Workspace:
    """Re-plan without drawing anything (for a widget callback, which runs before the script and may
    not draw; the page says afterwards how long it took); the new workspace is kept in the session."""
    return keep(replan(ws, catalog, interest_scores(ws.saved_student), note))


def with_edits(ws: Workspace, edits: PlanEdits) -> Workspace:
    return ws.model_copy(update={"edits": edits})


def with_profile(ws: Workspace, **changes: object) -> Workspace:
    """The workspace with profile fields changed (pace, target term, hours, busy times)."""
    return ws.model_copy(update={"student": ws.student.model_copy(update=changes)})


class Alternative(BaseModel):
    """An opportunity that could replace a planned item, and why it is offered."""

    opportunity: str
    title: str
    kind: str
    covers: int = Field(description="How many of the replaced item's needed competencies it earns.")
    of: int
    score: float
    reason: str


def swap_alternatives(
    item: PlanItem,
    plan: PlanResult,
    catalog: Catalog,
    student: Student,
    scores: dict[str, float],
    excluded: list[str],
) -> list[Alternative]:
    """Opportunities that earn what ``item`` earns for the plan, best first: most of its needed
    competencies covered, then the student's interest score (the one the plan was made with).
    Planned, excluded and the item itself are left out; only the ones shown are explained."""
    wanted = set(item.needed or item.competencies)
    planned = {i.opportunity for i in plan.items()}
    ranked = sorted(
        (
            (-len(wanted & set(opp.competencies)), -scores.get(opp.id, 0.0), opp.title, opp)
            for opp in catalog.opportunities
            if wanted & set(opp.competencies) and opp.id not in planned and opp.id not in excluded
        ),
        key=lambda row: row[:3],
    )[:SWAP_CHOICES]
    shown = [row[3] for row in ranked]
    explained = explain_matches(student, [o.id for o in shown])
    return [
        Alternative(
            opportunity=opp.id,
            title=opp.title,
            kind=opp.kind.value.replace("_", " "),
            covers=len(wanted & set(opp.competencies)),
            of=len(wanted),
            score=round(scores.get(opp.id, 0.0), 3),
            reason=explained[opp.id].explanation() if opp.id in explained else "Earns the same competencies.",
        )
        for opp in shown
    ]


def explain_matches(student: Student, opportunity_ids: list[str]) -> dict[str, Match]:
    """The matcher's explanation of each named opportunity for the student (none when it cannot)."""
    if not opportunity_ids:
        return {}
    try:
        return get_matcher().explain(opportunity_ids, student=student)
    except QueryError:
        return {}


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


# --- the plan's versions ---------------------------------------------------------------------------

VERSION_COLUMNS = ["version", "state", "saved by", "when", "what changed"]


def local_time(when: dt.datetime, zone: str | None) -> str:
    """A stored (UTC) time in the reader's time zone when the browser names it, else in UTC:
    "2026-11-03 11:45 EST"."""
    try:
        tz: dt.tzinfo = ZoneInfo(zone) if zone else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        tz = dt.UTC
    local = when.astimezone(tz)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def browser_zone() -> str | None:
    """The time zone the browser reports (None when it does not, e.g. in headless tests)."""
    return st.context.timezone


def version_rows(history: list[VersionInfo], zone: str | None) -> list[dict[str, object]]:
    """One row per stored version, as the history gives them (newest first)."""
    return [
        {
            "version": v.version,
            "state": v.state.value,
            "saved by": f"{v.author_name} ({v.author_role})",
            "when": local_time(v.saved_at, zone),
            "what changed": v.summary,
        }
        for v in history
    ]


def version_label(v: VersionInfo, zone: str | None) -> str:
    return f"Version {v.version} · {v.state.value} · {v.author_name}, {local_time(v.saved_at, zone)}"


def version_history(user: User, ws: Workspace, key: str) -> Workspace | None:
    """Every stored version as a table, newest first; pick one to see its plan, and restore it when the
    user may edit the plan. Returns the workspace after a restore (the page reruns), else None."""
    records = get_records()
    history = records.history(user, ws.student_id)
    if not history:
        st.info("No saved versions yet.")
        return None
    zone = browser_zone()
    table(pd.DataFrame(version_rows(history, zone), columns=VERSION_COLUMNS), hide_index=True)
    infos = {v.version: v for v in history}
    picked = st.selectbox(
        "Version to look at",
        list(infos),
        format_func=lambda n: version_label(infos[n], zone),
        index=None,
        placeholder="Choose a version",
        key=f"{key}-version",
    )
    if picked is None:
        return None
    shown = records.plan_version(user, ws.student_id, picked)
    st.caption(md("The plan of version {} ({}):", picked, shown.summary))
    if has_plan(shown.plan):
        table(timeline_table(shown.plan), hide_index=True)
    else:
        st.warning(
            md_escape(shown.plan.message or f"Version {picked} has no plan: {shown.plan.status.value}.")
        )
    if not may_restore(user, ws.student_id):
        return None
    if picked == ws.version:
        st.caption("This is the version on this page.")
        return None
    if ws.unsaved:
        st.caption("Restoring replaces the unsaved changes on this page.")
    if st.button("Restore this version", key=f"{key}-restore"):
        try:
            return restore(user, ws, picked)
        except ConflictError as exc:
            st.error(md_escape(str(exc)))
            st.button(
                "Load the newer version",
                key=f"{key}-reload",
                on_click=reload_workspace,
                args=(user, ws.student_id),
            )
    return None


# --- the caseload --------------------------------------------------------------------------------


class CaseRow(BaseModel):
    student: str
    name: str
    grade: int
    target: str
    status: str
    version: int
    last_change: str


def case_status(head: PlanVersion | None) -> str:
    """no plan, infeasible, draft, needs approval or approved (acknowledged counts as approved)."""
    if head is None:
        return "no plan"
    if not has_plan(head.plan):
        return "infeasible"
    if head.state is PlanState.DRAFT:
        return "draft"
    if head.state is PlanState.PROPOSED:
        return "needs approval"
    return "approved"


def caseload(user: User, catalog: Catalog) -> list[CaseRow]:
    """The students this user may see, each with the state of their plan."""
    records = get_records()
    names = {t.id: t.name for t in catalog.calendar.terms} if catalog.calendar else {}
    rows = []
    for student, head in records.caseload(user):
        rows.append(
            CaseRow(
                student=student.id,
                name=student.name,
                grade=student.grade,
                target=names.get(student.target_graduation_term, student.target_graduation_term),
                status=case_status(head),
                version=head.version if head else 0,
                last_change=f"{head.summary}, {head.saved_at:%Y-%m-%d}" if head else "",
            )
        )
    return sorted(rows, key=lambda r: (r.name, r.student))
