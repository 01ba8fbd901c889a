"""`pathways chat --student ID --as USER`: talk with the planner on the command line.

The chat's opening is printed first; then every line of standard input is one message and its reply
is printed, so a conversation can be scripted (``printf 'I can't do Fridays\\nundo\\n' | pathways chat
--student stu-maya --as maya``). Replies are separated by a blank line; with ``--json`` each reply is one JSON
object per line (text, diff, choices, confirm; ``--with-plan`` adds the plan). End with end of input.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from core.db import CLI_BUSY_TIMEOUT
from matcher.embeddings import ModelError
from pathways.common import AsUser, Wait, fail, open_store, read_student

if TYPE_CHECKING:
    from chat.dialogue_state import Reply

PROMPT = "you> "


def _show(reply: Reply, as_json: bool, with_plan: bool) -> None:
    if as_json:
        exclude = None if with_plan else {"plan", "preview"}
        typer.echo(reply.model_dump_json(exclude=exclude))
    else:
        typer.echo(reply.text)
        typer.echo("")


def chat(
    student: Annotated[str, typer.Option("--student", help="The student's id.")],
    as_user: AsUser,
    interests: Annotated[
        bool, typer.Option("--interests/--no-interests", help="Weigh the matcher's interest scores.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print each reply as one JSON line.")] = False,
    with_plan: Annotated[bool, typer.Option("--with-plan", help="With --json: include the plan.")] = False,
    wait: Wait = CLI_BUSY_TIMEOUT,
) -> None:
    """Co-design a student's plan in conversation: one message per line of standard input."""
    # The chat pulls in the understanding layer and the matcher: imported here, not for every verb.
    from chat.dialogue import ChatSession
    from chat.dialogue_engine import ChatEngine
    from matcher import default_model

    who = read_student(as_user, student, wait)
    store = open_store(wait)
    try:
        model = default_model()
    except ModelError as exc:
        raise fail(str(exc)) from None
    try:
        engine = ChatEngine.from_store(store, model, interests=interests)
    except ValueError as exc:
        raise fail(str(exc)) from None
    session = ChatSession.start(engine, who)
    _show(session.opening(), as_json, with_plan)
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            typer.echo(PROMPT, nl=False)
        line = sys.stdin.readline()
        if not line:
            break
        message = line.rstrip("\n")
        if not message.strip():
            continue
        _show(session.reply(message), as_json, with_plan)
    store.close()


def register(app: typer.Typer) -> None:
    """Add this concern's verbs to the `pathways` app."""
    app.command("chat")(chat)
