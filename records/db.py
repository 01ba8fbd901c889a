"""Short-lived connections to the DuckDB file, with a bounded retry while another process holds it.

DuckDB lets one process at a time open a database file for writing (a second process gets a lock error
at once; it does not wait). The app and the command line may run at the same time, so neither keeps the
file open: every operation of the record service opens the store, does one short transaction and closes
it, and an operation that finds the file taken waits and retries, with growing pauses, up to a deadline,
then says the database is busy. Connections of one process share one database instance (DuckDB caches
it per file), so threads of the app never wait for each other here.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from catalog.settings import get_settings
from catalog.store import Store, StoreBusyError

APP_BUSY_TIMEOUT = 10.0
"""Seconds an app operation waits for the file before it tells the user the database is busy."""

CLI_BUSY_TIMEOUT = 60.0
"""Seconds a command waits for the file (it says so while it waits); `--wait` changes it."""

FIRST_RETRY_DELAY = 0.02
"""The first pause before trying again, in seconds; each pause doubles up to MAX_RETRY_DELAY."""

MAX_RETRY_DELAY = 0.5
"""The longest pause between two tries, in seconds: a freed file is taken within about this long."""

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


def open_store(
    path: str | Path | None = None,
    *,
    timeout: float = APP_BUSY_TIMEOUT,
    on_busy: Callable[[BusyWait], None] | None = None,
) -> Store:
    """Open (and migrate) the store, retrying while another process holds the file, up to ``timeout``."""
    target = str(path if path is not None else get_settings().db)
    start = time.monotonic()
    delay = FIRST_RETRY_DELAY
    attempt = 0
    while True:
        try:
            with _open_lock:
                return Store.open(target)
        except StoreBusyError:
            waited = time.monotonic() - start
            if waited >= timeout:
                raise StoreBusyError(
                    f"the database {target} is busy: another Pathways process has held it for "
                    f"{waited:.0f} s; try again when it is done"
                ) from None
            attempt += 1
            if on_busy is not None:
                on_busy(BusyWait(target, attempt, waited, timeout))
            pause = delay * random.uniform(1 - RETRY_JITTER, 1 + RETRY_JITTER)
            time.sleep(min(pause, max(timeout - waited, 0.0)))
            delay = min(delay * 2, MAX_RETRY_DELAY)


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
