"""`pathways first-plans`: make each student's conversation opening with the first plan in advance, so
that a student signing in to the app sees the plan at once (chat/opening.py, records/first_plans.py).
`pathways setup --demo` does the same for the sample district."""

from __future__ import annotations

from typing import Annotated

import typer

from chat import NLU
from chat.dialogue_engine import ChatEngine
from chat.opening import Opening, make_opening, opening_inputs, worth_keeping
from core.db import CLI_BUSY_TIMEOUT
from core.schema import Catalog
from core.settings import get_settings
from matcher import Matcher, default_model
from matcher.index import load_vectors
from pathways.common import AsUser, Wait, one_line_errors, open_store, record_service, signed_in
from records.first_plans import PlanInputs

Made = dict[str, tuple[str, Opening]]
"""Openings made: student id -> (the fingerprint of their inputs, the opening)."""


def make_openings(catalog: Catalog, inputs: dict[str, PlanInputs], wait: float) -> tuple[Made, int]:
    """The openings of the students whose kept one is missing or made from other inputs, and how many
    kept ones are current. Only openings with a plan are kept (``worth_keeping``). The
    model and the chat engine are loaded only when there is an opening to make."""
    settings = get_settings()
    keys = {sid: opening_inputs(catalog, i.wishes, i.plan, settings) for sid, i in inputs.items()}
    todo = {sid: (key, inputs[sid]) for sid, key in keys.items() if key != inputs[sid].kept}
    current = len(inputs) - len(todo)
    if not todo:
        return {}, current
    model = default_model()
    store = open_store(wait)
    try:
        vectors = load_vectors(store, catalog, model)
    finally:
        store.close()
    engine = ChatEngine(catalog, NLU(model[1]), Matcher(catalog, vectors, model), settings)
    made = {}
    with typer.progressbar(todo.items(), label="first plans") as steps:
        for sid, (key, found) in steps:
            opening = make_opening(engine, found.wishes, found.plan)
            if worth_keeping(opening):
                made[sid] = (key, opening)
    return made, current


def report(students: int, made: Made, current: int) -> None:
    left = students - len(made) - current
    line = f"first plans: {len(made)} made, {current} already current"
    typer.echo(line + (f", {left} not kept (no plan found: made at sign-in)" if left else ""))


def prepare_sample(wait: float = CLI_BUSY_TIMEOUT) -> None:
    """`pathways setup --demo`: the sample students' openings, made as the first setup."""
    service = record_service(wait)
    with one_line_errors():
        catalog, inputs = service.sample_opening_inputs()
        made, current = make_openings(catalog, inputs, wait)
        if made:
            service.keep_sample_openings(made)
    report(len(inputs), made, current)


def first_plans(
    as_user: AsUser,
    student: Annotated[
        list[str] | None, typer.Option("--student", help="Only this student (repeat for more).")
    ] = None,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Make each student's first plan in advance (those whose record, saved plan or catalog changed since),
    so that the app shows it at sign-in without waiting for the model and the solver (district staff)."""
    service, user = signed_in(as_user, wait)
    with one_line_errors():
        catalog, inputs = service.opening_inputs(user, student)
        made, current = make_openings(catalog, inputs, wait)
        if made:
            service.keep_openings(user, made)
    report(len(inputs), made, current)


def register(app: typer.Typer) -> None:
    app.command("first-plans")(first_plans)
