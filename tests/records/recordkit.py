"""Shared data and helpers of the record service tests (fixtures are in conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import typer
from pydantic import TypeAdapter

from core.schema import Opportunity
from core.store import Store
from planner.domain import PlanItem, PlanResult, PlanStatus, TermPlan
from records.accounts import Role

HERE = Path(__file__).parent
TINY_DISTRICT = HERE.parent / "catalog" / "fixtures" / "district"
EXTRA_STUDENTS = HERE / "fixtures" / "students.json"
PASSWORD = "correct horse battery"
TERM_NAMES = {
    "2026-FA": "Fall 2026",
    "2027-SP": "Spring 2027",
    "2027-SU": "Summer 2027",
    "2027-FA": "Fall 2027",
}

# user name -> (display name, role, linked students)
ACCOUNTS: dict[str, tuple[str, Role, list[str]]] = {
    "admin": ("Dana Whitfield", Role.ADMIN, []),
    "adv.lee": ("Mr. Lee", Role.ADVISOR, ["stu-ana", "stu-bo"]),
    "adv.kim": ("Ms. Kim", Role.ADVISOR, ["stu-cy"]),
    "ana": ("Ana Reyes", Role.STUDENT, ["stu-ana"]),
    "bo": ("Bo Lindqvist", Role.STUDENT, ["stu-bo"]),
    "fam.reyes": ("Marta Reyes", Role.FAMILY, ["stu-ana"]),
    "fam.lindqvist": ("Erik Lindqvist", Role.FAMILY, ["stu-bo"]),
    "teach.ode": ("Mr. Ode", Role.TEACHER, []),
}

ASSESSES = {"teach.ode": ["INT-BIOTECH"]}
"""What each teacher assesses (their students are those enrolled in it)."""

# The placements of the seeded database, by id: (student, opportunity, term, site, supervisor).
PLACEMENTS: dict[int, tuple[str, str, str, str, str]] = {
    1: ("stu-ana", "INT-BIOTECH", "2027-SP", "Riverside Biotech Lab", "Dr. Okafor"),
    2: ("stu-cy", "BIO-1", "2027-SP", "Harbor Aquarium", "Ms. Lund"),
    3: ("stu-ana", "BIO-1", "2027-FA", "City Zoo", "Mr. Park"),
}
SUPERVISOR_TOKEN = "sv1.seeded-token-of-placement-1-for-tests-only"
"""The link of placement 1 (its hash is stored as a real link's would be)."""


def _opportunities() -> dict[str, Opportunity]:
    data = json.loads((TINY_DISTRICT / "opportunities.json").read_text(encoding="utf-8"))
    return {o.id: o for o in TypeAdapter(list[Opportunity]).validate_python(data)}


OPPORTUNITIES = _opportunities()


def make_plan(
    student_id: str, placements: Sequence[tuple[str, str]], status: PlanStatus = PlanStatus.OPTIMAL
) -> PlanResult:
    """A plan placing each opportunity in a starting term (as the solver would lay it out)."""
    terms: dict[str, list[PlanItem]] = {}
    for opportunity_id, term in placements:
        o = OPPORTUNITIES[opportunity_id]
        terms.setdefault(term, []).append(
            PlanItem(
                opportunity=o.id,
                title=o.title,
                kind=o.kind,
                mode=o.mode,
                start_term=term,
                end_term=term,
                length_terms=o.length_terms,
                weekly_hours=o.hours_per_week,
                meetings=o.meetings,
                competencies=o.competencies,
            )
        )
    return PlanResult(
        status=status,
        student=student_id,
        requirement_set="tiny-diploma",
        terms=[
            TermPlan(term=t, name=TERM_NAMES[t], items=items, weekly_hours=sum(i.weekly_hours for i in items))
            for t, items in terms.items()
        ],
    )


def cli_app() -> typer.Typer:
    """The `pathways` command line with the catalog, record, plan-life and learning-record and cohort verbs (as pathways/cli.py
    assembles it)."""
    from pathways import cli_catalog, cli_cohort, cli_learning, cli_plan, cli_plan_life, cli_records, cli_term

    app = typer.Typer(pretty_exceptions_enable=False)
    for module in (cli_catalog, cli_records, cli_plan, cli_plan_life, cli_learning, cli_term, cli_cohort):
        module.register(app)
    return app


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    """What a query returns, read straight from the database file (a test's look behind the service)."""
    store = Store.open(db)
    try:
        return store.cursor().execute(sql).fetchall()
    finally:
        store.close()
