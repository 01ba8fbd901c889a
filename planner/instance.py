"""The planning instance: a request checked and turned into the indexed facts the rules read.

Terms are indexed from the calendar's first plannable term (index 0) to its last term. Weekly hours
are counted in quarter-hours so that every load and every cost is an integer for CP-SAT.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.phrases import Ref
from core.schema import (
    Calendar,
    Catalog,
    Competency,
    MinimumNeed,
    Opportunity,
    PaceLoad,
    RequirementSet,
    Season,
    Student,
    Term,
)
from planner.context import quarters
from planner.domain import Fullness, PlanRequest, Wish
from planner.edits import PlanEdits
from planner.wishes import StudentWish, student_wishes

INTEREST_STEPS = 10
"""An interest score is rounded to tenths before it is costed, so costs stay integers."""

FULLNESS_STEP_HOURS = 4.0
"""'Lighter' and 'fuller' move the pace's target weekly load by about one course."""

INTEREST_REASON = 0.5
"""An item matching the student's interests at least this well may be planned even when every
competency it earns is earned elsewhere: the interest is its reason (see ``no_redundant_items``)."""


class InvalidRequest(ValueError):
    """The request names something that does not exist (a student error, not a planning one)."""


@dataclass
class Group:
    """One any-of prerequisite group: any listed opportunity taken, or competency earned, earlier."""

    opportunities: list[str]
    competencies: list[str]
    progression: tuple[str, str] | None = None


