"""Short-lived connections to the DuckDB file, with a bounded retry while another process holds it.

DuckDB lets one process at a time open a database file for writing (a second process gets a lock error
at once; it does not wait). The app and the command line may run at the same time, so neither keeps the
file open: every operation of the record service opens the store, does one short transaction and closes
it, and an operation that finds the file taken waits and retries (``tenacity``: growing pauses with
jitter) up to a deadline, then says the database is busy and which process holds it. Connections of one
process share one database instance (DuckDB caches it per file), so threads of the app never wait for
each other here.

Taking turns: while the sessions of a busy app overlap, the shared instance (and so the file lock) might
never be released, and a waiting command would starve. So a process that finds the file taken announces
itself with a small marker file next to the database (``<db>.waiting.<pid>.<thread>``) on which it holds
an exclusive ``flock`` for as long as it waits; a process that sees another's marker starts no new
operation until that marker is gone. The operations already running finish, the file is released, the
waiting process gets it. The lock is the proof: the operating system releases it when its process dies,
so a marker nobody holds locked (left by a killed command, or made by hand with any process's id) is
ignored and removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_before_delay
from tenacity.wait import wait_exponential_jitter

from core.settings import get_settings
from core.store import Store, StoreBusyError

APP_BUSY_TIMEOUT = 10.0
"""Seconds an app operation waits for the file before it tells the user the database is busy."""

CLI_BUSY_TIMEOUT = 60.0
"""Seconds a command waits for the file (it says so while it waits); `--wait` changes it."""

FIRST_RETRY_DELAY = 0.02
"""The first pause before trying again, in seconds; each pause doubles up to MAX_RETRY_DELAY."""

MAX_RETRY_DELAY = 0.1
"""The longest pause between two tries, in seconds: a freed file is taken within about this long
(a process that gives way waits for the waiting one, so this is kept short)."""

RETRY_JITTER = 0.02
"""Up to this many seconds are added at random to each pause, so two waiting processes do not take
turns in lockstep."""

WAITING_MARKER = ".waiting."
"""Between the database file name and the waiting process's id, in the name of a marker file."""

MARKER_STALE_AFTER = CLI_BUSY_TIMEOUT + 10.0
"""Seconds after which a held marker is ignored (not removed): no process gives way for longer."""

YIELD_DELAY = 0.02
"""How often (s) a process that gives way to a waiting one looks whether its marker is gone."""

_open_lock = threading.Lock()  # one thread of this process opens (and migrates) the file at a time


@dataclass(frozen=True)
class BusyWait:
    """Reported to ``on_busy`` before each pause: which file, how long so far, how long at most."""

    path: str
    attempt: int
    waited: float
    timeout: float


class _GiveWay(Exception):
    """Another process waits for the file: this one starts nothing new until it has had its turn."""

    def __init__(self, pid: int) -> None:
        super().__init__(pid)
        self.pid = pid


def describe_process(pid: int) -> str:
    """``process 1234 (pathways import district ...)``: its command line when this user may read it."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"process {pid}"
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    if words:
        words[0] = os.path.basename(words[0])
    command = " ".join(words)
    return f"process {pid} ({command[:77] + '...' if len(command) > 80 else command})"


def holder_of(exc: StoreBusyError) -> str:
    """Who holds the file, from DuckDB's lock error ("Conflicting lock is held in ... (PID n)")."""
    found = re.search(r"\(PID (\d+)\)", str(exc.__cause__ or ""))
    return describe_process(int(found.group(1))) if found else "another Pathways process"


def _marker_pid(name: str, prefix: str) -> int | None:
    head = name[len(prefix) :].split(".", 1)[0]
    return int(head) if head.isdigit() else None


