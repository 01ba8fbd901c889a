"""Student: the chat beside the live plan (timeline, week, progress, on-track, item details)."""

from __future__ import annotations

import streamlit as st

from records.accounts import Role, User
from records.errors import ConflictError, PlanStateError
from records.plans import PlanState
from ui.login import student_from_query
from ui.plan_views import plan_view
from ui.planning import FEASIBLE, Workspace, load_workspace, page_user, propose, replan_with_progress, save
from ui.resources import load_catalog


def plan_actions(user: User, ws: Workspace) -> None:
    """Save the plan as a draft, or send it to the advisor for approval."""
    state = ws.state.value if ws.state else "not saved yet"
    st.caption(f"Your plan: {state}" + (" · unsaved changes" if ws.unsaved else ""))
    feasible = ws.plan is not None and ws.plan.status in FEASIBLE
    left, right = st.columns(2)
    try:
        if left.button("Save my plan", disabled=not ws.unsaved or ws.plan is None):
            save(user, ws)
            st.rerun()
        if right.button(
            "Send to my advisor",
            type="primary",
            disabled=not feasible or (ws.state is PlanState.PROPOSED and not ws.unsaved),
        ):
            propose(user, ws)
            st.rerun()
    except (ConflictError, PlanStateError) as exc:
        st.error(str(exc))


def render() -> None:
    user = page_user(Role.STUDENT)
    student_id = student_from_query(user)
    if student_id is None:
        st.info("Your account is not linked to a student record yet; ask your advisor.")
        return
    catalog = load_catalog()
    ws = load_workspace(user, student_id)
    if ws.plan is None:
        ws = replan_with_progress(ws, catalog, "Your first plan.")
    st.title("My plan")
    plan_actions(user, ws)
    plan_view(ws.plan, ws.student, catalog, key="student")


render()
