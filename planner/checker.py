"""An independent plan checker: reads a request and a plan, and says which hard rule the plan breaks
and what each soft rule costs. It is written from the rules as documented (docs/solver.md), not from
the model: it imports neither the rules nor the model. The student's wishes check themselves: each
wish class in planner/wishes.py holds its checker clause (a plan-level check, written apart from the
constraint it posts), and ``_check_wishes`` asks every wish that is on.

Conventions it shares with the solver because they are part of the documented plan semantics:
weekly hours are counted in quarter-hours; an item occupies ``length_terms`` consecutive calendar
terms from its start term and earns its competencies in its last term; a prerequisite or a
progression (A precedes B) must be earned in a term before the dependent item starts.
"""

from __future__ import annotations

from core.schema import Catalog, Opportunity, Student, Term
from planner.domain import PlanItem, PlanRequest, PlanResult, WishKind
from planner.edits import PlanEdits
from planner.wishes import student_wishes

QUARTER_HOURS = 4
"""Weekly hours are counted in quarter-hours (documented plan semantics)."""

TENTHS = 10
"""Interest scores are costed in tenths (documented plan semantics)."""


def _q(hours: float) -> int:
    return round(hours * QUARTER_HOURS)


class PlanView:
    """What the checks read: the calendar positions of the plan's items."""

    def __init__(self, request: PlanRequest, result: PlanResult) -> None:
        catalog: Catalog = request.catalog
        assert catalog.calendar is not None
        self.request = request
        self.student: Student = request.student
        self.calendar = catalog.calendar
        self.terms: list[Term] = self.calendar.terms
        self.pos = {t.id: i for i, t in enumerate(self.terms)}
        self.first = self.pos[self.calendar.first_plannable_term]
        self.opps: dict[str, Opportunity] = catalog.opportunity_map()
        self.comps = catalog.competency_map()
        self.items: list[PlanItem] = result.items()
        self.off = set(request.wishes_off)
        self.known = [i for i in self.items if i.opportunity in self.opps and i.start_term in self.pos]

    def start(self, item: PlanItem) -> int:
        return self.pos[item.start_term]

    def end(self, item: PlanItem) -> int:
        return self.start(item) + self.opps[item.opportunity].length_terms - 1

    def running(self, term: int) -> list[PlanItem]:
        return [i for i in self.known if self.start(i) <= term <= self.end(i)]

    def load(self, term: int) -> int:
        return sum(_q(self.opps[i.opportunity].hours_per_week) for i in self.running(term))

    def earned_before(self, comp: str, term: int) -> bool:
        return any(comp in self.opps[i.opportunity].competencies and self.end(i) < term for i in self.known)

    def last_end(self) -> int:
        return max((self.end(i) for i in self.known), default=self.first - 1)


def check_plan(request: PlanRequest, result: PlanResult) -> list[str]:
    """Every hard rule the plan breaks, one sentence each; an empty list for a valid plan."""
    v = PlanView(request, result)
    problems: list[str] = []
    problems += _check_items(v)
    problems += _check_terms(v, result)
    problems += _check_times(v)
    problems += _check_prerequisites(v)
    problems += _check_coverage(v, result)
    problems += _check_wishes(v)
    return problems


def _check_items(v: PlanView) -> list[str]:
    problems = []
    seen: dict[str, None] = {}
    for item in v.items:
        o = item.opportunity
        if o not in v.opps:
            problems.append(f"{o} is not in the catalog")
            continue
        if item.start_term not in v.pos or v.pos[item.start_term] < v.first:
            problems.append(f"{o} starts in {item.start_term}, which is not a plannable term")
            continue
        opp = v.opps[o]
        if o in seen:
            problems.append(f"{o} is taken twice")
        twin = next(
            (x for x in seen if x != o and set(v.opps[x].competencies) == set(opp.competencies)), None
        )
        if twin is not None:
            problems.append(f"{twin} and {o} earn the same competencies")
        seen[o] = None
        start, end = v.start(item), v.end(item)
        if end >= len(v.terms) or v.terms[end].id != item.end_term:
            problems.append(f"{o} does not end {opp.length_terms} consecutive terms after it starts")
        if not opp.starts_in(v.terms[start]):
            problems.append(f"{o} is not offered in {item.start_term}")
        grade = v.student.grade_in(v.terms[start], v.calendar)
        if not opp.min_grade <= grade <= opp.max_grade:
            problems.append(f"{o} is not open to grade {grade}")
        if opp.seats == 0:
            problems.append(f"{o} has no seats left")
        if o in v.student.completed_opportunities:
            problems.append(f"{o} was already completed")
    return problems


def _check_terms(v: PlanView, result: PlanResult) -> list[str]:
    problems = []
    for term in result.terms:
        if term.term not in v.pos:
            problems.append(f"term {term.term} is not in the calendar")
            continue
        t = v.pos[term.term]
        if any(i.start_term != term.term for i in term.items):
            problems.append(f"term {term.term} lists an item that starts in another term")
        continuing = sorted(i.opportunity for i in v.running(t) if v.start(i) < t)
        if sorted(term.continuing) != continuing:
            problems.append(f"term {term.term} lists {term.continuing} as continuing, not {continuing}")
        if _q(term.weekly_hours) != v.load(t):
            problems.append(f"term {term.term} reports {term.weekly_hours} weekly hours")
    return problems


