"""Student: the live plan (timeline, week, progress, on-track, item details) beside the chat.

The conversation (``chat.dialogue.ChatSession``) keeps its state in this browser session; each
message may change the plan, which the right-hand side shows at once. Replies are shown as plain text.
Saving and sending the plan to the advisor go through the record service, and so do the plan's stored
versions: the student sees each one and may restore an earlier one (as a new draft).
"""

from __future__ import annotations

import time

import streamlit as st

from chat import MAX_MESSAGE_CHARS
from chat.dialogue import ChatSession
from chat.dialogue_state import Reply
from planner.diff import PlanDiff
from planner.domain import has_plan
from records.accounts import Role, User
from records.errors import ConflictError, PlanStateError
from records.plans import PlanState
from ui.gate import page_user
from ui.login import student_from_query
from ui.plan_views import plan_view, timeline_table
from ui.resources import WARMUP_STAGES, get_chat_engine, load_catalog
from ui.safe_text import md_escape, table
from ui.versions import version_history
from ui.workspace import Workspace, keep, load_workspace, propose, save

# Chat messages shown above the input; older ones stay in the conversation but off screen.
SHOWN_MESSAGES = 40
# The conversation scrolls inside a box this tall, so the message box stays in view.
CHAT_HEIGHT_PX = 560


def first_plan(ws: Workspace) -> Reply:
    """The conversation's opening with the first plan, under a progress box naming each stage: what the
    server loads once (usually done before anyone signs in), the student's interests, the solve."""
    started = time.perf_counter()
    with st.status("Making your first plan...", expanded=True) as status:
        for label, load in WARMUP_STAGES:
            status.update(label=f"{label}...")
            load()
            st.write(f"{label}: done")
        status.update(label="Matching your interests...")
        get_chat_engine().scores(ws.student)
        status.update(label="Solving your plan...")
        opening = chat_session(ws).opening()
        seconds = time.perf_counter() - started
        status.update(label=f"Your first plan took {seconds:.1f} s", state="complete", expanded=False)
    return opening


def start_chat(ws: Workspace) -> Workspace:
    """On the page's first run for this student: the opening and the first plan (with progress)."""
    if st.session_state.get(f"chat:{ws.student_id}:log"):
        return ws
    opening = first_plan(ws)
    chat_log(ws).append({"role": "assistant", "text": opening.text})
    st.session_state[f"chat:{ws.student_id}:last"] = opening
    return follow(ws, chat_session(ws))


def chat_session(ws: Workspace) -> ChatSession:
    """This session's conversation, started from the stored plan and its locks and exclusions."""
    key = f"chat:{ws.student_id}"
    engine = get_chat_engine()
    if key not in st.session_state:
        session = ChatSession.start(engine, ws.student)
        session.state.wishes = ws.wishes
        session.state.plan = ws.plan
        st.session_state[key] = session.state
        st.session_state[f"{key}:log"] = []
    return ChatSession(engine, st.session_state[key])


def chat_log(ws: Workspace) -> list[dict[str, str]]:
    return st.session_state[f"chat:{ws.student_id}:log"]


def follow(ws: Workspace, session: ChatSession) -> Workspace:
    """The workspace after a turn: the conversation's plan, wishes and profile, unsaved if changed."""
    wishes = session.state.wishes
    edits = wishes.edits
    plan = session.state.plan
    if PlanDiff.between(ws.plan, plan).empty and edits == ws.edits and wishes.student == ws.student:
        return ws
    return keep(
        ws.model_copy(
            update={
                "plan": plan,
                "before": ws.plan,
                "edits": edits,
                "student": wishes.student,
                "unsaved": True,
            }
        )
    )


def show(message: dict[str, str]) -> None:
    with st.chat_message(message["role"]):
        st.text(message["text"])


def send(ws: Workspace, session: ChatSession, shown: str, said: str | None = None) -> Reply:
    """Show the student's message, get the reply (with a progress box), show it, keep both."""
    log = chat_log(ws)
    log.append({"role": "user", "text": shown})
    show(log[-1])
    with st.status("Thinking about your plan...") as status:
        reply = session.reply(said if said is not None else shown)
        status.update(label="Done", state="complete")
    log.append({"role": "assistant", "text": reply.text})
    show(log[-1])
    st.session_state[f"chat:{ws.student_id}:last"] = reply
    return reply


def chat(ws: Workspace) -> Workspace:
    """The conversation: history, offered answers as buttons, and the message box."""
    log = chat_log(ws)
    session = chat_session(ws)
    history = st.container(height=CHAT_HEIGHT_PX, border=False)
    with history:
        for message in log[-SHOWN_MESSAGES:]:
            show(message)
    last: Reply | None = st.session_state.get(f"chat:{ws.student_id}:last")
    answers = [(o.label, str(i + 1)) for i, o in enumerate(last.choices)] if last else []
    if last is not None and last.confirm:
        answers += [("Yes", "yes"), ("No", "no")]
    clicked = [
        (label, said)
        for label, said in answers
        if st.button(md_escape(label), key=f"chat-answer-{len(log)}-{said}", help="Answer with this choice")
    ]
    prompt = st.chat_input(
        "Tell me about your week, your interests, or ask about your plan", max_chars=MAX_MESSAGE_CHARS
    )
    if clicked or prompt:
        shown, said = clicked[0] if clicked else (str(prompt), str(prompt))
        with history:
            send(ws, session, shown, said)
        follow(ws, session)
        st.rerun()  # show the new plan and the answers the reply offers
    return follow(ws, session)


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


def after_restore(ws: Workspace) -> None:
    """The conversation goes on from the restored plan: its wishes and plan become the workspace's
    (so the page does not take the chat's older plan for an unsaved change), and it says what happened."""
    key = f"chat:{ws.student_id}"
    if key not in st.session_state:
        return
    state = st.session_state[key]
    state.wishes = ws.wishes
    state.plan = ws.plan
    state.pending = None
    chat_log(ws).append({"role": "assistant", "text": ws.note})
    st.session_state[f"{key}:last"] = None


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
        ws = start_chat(ws)
        with st.container(key="to-chat"):  # shown on narrow screens only (ui/style.py)
            # Our own static link (st.html: no Markdown link, where only escaped text goes).
            st.html('<a href="#chat">Talk it through in the chat ↓</a>')
    with talk:
        st.subheader("Chat", anchor="chat")
        ws = chat(ws)
    with plan_side:
        plan_actions(user, ws)
        plan_view(ws.plan, ws.student, catalog, key="student")
        last: Reply | None = st.session_state.get(f"chat:{student_id}:last")
        if last is not None and has_plan(last.preview):
            with st.expander("What-if plan from the chat (not applied)"):
                table(timeline_table(last.preview), hide_index=True)
        # Read only while open (opening it reruns the page), not on each run a chat message makes.
        versions = st.expander("Versions", key="student-versions", on_change="rerun")
        if versions.open:
            with versions:
                restored = version_history(user, ws, key="student")
                if restored is not None:
                    after_restore(restored)
                    st.rerun()


render()