def waiting_process(target: str) -> int | None:
    """The id of another live process that waits for this database file (it holds its marker's lock),
    or None. Markers nobody holds are removed on the way."""
    folder, name = os.path.split(os.path.abspath(target))
    prefix = name + WAITING_MARKER
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix)]
    except OSError:
        return None
    for entry in entries:
        pid = _marker_pid(entry.name, prefix)
        if pid == os.getpid():
            continue  # this process's own threads share its DuckDB instance: they never block it
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            held = False
        except BlockingIOError:
            held = True
        finally:
            os.close(fd)
        if not held:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
            continue
        with contextlib.suppress(OSError):
            if time.time() - entry.stat().st_mtime > MARKER_STALE_AFTER:
                continue
        return pid if pid is not None else -1
    return None


class _Marker:
    """This thread's announcement that it waits for the file: created under a temporary name, locked,
    then renamed into place, so that a marker visible under its final name is always held."""

    def __init__(self, target: str) -> None:
        self.path = f"{os.path.abspath(target)}{WAITING_MARKER}{os.getpid()}.{threading.get_ident()}"
        self.fd: int | None = None

    def announce(self) -> None:
        if self.fd is not None:
            return
        fresh = self.path + ".new"
        try:
            fd = os.open(fresh, os.O_CREAT | os.O_RDWR | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        except OSError:
            return  # a read-only folder: waiting still works, only without taking turns
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.replace(fresh, self.path)
        except OSError:
            os.close(fd)
            return
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            os.close(self.fd)
            self.fd = None


def _pause(state: RetryCallState) -> float:
    """How long to wait before the next try: briefly when giving way, else growing with jitter."""
    outcome = state.outcome
    if outcome is not None and isinstance(outcome.exception(), _GiveWay):
        return YIELD_DELAY
    return _backoff(state)


_backoff = wait_exponential_jitter(initial=FIRST_RETRY_DELAY, max=MAX_RETRY_DELAY, jitter=RETRY_JITTER)


def open_store(
    path: str | Path | None = None,
    *,
    timeout: float = APP_BUSY_TIMEOUT,
    on_busy: Callable[[BusyWait], None] | None = None,
) -> Store:
    """Open (and migrate) the store, taking turns with other processes and retrying while another
    process holds the file, up to ``timeout``; then ``StoreBusyError`` naming the process."""
    target = str(path if path is not None else get_settings().db)
    if target == ":memory:":
        return Store.open(target)
    marker = _Marker(target)

    def attempt() -> Store:
        if marker.fd is None:
            other = waiting_process(target)
            if other is not None:
                raise _GiveWay(other)  # start nothing new while another process waits
        try:
            with _open_lock:
                return Store.open(target)
        except StoreBusyError:
            marker.announce()
            raise

    def report(state: RetryCallState) -> None:
        if on_busy is not None:
            on_busy(BusyWait(target, state.attempt_number, state.seconds_since_start or 0.0, timeout))

    retrying = Retrying(
        retry=retry_if_exception_type((StoreBusyError, _GiveWay)),
        wait=_pause,
        stop=stop_before_delay(timeout),
        before_sleep=report,
        sleep=time.sleep,
        reraise=True,
    )
    start = time.monotonic()
    try:
        return retrying(attempt)
    except _GiveWay as exc:
        raise StoreBusyError(
            f"the database {target} is busy: {describe_process(exc.pid)} has waited for it for "
            f"{time.monotonic() - start:.0f} s; try again when it is done"
        ) from None
    except StoreBusyError as exc:
        raise StoreBusyError(
            f"the database {target} is busy: {holder_of(exc)} has held it for "
            f"{time.monotonic() - start:.0f} s; try again when it is done"
        ) from None
    finally:
        marker.release()


@contextmanager
def connected(
    path: str | Path | None = None,
    *,
    timeout: float = APP_BUSY_TIMEOUT,
    on_busy: Callable[[BusyWait], None] | None = None,
) -> Iterator[Store]:
    """The store for one operation: opened with retry, closed (releasing the file) when the block ends."""
    store = open_store(path, timeout=timeout, on_busy=on_busy)
    try:
        yield store
    finally:
        store.close()
