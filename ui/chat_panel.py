"""The student's chat panel: the conversation, the answers a reply offers as buttons, the message box.

The conversation (``chat.dialogue.ChatSession``) keeps its state in this browser session; each message
may change the plan, which the page shows beside it at once. Replies are shown as plain text.
"""

from __future__ import annotations

import streamlit as st

from chat import MAX_MESSAGE_CHARS
from chat.dialogue import ChatSession
from chat.dialogue_state import Reply
from planner.diff import PlanDiff
from ui.resources import get_chat_engine
from ui.safe_text import md_escape
from ui.workspace import Workspace, keep

# Chat messages shown above the input; older ones stay in the conversation but off screen.
SHOWN_MESSAGES = 40
# The conversation scrolls inside a box this tall, so the message box stays in view.
CHAT_HEIGHT_PX = 560


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
    session = chat_session(ws)
    log = chat_log(ws)
    if not log:
        with st.status("Making your first plan...") as status:
            opening = session.opening()
            status.update(label="Ready", state="complete")
        log.append({"role": "assistant", "text": opening.text})
        st.session_state[f"chat:{ws.student_id}:last"] = opening
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


def last_reply(student_id: str) -> Reply | None:
    """The last reply of this student's conversation in this session (None before any)."""
    reply: Reply | None = st.session_state.get(f"chat:{student_id}:last")
    return reply
