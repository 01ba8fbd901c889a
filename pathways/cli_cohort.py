"""`pathways cohort ...`: district staff plan whole cohorts (docs/cohort.md).

`cohort plan` plans every selected student with shared seats and stores the run; `cohort runs` lists
the runs; `cohort show RUN` prints one (summary, students off track, demand; `--requests FILE` writes
the CSV course requests); `cohort what-if RUN` re-plans only the students a change of offering touches
and stores the result as a new run. Every verb signs in with ``--as`` and is one audited
``plan_cohort`` act of the record service.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from cohort.domain import CohortRun, CohortSettings
from cohort.engine import engine_for
from cohort.run import Cohort, interest_scores, new_run
from cohort.views import demand, off_track_lines, summary, write_requests
from cohort.whatif import ChangeKind, WhatIfError, parse_change, report, touched, what_if
from core.db import CLI_BUSY_TIMEOUT
from core.settings import get_settings
from pathways.common import AsUser, Wait, fail, one_line_errors, open_store, output_problem, signed_in
from records.accounts import User
from records.cohort import new_run_id
from records.service import Records

cohort_app = typer.Typer(help="District staff: plan whole cohorts with shared seats, demand and what-ifs.")


def read_ids(path: Path) -> tuple[list[str], list[int]]:
    """Student ids, one a line (blank lines and '#' comments skipped), with their line numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {path}: {exc}") from None
    ids, lines = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        ident = line.split("#", 1)[0].strip()
        if ident:
            ids.append(ident)
            lines.append(n)
    if not ids:
        raise fail(f"{path}: no student id in the file")
    return ids, lines