@dataclass
class Instance:
    """The indexed facts of one request. ``terms[i]`` is the i-th plannable term."""

    request: PlanRequest
    student: Student
    catalog: Catalog
    calendar: Calendar
    requirements: RequirementSet
    terms: list[Term]
    target: int
    comps: dict[str, Competency]
    opps: dict[str, Opportunity]
    demonstrated: set[str]
    completed: set[str]
    needed: list[str]
    minimums: list[MinimumNeed]
    wishes: list[Wish]
    student_wishes: list[StudentWish]
    pace_load: PaceLoad
    earners: dict[str, list[str]] = field(default_factory=dict)
    predecessors: dict[str, list[str]] = field(default_factory=dict)
    _opened: dict[str, list[str]] | None = None
    target_load: int | None = None
    """The weekly load (quarter-hours) each fall and spring term of the program aims at; None: no
    target (the lightest plan that meets the deadline)."""

    @property
    def wishes_on(self) -> set[str]:
        return {w.id for w in self.wishes if w.on}

    def wish(self, wish_id: str) -> Wish:
        return next(w for w in self.wishes if w.id == wish_id)

    def grade_in(self, index: int) -> int:
        return self.student.grade_in(self.terms[index], self.calendar)

    def is_main_term(self, index: int) -> bool:
        """Fall and spring terms carry the pace's minimum load; summer terms do not."""
        return self.terms[index].season != Season.SUMMER

    def program_terms(self) -> list[int]:
        """The fall and spring terms a full program fills: from the first plannable term to the
        target term (on the accelerated pace, only those the plan still runs in)."""
        if self.target_load is None:
            return []
        return [t for t in range(min(self.target, len(self.terms) - 1) + 1) if self.is_main_term(t)]

    def tenths(self, opp_id: str) -> int:
        """The item's interest in tenths (0 = none, 10 = a perfect match); 0 with no scores."""
        score = self.interest(opp_id)
        return 0 if score is None else round(score * INTEREST_STEPS)

    def interdisciplinary(self, opp_id: str) -> bool:
        """Its competencies count in two or more subjects."""
        comps = [self.comps[c] for c in self.opps[opp_id].competencies if c in self.comps]
        return len({c.subject for c in comps if c.subject}) >= 2

    def may_be_redundant(self, opp_id: str) -> bool:
        """Planned for its own sake even if it earns nothing new: locked, a step of the pathway the
        plan follows, or a good match for the student's interests."""
        request = self.request
        if any(lock.opportunity == opp_id for lock in request.locks):
            return True
        if request.pathway is not None and opp_id in request.pathway.opportunities():
            return True
        return (self.interest(opp_id) or 0.0) >= INTEREST_REASON

    def opened_by(self, opp_id: str) -> list[str]:
        """The opportunities that name this one in a prerequisite group they still need."""
        if self._opened is None:
            self._opened = {}
            for p in self.opps:
                for g in self.prerequisite_groups(p):
                    for o in g.opportunities:
                        self._opened.setdefault(o, []).append(p)
        return list(dict.fromkeys(self._opened.get(opp_id, [])))

    def load_quarters(self, opp_id: str) -> int:
        return quarters(self.opps[opp_id].hours_per_week)

    def effort(self, opp_id: str) -> int:
        """Quarter-hours of weekly load summed over the terms it occupies."""
        opp = self.opps[opp_id]
        return quarters(opp.hours_per_week) * opp.length_terms

    def interest(self, opp_id: str) -> float | None:
        scores = self.request.interest_scores
        if not scores:
            return None
        return min(1.0, max(0.0, scores.get(opp_id, 0.0)))

    def mismatch(self, opp_id: str) -> int:
        """Tenths of interest the item lacks (0 = a perfect match, 10 = none); 0 with no scores."""
        score = self.interest(opp_id)
        if score is None:
            return 0
        return INTEREST_STEPS - round(score * INTEREST_STEPS)

    def relevant(self, opp_id: str) -> list[str]:
        """The competencies it earns that the plan still needs (required or in an unmet pool)."""
        wanted = set(self.needed) | {c for m in self.minimums if m.remaining for c in m.pool}
        return [c for c in self.opps[opp_id].competencies if c in wanted]

    def prerequisite_groups(self, opp_id: str) -> list[Group]:
        """Every any-of group the opportunity still needs before it starts.

        Its own prerequisite groups, plus one group per competency progression: if A precedes B and
        the opportunity earns B but not A, then A must be demonstrated or earned in an earlier term.
        Groups already met by evidence or by a completed opportunity are left out.
        """
        opp = self.opps[opp_id]
        groups = [Group(g.any_of_opportunities, g.any_of_competencies) for g in opp.prerequisites]
        own = set(opp.competencies)
        for comp in opp.competencies:
            for before in self.predecessors.get(comp, []):
                if before not in own:
                    groups.append(Group([], [before], progression=(before, comp)))
        return [
            g
            for g in groups
            if not (self.completed & set(g.opportunities) or self.demonstrated & set(g.competencies))
        ]

    def label(self, comp_id: str) -> str:
        """A competency in words: its code and its statement."""
        comp = self.comps.get(comp_id)
        if comp is None:
            return comp_id
        statement = comp.statement.rstrip(".")
        return f"{comp.label} ({statement})"

    def title(self, opp_id: str) -> str:
        opp = self.opps.get(opp_id)
        return opp.title if opp else opp_id

    def opp_ref(self, opp_id: str) -> Ref:
        """An opportunity in a phrase (core/phrases.py), titled in the reader's language when shown."""
        return Ref.to("opportunity", opp_id, self.title(opp_id))

    def comp_ref(self, comp_id: str) -> Ref:
        """A competency in a phrase: its code and statement (``label``), in the reader's language when shown."""
        return Ref.to("competency", comp_id, self.label(comp_id))


