"""Short-lived connections to the DuckDB file, with a bounded retry while another process holds it.

DuckDB lets one process at a time open a database file for writing (a second process gets a lock error
at once; it does not wait). The app and the command line may run at the same time, so neither keeps the
file open: every operation of the record service opens the store, does one short transaction and closes
it, and an operation that finds the file taken waits and retries, with growing pauses, up to a deadline,
then says the database is busy. Connections of one process share one database instance (DuckDB caches
it per file), so threads of the app never wait for each other here.

Taking turns: while the sessions of a busy app overlap, the shared instance (and so the file lock) might
never be released, and a waiting command would starve. So a process that finds the file taken announces
itself with a small marker file next to the database (``<db>.waiting.<pid>``) and removes it once it has
the file; a process that sees another's marker starts no new operation until that marker is gone. The
operations already running finish, the file is released, the waiting process gets it. A marker left by a
process that died is ignored and removed.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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

WAITING_MARKER = ".waiting."
"""Between the database file name and the waiting process's id, in the name of a marker file."""

MARKER_STALE_AFTER = CLI_BUSY_TIMEOUT + 10.0
"""Seconds after which a marker is ignored even if its process still runs (no wait is that long)."""

YIELD_DELAY = 0.02
"""How often (s) a process that gives way to a waiting one looks whether its marker is gone."""

RETRY_JITTER = 0.5
"""Each pause is stretched or shrunk by up to this share, so two waiting processes do not take turns
in lockstep."""

_open_lock = threading.Lock()  # one thread of this process opens (and migrates) the file at a time


@dataclass(frozen=True)
class BusyWait:
    """Reported to ``on_busy`` before each pause: which file, how long so far, how long at most."""

    path: str
    attempt: int
    waited: float
    timeout: float


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def others_waiting(target: str) -> bool:
    """True when another live process has announced that it waits for this database file."""
    folder, name = os.path.split(os.path.abspath(target))
    prefix = name + WAITING_MARKER
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix)]
    except OSError:
        return False
    waiting = False
    for entry in entries:
        pid_text = entry.name[len(prefix) :]
        try:
            pid = int(pid_text)
            stale = time.time() - entry.stat().st_mtime > MARKER_STALE_AFTER
        except (ValueError, OSError):
            continue
        if pid == os.getpid():
            continue
        if stale or not _alive(pid):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
            continue
        waiting = True
    return waiting


def _announce(target: str) -> Path | None:
    marker = Path(os.path.abspath(target) + WAITING_MARKER + str(os.getpid()))
    try:
        marker.touch()
    except OSError:
        return None  # a read-only folder: waiting still works, only without taking turns
    return marker


def open_store(
    path: str | Path | None = None,
    *,
    timeout: float = APP_BUSY_TIMEOUT,
    on_busy: Callable[[BusyWait], None] | None = None,
) -> Store:
    """Open (and migrate) the store, taking turns with other processes and retrying while another
    process holds the file, up to ``timeout``; then ``StoreBusyError``."""
    target = str(path if path is not None else get_settings().db)
    start = time.monotonic()
    delay = FIRST_RETRY_DELAY
    attempt = 0
    marker: Path | None = None
    try:
        while True:
            waited = time.monotonic() - start
            if marker is None and target != ":memory:" and others_waiting(target):
                pause = YIELD_DELAY  # give way: start nothing new while another process waits
            else:
                try:
                    with _open_lock:
                        return Store.open(target)
                except StoreBusyError:
                    if marker is None and target != ":memory:":
                        marker = _announce(target)
                    pause = delay * random.uniform(1 - RETRY_JITTER, 1 + RETRY_JITTER)
                    delay = min(delay * 2, MAX_RETRY_DELAY)
            if waited >= timeout:
                raise StoreBusyError(
                    f"the database {target} is busy: another Pathways process has held it for "
                    f"{waited:.0f} s; try again when it is done"
                )
            attempt += 1
            if on_busy is not None:
                on_busy(BusyWait(target, attempt, waited, timeout))
            time.sleep(min(pause, max(timeout - waited, 0.0)))
    finally:
        if marker is not None:
            with contextlib.suppress(OSError):
                marker.unlink()


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
