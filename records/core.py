"""The plumbing of the record service: one short-lived connection and one transaction per call, and
``_run``, the single path by which a call reaches a student's record (authorize, audit, then act)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from core.db import APP_BUSY_TIMEOUT, BusyWait, connected
from core.store import Cursor, Store
from records import accounts, audit
from records.access import Action, authorize
from records.accounts import User
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
    ) -> T:
        """Authorize, audit and run one operation in one transaction; a refusal is audited, then raised."""
        now = self.now()
        with self._transaction() as (store, cur):
            fresh = accounts.get_user(cur, user.id)
            if fresh is None:
                refused: str | None = f"the account {user.id} does not exist"
            else:
                decision = authorize(fresh, action, student_id)
                refused = None if decision else decision.reason
            if refused is not None:
                audit.record(cur, fresh or user, action, [student_id], allowed=False, now=now)
            else:
                assert fresh is not None
                result = operation(Ctx(store, cur, fresh, now))
                if audit_allowed:
                    audit.record(
                        cur, fresh, action, [student_id], allowed=True, detail=detail(result), now=now
                    )
        if refused is not None:
            log.warning("refused %s to account %s for student %s", action.value, user.id, student_id)
            raise AccessDenied(f"not allowed: {refused}")
        return result
