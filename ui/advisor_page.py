"""Advisor: the caseload with each plan's status; one student's plan with live edits, approval, its
stored versions (view one, restore it) and notes.

Every edit (lock, exclude, swap, pace, busy times, hours, target term) re-plans on the spot inside a
fragment, so only the plan area reruns, and shows what changed against the plan before the edit.
"""

from __future__ import annotations

import streamlit as st

from core.store import StoreBusyError
from planner.domain import has_plan
from present.changes import change_lines
from records.accounts import Role, User
from records.errors import ConflictError, PlanStateError
from records.plans import PlanState
from ui.advisor_edits import edit_controls, replanned_key
from ui.caseload import caseload, caseload_table
from ui.chat_panel import conversation_view
from ui.gate import page_user
from ui.login import BUSY_MESSAGE, get_records, student_from_query
from ui.plan_views import plan_view
from ui.record_views import learning_record
from ui.refused_edit import refusal_notice
from ui.resources import interest_fit, load_catalog
from ui.safe_text import md, md_escape, table
from ui.transcript_view import transcript_link
from ui.versions import version_history
from ui.workspace import (
    Workspace,
    approve,
    conflict_notice,
    load_workspace,
    replan_and_keep,
    save,
)


def save_blocker(ws: Workspace) -> str | None:
    """Why "Save draft" is off, in words (None: it is on)."""
    if not has_plan(ws.plan):
        return "There is no plan to save: change what conflicts first."
    if not ws.unsaved:
        return "Nothing to save: no change since the last saved version."
    return None


def approve_blocker(ws: Workspace) -> str | None:
    """Why "Approve plan" is off, in words (None: it is on)."""
    if not has_plan(ws.plan):
        return "There is no plan to approve."
    state = ws.state
    if not ws.unsaved and state in (PlanState.APPROVED, PlanState.ACKNOWLEDGED) and state is not None:
        return f"This plan is {state.value} already."
    return None


def life_controls(user: User, ws: Workspace) -> None:
    """Save, approve and leave a note; the version this session started from guards every write."""
    state = ws.state.value if ws.state else "not saved yet"
    if ws.version:
        st.caption(f"Version {ws.version} · {state}" + (" · unsaved changes" if ws.unsaved else ""))
    else:  # nothing saved yet, so nothing for a change to differ from
        st.caption("Not saved yet")
    c1, c2 = st.columns(2)
    cannot_save, cannot_approve = save_blocker(ws), approve_blocker(ws)
    try:
        if c1.button("Save draft", key=f"{ws.student_id}-save", disabled=bool(cannot_save), help=cannot_save):
            save(user, ws)
            st.rerun()
        if c2.button(
            "Approve plan",
            type="primary",
            key=f"{ws.student_id}-approve",
            disabled=bool(cannot_approve),
            help=cannot_approve,
        ):
            approve(user, ws)
            st.rerun()
        if cannot_save or cannot_approve:
            st.caption(" ".join(dict.fromkeys(r for r in (cannot_save, cannot_approve) if r)))
    except ConflictError as exc:
        conflict_notice(user, ws, exc, key=f"{ws.student_id}-reload")
    except PlanStateError as exc:
        st.error(md_escape(f"{str(exc).capitalize()}."))


def first_plan(user: User, student_id: str) -> None:
    """The "Make a first plan" button's callback."""
    catalog = load_catalog()
    replan_and_keep(load_workspace(user, student_id), catalog, "First plan made.")
    st.session_state[replanned_key(student_id)] = True


@st.fragment
def plan_area(user: User, student_id: str) -> None:
    """The student's plan, the edit controls and the plan's life: the part that reruns on each edit.
    Edits re-plan in the controls' callbacks, before this runs, so one run draws the new plan."""
    catalog = load_catalog()
    ws = load_workspace(user, student_id)
    # The controls' callbacks re-plan with what the matcher reads in the student's words; a callback
    # may not draw the cache's spinner, so it is brought into the cache here (a hit after the first run).
    interest_fit(ws.saved_student)
    if ws.note:
        st.success(md_escape(ws.note))
    if st.session_state.pop(replanned_key(student_id), False) and ws.plan is not None:
        st.status(
            f"Re-planned in {ws.plan.solve_time:.2f} s: {ws.plan.status.value}",
            state="complete",
            expanded=False,
        )
    refusal_notice(user, student_id)
    if ws.plan is None:
        st.button(
            "Make a first plan",
            type="primary",
            key=f"{student_id}-first",
            on_click=first_plan,
            args=(user, student_id),
        )
    edit_controls(user, ws, catalog)
    diff = ws.diff
    changes = change_lines(diff) if diff is not None else []
    if changes:
        st.markdown(md("**What changed from the previous plan:** {}.", "; ".join(changes)))
    elif ws.before is not None:
        st.markdown("**What changed from the previous plan:** nothing; the items stay as they were.")
    life_controls(user, ws)
    plan_view(ws.plan, ws.student, catalog, key=f"advisor-{student_id}", lazy=True)
    learning_record(user, student_id)


def notes(user: User, student_id: str) -> None:
    records = get_records()
    with st.form(f"{student_id}-note", clear_on_submit=True):
        body = st.text_area("Note for the student and family", max_chars=4000)
        if st.form_submit_button("Add note") and body.strip():
            records.add_comment(user, student_id, body)
    for comment in records.comments(user, student_id):
        st.markdown(
            md(
                "**{}** ({}, {:%Y-%m-%d %H:%M} UTC)",
                comment.author_name,
                comment.author_role,
                comment.written_at,
            )
        )
        st.text(comment.body)


def render() -> None:
    user = page_user(Role.ADVISOR)
    st.title("Caseload")
    catalog = load_catalog()
    try:
        rows = caseload(user, catalog)
    except StoreBusyError:
        st.error(BUSY_MESSAGE)
        st.stop()
    if not rows:
        st.info("No students are linked to your account yet; ask your district's admin.")
        return
    table(caseload_table(rows), hide_index=True)
    names = {r.student: r.name for r in rows}
    # A student of the caseload just read needs no second check; any other id is checked (and refused).
    asked = st.query_params.get("student")
    chosen = asked if asked in names else (student_from_query(user) if asked is not None else None)
    picked = st.selectbox(
        "Open a student", list(names), format_func=lambda s: names[s],
        index=list(names).index(chosen) if chosen in names else None, placeholder="Choose a student",
    )  # fmt: skip
    if picked is None:
        return
    if st.query_params.get("student") != picked:
        st.query_params["student"] = picked
    st.header(md_escape(names[picked]))
    plan_area(user, picked)
    transcript_link(picked)
    # The expanders are built only while open (opening one reruns the page), so a closed one reads
    # nothing from the record on each run.
    versions = st.expander("Versions", key=f"advisor-{picked}-versions", on_change="rerun")
    if versions.open:
        with versions:
            if version_history(user, load_workspace(user, picked), key=f"advisor-{picked}") is not None:
                st.rerun()
    talk = st.expander(
        "Conversation with the chat (read-only)", key=f"advisor-{picked}-chat", on_change="rerun"
    )
    if talk.open:
        with talk:
            conversation_view(user, picked)
    thread = st.expander("Notes", key=f"advisor-{picked}-notes", on_change="rerun")
    if thread.open:
        with thread:
            notes(user, picked)


render()
