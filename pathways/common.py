"""What every `pathways` verb shares: opening the store (taking turns with the app) and failing
with a clear message."""

from __future__ import annotations

from collections.abc import Callable

import typer

from core.db import CLI_BUSY_TIMEOUT, BusyWait
from core.db import open_store as open_with_retry
from core.store import Store, StoreBusyError


def fail(message: str) -> typer.Exit:
    """Print an error to standard error and give the exit (code 1) for the caller to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


def say_busy_once() -> Callable[[BusyWait], None]:
    """An on-busy callback that tells the user, once, that the command is waiting for the database."""
    said: list[bool] = []

    def say(busy: BusyWait) -> None:
        if not said:
            typer.echo(
                f"database busy (another Pathways process is using {busy.path}), "
                f"retrying for up to {busy.timeout:g} s...",
                err=True,
            )
            said.append(True)

    return say


def open_store(wait: float = CLI_BUSY_TIMEOUT) -> Store:
    """The database named by PATHWAYS_DB, migrated; while another process holds it, wait (saying so)
    up to ``wait`` seconds, then fail with a clear message."""
    try:
        return open_with_retry(timeout=wait, on_busy=say_busy_once())
    except StoreBusyError as exc:
        raise fail(str(exc)) from None
