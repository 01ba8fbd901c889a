"""`pathways users ...`, `pathways export student`, `pathways import student-record` and `pathways audit`
(a plan's life on the command line is in cli_plan_life.py).

Every verb that touches student data or accounts names its user with ``--as USER``; the password comes
from the PATHWAYS_PASSWORD environment variable or a hidden prompt. The verbs go through the record
service like the app does, so the same rules hold. While another Pathways process holds the database,
a verb says so on standard error and retries for up to ``--wait`` seconds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from core.db import CLI_BUSY_TIMEOUT
from core.i18n import LANGUAGES
from pathways.common import (
    PASSWORD_ENV,
    AsUser,
    Wait,
    one_line_errors,
    record_service,
    secret,
    sign_in,
    write_output,
)
from records import transfer
from records.accounts import Role, new_user

NEW_PASSWORD_ENV = "PATHWAYS_NEW_PASSWORD"
"""Where `users add` reads the new account's password when it is set."""

users_app = typer.Typer(
    help="Accounts: the first admin, adding, linking and listing accounts, demo accounts."
)
export_app = typer.Typer(help="Export a student's whole record as JSON.")

# --- users ---------------------------------------------------------------------------------------


@users_app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Argument(help="The admin's user name.")],
    name: Annotated[str, typer.Option(help="The admin's name as others see it.")],
    email: Annotated[str | None, typer.Option(help="For single sign-on (OpenID Connect).")] = None,
    as_user: Annotated[
        str | None,
        typer.Option("--as", help="An admin; not needed only while the database has never had an account."),
    ] = None,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Create an admin: the first account of a new database, or (with --as ADMIN) another admin.
    Its password comes from PATHWAYS_NEW_PASSWORD (or PATHWAYS_PASSWORD for the first) or a prompt."""
    service = record_service(wait)
    with one_line_errors():
        new = new_user(id=username, display_name=name, role=Role.ADMIN, email=email)
        if as_user is None:
            password = secret(PASSWORD_ENV, "Password for the new admin", confirm=True)
            admin = service.create_first_admin(new, password=password)
        else:
            user = sign_in(service, as_user)
            password = secret(NEW_PASSWORD_ENV, f"Password for {username}", confirm=True)
            admin = service.add_user(user, new, password=password)
    typer.echo(f"created admin {admin.id}")


@users_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="The new account's user name.")],
    role: Annotated[Role, typer.Option(help="student, family, advisor or admin.")],
    name: Annotated[str, typer.Option(help="The name others see.")],
    as_user: AsUser,
    student: Annotated[
        list[str] | None, typer.Option(help="A linked student id (repeat: a family's students, a caseload).")
    ] = None,
    email: Annotated[str | None, typer.Option(help="For single sign-on (OpenID Connect).")] = None,
    sso_only: Annotated[
        bool, typer.Option(help="No password: the account signs in only by single sign-on.")
    ] = False,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Add an account (admins only). Its password comes from PATHWAYS_NEW_PASSWORD or a prompt."""
    service = record_service(wait)
    with one_line_errors():
        new = new_user(id=username, display_name=name, role=role, email=email, students=student or [])
        admin = sign_in(service, as_user)
        password = None if sso_only else secret(NEW_PASSWORD_ENV, f"Password for {username}", confirm=True)
        created = service.add_user(admin, new, password=password)
    typer.echo(f"created {created.role.value} {created.id}")


