"""Password guessing slowed down: after a few wrong passwords for one user name, that name must wait.

``Records.sign_in`` consults a ``SignInThrottle`` when it is given one; the app gives every record
service it makes the same one per server process (``ui.login.THROTTLE``). It counts wrong passwords per
user name (whether or not the account exists, so the wait says nothing about which names are real),
keeps only a hash of each name, and forgets a name's failures once it signs in. The command line asks
for a password per command (``Records.authenticate``) on the district's own machine; it is not
throttled."""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5
"""Wrong passwords allowed for one user name within ``WINDOW_SECONDS``."""
WINDOW_SECONDS = 15 * 60


class SignInThrottle:
    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window_seconds: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(username: object) -> str:
        name = username.strip().lower() if isinstance(username, str) else repr(username)
        return hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def refusal(self, username: object) -> str | None:
        """Why this user name may not try now (a sentence), or None when it may."""
        with self._lock:
            now = self.clock()
            times = self._recent(self._key(username), now)
            if len(times) < self.max_failures:
                return None
            wait = times[-self.max_failures] + self.window - now
        minutes = max(1, math.ceil(wait / 60))
        return (
            "too many wrong passwords for this user name; "
            f"try again in {minutes} minute{'s' if minutes != 1 else ''}"
        )

    def failed(self, username: object) -> None:
        with self._lock:
            now, key = self.clock(), self._key(username)
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times

    def succeeded(self, username: object) -> None:
        with self._lock:
            self._failures.pop(self._key(username), None)

    def clear(self) -> None:
        """Forget every count (as a restart of the server does)."""
        with self._lock:
            self._failures.clear()
