"""`pathways setup`, `pathways import ...`, `pathways catalog ...` and `pathways schema NAME`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from catalog import district
from core.errors import InputError
from core.schema import Calendar, Competency, Framework, Opportunity, RequirementSet, Student
from core.settings import get_settings
from core.store import Store
from matcher import default_model
from matcher.index import build_index
from pathways.cli_records import load_sample_accounts
from pathways.common import fail, open_store

import_app = typer.Typer(help="Load district files into the database (each import is all or nothing).")
catalog_app = typer.Typer(help="Look at or export the catalog.")

FileArg = Annotated[Path, typer.Argument(help="The file to import.", dir_okay=False)]


def run_import(kind: str, path: Path, store: Store | None = None) -> None:
    """Import one file or folder, print what changed, refresh the search index."""
    store = store or open_store()
    try:
        if kind == "district":
            report = district.import_district(store, path)
        else:
            report = district.import_file(store, kind, path)
    except InputError as exc:
        raise fail(f"nothing was imported; {len(exc.problems)} problem(s):\n{exc}") from None
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(report.summary())
    refresh_index(store)


def refresh_index(store: Store) -> None:
    """Bring the matcher's embedding index up to date with what the database now holds."""
    stats = build_index(store, default_model(), progress=True)
    typer.echo(f"search index: {stats}")


def _import_verb(kind: str, help_text: str) -> Callable[[Path], None]:
    def verb(file: FileArg) -> None:
        run_import(kind, file)

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
}.items():
    import_app.command(_kind)(_import_verb(_kind, _help))


@import_app.command("district")
def import_district_verb(
    folder: Annotated[Path, typer.Argument(help="A folder of district files.", file_okay=False)],
) -> None:
    """Every district file in a folder, in one transaction."""
    run_import("district", folder)


def setup(
    reset: Annotated[bool, typer.Option(help="Delete the database first and start from the sample.")] = False,
) -> None:
    """Create the database, load the sample district if it is empty, and build the search index."""
    settings = get_settings()
    if reset and settings.db.exists():
        settings.db.unlink()
    store = open_store()
    if store.counts()["competencies"] == 0:
        run_import("district", settings.sample_dir, store)
    else:
        typer.echo(f"{settings.db} already holds a catalog; keeping it (use --reset to start over)")
        refresh_index(store)
    store.close()
    load_sample_accounts()


@catalog_app.command("stats")
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts of frameworks, competencies, opportunities (by kind) and students."""
    counts = open_store().counts()
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
) -> None:
    """Write the catalog and students in the documented formats (they re-import to the same content)."""
    for path in district.export_district(open_store(), folder):
        typer.echo(f"wrote {path}")


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