@users_app.command("link")
def link(
    username: Annotated[str, typer.Argument(help="The account to link.")],
    student: Annotated[list[str], typer.Option(help="A student id (repeat); replaces the current links.")],
    as_user: AsUser,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Set the students an account is linked to: a family's students, an advisor's caseload."""
    service = record_service(wait)
    with one_line_errors():
        updated = service.set_user_students(sign_in(service, as_user), username, student)
    typer.echo(f"{updated.id} is linked to {', '.join(sorted(updated.students))}")


@users_app.command("language")
def language(
    username: Annotated[str, typer.Argument(help="The account.")],
    lang: Annotated[str, typer.Argument(help="en, es or vi: the language the account reads Pathways in.")],
    as_user: AsUser,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Set the language an account reads Pathways in (admins only; a family can also choose it on its page)."""
    service = record_service(wait)
    with one_line_errors():
        updated = service.set_user_language(
            sign_in(service, as_user), username, None if lang == "en" else lang
        )
    typer.echo(f"{updated.id} reads Pathways in {LANGUAGES[updated.language or 'en']}")


@users_app.command("disable")
def disable(
    username: Annotated[str, typer.Argument(help="The account to disable (its sessions end).")],
    as_user: AsUser,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Disable an account (admins only)."""
    service = record_service(wait)
    with one_line_errors():
        service.set_user_active(sign_in(service, as_user), username, False)
    typer.echo(f"disabled {username}")


@users_app.command("list")
def list_users(as_user: AsUser, wait: Wait = CLI_BUSY_TIMEOUT) -> None:
    """Every account: user name, role, linked students, state (admins only)."""
    service = record_service(wait)
    with one_line_errors():
        users = service.users(sign_in(service, as_user))
    for user in users:
        flags = ("" if user.active else " disabled") + (" demo" if user.demo else "")
        typer.echo(f"{user.id:<20} {user.role.value:<8} {','.join(sorted(user.students)) or '-'}{flags}")


@users_app.command("load")
def load(
    file: Annotated[Path, typer.Argument(help="An accounts file (JSON: argon2 hashes, never passwords).")],
    as_user: AsUser,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Create the accounts of an accounts file, all or nothing (admins only)."""
    service = record_service(wait)
    with one_line_errors():
        created = service.load_accounts(sign_in(service, as_user), file)
    typer.echo(f"created {len(created)} accounts from {file}")
    if any(u.demo for u in created):
        typer.echo(
            "warning: these are DEMO accounts with published passwords (docs/accounts.md); "
            "they sign in only while the sample district is loaded",
            err=True,
        )


# --- records ---------------------------------------------------------------------------------------


@export_app.command("student")
def export_student(
    student_id: Annotated[str, typer.Argument(help="The student's id.")],
    as_user: AsUser,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of standard output.")] = None,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """A student's whole record (profile, evidence, plan versions, comments) as JSON."""
    service = record_service(wait)
    with one_line_errors():
        record = service.export_record(sign_in(service, as_user), student_id)
    text = transfer.record_json(record)
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_output(out, text)
        typer.echo(f"wrote {out}", err=True)


def import_student_record(
    file: Annotated[
        Path, typer.Argument(help="A file written by `pathways export student`.", dir_okay=False)
    ],
    as_user: AsUser,
    replace: Annotated[bool, typer.Option(help="Overwrite a student who already has a record here.")] = False,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """A student's whole record from JSON, in one transaction (admins only)."""
    service = record_service(wait)
    with one_line_errors():
        user = sign_in(service, as_user)
        record = transfer.read_record_file(file)
        service.import_record(user, record, replace=replace, source=str(file))
    typer.echo(
        f"imported student {record.student.id}: {len(record.student.evidence)} evidence, "
        f"{len(record.plan_versions)} plan versions, {len(record.comments)} comments"
    )


def audit(
    as_user: AsUser,
    student: Annotated[str | None, typer.Option(help="Only this student's entries.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many entries, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Who viewed or changed which student's record, and when (admins only)."""
    service = record_service(wait)
    with one_line_errors():
        entries = service.audit_log(sign_in(service, as_user), student_id=student, limit=limit)
    for e in entries:
        if as_json:
            typer.echo(json.dumps(e.model_dump(mode="json")))
        else:
            verdict = "" if e.allowed else " REFUSED"
            typer.echo(
                f"{e.at:%Y-%m-%d %H:%M:%S} {e.user_id} ({e.role}) {e.action} {e.student_id or '-'}"
                f"{verdict} {e.detail}".rstrip()
            )


def register(app: typer.Typer) -> None:
    """Add this concern's verbs to the `pathways` app (`import student-record` joins the import group)."""
    from pathways.cli_catalog import import_app

    if not any(c.name == "student-record" for c in import_app.registered_commands):
        import_app.command("student-record")(import_student_record)
    app.add_typer(users_app, name="users")
    app.add_typer(export_app, name="export")
    app.command("audit")(audit)
