"""A plan's life on the command line: `pathways plan-history`, `plan-restore`, `plan-step` (propose,
approve, acknowledge) and `comment`, each signed in with ``--as USER`` and going through the record
service, so the access matrix of docs/accounts.md holds here as in the app (a test walks it)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from core.db import CLI_BUSY_TIMEOUT
from pathways.common import (
    AsUser,
    Wait,
    fail,
    one_line_errors,
    record_service,
    sign_in,
)

BasedOn = Annotated[
    int | None,
    typer.Option(
        "--based-on",
        min=0,
        help="The version you looked at: refused if someone saved since (default: the current one).",
    ),
]


class Step(StrEnum):
    PROPOSE = "propose"
    APPROVE = "approve"
    ACKNOWLEDGE = "acknowledge"


def plan_history(
    student_id: Annotated[str, typer.Argument(help="The student's id.")],
    as_user: AsUser,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Every stored version of a student's plan, newest first: number, state, when (UTC), who, what changed."""
    service = record_service(wait)
    with one_line_errors():
        user = sign_in(service, as_user)
        versions = service.history(user, student_id)
        if not versions:
            service.student(user, student_id)  # an unknown id is an error, not an empty history
    if not versions and not as_json:
        typer.echo(f"{student_id} has no plan yet")
    for v in versions:
        if as_json:
            typer.echo(json.dumps(v.model_dump(mode="json")))
        else:
            typer.echo(
                f"{v.version:>3}  {v.state.value:<12} {v.saved_at:%Y-%m-%d %H:%M} UTC  "
                f"{v.author_name} ({v.author_role})  {v.summary}"
            )


def plan_restore(
    student_id: Annotated[str, typer.Argument(help="The student's id.")],
    version: Annotated[int, typer.Argument(min=1, help="The version to restore (see plan-history).")],
    as_user: AsUser,
    based_on: BasedOn = None,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Make an earlier version of a student's plan the current draft again (a new version; the history
    is kept). Students (their own plan) and advisors (their caseload) may."""
    service = record_service(wait)
    with one_line_errors():
        user = sign_in(service, as_user)
        if based_on is None:
            head = service.plan(user, student_id)
            if head is None:
                service.student(user, student_id)  # an unknown id says so here
                raise fail(f"{student_id} has no plan yet: there is no version to restore")
            based_on = head.version
        if based_on == version:
            raise fail(f"version {version} is already the current version of {student_id}'s plan")
        created = service.restore_version(user, student_id, version, based_on=based_on)
    typer.echo(
        f"restored version {version} of {student_id}'s plan as version {created.version} "
        f"({created.state.value})"
    )


def plan_step(
    student_id: Annotated[str, typer.Argument(help="The student's id.")],
    step: Annotated[
        Step, typer.Argument(help="propose (student, advisor), approve (advisor), acknowledge (family).")
    ],
    version: Annotated[
        int, typer.Option("--version", min=1, help="The version you read (see plan-history).")
    ],
    as_user: AsUser,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Move a student's plan on: propose a draft, approve a proposed plan, acknowledge an approved one;
    refused if the plan changed since the version you read."""
    service = record_service(wait)
    with one_line_errors():
        user = sign_in(service, as_user)
        move = {
            Step.PROPOSE: service.propose,
            Step.APPROVE: service.approve,
            Step.ACKNOWLEDGE: service.acknowledge,
        }
        moved = move[step](user, student_id, based_on=version)
    typer.echo(f"{student_id}'s plan is {moved.state.value} (version {moved.version})")


def comment(
    student_id: Annotated[str, typer.Argument(help="The student's id.")],
    text: Annotated[str, typer.Argument(help="The comment.")],
    as_user: AsUser,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Write in a student's plan's comment thread."""
    service = record_service(wait)
    with one_line_errors():
        written = service.add_comment(sign_in(service, as_user), student_id, text)
    typer.echo(f"comment {written.id} on {student_id}'s plan (version {written.version})")


def register(app: typer.Typer) -> None:
    """Add this concern's verbs to the `pathways` app."""
    app.command("plan-history")(plan_history)
    app.command("plan-restore")(plan_restore)
    app.command("plan-step")(plan_step)
    app.command("comment")(comment)
