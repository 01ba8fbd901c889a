"""Time on the command line: `pathways term advance` (the calendar's current term moves on) and
`pathways replan --student ID` (the next plan from what happened: kept, still needed, caught up)."""

from __future__ import annotations

from typing import Annotated

import typer

from core.db import CLI_BUSY_TIMEOUT
from matcher.pathways import no_fit
from pathways.cli_plan import matcher_fit, render
from pathways.common import AsUser, Wait, one_line_errors, open_store, signed_in
from planner.domain import has_plan
from planner.edits import PlanEdits
from records.progress import replan as next_plan

term_app = typer.Typer(help="The calendar's current term.")


@term_app.command("advance")
def advance(as_user: AsUser, wait: Wait = CLI_BUSY_TIMEOUT) -> None:
    """Move the current term on by one: the items of the term that ended become completed, incomplete
    or missed, and the next re-plan proposes a catch-up."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        moved = service.advance_term(user)
    typer.echo(f"current term: {moved.after} (was {moved.before})")


def replan(
    student: Annotated[str, typer.Option("--student", help="The student's id.")],
    as_user: AsUser,
    save: Annotated[bool, typer.Option(help="Save the new plan as the next draft version.")] = False,
    interests: Annotated[bool, typer.Option("--interests/--no-interests", help="Weigh interests.")] = True,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Re-plan from what happened: the past items' outcomes, the catch-up for what was missed, the plan."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        learner = service.learner(user, student)
        head = service.plan(user, student)
    store = open_store(wait)
    try:
        catalog = store.catalog()
        fit = matcher_fit(store, learner) if interests else no_fit(catalog)
    finally:
        store.close()
    edits = head.edits if head else PlanEdits()
    found = next_plan(learner, head.plan if head else None, edits, catalog, fit)
    for item in found.items:
        typer.echo(f"{item.title} ({item.start_term}-{item.end_term}): {item.status.value}")
    for sentence in found.catch_up:
        typer.echo(sentence)
    typer.echo(render(found.plan, learner, catalog))
    if save and has_plan(found.plan):
        with one_line_errors():
            saved = service.save_plan(
                user, student, found.plan, based_on=head.version if head else 0, edits=edits
            )
        typer.echo(f"saved as version {saved.version}")
    if not has_plan(found.plan):
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.add_typer(term_app, name="term")
    app.command("replan")(replan)
