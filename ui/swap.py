"""The advisor's swap: what could replace a planned item, ranked by what it covers and by the
interest scores the plan was made with; only the alternatives shown are explained by the matcher."""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.schema import Catalog, Student
from matcher import Match, QueryError
from planner.domain import PlanItem, PlanResult
from ui.resources import get_matcher

SWAP_CHOICES = 5
"""How many ranked alternatives the swap control offers."""


class Alternative(BaseModel):
    """An opportunity that could replace a planned item, and why it is offered."""

    opportunity: str
    title: str
    kind: str
    covers: int = Field(description="How many of the replaced item's needed competencies it earns.")
    of: int
    score: float
    reason: str


def swap_alternatives(
    item: PlanItem,
    plan: PlanResult,
    catalog: Catalog,
    student: Student,
    scores: dict[str, float],
    excluded: list[str],
) -> list[Alternative]:
    """Opportunities that earn what ``item`` earns for the plan, best first: most of its needed
    competencies covered, then the student's interest score (the one the plan was made with).
    Planned, excluded and the item itself are left out; only the ones shown are explained."""
    wanted = set(item.needed or item.competencies)
    planned = {i.opportunity for i in plan.items()}
    ranked = sorted(
        (
            (-len(wanted & set(opp.competencies)), -scores.get(opp.id, 0.0), opp.title, opp)
            for opp in catalog.opportunities
            if wanted & set(opp.competencies) and opp.id not in planned and opp.id not in excluded
        ),
        key=lambda row: row[:3],
    )[:SWAP_CHOICES]
    shown = [row[3] for row in ranked]
    explained = explain_matches(student, [o.id for o in shown])
    return [
        Alternative(
            opportunity=opp.id,
            title=opp.title,
            kind=opp.kind.value.replace("_", " "),
            covers=len(wanted & set(opp.competencies)),
            of=len(wanted),
            score=round(scores.get(opp.id, 0.0), 3),
            reason=explained[opp.id].explanation() if opp.id in explained else "Earns the same competencies.",
        )
        for opp in shown
    ]


def explain_matches(student: Student, opportunity_ids: list[str]) -> dict[str, Match]:
    """The matcher's explanation of each named opportunity for the student (none when it cannot)."""
    if not opportunity_ids:
        return {}
    try:
        return get_matcher().explain(opportunity_ids, student=student)
    except QueryError:
        return {}
