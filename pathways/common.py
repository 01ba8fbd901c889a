"""What every `pathways` verb shares: signing in (``--as USER``), the record service, opening the store
(taking turns with the app), writing an output file, and failing with a clear one-line message.

A verb that reads or writes student data names its user with ``--as USER``; the password comes from
PATHWAYS_PASSWORD or a hidden prompt (or PATHWAYS_SESSION holds a session token of that user), and the
verb goes through the record service like the app does: the same rules, the same audit log, the same
throttle on wrong passwords.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from core.db import CLI_BUSY_TIMEOUT, BusyWait
from core.db import open_store as open_with_retry
from core.errors import InputError, NotFoundError
from core.schema import Student
from core.store import Store, StoreBusyError
from records.accounts import User
from records.errors import RecordsError, SignInError
from records.service import Records

PASSWORD_ENV = "PATHWAYS_PASSWORD"
"""Where a verb reads the password of the ``--as`` user when it is set."""

SESSION_ENV = "PATHWAYS_SESSION"
"""A session token (from the app's sign-in) that a verb uses instead of a password when it is set; the
session must belong to the ``--as`` user."""

AsUser = Annotated[
    str,
    typer.Option("--as", help=f"Your user name; your password comes from {PASSWORD_ENV} or a prompt."),
]
Wait = Annotated[
    float,
    typer.Option("--wait", min=0, help="Seconds to wait while another Pathways process uses the database."),
]

HANDLED = (RecordsError, InputError, NotFoundError, StoreBusyError)
"""The errors a verb reports in one line (anything else is a bug and keeps its traceback)."""


def fail(message: str) -> typer.Exit:
    """Print an error to standard error and give the exit (code 1) for the caller to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


def errors_to_exit(exc: Exception) -> typer.Exit:
    """One handled error as the verb's one-line failure (an import names each problem)."""
    if isinstance(exc, InputError):
        return fail(f"nothing was imported; {len(exc.problems)} problem(s):\n{exc}")
    return fail(str(exc))


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Report a handled error raised in the block as the verb's one-line failure."""
    try:
        yield
    except HANDLED as exc:
        raise errors_to_exit(exc) from None


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
    up to ``wait`` seconds, then fail with a clear message. For the catalog only: student data is
    read through ``records``."""
    try:
        return open_with_retry(timeout=wait, on_busy=say_busy_once())
    except StoreBusyError as exc:
        raise fail(str(exc)) from None


def record_service(wait: float = CLI_BUSY_TIMEOUT) -> Records:
    """The record service for PATHWAYS_DB, saying so while it waits for the file."""
    return Records(busy_timeout=wait, on_busy=say_busy_once())


def secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    """A password from the environment variable ``env``, or a hidden prompt."""
    value = os.environ.get(env)
    if value:
        return value
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm))


def sign_in(service: Records, username: str) -> User:
    """The ``--as`` user, signed in by PATHWAYS_SESSION's token or by password (throttled, audited)."""
    token = os.environ.get(SESSION_ENV)
    if token:
        user = service.session_user(token)
        if user.id != username.strip().lower():
            raise SignInError(f"the session in {SESSION_ENV} is not {username}'s")
        return user
    return service.authenticate(username, secret(PASSWORD_ENV, f"Password for {username}"))


def signed_in(username: str, wait: float = CLI_BUSY_TIMEOUT) -> tuple[Records, User]:
    """The record service and the ``--as`` user, or a one-line failure."""
    service = record_service(wait)
    with one_line_errors():
        return service, sign_in(service, username)


def read_student(username: str, student_id: str, wait: float = CLI_BUSY_TIMEOUT) -> Student:
    """A student's record as the ``--as`` user may see it (audited), or a one-line failure: the learner,
    whose evidence is the imported one and the learning record's verified entries (records/credit.py)."""
    service, user = signed_in(username, wait)
    with one_line_errors():
        return service.learner(user, student_id)


def write_output(path: Path, text: str) -> None:
    """Write a file the user named, or fail in one line (a folder, a missing folder, no permission)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {path}: {output_problem(path, exc)}") from None


def output_problem(path: Path, exc: OSError) -> str:
    """Why a file or folder could not be written, in words."""
    if isinstance(exc, IsADirectoryError):
        return "it is a folder; name a file"
    if isinstance(exc, FileNotFoundError):
        return f"the folder {path.parent} does not exist"
    if isinstance(exc, FileExistsError):
        return "it is a file, not a folder"
    if isinstance(exc, NotADirectoryError):
        return "a part of the path is a file, not a folder"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)
