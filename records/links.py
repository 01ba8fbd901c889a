"""The supervisor's link: how a work-based learning supervisor (an employer or mentor, with no account)
reaches one placement of one student, to approve hours and rate competencies.

A link is a random 256-bit token with a short prefix naming its one purpose (``sv1.``); the database keeps
only its SHA-256, so a copy of the database opens no placement. It is scoped to one placement, expires
(``LINK_LIFETIME``), and can be revoked. Every call through it checks the token again: a revoked or
expired link stops working at once. Through it the supervisor is a ``User`` of role ``supervisor`` whose
only student, opportunity and placement are the placement's: nothing else of the student is visible.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from pydantic import BaseModel, ConfigDict

from core.store import Cursor
from records.accounts import Role, User

LINK_LIFETIME = dt.timedelta(days=120)
"""How long a supervisor's link works: about a term and a half (a placement's length, with slack)."""

PURPOSE = "supervise placement"
"""The one thing a supervisor's link is for (a token issued for anything else opens nothing here)."""

PREFIX = "sv1."
"""The start of every supervisor token: names the kind of token, so it is never mistaken for a session."""

LINK_USER = "link:"
"""How a supervisor is named in the audit log: ``link:<link id>`` (no user name holds a colon)."""

INVALID = "this link is not valid; ask the school for a new one"


class SupervisorLink(BaseModel):
    """A link as the school sees it (never the token)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int
    placement_id: int
    created_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None

    def state(self, now: dt.datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(
    cur: Cursor, placement_id: int, by: User, now: dt.datetime, lifetime: dt.timedelta = LINK_LIFETIME
) -> tuple[str, SupervisorLink]:
    """A new link to one placement: the token (shown once, never stored) and the link."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = cur.execute(
        "INSERT INTO supervisor_links (token_hash, placement_id, purpose, created_by, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [_hash(token), placement_id, PURPOSE, by.id, now, now + lifetime],
    ).fetchone()
    assert row is not None
    return token, link(cur, int(row[0]))


def link(cur: Cursor, link_id: int) -> SupervisorLink:
    row = cur.execute(
        "SELECT id, placement_id, created_by, created_at, expires_at, revoked_at FROM supervisor_links WHERE id = ?",
        [link_id],
    ).fetchone()
    if row is None:
        raise KeyError(link_id)
    return SupervisorLink(
        id=row[0],
        placement_id=row[1],
        created_by=row[2],
        created_at=row[3],
        expires_at=row[4],
        revoked_at=row[5],
    )


def links_of(cur: Cursor, placement_id: int) -> list[SupervisorLink]:
    rows = cur.execute(
        "SELECT id FROM supervisor_links WHERE placement_id = ? ORDER BY id", [placement_id]
    ).fetchall()
    return [link(cur, r[0]) for r in rows]


def revoke(cur: Cursor, link_id: int, now: dt.datetime) -> SupervisorLink:
    """Stop a link from working (a revoked link stays revoked)."""
    cur.execute(
        "UPDATE supervisor_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [now, link_id]
    )
    return link(cur, link_id)


def _user(cur: Cursor, where: str, value: object, now: dt.datetime) -> tuple[User | None, str | None]:
    row = cur.execute(
        "SELECT l.id, l.purpose, l.expires_at, l.revoked_at, p.id, p.student_id, p.opportunity_id, "
        f"p.supervisor_name FROM supervisor_links l JOIN placements p ON p.id = l.placement_id WHERE {where}",
        [value],
    ).fetchone()
    if row is None or row[1] != PURPOSE:
        return None, INVALID
    link_id, _, expires_at, revoked_at, placement_id, student_id, opportunity_id, name = row
    naive = now.replace(tzinfo=None)
    if revoked_at is not None:
        return None, f"this link was revoked on {revoked_at:%Y-%m-%d}; ask the school for a new one"
    if expires_at <= naive:
        return None, f"this link expired on {expires_at:%Y-%m-%d}; ask the school for a new one"
    user = User(
        id=f"{LINK_USER}{link_id}",
        display_name=name,
        role=Role.SUPERVISOR,
        students=frozenset({student_id}),
        opportunities=frozenset({opportunity_id}),
        placements=frozenset({placement_id}),
    )
    return user, None


def resolve(cur: Cursor, token: object, now: dt.datetime) -> tuple[User | None, str | None]:
    """The supervisor a token stands for, or None and why not (unknown, revoked, expired)."""
    if not isinstance(token, str) or not token.startswith(PREFIX) or len(token) > 200:
        return None, INVALID
    return _user(cur, "l.token_hash = ?", _hash(token), now)


def link_user(cur: Cursor, user_id: str, now: dt.datetime) -> tuple[User | None, str | None]:
    """The supervisor of a link by its audit name (``link:<id>``), checked again for revocation and expiry."""
    number = user_id.removeprefix(LINK_USER)
    if not user_id.startswith(LINK_USER) or not number.isdigit():
        return None, INVALID
    return _user(cur, "l.id = ?", int(number), now)
