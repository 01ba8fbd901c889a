"""Student: the chat (``ui.chat_panel``) beside the live plan (timeline, week, progress, on-track, item
details).

Saving and sending the plan to the advisor go through the record service, and so do the plan's stored
versions: the student sees each one and may restore an earlier one (as a new draft).
"""

from __future__ import annotations

import streamlit as st

from planner.domain import has_plan
from records.accounts import Role, User
from records.errors import ConflictError, PlanStateError
from records.plans import PlanState
from ui.chat_panel import after_restore, chat, last_reply
from ui.gate import page_user
from ui.login import student_from_query
from ui.plan_views import plan_view, timeline_table
from ui.record_views import learning_record
from ui.resources import load_catalog
from ui.safe_text import md_escape, table
from ui.versions import version_history
from ui.workspace import Workspace, load_workspace, propose, save


def plan_actions(user: User, ws: Workspace) -> None:
    """Save the plan as a draft, or send it to the advisor for approval."""
    state = ws.state.value if ws.state else "not saved yet"
    st.caption(f"Your plan: {state}" + (" · unsaved changes" if ws.unsaved else ""))
    feasible = has_plan(ws.plan)
    sent = ws.state is PlanState.PROPOSED and not ws.unsaved
    left, right = st.columns(2)
    try:
        if left.button("Save my plan", disabled=not ws.unsaved or ws.plan is None):
            save(user, ws)
            st.rerun()
        if right.button("Send to my advisor", type="primary", disabled=not feasible or sent):
            propose(user, ws)
            st.rerun()
    except (ConflictError, PlanStateError) as exc:
        st.error(md_escape(str(exc)))


def render() -> None:
    user = page_user(Role.STUDENT)
    st.title("My plan")
    student_id = student_from_query(user)
    if student_id is None:
        st.info("Your account is not linked to a student record yet; ask your advisor.")
        return
    catalog = load_catalog()
    ws = load_workspace(user, student_id)
    talk, plan_side = st.columns([2, 3], gap="large")
    with talk:
        st.subheader("Chat")
        ws = chat(user, ws)
    with plan_side:
        plan_actions(user, ws)
        plan_view(ws.plan, ws.student, catalog, key="student")
        learning_record(user, student_id)
        last = last_reply(student_id)
        if last is not None and has_plan(last.preview):
            with st.expander("What-if plan from the chat (not applied)"):
                table(timeline_table(last.preview), hide_index=True)
        # Read only while open (opening it reruns the page), not on each run a chat message makes.
        versions = st.expander("Versions", key="student-versions", on_change="rerun")
        if versions.open:
            with versions:
                restored = version_history(user, ws, key="student")
                if restored is not None:
                    after_restore(user, restored)
                    st.rerun()


render()
