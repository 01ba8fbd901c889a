"""`pathways match "TEXT"` and `pathways index build`: the semantic matcher on the command line."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from core.db import CLI_BUSY_TIMEOUT
from matcher import Match, default_model
from matcher.embeddings import ModelError
from matcher.index import build_index
from matcher.interests import QueryError
from pathways.common import Wait, fail, open_store, read_student

index_app = typer.Typer(help="The matcher's embedding index in the database.")


def match_json(found: list[Match]) -> list[dict[str, object]]:
    """The JSON shape of `pathways match --json`: id, title, kind, score and the explanation."""
    return [
        {
            "id": m.opportunity_id,
            "title": m.title,
            "kind": m.kind.value,
            "score": m.score,
            "explanation": {
                "text": m.explanation(),
                "matched_phrase": m.matched_phrase,
                "subjects": m.subjects,
                "needed_competencies": m.needed_competencies,
                "score_parts": m.parts.model_dump(),
                "notes": m.notes,
            },
        }
        for m in found
    ]


def match(
    text: Annotated[
        str | None, typer.Argument(help="What the student says, e.g. 'animals and drawing'.")
    ] = None,
    student: Annotated[
        str | None,
        typer.Option("--student", help="A student id: rank by what they still need and can attend."),
    ] = None,
    as_user: Annotated[
        str | None, typer.Option("--as", help="With --student: your user name (the record is read as you).")
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=200, help="How many results.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """The opportunities that best match what a student says (or a student's stored interests). Without
    --student only the catalog is read."""
    if text is None and student is None:
        raise fail("say what the student is interested in (TEXT), or give --student ID, or both")
    if student is not None and as_user is None:
        raise fail("--student reads a student's record: give --as USER")
    who = read_student(as_user, student, wait) if student is not None and as_user is not None else None
    store = open_store(wait)
    try:
        model = default_model()
        from matcher.ranking import Matcher  # torch: only when ranking

        found = Matcher.from_store(store, model).match(text, who, top)
    except (QueryError, ModelError) as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(match_json(found), indent=2, ensure_ascii=False))
        return
    if not found:
        typer.echo("no opportunity matches; try saying more about what you like")
    for rank, m in enumerate(found, start=1):
        typer.echo(
            f"{rank:>2}. {m.title} [{m.opportunity_id}, {m.kind.value.replace('_', ' ')}]  {m.score:.3f}"
        )
        typer.echo(f"    {m.explanation()}")


@index_app.command("build")
def build(quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False) -> None:
    """Embed what changed since the last build (all of it after a model change); drop removed rows."""
    store = open_store()
    try:
        stats = build_index(store, default_model(), progress=not quiet)
    except ModelError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"search index: {stats}")


def register(app: typer.Typer) -> None:
    """Add this concern's verbs to the `pathways` app."""
    app.command("match")(match)
    app.add_typer(index_app, name="index")
