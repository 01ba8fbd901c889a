"""`pathways`: the command-line face of the product. Each concern registers its own verbs."""

from __future__ import annotations

import typer

from pathways import (
    cli_catalog,
    cli_chat,
    cli_cohort,
    cli_first_plans,
    cli_learning,
    cli_match,
    cli_plan,
    cli_plan_life,
    cli_records,
    cli_term,
    cli_transcript,
)

app = typer.Typer(
    name="pathways",
    help="Pathways: competency-based learning plans for students, advisors, families and districts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (
    cli_catalog,
    cli_match,
    cli_plan,
    cli_plan_life,
    cli_chat,
    cli_records,
    cli_learning,
    cli_term,
    cli_transcript,
    cli_cohort,
    cli_first_plans,
):
    module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
