"""The seat policy: who keeps a seat of a full section, declared in one place (docs/cohort.md).

A section is an opportunity with a seat limit and the term it starts in; ``seats`` bounds how many
students of the run start it in that term. When more students' plans hold a section than it has
seats, the students are ordered by their priority group for that item, first served first:

1. needs it to graduate on time: the item earns a competency the student still needs that no other
   opportunity open to them earns;
2. credit recovery: a student on the extended pace (the pace a district uses for credit recovery);
3. seniors: in grade 12 (or above) in the section's school year;
4. everyone else;

and within a group by a seeded lottery: one number per student for the whole run, drawn from the
run's seed, so the same seed gives the same order. Students who already hold a seat keep it when a
later round re-plans others.
"""

from __future__ import annotations

import random

from cohort.domain import Priority, SeatKey
from core.schema import Catalog, Pace, Student
from planner.domain import PlanItem, PlanResult, has_plan

GROUP_ORDER = list(Priority)
"""The groups, first served first."""


def key_text(key: SeatKey) -> str:
    """'OPP@TERM', the section's key in settings and files."""
    return f"{key.opportunity}@{key.term}"


def lottery(seed: int, student_ids: list[str]) -> dict[str, int]:
    """Each student's lottery number (0 is served first), drawn once per run from ``seed``: the ids are
    sorted first, so the same students and seed always give the same numbers."""
    order = sorted(student_ids)
    random.Random(seed).shuffle(order)
    return {student: n for n, student in enumerate(order)}


class SeatLimits:
    """Every section's seats: the catalog's ``seats`` per start term, what-if changes (``'OPP@TERM'``
    -> seats) and cancelled sections (no seats at all)."""

    def __init__(
        self, catalog: Catalog, changed: dict[str, int], cancelled: frozenset[tuple[str, str]] = frozenset()
    ) -> None:
        self.catalog = catalog
        self.changed = changed
        self.cancelled = cancelled
        self._opps = catalog.opportunity_map()

    def limit(self, opportunity: str, term: str) -> int | None:
        """The seats of a section; None: no limit."""
        if (opportunity, term) in self.cancelled:
            return 0
        text = f"{opportunity}@{term}"
        if text in self.changed:
            return self.changed[text]
        opp = self._opps.get(opportunity)
        return opp.seats if opp is not None else None

    def limited(self, plan: PlanResult | None) -> list[PlanItem]:
        """The plan's items whose section has a seat limit."""
        if not has_plan(plan):
            return []
        return [i for i in plan.items() if self.limit(i.opportunity, i.start_term) is not None]


def sole_earners(catalog: Catalog) -> dict[str, str]:
    """Each competency that exactly one opportunity with seats earns, and that opportunity."""
    earners: dict[str, set[str]] = {}
    for opp in catalog.opportunities:
        if opp.seats == 0:
            continue
        for comp in opp.competencies:
            earners.setdefault(comp, set()).add(opp.id)
    return {c: next(iter(o)) for c, o in earners.items() if len(o) == 1}


def priority(student: Student, item: PlanItem, catalog: Catalog, sole: dict[str, str]) -> Priority:
    """The student's group for this item (the module's docstring)."""
    if any(sole.get(c) == item.opportunity for c in item.needed):
        return Priority.NEEDS_IT
    if student.pace == Pace.EXTENDED:
        return Priority.CREDIT_RECOVERY
    calendar = catalog.calendar
    if calendar is not None and student.grade_in(calendar.term(item.start_term), calendar) >= 12:
        return Priority.SENIOR
    return Priority.OTHER


def rank(group: Priority, lottery_number: int) -> tuple[int, int]:
    """The order of a claim: its group, then the lottery."""
    return GROUP_ORDER.index(group), lottery_number


def lost_words(title: str, term_name: str, seats: int, mine: Priority, last_in: Priority | None) -> str:
    """Why a student lost a section's seat, in words: cancelled, taken by a higher group, or by the
    lottery within the student's own group."""
    if seats == 0:
        return f"{title} in {term_name} is not offered (cancelled or no seats)."
    taken = f"{title} in {term_name} was full: its {seats} seat{'s' if seats != 1 else ''} went to"
    if last_in is None or GROUP_ORDER.index(last_in) < GROUP_ORDER.index(mine):
        ahead = (last_in or mine).value
        return f"{taken} students ahead in the seat policy (the group '{ahead}' is served before '{mine.value}')."
    return f"{taken} students of the same group ('{mine.value}') drawn earlier in the seeded lottery."
