"""The student's conversation with the chat, kept with the plan's record: what was said, in order.

Functions take a cursor inside the caller's transaction; the service decides who may call them
(``view_chat``: the student and their advisor; ``chat``: the student). Only the words are kept: a new
sign-in resumes the conversation from the stored plan, not from the chat's undo history.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from core.store import Cursor
from records.accounts import User, utcnow
from records.errors import RecordsError

MAX_CHAT_MESSAGE_LENGTH = 20_000
"""Longest message kept, in characters: a student's message is capped at 2,000 and a reply is a few lines."""

CONVERSATION_SHOWN = 200
"""The newest messages a read returns (older ones stay stored)."""


class ChatError(RecordsError):
    """A message that cannot be kept (empty or too long): nothing of the turn is written."""


class Speaker(StrEnum):
    STUDENT = "student"
    ASSISTANT = "assistant"


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    student_id: str
    seq: int = Field(ge=1)
    speaker: Speaker
    author_id: str = Field(description="The account whose turn it was.")
    said_at: dt.datetime = Field(description="UTC.")
    body: str = Field(min_length=1, max_length=MAX_CHAT_MESSAGE_LENGTH)


def conversation(
    cur: Cursor, student_id: str, *, limit: int | None = CONVERSATION_SHOWN
) -> list[ChatMessage]:
    """The newest ``limit`` messages of the student's conversation (all of them for None), oldest first."""
    rows = cur.execute(
        "SELECT student_id, seq, speaker, author_id, said_at, body FROM chat_messages "
        "WHERE student_id = ? ORDER BY seq DESC LIMIT ?",
        [student_id, limit],
    ).fetchall()
    return [
        ChatMessage(
            student_id=r[0],
            seq=r[1],
            speaker=Speaker(r[2]),
            author_id=r[3],
            said_at=r[4].replace(tzinfo=dt.UTC),
            body=r[5],
        )
        for r in reversed(rows)
    ]


def add_messages(
    cur: Cursor,
    student_id: str,
    author: User,
    said: list[tuple[Speaker, str]],
    *,
    now: dt.datetime | None = None,
) -> list[ChatMessage]:
    """Append messages to the conversation, in order (one turn: what the student said and the reply)."""
    for n, (_, body) in enumerate(said, start=1):
        if not isinstance(body, str) or not body.strip():
            raise ChatError(f"chat message {n} of {len(said)} is empty")
        if len(body) > MAX_CHAT_MESSAGE_LENGTH:
            raise ChatError(
                f"chat message {n} of {len(said)} has {len(body)} characters; "
                f"at most {MAX_CHAT_MESSAGE_LENGTH} are kept"
            )
    row = cur.execute("SELECT max(seq) FROM chat_messages WHERE student_id = ?", [student_id]).fetchone()
    last = row[0] if row and row[0] is not None else 0
    at = now or utcnow()
    at = at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at
    added = []
    for seq, (speaker, body) in enumerate(said, start=last + 1):
        cur.execute(
            "INSERT INTO chat_messages (student_id, seq, speaker, author_id, said_at, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [student_id, seq, speaker.value, author.id, at, body],
        )
        added.append(
            ChatMessage(
                student_id=student_id,
                seq=seq,
                speaker=speaker,
                author_id=author.id,
                said_at=at.replace(tzinfo=dt.UTC),
                body=body,
            )
        )
    return added


def replace_conversation(cur: Cursor, student_id: str, messages: list[ChatMessage]) -> None:
    """Make ``messages`` the student's whole conversation (a record import; the caller checked them)."""
    cur.execute("DELETE FROM chat_messages WHERE student_id = ?", [student_id])
    for m in messages:
        cur.execute(
            "INSERT INTO chat_messages (student_id, seq, speaker, author_id, said_at, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                m.student_id,
                m.seq,
                m.speaker.value,
                m.author_id,
                m.said_at.astimezone(dt.UTC).replace(tzinfo=None),
                m.body,
            ],
        )
