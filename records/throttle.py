"""Password guessing slowed down: after a few wrong passwords for one user name, that name must wait.

Every failed sign-in is an entry of the audit log (``audit.record_failed_sign_in``: the hashed user
name, the time, the route), and the throttle counts those entries: so the app's page, the command line
and every process share one count, which survives a restart. A user name is counted whether or not the
account exists (so the wait says nothing about which names are real); the log keeps only a hash of the
name; a successful sign-in of that name starts the count again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from core.store import Cursor

MAX_FAILURES = 5
"""Wrong passwords allowed for one user name within ``WINDOW``."""
WINDOW = dt.timedelta(minutes=15)

SIGN_IN = "sign_in"
"""The audit action of a sign-in: allowed, or refused for a wrong user name or password."""
SIGN_IN_HELD = "sign_in_held"
"""The audit action of a sign-in refused by the throttle before its password was checked (not counted)."""


def normal_name(username: object) -> str:
    """A user name as accounts are named: trimmed, lower case (anything else: its repr)."""
    return username.strip().lower() if isinstance(username, str) else repr(username)


def name_key(username: object) -> str:
    """What the audit log keeps of a user name that failed to sign in: its SHA-256 (the ``:`` is never
    in a user name, so a key never reads as an account id)."""
    digest = hashlib.sha256(normal_name(username).encode("utf-8", "replace")).hexdigest()
    return f"name-sha256:{digest}"


@dataclass(frozen=True)
class SignInThrottle:
    max_failures: int = MAX_FAILURES
    window: dt.timedelta = WINDOW

    def refusal(self, cur: Cursor, username: object, now: dt.datetime) -> str | None:
        """Why this user name may not try now (a sentence), or None when it may."""
        recent = cur.execute(
            "SELECT happened_at FROM audit_log WHERE action = ? AND NOT allowed AND user_id = ? "
            "AND happened_at > ? AND id > coalesce((SELECT max(id) FROM audit_log "
            "WHERE action = ? AND allowed AND user_id = ?), 0) ORDER BY id DESC LIMIT ?",
            [
                SIGN_IN,
                name_key(username),
                now - self.window,
                SIGN_IN,
                normal_name(username),
                self.max_failures,
            ],
        ).fetchall()
        if len(recent) < self.max_failures:
            return None
        wait = (recent[-1][0] + self.window - now).total_seconds()
        minutes = max(1, math.ceil(wait / 60))
        return (
            "too many wrong passwords for this user name; "
            f"try again in {minutes} minute{'s' if minutes != 1 else ''}"
        )
