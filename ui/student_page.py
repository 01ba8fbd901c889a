"""Student: the live plan (timeline, week, progress, on-track, item details) beside the chat.

Saving and sending the plan to the advisor go through the record service, and so do the plan's stored
versions: the student sees each one and may restore an earlier one (as a new draft).
"""

from __future__ import annotations

import streamlit as st

from planner.domain import has_plan
from records.accounts import Role, User
from records.errors import ConflictError, PlanStateError
from records.plans import PlanState
from ui.chat_panel import after_restore, chat, last_reply, start_chat
from ui.gate import page_user
from ui.login import student_from_query
from ui.plan_views import plan_view, timeline_table
from ui.record_views import learning_record
from ui.resources import load_catalog
from ui.safe_text import md_escape, table
from ui.transcript_view import transcript_link
from ui.versions import version_history
from ui.workspace import Workspace, keep, load_workspace, propose, save

STATE_WORDS = {
    None: "not saved yet",
    PlanState.DRAFT: "saved as a draft",
    PlanState.PROPOSED: "sent to your advisor",
    PlanState.APPROVED: "approved by your advisor",
    PlanState.ACKNOWLEDGED: "approved, and read by your family",
}


def send_blocker(ws: Workspace) -> str | None:
    """Why "Send to my advisor" is off, in words (None: it is on)."""
    if not has_plan(ws.plan):
        return "There is no plan to send yet."
    if not ws.unsaved and ws.state in (PlanState.PROPOSED, PlanState.APPROVED, PlanState.ACKNOWLEDGED):
        return (
            f"Your advisor has this plan already ({STATE_WORDS[ws.state]}); change something to send again."
        )
    return None


def plan_actions(user: User, ws: Workspace) -> None:
    """Save the plan as a draft, or send it to the advisor for approval; each says what it did."""
    # A first plan nobody saved is not "unsaved changes": there is nothing saved to differ from.
    changed = " · unsaved changes" if ws.unsaved and ws.state is not None else ""
    st.caption(f"Your plan: {STATE_WORDS[ws.state]}{changed}")
    cannot_send = send_blocker(ws)
    cannot_save = None if ws.unsaved and has_plan(ws.plan) else "Nothing new to save."
    left, right = st.columns(2)
    try:
        if left.button("Save my plan", disabled=bool(cannot_save), help=cannot_save):
            saved = save(user, ws)
            keep(saved.model_copy(update={"note": f"Saved as a draft (version {saved.version})."}))
            st.rerun()
        if right.button("Send to my advisor", type="primary", disabled=bool(cannot_send), help=cannot_send):
            sent = propose(user, ws)
            keep(
                sent.model_copy(
                    update={
                        "note": f"Sent to your advisor (version {sent.version}): they will look at it and approve it or write to you."
                    }
                )
            )
            st.rerun()
    except (ConflictError, PlanStateError) as exc:
        st.error(md_escape(f"{str(exc).capitalize()}."))
    if cannot_send and has_plan(ws.plan):
        st.caption(cannot_send)
    if ws.note and not ws.unsaved:
        st.success(md_escape(ws.note))


def render() -> None:
    user = page_user(Role.STUDENT)
    st.title("My plan")
    student_id = student_from_query(user)
    if student_id is None:
        st.info("Your account is not linked to a student record yet; ask your advisor.")
        return
    catalog = load_catalog()
    ws = load_workspace(user, student_id)
    # The plan comes first (on a phone the columns stack: the plan on top, the chat a tap away).
    plan_side, talk = st.columns([3, 2], gap="large")
    with plan_side:
        ws = start_chat(user, ws)
        with st.container(key="to-chat"):  # shown on narrow screens only (ui/style.py)
            # Our own static link (st.html: no Markdown link, where only escaped text goes).
            st.html('<a href="#chat">Talk it through in the chat ↓</a>')
    with talk:
        st.subheader("Chat", anchor="chat")
        ws = chat(user, ws)
    with plan_side:
        plan_actions(user, ws)
        plan_view(ws.plan, ws.student, catalog, key="student")
        learning_record(user, student_id)
        transcript_link(student_id)
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
