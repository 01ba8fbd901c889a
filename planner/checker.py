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

from core.schema import Catalog, Opportunity, PaceLoad, Season, Student, Term
from planner.domain import PlanItem, PlanRequest, PlanResult, WishKind
from planner.edits import PlanEdits
from planner.instance import INTEREST_REASON, target_load
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
    problems += _check_redundant(v)
    problems += _check_wishes(v)
    return problems


def _planned_for_itself(v: PlanView, opp_id: str) -> bool:
    """Locked, a step of the request's pathway, or an interest score of at least INTEREST_REASON."""
    request = v.request
    if any(lock.opportunity == opp_id for lock in request.locks):
        return True
    if request.pathway is not None and opp_id in request.pathway.opportunities():
        return True
    return request.interest_scores.get(opp_id, 0.0) >= INTEREST_REASON


def _check_redundant(v: PlanView) -> list[str]:
    """No planned item earns only competencies that are demonstrated or earned by other planned items
    ending no later than it (unless it is named as a prerequisite of a later planned item, or is
    planned for itself)."""
    demonstrated = v.student.demonstrated()
    problems = []
    for item in v.known:
        if _planned_for_itself(v, item.opportunity):
            continue
        opens = [
            i
            for i in v.known
            if v.start(i) > v.end(item)
            and any(item.opportunity in g.any_of_opportunities for g in v.opps[i.opportunity].prerequisites)
        ]
        if opens:
            continue
        others = [i for i in v.known if i.opportunity != item.opportunity and v.end(i) <= v.end(item)]
        elsewhere = {c for i in others for c in v.opps[i.opportunity].competencies} | demonstrated
        if set(v.opps[item.opportunity].competencies) <= elsewhere:
            problems.append(f"{item.opportunity} earns nothing that is not demonstrated or earned elsewhere")
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
    """The penalty of every soft rule that applies (a reward as a negative penalty), recomputed from
    the plan alone."""
    v = PlanView(request, result)
    w = request.weights
    effort = {
        i.opportunity: _q(v.opps[i.opportunity].hours_per_week) * v.opps[i.opportunity].length_terms
        for i in v.known
    }
    rs = request.catalog.requirement_set(request.student.requirement_set)
    pace = rs.pace_loads.get(request.student.pace) or PaceLoad(min_hours_per_week=0, max_hours_per_week=60)
    hours = target_load(pace, request.fullness, request.student.max_hours_per_week)
    target = v.pos[request.student.target_graduation_term]
    accelerated = v.student.pace == "accelerated"
    program = (
        []
        if hours is None
        else [
            t for t in range(v.first, min(target, len(v.terms) - 1) + 1) if v.terms[t].season != Season.SUMMER
        ]
    )
    scores: dict[str, int] = {}
    if request.interest_scores:
        tenths = {o: round(min(1.0, max(0.0, request.interest_scores.get(o, 0.0))) * TENTHS) for o in effort}
        scores["match_interests"] = -w.interest_value * sum(effort[o] * tenths[o] for o in effort)
    if hours is not None:
        wanted = {t: _q(hours) if not accelerated or t <= v.last_end() else 0 for t in program}
        scores["full_program"] = w.full_program * sum(max(0, wanted[t] - v.load(t)) for t in program)
        beyond = sum(max(0, v.load(t) - _q(hours)) for t in program)
        beyond += sum(v.load(t) for t in range(v.first, len(v.terms)) if t not in program)
        scores["no_wasted_hours"] = w.wasted_hours * beyond
    else:
        scores["no_wasted_hours"] = w.wasted_hours * sum(effort.values())
    subjects = {
        o: {v.comps[c].subject for c in v.opps[o].competencies if c in v.comps} - {""} for o in v.opps
    }
    if any(len(subject) >= 2 for subject in subjects.values()):
        scores["interdisciplinary"] = -w.interdisciplinary * sum(
            effort[o] for o in effort if len(subjects[o]) >= 2
        )
    if request.pathway is not None:
        scores["follow_pathway"] = -w.pathway_step * _steps_in_order(v, request)
    if hours is None:
        scores["balanced_load"] = w.balanced_load * max(
            (v.load(t) for t in range(v.first, len(v.terms))), default=0
        )
    if v.student.preferred_modes:
        outside = sum(1 for i in v.known if v.opps[i.opportunity].mode not in v.student.preferred_modes)
        scores["preferred_modes"] = w.preferred_modes * outside
    if accelerated:
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


def _steps_in_order(v: PlanView, request: PlanRequest) -> int:
    """The most pathway steps planned items make in order (each starting after the previous made
    step's item ends); steps made by completed opportunities are not counted."""
    assert request.pathway is not None
    best = {-1: 0}  # the end term of the last made step -> steps made
    for step in request.pathway.steps:
        if any(o in v.student.completed_opportunities for o in step.any_of):
            continue
        options = [i for i in v.known if i.opportunity in step.any_of]
        grown = dict(best)
        for end, count in best.items():
            for item in options:
                if v.start(item) > end:
                    grown[v.end(item)] = max(grown.get(v.end(item), 0), count + 1)
        best = grown
    return max(best.values())
