"""A ready backup for every planned item whose seat is limited: another opportunity the student could
take instead, in the same term, with no other change to the plan.

A backup earns every needed competency the item earns in the plan, starts in the item's term in a
section with a free seat (after the run's own placements), is open to the student (grade, mode, not
done already, prerequisites met by what they did or what the plan has finished before), fits their
week (no meeting clashes with their busy times or with the plan's other items running then) and
their weekly hours, and lasts no longer than the item. Among those, the best interest match wins
(ties: the smaller id). A backup holds no seat: it is the first thing to offer when the seat is lost.
"""

from __future__ import annotations

from cohort.domain import Backup
from cohort.seats import SeatLimits
from core.schema import Catalog, Opportunity, Student
from planner.domain import PlanItem, PlanResult


def taken_seats(plans: list[PlanResult]) -> dict[tuple[str, str], int]:
    """How many plans start each opportunity in each term."""
    taken: dict[tuple[str, str], int] = {}
    for plan in plans:
        for item in plan.items():
            key = (item.opportunity, item.start_term)
            taken[key] = taken.get(key, 0) + 1
    return taken


def backups_for(
    student: Student,
    plan: PlanResult,
    catalog: Catalog,
    limits: SeatLimits,
    taken: dict[tuple[str, str], int],
    scores: dict[str, float],
) -> list[Backup]:
    """One backup per seat-limited item of the plan that has one (the module's docstring)."""
    found = []
    for item in limits.limited(plan):
        best = _best(student, plan, item, catalog, limits, taken, scores)
        if best is not None:
            found.append(
                Backup(
                    opportunity=best.id, title=best.title, instead_of=item.opportunity, term=item.start_term
                )
            )
    return found


def _best(
    student: Student,
    plan: PlanResult,
    item: PlanItem,
    catalog: Catalog,
    limits: SeatLimits,
    taken: dict[tuple[str, str], int],
    scores: dict[str, float],
) -> Opportunity | None:
    calendar = catalog.calendar
    if calendar is None or not item.needed:
        return None
    index = {t.id: n for n, t in enumerate(calendar.terms)}
    start = index[item.start_term]
    term = calendar.terms[start]
    grade = student.grade_in(term, calendar)
    others = [i for i in plan.items() if i.opportunity != item.opportunity]
    in_plan = {i.opportunity for i in plan.items()}
    finished_before = {i.opportunity for i in others if index[i.end_term] < start}
    earned_before = student.demonstrated() | {
        c for i in others if i.opportunity in finished_before for c in i.competencies
    }
    done = set(student.completed_opportunities) | finished_before
    candidates = []
    for opp in catalog.opportunities:
        limit = limits.limit(opp.id, term.id)
        if (
            opp.id in in_plan
            or opp.id in student.completed_opportunities
            or not set(item.needed) <= set(opp.competencies)
            or not opp.starts_in(term)
            or opp.length_terms > item.length_terms
            or not opp.min_grade <= grade <= opp.max_grade
            or opp.mode not in student.allowed_modes
            or (limit is not None and taken.get((opp.id, term.id), 0) >= limit)
        ):
            continue
        if not all(
            set(g.any_of_opportunities) & done or set(g.any_of_competencies) & earned_before
            for g in opp.prerequisites
        ):
            continue
        if _fits(student, opp, start, others, index, plan, item):
            candidates.append((-scores.get(opp.id, 0.0), opp.id, opp))
    return min(candidates)[2] if candidates else None


def _fits(
    student: Student,
    opp: Opportunity,
    start: int,
    others: list[PlanItem],
    index: dict[str, int],
    plan: PlanResult,
    item: PlanItem,
) -> bool:
    """No clash with busy times or with the other items running in its terms; hours within the cap."""
    if any(m.overlaps(busy) for m in opp.meetings for busy in student.unavailable):
        return False
    hours = {t.term: t.weekly_hours for t in plan.terms}
    for n in range(start, start + opp.length_terms):
        running = [o for o in others if index[o.start_term] <= n <= index[o.end_term]]
        if any(m.overlaps(x) for o in running for m in opp.meetings for x in o.meetings):
            return False
        term_id = next((t for t, i in index.items() if i == n), None)
        load = hours.get(term_id or "", 0.0) - (
            item.weekly_hours if index[item.start_term] <= n <= index[item.end_term] else 0
        )
        if load + opp.hours_per_week > student.max_hours_per_week:
            return False
    return True