def _check(request: PlanRequest) -> tuple[Calendar, RequirementSet]:
    """The calendar and requirement set, or InvalidRequest naming what the request gets wrong."""
    catalog, student = request.catalog, request.student
    problems: list[str] = []
    calendar = catalog.calendar
    if calendar is None:
        raise InvalidRequest("the catalog has no term calendar")
    term_ids = {t.id for t in calendar.terms}
    plannable = {t.id for t in calendar.plannable()}
    try:
        requirements = catalog.requirement_set(student.requirement_set)
    except KeyError:
        raise InvalidRequest(f"requirement set {student.requirement_set!r} is not in the catalog") from None
    if student.target_graduation_term not in term_ids:
        problems.append(f"target graduation term {student.target_graduation_term!r} is not in the calendar")
    opps = catalog.opportunity_map()
    for lock in request.locks:
        if lock.opportunity not in opps:
            problems.append(f"locked opportunity {lock.opportunity!r} is not in the catalog")
        if lock.term is not None and lock.term not in plannable:
            problems.append(f"lock term {lock.term!r} is not a plannable term")
    if len({lock.opportunity for lock in request.locks}) != len(request.locks):
        problems.append("an opportunity is locked twice")
    for opp_id in request.exclusions:
        if opp_id not in opps:
            problems.append(f"excluded opportunity {opp_id!r} is not in the catalog")
    if problems:
        raise InvalidRequest("; ".join(problems))
    return calendar, requirements


def target_load(load: PaceLoad, fullness: Fullness, cap: float | None) -> float | None:
    """The weekly hours a full program aims at: the pace's target, moved by 'lighter' or 'fuller' (one
    step, kept within the pace's minimum and maximum and the student's cap). With no target, 'fuller'
    aims one step above the pace's minimum and 'lighter' keeps the lightest plan."""
    target = load.target_hours_per_week
    if fullness is Fullness.LIGHTER:
        target = None if target is None else target - FULLNESS_STEP_HOURS
    elif fullness is Fullness.FULLER:
        target = (load.min_hours_per_week if target is None else target) + FULLNESS_STEP_HOURS
    if target is None:
        return None
    high = min(load.max_hours_per_week, cap) if cap is not None else load.max_hours_per_week
    return max(load.min_hours_per_week, min(target, high))


def build_instance(request: PlanRequest) -> Instance:
    """Index a request; raise InvalidRequest when it names an unknown student, term or opportunity."""
    calendar, requirements = _check(request)
    catalog, student = request.catalog, request.student
    comps = catalog.competency_map()
    opps = catalog.opportunity_map()
    terms = calendar.plannable()
    target = calendar.index(student.target_graduation_term) - calendar.index(calendar.first_plannable_term)
    demonstrated = student.demonstrated()
    still = requirements.still_needed(demonstrated, catalog.competencies)
    needed, minimums = still.required, still.minimums
    load = requirements.pace_loads.get(student.pace) or PaceLoad(min_hours_per_week=0, max_hours_per_week=60)
    edits = PlanEdits(locks=request.locks, exclusions=request.exclusions, wishes_off=request.wishes_off)
    typed = student_wishes(student, edits, (load.min_hours_per_week, load.max_hours_per_week))
    known = {w.id for w in typed}
    unknown = [w for w in request.wishes_off if w not in known]
    if unknown:
        raise InvalidRequest(f"no wish with id {unknown[0]!r}; the wishes are {', '.join(sorted(known))}")
    earners: dict[str, list[str]] = {}
    for opp in catalog.opportunities:
        for c in opp.competencies:
            earners.setdefault(c, []).append(opp.id)
    predecessors: dict[str, list[str]] = {}
    for comp in catalog.competencies:
        for later in comp.precedes:
            predecessors.setdefault(later, []).append(comp.id)
    inst = Instance(
        request=request,
        student=student,
        catalog=catalog,
        calendar=calendar,
        requirements=requirements,
        terms=terms,
        target=target,
        comps=comps,
        opps=opps,
        demonstrated=demonstrated,
        completed=set(student.completed_opportunities),
        needed=needed,
        minimums=minimums,
        wishes=[],
        student_wishes=typed,
        pace_load=load,
        earners=earners,
        predecessors=predecessors,
    )
    hours = target_load(load, request.fullness, student.max_hours_per_week)
    inst.target_load = None if hours is None else quarters(hours)
    off = set(request.wishes_off)
    inst.wishes = [w.wish(inst, off) for w in typed]
    return inst
