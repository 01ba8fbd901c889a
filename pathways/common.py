"""What every `pathways` verb shares: opening the store and failing with a clear message."""

from __future__ import annotations

import typer

from catalog.store import Store, StoreBusyError


def fail(message: str) -> typer.Exit:
    """Print an error to standard error and give the exit (code 1) for the caller to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


def open_store() -> Store:
    """The database named by PATHWAYS_DB, migrated; a busy database is a clear error."""
    try:
        return Store.open()
    except StoreBusyError as exc:
        raise fail(str(exc)) from None
