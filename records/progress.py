"""Plans that move with time: what became of a plan's items once their terms passed, and the re-plan
that keeps what is done, plans only what is still needed and proposes a catch-up for what was missed.

The current term is the calendar's ``first_plannable_term``: ``pathways term advance`` moves it on. An
item whose last term is before it is past: **completed** when every one of its outcomes is demonstrated
(``records.credit.learner``), **incomplete** when some are, **missed** when none is. An item of the current
term is **in progress**, a later one **upcoming**. The re-plan is the planner's own (``plan_request`` with
the previous plan as its start): the learner's demonstrated competencies are no longer needed, and
``PlanDiff`` with the items' progress says, in words, where each missed outcome is planned now.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from core.schema import Calendar, Catalog, Student
from matcher.pathways import InterestFit, no_fit
from planner.diff import PlanDiff
from planner.domain import PlanResult, has_plan
from planner.edits import PlanEdits, Wishes, plan_request
from planner.solve import solve


class ItemStatus(StrEnum):
    COMPLETED = "completed"
    INCOMPLETE = "incomplete"
    MISSED = "missed"
    IN_PROGRESS = "in progress"
    UPCOMING = "upcoming"


class ItemProgress(BaseModel):
    """One plan item as time has left it: its outcomes demonstrated so far and those still missing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    opportunity: str
    title: str
    start_term: str
    end_term: str
    status: ItemStatus
    demonstrated: list[str]
    missing: list[str]


def _order(calendar: Calendar | None) -> dict[str, int]:
    return {t.id: i for i, t in enumerate(calendar.terms)} if calendar else {}


def progress(plan: PlanResult | None, student: Student, catalog: Catalog) -> list[ItemProgress]:
    """Each item of the plan with its status (``student``: the learner, with the record's evidence)."""
    if not has_plan(plan) or catalog.calendar is None:
        return []
    order = _order(catalog.calendar)
    now = order[catalog.calendar.first_plannable_term]
    headings = {c.id for c in catalog.competencies if c.is_heading}
    shown = student.demonstrated()
    found = []
    for item in plan.items():
        outcomes = [c for c in item.competencies if c not in headings]
        done = [c for c in outcomes if c in shown]
        missing = [c for c in outcomes if c not in shown]
        end, start = order.get(item.end_term, now), order.get(item.start_term, now)
        if end < now:
            status = (
                ItemStatus.COMPLETED if not missing else ItemStatus.INCOMPLETE if done else ItemStatus.MISSED
            )
        else:
            status = ItemStatus.IN_PROGRESS if start <= now else ItemStatus.UPCOMING
        found.append(
            ItemProgress(
                opportunity=item.opportunity,
                title=item.title,
                start_term=item.start_term,
                end_term=item.end_term,
                status=status,
                demonstrated=done,
                missing=missing,
            )
        )
    return found


class Replan(BaseModel):
    """The re-plan after time has passed: the new plan, the old plan's items as they ended, and a
    catch-up sentence for each missed or incomplete item."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    plan: PlanResult
    items: list[ItemProgress]
    catch_up: list[str]


def catch_up(
    items: Sequence[ItemProgress], old: PlanResult | None, new: PlanResult, catalog: Catalog
) -> list[str]:
    """For each missed or incomplete item, in words: planned again (when the re-plan takes it in a later
    term), or which items of the new plan now earn its missing outcomes, or that nothing does."""
    names = {t.id: t.name for t in catalog.calendar.terms} if catalog.calendar else {}
    moved = {c.opportunity: c for c in PlanDiff.between(old, new).moved}
    earners: dict[str, tuple[str, str]] = {}
    for term in new.terms if has_plan(new) else []:
        for planned in term.items:
            for c in planned.competencies:
                earners.setdefault(c, (planned.title, term.name))
    words = []
    for item in items:
        if item.status not in (ItemStatus.MISSED, ItemStatus.INCOMPLETE):
            continue
        head = f"Catch-up for {item.title} ({item.status.value} in {names.get(item.end_term, item.end_term)})"
        if item.opportunity in moved:
            words.append(f"{head}: taken again in {moved[item.opportunity].after}.")
            continue
        parts = [f"{c} through {earners[c][0]} in {earners[c][1]}" for c in item.missing if c in earners]
        lost = [c for c in item.missing if c not in earners]
        sentence = f"{head}: " + ("; ".join(parts) if parts else "")
        if lost:
            sentence += (
                "; " if parts else ""
            ) + f"{', '.join(lost)} not planned: nothing left in the catalog earns it in time"
        words.append(sentence + ".")
    return words


def replan(
    student: Student,
    previous: PlanResult | None,
    edits: PlanEdits,
    catalog: Catalog,
    fit: InterestFit | None = None,
) -> Replan:
    """The next plan for the learner (``student`` with the record's evidence), from the previous plan,
    with what the matcher read in what the student said (``fit``; none: no interests, the district's
    pathways only by the edits' choice)."""
    items = progress(previous, student, catalog)
    inputs = (fit or no_fit(catalog)).plan_inputs(edits.pathway)
    request = plan_request(Wishes(student=student, edits=edits), catalog, previous=previous, **inputs)
    result = solve(request)
    return Replan(plan=result, items=items, catch_up=catch_up(items, previous, result, catalog))


def next_term(calendar: Calendar) -> str | None:
    """The term after the current one (None at the end of the calendar)."""
    now = calendar.index(calendar.first_plannable_term)
    return calendar.terms[now + 1].id if now + 1 < len(calendar.terms) else None