def _check_times(v: PlanView) -> list[str]:
    problems = []
    for t in range(v.first, len(v.terms)):
        running = v.running(t)
        for a_index, a in enumerate(running):
            for b in running[a_index + 1 :]:
                for x in v.opps[a.opportunity].meetings:
                    if any(x.overlaps(y) for y in v.opps[b.opportunity].meetings):
                        problems.append(f"{a.opportunity} and {b.opportunity} overlap in {v.terms[t].id}")
    return problems


def _check_prerequisites(v: PlanView) -> list[str]:
    problems = []
    demonstrated = v.student.demonstrated()
    completed = set(v.student.completed_opportunities)
    for item in v.known:
        opp, start = v.opps[item.opportunity], v.start(item)
        for group in opp.prerequisites:
            met = bool(completed & set(group.any_of_opportunities)) or bool(
                demonstrated & set(group.any_of_competencies)
            )
            met = met or any(
                other.opportunity in group.any_of_opportunities and v.end(other) < start for other in v.known
            )
            met = met or any(v.earned_before(c, start) for c in group.any_of_competencies)
            if not met:
                problems.append(f"{item.opportunity} starts before a prerequisite is met")
        for comp in v.request.catalog.competencies:
            for later in comp.precedes:
                if (
                    later in opp.competencies
                    and comp.id not in opp.competencies
                    and comp.id not in demonstrated
                    and not v.earned_before(comp.id, start)
                ):
                    problems.append(f"{item.opportunity} earns {later} before {comp.id} is earned")
    return problems


def _check_coverage(v: PlanView, result: PlanResult) -> list[str]:
    problems = []
    rs = v.request.catalog.requirement_set(v.student.requirement_set)
    demonstrated = v.student.demonstrated()
    earned = {c for i in v.known for c in v.opps[i.opportunity].competencies}
    for comp in rs.required:
        if comp in demonstrated or (comp in v.comps and v.comps[comp].is_heading):
            continue
        if comp not in earned:
            problems.append(f"required competency {comp} is not earned")
            continue
        by = result.coverage.get(comp, "")
        if by not in v.opps or comp not in v.opps[by].competencies:
            problems.append(f"the coverage map does not name an item that earns {comp}")
    for minimum in rs.subject_minimums:
        pool = minimum.pool or [c.id for c in v.request.catalog.competencies if c.subject == minimum.subject]
        pool = [c for c in set(pool) if not (c in v.comps and v.comps[c].is_heading)]
        have = sum(1 for c in pool if c in demonstrated or c in earned)
        if have < minimum.count:
            problems.append(f"{minimum.subject} has {have} competencies, fewer than {minimum.count}")
    return problems


def _check_wishes(v: PlanView) -> list[str]:
    """Each wish that is on checks its own clause (planner/wishes.py)."""
    rs = v.request.catalog.requirement_set(v.student.requirement_set)
    pace = rs.pace_loads.get(v.student.pace)
    edits = PlanEdits(locks=v.request.locks, exclusions=v.request.exclusions)
    bounds = (pace.min_hours_per_week, pace.max_hours_per_week) if pace else None
    wishes = student_wishes(v.student, edits, bounds or (0.0, 0.0))
    return [
        problem
        for wish in wishes
        if wish.id not in v.off and not (wish.kind is WishKind.PACE_LOAD and bounds is None)
        for problem in wish.violations(v)
    ]


def score_plan(request: PlanRequest, result: PlanResult) -> dict[str, int]:
    """The penalty of every soft rule that applies, recomputed from the plan alone."""
    v = PlanView(request, result)
    w = request.weights
    effort = {
        i.opportunity: _q(v.opps[i.opportunity].hours_per_week) * v.opps[i.opportunity].length_terms
        for i in v.known
    }
    scores: dict[str, int] = {}
    if request.interest_scores:
        lack = {
            o: TENTHS - round(min(1.0, max(0.0, request.interest_scores.get(o, 0.0))) * TENTHS)
            for o in effort
        }
        scores["match_interests"] = w.interest_mismatch * sum(effort[o] * lack[o] for o in effort)
    scores["no_wasted_hours"] = w.wasted_hours * sum(effort.values())
    scores["balanced_load"] = w.balanced_load * max(
        (v.load(t) for t in range(v.first, len(v.terms))), default=0
    )
    if v.student.preferred_modes:
        outside = sum(1 for i in v.known if v.opps[i.opportunity].mode not in v.student.preferred_modes)
        scores["preferred_modes"] = w.preferred_modes * outside
    if v.student.pace == "accelerated":
        scores["finish_early"] = w.finish_early * (v.last_end() - v.first + 1)
    scores["earn_sooner"] = w.sooner * sum(
        (v.start(i) - v.first) * _q(v.opps[i.opportunity].hours_per_week) for i in v.known
    )
    if request.previous is not None:
        before = {
            i.opportunity: i.start_term
            for i in request.previous.items()
            if i.start_term in v.pos and v.pos[i.start_term] >= v.first
        }
        now = {i.opportunity: i.start_term for i in v.items}
        changed = [o for o, t in before.items() if now.get(o) != t] + [o for o in now if o not in before]
        scores["stay_close_to_previous"] = w.stability * len(changed)
    return scores
