"""The audit log: who viewed or changed which student's record, or was refused, and when.

An entry's ``detail`` holds only ids, version numbers and counts, never student data, so that the log
can be shown to admins and kept longer than the records it describes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from core.store import Cursor
from records.accounts import User, utcnow
from records.throttle import SIGN_IN, SIGN_IN_HELD, name_key

PAGE, COMMAND_LINE, SINGLE_SIGN_ON = "page", "command line", "single sign-on"
"""The routes by which someone signs in, as sign-in entries name them in ``detail``."""

AUDIT_PAGE = 200
"""How many entries one read of the log returns by default (newest first)."""


class AuditEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int
    at: dt.datetime
    user_id: str
    role: str
    action: str
    student_id: str | None
    allowed: bool
    detail: str


def record(
    cur: Cursor,
    user: User,
    action: str,
    student_ids: Sequence[str | None],
    *,
    allowed: bool,
    detail: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Append one entry per student (one entry with no student for a system action)."""
    at = now or utcnow()
    cur.executemany(
        "INSERT INTO audit_log (happened_at, user_id, role, action, student_id, allowed, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [[at, user.id, user.role.value, action, s, allowed, detail] for s in (student_ids or [None])],
    )


def record_failed_sign_in(
    cur: Cursor, username: object, route: str, *, held: bool = False, now: dt.datetime | None = None
) -> None:
    """A refused sign-in: the hashed user name (real or not), the time and the route; ``held`` when the
    throttle refused it before the password was checked."""
    cur.execute(
        "INSERT INTO audit_log (happened_at, user_id, role, action, student_id, allowed, detail) "
        "VALUES (?, ?, '', ?, NULL, FALSE, ?)",
        [now or utcnow(), name_key(username), SIGN_IN_HELD if held else SIGN_IN, route],
    )


def entries(
    cur: Cursor, *, student_id: str | None = None, user_id: str | None = None, limit: int = AUDIT_PAGE
) -> list[AuditEntry]:
    """The newest entries, optionally only for one student or one account."""
    result = cur.execute(
        "SELECT id, happened_at AS at, user_id, role, action, student_id, allowed, detail FROM audit_log "
        "WHERE (? IS NULL OR student_id = ?) AND (? IS NULL OR user_id = ?) ORDER BY id DESC LIMIT ?",
        [student_id, student_id, user_id, user_id, limit],
    )
    names = [d[0] for d in result.description]
    found = []
    for row in result.fetchall():
        data = dict(zip(names, row, strict=True))
        data["at"] = data["at"].replace(tzinfo=dt.UTC)
        found.append(AuditEntry(**data))
    return found
