"""The plumbing of the record service: one short-lived connection and one transaction per call, and
``_run``, the single path by which a call reaches a student's record (authorize, audit, then act)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from core.db import APP_BUSY_TIMEOUT, BusyWait, connected
from core.store import Cursor, Store
from records import accounts, audit, links
from records.access import Action, authorize
from records.accounts import Role, User
from records.errors import AccessDenied
from records.throttle import SignInThrottle

log = logging.getLogger("records.service")
T = TypeVar("T")


@dataclass(frozen=True)
class Ctx:
    """What an authorized operation works with: the store, its transaction, the account as the
    database holds it now, and the one instant the whole operation is stamped with."""

    store: Store
    cur: Cursor
    user: User
    now: dt.datetime


class RecordsBase:
    """The record service's plumbing over one DuckDB file. It holds no connection between calls."""

    def __init__(
        self,
        db: str | Path | None = None,
        *,
        busy_timeout: float = APP_BUSY_TIMEOUT,
        on_busy: Callable[[BusyWait], None] | None = None,
        clock: Callable[[], dt.datetime] = accounts.utcnow,
        throttle: SignInThrottle | None = SignInThrottle(),
    ) -> None:
        self.db = db
        self.busy_timeout = busy_timeout
        self.on_busy = on_busy
        self.now = clock
        self.throttle = throttle
        """Holds a user name back after too many wrong passwords (counted in the audit log)."""

    # --- plumbing ---------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[tuple[Store, Cursor]]:
        with (
            connected(self.db, timeout=self.busy_timeout, on_busy=self.on_busy) as store,
            store.transaction() as cur,
        ):
            yield store, cur

    def _run(
        self,
        user: User,
        action: Action,
        student_id: str | None,
        operation: Callable[[Ctx], T],
        *,
        detail: Callable[[T], str] = lambda _: "",
        audit_allowed: bool = True,
        target: Callable[[Cursor], Target] | None = None,
    ) -> T:
        """Authorize, audit and run one operation in one transaction; a refusal is audited, then raised.

        ``target`` reads, in the same transaction, the opportunity and placement the operation concerns
        (evidence from an opportunity, hours at a placement), for ``authorize`` to check them too."""
        return self._run_for(
            user, action, [student_id], operation, detail=detail, audit_allowed=audit_allowed, target=target
        )

    def _run_for(
        self,
        user: User,
        action: Action,
        student_ids: Sequence[str | None],
        operation: Callable[[Ctx], T],
        *,
        detail: Callable[[T], str] = lambda _: "",
        audit_allowed: bool = True,
        target: Callable[[Cursor], Target] | None = None,
    ) -> T:
        """``_run`` for one operation on several students (a class's evidence in one save): every one
        must be allowed, or nothing is done and the refusal is audited for each."""
        now = self.now()
        with self._transaction() as (store, cur):
            fresh, refused = current_account(cur, user, now)
            if fresh is not None:
                opportunity, placement = target(cur) if target else (None, None)
                for student_id in dict.fromkeys(student_ids):
                    decision = authorize(
                        fresh, action, student_id, opportunity=opportunity, placement=placement
                    )
                    if not decision:
                        refused = decision.reason
                        break
            if refused is not None:
                audit.record(cur, fresh or user, action, list(student_ids), allowed=False, now=now)
            else:
                assert fresh is not None
                result = operation(Ctx(store, cur, fresh, now))
                if audit_allowed:
                    audit.record(
                        cur,
                        fresh,
                        action,
                        list(dict.fromkeys(student_ids)),
                        allowed=True,
                        detail=detail(result),
                        now=now,
                    )
        if refused is not None:
            named = ", ".join(str(s) for s in dict.fromkeys(student_ids))
            log.warning("refused %s to account %s for student %s", action.value, user.id, named)
            raise AccessDenied(f"not allowed: {refused}")
        return result


Target = tuple[str | None, int | None]
"""What an operation concerns besides the student: (opportunity, placement), each None when none."""


def current_account(cur: Cursor, user: User, now: dt.datetime) -> tuple[User | None, str | None]:
    """The account as the database holds it now, or None and why not. A supervisor's is their link's
    (checked for expiry and revocation at every call)."""
    if user.role is Role.SUPERVISOR:
        return links.link_user(cur, user.id, now)
    fresh = accounts.get_user(cur, user.id)
    return fresh, None if fresh else f"the account {user.id} does not exist"