class Bar:
    """A tqdm bar told (done, failed, remaining); the total grows when lost seats are re-planned."""

    def __init__(self, total: int) -> None:
        self.bar = tqdm(total=total, unit="solve", desc="planning", dynamic_ncols=True)

    def __call__(self, done: int, failed: int, remaining: int) -> None:
        self.bar.total = max(self.bar.total or 0, done + failed + remaining)
        self.bar.n = done + failed
        self.bar.set_postfix(done=done, failed=failed, remaining=remaining, refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()


def print_run(run: CohortRun) -> None:
    typer.echo(summary(run))
    for line in off_track_lines(run):
        typer.echo(f"  {line}")


@cohort_app.command("plan")
def plan(
    as_user: AsUser,
    grade: Annotated[int | None, typer.Option("--grade", help="Only students in this grade.")] = None,
    school: Annotated[
        str | None, typer.Option("--school", help="Only students of this school (their `school` field).")
    ] = None,
    students: Annotated[
        Path | None, typer.Option("--students", help="A file of student ids, one a line.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="The seat lottery's seed.")] = 0,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Parallel solves (Ray); 1 runs in this process.")
    ] = 2,
    effort: Annotated[
        float | None,
        typer.Option(
            "--effort",
            min=0.01,
            help="Work per solve, CP-SAT deterministic seconds (default: PATHWAYS_COHORT_EFFORT).",
        ),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            min=0.1,
            help="Wall-clock safety net per solve, seconds (default: PATHWAYS_COHORT_TIME_LIMIT).",
        ),
    ] = None,
    interests: Annotated[
        bool, typer.Option("--interests/--no-interests", help="Weigh each student's interest scores.")
    ] = True,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Plan every selected student (all by default) with shared seats, and store the run."""
    ids, lines = read_ids(students) if students else ([], [])
    settings = CohortSettings(
        grade=grade,
        school=school,
        students=ids,
        seed=seed,
        workers=workers,
        effort=effort,
        time_limit=time_limit,
        interests=interests,
    )
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        catalog, chosen = service.cohort_input(user, settings, str(students or ""), lines)
    if not chosen:
        raise fail("no student matches the selection")
    scores: dict[str, dict[str, float]] = {}
    if interests:
        store = open_store(wait)
        try:
            scores, warnings = interest_scores(store, chosen)
        finally:
            store.close()
        for warning in warnings:
            typer.echo(f"warning: {warning}", err=True)
    engine = engine_for(workers, get_settings().ray_address)
    now = service.now()
    bar = Bar(len(chosen))
    try:
        run = new_run(
            new_run_id(now),
            user.id,
            settings,
            Cohort(catalog, chosen, scores),
            engine,
            created=now,
            progress=bar,
        )
    finally:
        bar.close()
    with one_line_errors():
        service.save_cohort_run(user, run)
    print_run(run)


@cohort_app.command("runs")
def runs(as_user: AsUser, wait: Wait = CLI_BUSY_TIMEOUT) -> None:
    """The cohort runs, newest first."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        found = service.cohort_runs(user)
    if not found:
        typer.echo("No cohort run yet.")
    for info in found:
        what = f" (what-if on {info.parent}: {info.note})" if info.parent else ""
        typer.echo(
            f"{info.id}  {info.created:%Y-%m-%d %H:%M}  {info.created_by}  {info.students} students, "
            f"{info.planned} planned, {info.status}{what}"
        )


def load_run(service: Records, user: User, run_id: str) -> CohortRun:
    with one_line_errors():
        run = service.cohort_run(user, run_id)
    if run is None:
        raise fail(f"no cohort run {run_id!r} (pathways cohort runs lists them)")
    return run


@cohort_app.command("show")
def show(
    run_id: Annotated[str, typer.Argument(help="The run's id (pathways cohort runs).")],
    as_user: AsUser,
    requests: Annotated[
        Path | None, typer.Option("--requests", help="Write the CSV course requests to this file.")
    ] = None,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """A run: its summary, the students off track, and the demand for every section."""
    run = load_run(*signed_in(as_user, wait), run_id)
    store = open_store(wait)
    try:
        catalog = store.catalog()
    finally:
        store.close()
    print_run(run)
    typer.echo("Demand (section: planned / seats, unmet):")
    for row in demand(run, catalog):
        seats = "no limit" if row.seats is None else f"{row.seats} seats"
        typer.echo(f"  {row.opportunity}@{row.term} {row.title}: {row.planned} / {seats}, {row.unmet} unmet")
    if requests is not None:
        try:
            count = write_requests(run, requests)
        except OSError as exc:
            raise fail(f"cannot write {requests}: {output_problem(requests, exc)}") from None
        typer.echo(f"Wrote {count} course requests to {requests}.")


@cohort_app.command("what-if")
def what_if_verb(
    run_id: Annotated[str, typer.Argument(help="The run to start from (pathways cohort runs).")],
    as_user: AsUser,
    cancel: Annotated[str | None, typer.Option("--cancel", help="OPP@TERM: cancel that section.")] = None,
    add_section: Annotated[
        str | None, typer.Option("--add-section", help="OPP@TERM or OPP@TERM:SEATS: add a section.")
    ] = None,
    seats: Annotated[
        str | None, typer.Option("--seats", help="OPP@TERM=N: set that section's seats.")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Parallel solves (Ray).")] = 1,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Re-plan only the students a change of offering touches; store the result as a new run."""
    asked = [
        (k, t)
        for k, t in (
            (ChangeKind.CANCEL, cancel),
            (ChangeKind.ADD_SECTION, add_section),
            (ChangeKind.SET_SEATS, seats),
        )
        if t
    ]
    if len(asked) != 1:
        raise fail("name exactly one change: --cancel, --add-section or --seats")
    try:
        change = parse_change(*asked[0])
    except WhatIfError as exc:
        raise fail(str(exc)) from None
    service, user = signed_in(as_user, wait)
    parent = load_run(service, user, run_id)
    selection = parent.settings.model_copy(
        update={"students": [s.student for s in parent.students], "grade": None}
    )
    with one_line_errors():
        catalog, chosen = service.cohort_input(user, selection)
    scores: dict[str, dict[str, float]] = {}
    if parent.settings.interests:
        wanted = set(touched(parent, change))
        store = open_store(wait)
        try:
            scores, _ = interest_scores(store, [s for s in chosen if s.id in wanted])
        finally:
            store.close()
    now = service.now()
    bar = Bar(0)
    try:
        child = what_if(
            parent,
            change,
            Cohort(catalog, chosen, scores),
            engine_for(workers, get_settings().ray_address),
            run_id=new_run_id(now),
            created=now,
            created_by=user.id,
            progress=bar,
        )
    except WhatIfError as exc:
        raise fail(str(exc)) from None
    finally:
        bar.close()
    with one_line_errors():
        service.save_cohort_run(user, child)
    for line in report(parent, child, change, catalog).lines():
        typer.echo(line)
    typer.echo(summary(child))


def register(app: typer.Typer) -> None:
    app.add_typer(cohort_app, name="cohort")
