"""The student's chat panel: the conversation, the answers a reply offers as buttons, the message box;
and the advisor's read-only view of it.

The dialogue (``chat.dialogue.ChatSession``) keeps its state in this browser session; each message may
change the plan, which the page shows beside it at once. The words are kept with the plan's record
(``Records.add_chat_turn``), so the conversation is there again at the next sign-in, resumed from the
stored plan. Replies are shown as plain text.
"""

from __future__ import annotations

import logging
import time

import streamlit as st

from chat import MAX_MESSAGE_CHARS
from chat.dialogue import ChatSession
from chat.dialogue_state import DialogueState, Reply
from chat.opening import Opening, make_opening, opening_inputs, worth_keeping
from core.settings import get_settings
from core.store import StoreBusyError
from planner.diff import PlanDiff
from records.accounts import User
from records.chat import ChatMessage, Speaker
from records.errors import RecordsError
from ui.login import BUSY_MESSAGE, get_records
from ui.resources import WARMUP_STAGES, get_chat_engine, load_catalog
from ui.safe_text import md_escape
from ui.workspace import Workspace, keep

# Chat messages shown above the input; older ones stay in the conversation but off screen.
SHOWN_MESSAGES = 40
# The latest messages shown as they are; the others of SHOWN_MESSAGES behind an expander. (The
# conversation used to scroll inside a 560 px box, which a keyboard cannot scroll: Streamlit gives
# such a box no tabindex, axe's rule scrollable-region-focusable. On a phone it also put an empty
# box of that height under the plan.)
RECENT_MESSAGES = 8


logger = logging.getLogger(__name__)

ROLE_OF = {Speaker.STUDENT: "user", Speaker.ASSISTANT: "assistant"}
"""Who says a kept message, as ``st.chat_message`` names it."""


def as_log(messages: list[ChatMessage]) -> list[dict[str, str]]:
    return [{"role": ROLE_OF[m.speaker], "text": m.body} for m in messages]


def chat_state(user: User, ws: Workspace) -> DialogueState:
    """This session's conversation state, started from the stored plan and its locks and exclusions;
    the words said before (at earlier sign-ins) come from the record. Needs no model: the chat engine
    is loaded only when the student sends a message (``chat_session``)."""
    key = f"chat:{ws.student_id}"
    if key not in st.session_state:
        state = ChatSession.new_state(ws.student)
        state.wishes = ws.wishes
        state.plan = ws.plan
        st.session_state[key] = state
        st.session_state[f"{key}:log"] = as_log(get_records().conversation(user, ws.student_id))
    kept: DialogueState = st.session_state[key]
    return kept


def chat_session(user: User, ws: Workspace) -> ChatSession:
    """This session's conversation with the chat engine (loaded once per server process)."""
    return ChatSession(get_chat_engine(), chat_state(user, ws))


def keep_turn(user: User, ws: Workspace, said: str | None, reply: str) -> None:
    """Keep one turn with the record; when the database is busy or refuses, say so (the chat goes on)."""
    try:
        get_records().add_chat_turn(user, ws.student_id, said, reply)
    except StoreBusyError:
        st.warning(BUSY_MESSAGE)
    except RecordsError as exc:
        st.warning(f"This part of the conversation was not kept: {md_escape(str(exc))}")


def chat_log(ws: Workspace) -> list[dict[str, str]]:
    return st.session_state[f"chat:{ws.student_id}:log"]


def follow(user: User, ws: Workspace, state: DialogueState) -> Workspace:
    """The workspace after a turn: the conversation's plan, wishes and profile, unsaved if changed. What
    the student told about their interests and career goals is kept with the record at once (the matcher
    reads them at the next sign-in too)."""
    wishes = state.wishes
    edits = wishes.edits
    plan = state.plan
    told = (wishes.student.interests, wishes.student.career_goals)
    saved = ws.saved_student
    if told != (saved.interests, saved.career_goals):
        try:
            saved = get_records().tell_interests(user, ws.student_id, *told)
        except StoreBusyError:
            st.warning(BUSY_MESSAGE)
    if PlanDiff.between(ws.plan, plan).empty and edits == ws.edits and wishes.student == ws.student:
        return ws if saved == ws.saved_student else keep(ws.model_copy(update={"saved_student": saved}))
    return keep(
        ws.model_copy(
            update={
                "plan": plan,
                "before": ws.plan,
                "edits": edits,
                "student": wishes.student,
                "saved_student": saved,
                "unsaved": True,
            }
        )
    )


def show(message: dict[str, str]) -> None:
    with st.chat_message(message["role"]):
        st.text(message["text"])


