"""`pathways setup`, `pathways import ...`, `pathways catalog ...` and `pathways schema NAME`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from core.db import CLI_BUSY_TIMEOUT
from core.schema import Calendar, Competency, Framework, Opportunity, Pathway, RequirementSet, Student
from core.settings import get_settings
from matcher import default_model
from matcher.embeddings import resolve_model
from matcher.index import build_index, index_current, store_occupation_vectors
from pathways.cli_first_plans import prepare_sample
from pathways.common import (
    HANDLED,
    AsUser,
    Wait,
    errors_to_exit,
    fail,
    one_line_errors,
    open_store,
    output_problem,
    record_service,
    sign_in,
    signed_in,
)

import_app = typer.Typer(
    help="Load district files into the database (each import is all or nothing; admins, with --as)."
)
catalog_app = typer.Typer(help="Look at or export the catalog.")

FileArg = Annotated[Path, typer.Argument(help="The file to import.", dir_okay=False)]


def run_import(kind: str, path: Path, as_user: str, wait: float) -> None:
    """Import one file or folder through the record service (an admin's act, audited), print what
    changed, refresh the search index."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        report = service.import_catalog(user, kind, path)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(report.summary())
    refresh_index(wait)


def refresh_index(wait: float) -> None:
    """Bring the matcher's embedding index up to date with what the database now holds."""
    store = open_store(wait)
    try:
        stats = build_index(store, default_model(), progress=True)
    finally:
        store.close()
    typer.echo(f"search index: {stats}")


def _import_verb(kind: str, help_text: str) -> Callable[[Path, str, float], None]:
    def verb(file: FileArg, as_user: AsUser, wait: Wait = CLI_BUSY_TIMEOUT) -> None:
        run_import(kind, file, as_user, wait)

    verb.__doc__ = help_text
    return verb


for _kind, _help in {
    "case": "A 1EdTech CASE 1.0/1.1 package (JSON): a framework of standards.",
    "competencies": "Competencies from a CSV file (see docs/data-formats.md).",
    "opportunities": "Learning opportunities from a JSON or CSV file.",
    "students": "Students and their evidence from a JSON file.",
    "calendar": "The term calendar from a JSON file (replaces the calendar).",
    "requirements": "Graduation requirement sets from a JSON file.",
    "frameworks": "Framework descriptions from a JSON file.",
    "pathways": "Interest and career pathways from a JSON file (beside any catalog, e.g. a CASE one).",
}.items():
    import_app.command(_kind)(_import_verb(_kind, _help))


@import_app.command("district")
def import_district_verb(
    folder: Annotated[Path, typer.Argument(help="A folder of district files.", file_okay=False)],
    as_user: AsUser,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Every district file in a folder, in one transaction."""
    run_import("district", folder, as_user, wait)


RESET_NEEDS = (
    "--reset deletes every account, plan version and comment of {db}: give --as ADMIN and --yes to confirm"
)


def setup(
    demo: Annotated[
        bool,
        typer.Option(help="Load the sample district (into an empty database) and its demo accounts."),
    ] = False,
    reset: Annotated[
        bool,
        typer.Option(help="Delete the database first (with accounts: only an admin, with --yes)."),
    ] = False,
    as_user: Annotated[
        str | None, typer.Option("--as", help="An admin: needed by --reset once the database has accounts.")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm --reset.")] = False,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Create and migrate the database and build the search index; with --demo, the sample district
    and its demo accounts (never next to real students)."""
    settings = get_settings()
    if reset and settings.db.exists():
        reset_database(settings.db, as_user, yes, wait)
    service = record_service(wait)
    if demo:
        try:
            report, made = service.setup_sample(settings.sample_dir)
        except HANDLED as exc:
            raise errors_to_exit(exc) from None
        typer.echo(report.summary() if report else f"{settings.db} already holds the sample district")
        if made:
            typer.echo(
                f"created {len(made)} demo accounts (passwords in docs/accounts.md; "
                "demo only, they sign in only while the sample district is loaded)"
            )
    else:
        store = open_store(wait)
        empty = store.counts()["competencies"] == 0
        store.close()
        if empty:
            typer.echo(
                f"{settings.db} is ready and empty: create the first admin (pathways users create-admin), "
                "then import your district (pathways import district DIR --as ADMIN); "
                "or try the sample district with pathways setup --demo"
            )
    store = open_store(wait)
    try:  # a set-up database needs no model (loading one takes seconds of `make run`)
        current = index_current(store, resolve_model().name)
    finally:
        store.close()
    if current:
        typer.echo("search index: up to date")
    else:
        refresh_index(wait)
        store = open_store(wait)
        try:  # career goals to jobs: embedded now, so that no student's first plan waits for it
            written = store_occupation_vectors(store, default_model())
        finally:
            store.close()
        if written:
            typer.echo(f"career goals: {written} occupation titles embedded")
    if demo:  # each sample student's first plan, made now so that a sign-in shows it at once
        prepare_sample(wait)


def reset_database(db: Path, as_user: str | None, yes: bool, wait: float) -> None:
    """Delete the database file (and its log): once it holds accounts, only an admin's confirmed act."""
    service = record_service(wait)
    with one_line_errors():
        if service.has_accounts():
            if as_user is None or not yes:
                raise fail(RESET_NEEDS.format(db=db))
            service.check_reset(sign_in(service, as_user))
    for path in (db, Path(f"{db}.wal")):
        path.unlink(missing_ok=True)
    typer.echo(f"deleted {db}")


@catalog_app.command("stats")
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts of frameworks, competencies, opportunities (by kind) and students."""
    store = open_store()
    counts = store.counts()
    store.close()
    if as_json:
        typer.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    for key, value in counts.items():
        if isinstance(value, dict):
            for sub, n in value.items():
                typer.echo(f"  {sub:<24}{n:>6}")
        else:
            typer.echo(f"{key:<26}{value:>6}")


@catalog_app.command("export")
def export(
    folder: Annotated[Path, typer.Argument(help="Where to write the files.", file_okay=False)],
    as_user: Annotated[
        str | None, typer.Option("--as", help="An admin: the students are written too (audited).")
    ] = None,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Write the catalog (and, for an admin, the students) in the documented formats; they re-import
    to the same content."""
    if as_user is None:
        service, user = record_service(wait), None
    else:
        service, user = signed_in(as_user, wait)
    try:
        written = service.export_district(user, folder)
    except HANDLED as exc:
        raise errors_to_exit(exc) from None
    except OSError as exc:
        raise fail(f"cannot write to {folder}: {output_problem(folder, exc)}") from None
    for path in written:
        typer.echo(f"wrote {path}")
    if user is None:
        typer.echo("students not written: they are student data; an admin exports them with --as ADMIN")


def schema_models() -> dict[str, Any]:
    """Every documented JSON shape, by the name `pathways schema NAME` takes."""
    from planner.domain import PlanResult

    return {
        "framework": Framework,
        "competency": Competency,
        "opportunity": Opportunity,
        "student": Student,
        "calendar": Calendar,
        "requirement-set": RequirementSet,
        "pathway": Pathway,
        "plan": PlanResult,
    }


def schema(name: Annotated[str, typer.Argument(help="framework, competency, opportunity, ...")]) -> None:
    """Print the JSON Schema of a file format or of the plan."""
    models = schema_models()
    if name not in models:
        raise fail(f"no schema named {name!r}; choose one of {', '.join(models)}")
    typer.echo(json.dumps(models[name].model_json_schema(), indent=2))


def register(app: typer.Typer) -> None:
    """Add this concern's verbs to the `pathways` app."""
    app.command("setup")(setup)
    app.command("schema")(schema)
    app.add_typer(import_app, name="import")
    app.add_typer(catalog_app, name="catalog")
