"""`pathways plan --student ID`: a student's pathway, term by term, or why there is none.

The plan comes from the CP-SAT solver (planner/solve.py) over the catalog in the database. With
``--json`` it prints the documented plan schema (`pathways schema plan`). It exits 0 when a plan is
found, 1 otherwise (no plan, an invalid request, or no plan within the time limit).
"""

from __future__ import annotations

from typing import Annotated

import typer

from core.db import CLI_BUSY_TIMEOUT
from core.schema import Catalog, Student
from core.store import Store
from matcher.embeddings import ModelError
from matcher.interests import QueryError
from matcher.pathways import InterestFit, no_fit
from pathways.common import AsUser, Wait, fail, open_store, read_student
from planner.domain import Lock, PlanResult, PlanStatus, has_plan
from planner.edits import NO_PATHWAY, PlanEdits, Wishes, plan_request
from planner.solve import solve
from present.plan_words import pathway_lines, plan_summary


def parse_lock(text: str) -> Lock:
    """'OPP' or 'OPP@TERM' as a lock."""
    opportunity, _, term = text.partition("@")
    if not opportunity.strip() or (term == "" and "@" in text):
        raise fail(f"--lock {text!r}: write OPPORTUNITY or OPPORTUNITY@TERM")
    return Lock(opportunity=opportunity.strip(), term=term.strip() or None)


def matcher_fit(store: Store, student: Student) -> InterestFit:
    """What the matcher reads in the student's stored interests and goals: the scores, their words
    per opportunity and the pathways that fit (without words: only the district's pathways, unranked)."""
    if not (student.interests.strip() or student.career_goals.strip()):
        return no_fit(store.catalog())
    from matcher import interest_fit  # torch: only when the matcher is used

    try:
        return interest_fit(store, student=student)
    except (ModelError, QueryError) as exc:
        typer.echo(f"warning: planning without interest scores: {exc}", err=True)
        return no_fit(store.catalog())


def render(result: PlanResult, student: Student, catalog: Catalog) -> str:
    """The plan in words: its summary and pathway, each term's items with what they earn and why,
    then the costs."""
    lines = [f"Plan for {result.student}: {result.status.value}"]
    if not has_plan(result):
        lines.append(result.message)
        return "\n".join(lines)
    gap = f", gap {100 * (result.gap or 0):.1f}%" if result.status == PlanStatus.FEASIBLE else ""
    lines[0] += f" (cost {result.objective}{gap}, {result.solve_time * 1000:.0f} ms)"
    lines.append(plan_summary(student, catalog, result))
    if result.pathway is not None:
        lines.extend(pathway_lines(result.pathway, catalog))
    for term in result.terms:
        lines.append(f"\n{term.name}: {term.weekly_hours:g} hours a week")
        for opp_id in term.continuing:
            lines.append(f"  (continuing {opp_id})")
        for item in term.items:
            span = f", until {item.end_term}" if item.end_term != item.start_term else ""
            lines.append(f"  {item.title} [{item.opportunity}] {item.weekly_hours:g} h/week{span}")
            if item.needed:
                lines.append(f"    earns: {', '.join(item.needed)}")
            lines.append(f"    why: {item.why}")
    lines.append(f"\nCovers {len(result.coverage)} needed competencies.")
    lines.append("Costs: " + ", ".join(f"{p.rule} {p.penalty}" for p in result.penalties))
    return "\n".join(lines)


def plan(
    student: Annotated[str, typer.Option("--student", help="The student's id.")],
    as_user: AsUser,
    lock: Annotated[
        list[str] | None, typer.Option("--lock", help="OPP or OPP@TERM: take it (in that term). Repeatable.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="OPP: never plan it. Repeatable.")
    ] = None,
    relax: Annotated[
        list[str] | None,
        typer.Option("--relax", help="A wish to switch off, e.g. deadline or unavailable:0. Repeatable."),
    ] = None,
    interests: Annotated[
        bool, typer.Option("--interests/--no-interests", help="Weigh the matcher's interest scores.")
    ] = True,
    pathway: Annotated[
        str | None,
        typer.Option(
            "--pathway", help=f"A pathway's id to follow, or {NO_PATHWAY!r}; default: the one that fits best."
        ),
    ] = None,
    effort: Annotated[
        float | None,
        typer.Option("--effort", min=0.01, help="Work budget, CP-SAT deterministic seconds."),
    ] = None,
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", min=0.1, help="Wall-clock safety net, seconds.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the plan as JSON (the plan schema).")
    ] = False,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Plan a student's pathway: every needed competency, term by term, within their wishes (the
    student's record is read as ``--as USER``, audited)."""
    who = read_student(as_user, student, wait)
    store = open_store(wait)
    catalog = store.catalog()
    edits = PlanEdits(
        locks=[parse_lock(text) for text in lock or []],
        exclusions=list(exclude or []),
        wishes_off=list(relax or []),
        pathway=pathway,
    )
    fit = matcher_fit(store, who) if interests else no_fit(catalog)
    if pathway not in (None, NO_PATHWAY) and fit.chosen(pathway) is None:
        known = [p.pathway.id for p in fit.pathways]
        choose = (
            f"choose one of {', '.join(known)}, or {NO_PATHWAY}" if known else "the district declares none"
        )
        raise fail(f"--pathway {pathway!r}: no such pathway; {choose}")
    request = plan_request(Wishes(student=who, edits=edits), catalog, **fit.plan_inputs(edits.pathway))
    if effort is not None:
        request.effort = effort
    if time_limit is not None:
        request.time_limit = time_limit
    store.close()
    result = solve(request)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    elif result.status == PlanStatus.INVALID:
        raise fail(result.message)
    else:
        typer.echo(render(result, who, catalog))
    if not has_plan(result):
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add this concern's verbs to the `pathways` app."""
    app.command("plan")(plan)