def send(user: User, ws: Workspace, shown: str, said: str | None = None) -> Reply:
    """Show the student's message, get the reply (with a progress box), show it, keep both."""
    log = chat_log(ws)
    log.append({"role": "user", "text": shown})
    show(log[-1])
    with st.status("Thinking about your plan...") as status:
        reply = chat_session(user, ws).reply(said if said is not None else shown)
        status.update(label="Done", state="complete")
    log.append({"role": "assistant", "text": reply.text})
    show(log[-1])
    keep_turn(user, ws, shown, reply.text)
    st.session_state[f"chat:{ws.student_id}:last"] = reply
    return reply


def first_plan(user: User, ws: Workspace) -> Reply:
    """The conversation's opening with the first plan, under a progress box naming each stage. The
    opening kept for exactly these inputs (``chat.opening``: made by `pathways setup` or at an earlier
    sign-in) is shown at once, without the model; otherwise it is made now: what the server loads once
    (usually done before anyone signs in), the student's interests, the solve; then it is kept."""
    started = time.perf_counter()
    with st.status("Making your first plan...", expanded=True) as status:
        status.update(label="Looking for the plan made for you in advance...")
        inputs = opening_inputs(load_catalog(), ws.wishes, ws.plan, get_settings())
        opening = get_records().kept_opening(user, ws.student_id, inputs)
        if opening is None:
            for label, load in WARMUP_STAGES:
                status.update(label=f"{label}...")
                load()
                st.write(f"{label}: done")
            engine = get_chat_engine()
            status.update(label="Matching your interests...")
            engine.fit(ws.student)
            status.update(label="Solving your plan...")
            opening = make_opening(engine, ws.wishes, ws.plan)
            if worth_keeping(opening):
                keep_opening(user, ws, inputs, opening)
            said = "Your first plan took {seconds:.1f} s"
        else:
            said = "Your first plan was ready ({seconds:.1f} s)"
        st.session_state[f"chat:{ws.student_id}"] = opening.state
        seconds = time.perf_counter() - started
        status.update(label=said.format(seconds=seconds), state="complete", expanded=False)
    return opening.reply


def keep_opening(user: User, ws: Workspace, inputs: str, opening: Opening) -> None:
    """Keep the opening for the next sign-ins; when the database is busy, the next one makes it again."""
    try:
        get_records().keep_opening(user, ws.student_id, inputs, opening)
    except StoreBusyError:
        logger.warning("a first plan was not kept: the database was busy")


def start_chat(user: User, ws: Workspace) -> Workspace:
    """On the page's first run for this student: a student with no conversation yet, or no plan yet,
    gets the opening (a greeting, what the record says, a first plan) with its progress; the words said
    at earlier sign-ins are read back otherwise."""
    chat_state(user, ws)
    log = chat_log(ws)
    key = f"chat:{ws.student_id}:opened"
    if log and (ws.plan is not None or key in st.session_state):
        st.session_state[key] = True
        return ws
    opening = first_plan(user, ws)
    log.append({"role": "assistant", "text": opening.text})
    keep_turn(user, ws, None, opening.text)
    st.session_state[f"chat:{ws.student_id}:last"] = opening
    st.session_state[key] = True
    return follow(user, ws, chat_state(user, ws))


def chat(user: User, ws: Workspace) -> Workspace:
    """The conversation: history, offered answers as buttons, and the message box (after
    ``start_chat``)."""
    log = chat_log(ws)
    history = st.container(border=False)
    with history:
        messages = log[-SHOWN_MESSAGES:]
        if len(messages) > RECENT_MESSAGES:
            with st.expander(f"Earlier in this conversation ({len(messages) - RECENT_MESSAGES} messages)"):
                for message in messages[:-RECENT_MESSAGES]:
                    show(message)
        for message in messages[-RECENT_MESSAGES:]:
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
            send(user, ws, shown, said)
        follow(user, ws, chat_state(user, ws))
        st.rerun()  # show the new plan and the answers the reply offers
    return follow(user, ws, chat_state(user, ws))


def after_restore(user: User, ws: Workspace) -> None:
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
    keep_turn(user, ws, None, ws.note)
    st.session_state[f"{key}:last"] = None


def last_reply(student_id: str) -> Reply | None:
    """The last reply of this student's conversation in this session (None before any)."""
    reply: Reply | None = st.session_state.get(f"chat:{student_id}:last")
    return reply


def conversation_view(user: User, student_id: str) -> None:
    """The student's conversation with the chat, read-only (the advisor's page), newest last."""
    messages = get_records().conversation(user, student_id)
    if not messages:
        st.caption("No conversation with the chat yet.")
        return
    for message in messages[-SHOWN_MESSAGES:]:
        show(as_log([message])[0])
