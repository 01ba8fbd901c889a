"""``solve(request) -> PlanResult``: check the request, build the model, run CP-SAT, read the plan.

It never prints and never touches a UI. An invalid request gives status ``invalid`` with a message;
an impossible one gives ``infeasible`` with an explanation; running out of time before any plan
gives ``unknown``.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable

from ortools.sat.python import cp_model

from core.i18n import N_
from core.phrases import Phrase, in_english
from planner.context import PlanModel, Start
from planner.domain import (
    MinimumProgress,
    PathwayProgress,
    PlanItem,
    PlanRequest,
    PlanResult,
    PlanStatus,
    SoftScore,
    StepProgress,
    TermPlan,
)
from planner.explain import TITLE_REASON, blocking_phrases, explain_infeasible, item_reason
from planner.instance import Instance, InvalidRequest, build_instance
from planner.model import build, make_solver, without_needs
from planner.program import redundant

SolutionListener = Callable[[float, int], None]
"""Called with (seconds since the solve started, objective) for every improving plan found."""


class _Listener(cp_model.CpSolverSolutionCallback):
    """Reports each improving plan that keeps the redundancy rule (the others are plans of a
    relaxation, see ``_solve_without_redundancy``)."""

    def __init__(self, listener: SolutionListener, started: float, m: PlanModel) -> None:
        super().__init__()
        self._listener = listener
        self._started = started
        self._m = m

    def on_solution_callback(self) -> None:
        chosen = [key for key, lit in self._m.take.items() if self.boolean_value(lit)]
        if not redundant(self._m.inst, chosen):
            self._listener(time.perf_counter() - self._started, round(self.objective_value))


def solve(request: PlanRequest, on_solution: SolutionListener | None = None) -> PlanResult:
    """The best plan CP-SAT finds within the time limit, or why there is none."""
    started = time.perf_counter()
    try:
        inst = build_instance(request)
    except InvalidRequest as exc:
        return PlanResult(status=PlanStatus.INVALID, student=request.student.id, message=str(exc))
    uncoverable = [c for c in inst.needed if not inst.earners.get(c)]
    work = without_needs(inst, set(uncoverable))
    m, solver, status, solver_time = _solve_without_redundancy(work, request, on_solution, started)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if found and not uncoverable:
        # A solve stopped by the request's gap limit says OPTIMAL too; only a plan at its bound is.
        proved = status == cp_model.OPTIMAL and solver.best_objective_bound >= solver.objective_value - 0.5
        if proved and request.previous is None and request.settle_ties:
            settled, spent = settle_ties(m, solver, request)
            solver, solver_time = settled or solver, solver_time + spent
        plan = read_plan(m, solver, proved)
        plan.solve_time = solver_time
        return plan
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"the plan model is invalid: {m.model.validate()}")
    if found or status == cp_model.INFEASIBLE:
        base = PlanResult(
            status=PlanStatus.INFEASIBLE,
            student=inst.student.id,
            requirement_set=inst.requirements.id,
            wishes=inst.wishes,
            solve_time=solver_time,
        )
        if request.explain:
            explanation, spent = explain_infeasible(work, uncoverable, rest_feasible=found)
            base.explanation = explanation
            base.message, base.message_phrase = explanation.message, explanation.phrase
            base.solve_time += spent
        return base
    timed_out = out_of_budget(solver)
    return PlanResult(
        status=PlanStatus.UNKNOWN,
        student=inst.student.id,
        requirement_set=inst.requirements.id,
        wishes=inst.wishes,
        solve_time=solver_time,
        message=in_english(timed_out),
        message_phrase=timed_out,
    )


def out_of_budget(solver: cp_model.CpSolver) -> Phrase:
    """Why a solve gave no plan: it used up its work budget, or (on a starved machine) its safety net."""
    limit = solver.parameters.max_time_in_seconds
    if solver.wall_time >= 0.99 * limit:
        return Phrase.of(
            N_("no plan was found within {seconds} seconds (the machine is busy); try again later"),
            seconds=limit,
        )
    return Phrase.of(
        N_("no plan was found within a budget of {effort} units of work; try again with a larger budget"),
        effort=solver.parameters.max_deterministic_time,
    )


LATER_ROUND_EFFORT = 1.0
"""The least work (CP-SAT deterministic seconds) a later round of the lazy redundancy rule gets, when
earlier rounds used up the budget."""

LATER_ROUND_SECONDS = 1.0
"""The least wall-clock safety net a later round gets, when earlier rounds used up the request's."""


def _solve_without_redundancy(
    inst: Instance, request: PlanRequest, on_solution: SolutionListener | None, started: float
) -> tuple[PlanModel, cp_model.CpSolver, cp_model.CpSolverStatus, float]:
    """Solve; while the plan holds redundant items, post the redundancy rule for them and solve again
    from that plan (``planner.program.no_redundant_items``). When no plan keeps the rule, the rule gives
    way: the plan is the best one without it (the first round's). Each round has the request's time
    budget; a round that finds nothing in time gives the last plan without its redundant items (when
    that keeps every other rule). Also returns the solver time of every round.

    The rounds share the request's budget: a later round gets the work the earlier ones left, but at
    least ``LATER_ROUND_EFFORT`` (each round used to get the whole limit, so a plan needing a second
    round could take twice the limit), and likewise what is left of the wall-clock safety net."""
    watch: frozenset[str] = frozenset()
    hint: set[Start] | None = None
    first: tuple[PlanModel, cp_model.CpSolver, cp_model.CpSolverStatus] | None = None
    spent = 0.0
    worked = 0.0

    def timed_solver() -> cp_model.CpSolver:
        solver = make_solver(request)
        if first is not None:
            params = solver.parameters
            params.max_deterministic_time = max(LATER_ROUND_EFFORT, params.max_deterministic_time - worked)
            params.max_time_in_seconds = max(LATER_ROUND_SECONDS, params.max_time_in_seconds - spent)
        return solver

    while True:
        m = build(inst, watch=watch, hint=hint)
        solver = timed_solver()
        status = solver.solve(m.model, _Listener(on_solution, started, m) if on_solution else None)
        spent += solver.wall_time
        worked += solver.deterministic_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if first is None:
                return (m, solver, status, spent)
            if status == cp_model.UNKNOWN and hint is not None:
                # Out of time: the last plan without its redundant items, when it keeps every rule.
                m = build(inst, hint=hint)
                for key, lit in m.take.items():
                    m.model.add(lit == (key in hint))
                solver = timed_solver()
                status = solver.solve(m.model)
                spent += solver.wall_time
                worked += solver.deterministic_time
                if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    return (m, solver, cp_model.FEASIBLE, spent)
            return (*first, spent)
        first = first or (m, solver, status)
        chosen = [key for key, lit in m.take.items() if solver.boolean_value(lit)]
        extra = redundant(inst, chosen) - watch
        if not extra:
            return (m, solver, status, spent)
        # The plan without its redundant items keeps every competency it earned: the search starts there.
        watch, hint = watch | extra, {(o, s) for o, s in chosen if o not in extra}


TIE_RANGE = 1 << 20
"""Tie weights lie in 1..TIE_RANGE: wide enough that two different plans almost never weigh the same."""


SETTLE_EFFORT = 0.5
"""The most work (CP-SAT's deterministic time, about a second of one quiet core) settling ties may
take; it is counted in work, not wall time, so a busy machine settles the same ties as a quiet one."""


def tie_weight(opp_id: str, term_id: str) -> int:
    """A start's fixed weight in the tie order: a checksum of the opportunity and term ids, the same
    in every process (unlike ``hash``), spread so that equal sums of different plans are rare."""
    return 1 + zlib.crc32(f"{opp_id}@{term_id}".encode()) % TIE_RANGE


def settle_ties(
    m: PlanModel, solver: cp_model.CpSolver, request: PlanRequest
) -> tuple[cp_model.CpSolver | None, float]:
    """Among the plans as good as the optimum just proved, always the same one: the same request gives
    the same plan on every run and with any number of workers.

    Several plans often cost exactly the same, and which one a search meets first depends on thread
    timing. This second solve keeps the objective at its optimum and minimizes a fixed tie order (each
    start's ``tie_weight``), with one worker, from the plan just found, for at most ``SETTLE_EFFORT``
    of work (when that is not enough to prove the first in the tie order, the plan is the best one
    it found, as good as the optimum but not always the same). Only for a first plan: a re-plan
    starts from the previous plan, and the stability rule keeps what it can of it. Returns its solver
    (None when it found nothing) and its solver time. It changes ``m.model``."""
    if not m.soft:
        return None, 0.0
    chosen = {key for key, lit in m.take.items() if solver.boolean_value(lit)}
    model = m.model
    model.add(m.objective() == round(solver.objective_value))
    terms = m.inst.terms
    model.minimize(sum(tie_weight(o, terms[s].id) * lit for (o, s), lit in m.take.items()))
    model.clear_hints()
    for key, lit in m.take.items():
        model.add_hint(lit, key in chosen)
    settle = make_solver(request, workers=1)
    settle.parameters.max_deterministic_time = SETTLE_EFFORT
    status = settle.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return (settle if found else None), settle.wall_time


def read_plan(m: PlanModel, solver: cp_model.CpSolver, optimal: bool) -> PlanResult:
    """Turn the solver's values into the typed plan, with coverage, penalties and reasons."""
    inst = m.inst
    chosen = sorted((s, o) for (o, s), lit in m.take.items() if solver.boolean_value(lit))
    ends = {o: m.end(o, s) for s, o in chosen}
    coverage = _coverage(inst, ends)
    locked = {lock.opportunity for lock in inst.request.locks}
    items: dict[str, PlanItem] = {}
    for s, o in chosen:
        opp = inst.opps[o]
        items[o] = PlanItem(
            opportunity=o,
            title=opp.title,
            kind=opp.kind,
            mode=opp.mode,
            start_term=inst.terms[s].id,
            end_term=inst.terms[ends[o]].id,
            length_terms=opp.length_terms,
            weekly_hours=opp.hours_per_week,
            meetings=opp.meetings,
            competencies=opp.competencies,
            needed=[c for c, by in coverage.items() if by == o],
            interest=inst.interest(o),
            locked=o in locked,
        )
    last = max([*ends.values(), min(inst.target, len(inst.terms) - 1)], default=-1)
    terms = []
    for t in range(last + 1):
        term = inst.terms[t]
        running = [o for s, o in chosen if s <= t <= ends[o]]
        terms.append(
            TermPlan(
                term=term.id,
                name=term.name,
                items=[items[o] for s, o in chosen if s == t],
                continuing=[o for s, o in chosen if s < t <= ends[o]],
                weekly_hours=sum(inst.opps[o].hours_per_week for o in running),
            )
        )
    penalties = []
    for soft in m.soft:
        amount = round(solver.value(soft.expr)) + soft.constant
        penalties.append(
            SoftScore(
                rule=soft.rule,
                description=soft.description,
                weight=soft.weight,
                amount=amount,
                penalty=soft.weight * amount,
            )
        )
    objective = sum(p.penalty for p in penalties)
    bound = objective if optimal else solver.best_objective_bound
    result = PlanResult(
        status=PlanStatus.OPTIMAL if optimal else PlanStatus.FEASIBLE,
        student=inst.student.id,
        requirement_set=inst.requirements.id,
        terms=terms,
        coverage=coverage,
        minimums=[
            MinimumProgress(
                subject=mn.subject,
                count=mn.count,
                demonstrated=mn.demonstrated,
                planned=sum(1 for c in mn.pool if any(o in ends for o in inst.earners.get(c, []))),
            )
            for mn in inst.minimums
        ],
        objective=objective,
        best_bound=bound,
        gap=0.0 if optimal else max(0.0, (objective - bound) / max(1, abs(objective))),
        penalties=penalties,
        solve_time=solver.wall_time,
        wishes=inst.wishes,
    )
    result.pathway = pathway_progress(m, solver)
    for item in items.values():
        item.why = item_reason(inst, m.starts, result, item)
    return result


def pathway_progress(m: PlanModel, solver: cp_model.CpSolver) -> PathwayProgress | None:
    """How far the plan gets on the request's pathway: each step's item and term, a step made by a
    completed opportunity, and for a step not made, why each of its opportunities does not fit."""
    inst = m.inst
    pathway = inst.request.pathway
    if pathway is None:
        return None
    finish = {o: min(m.end(o, s) for s in ss) for o, ss in m.starts.items() if ss}
    steps = []
    for k, step in enumerate(pathway.steps):
        progress = StepProgress(role=step.role, name=step.name or step.role.value)
        done = next((o for o in step.any_of if o in inst.completed), None)
        picks = m.picks[k] if k < len(m.picks) else {}
        chosen = next(((o, s) for (o, s), lit in picks.items() if solver.boolean_value(lit)), None)
        if done is not None:
            progress.opportunity, progress.completed = done, True
        elif chosen is not None:
            progress.opportunity, progress.term = chosen[0], inst.terms[chosen[1]].id
        else:
            progress.why_not_phrases = [
                Phrase.of(TITLE_REASON, title=inst.opp_ref(o), reason=reason)
                for o in dict.fromkeys(step.any_of)
                if o in inst.opps
                for reason in _step_blocks(m, o, finish)
            ]
            progress.why_not = [in_english(p) for p in progress.why_not_phrases]
        steps.append(progress)
    return PathwayProgress(pathway=pathway.id, name=pathway.name, inferred=pathway.inferred, steps=steps)


def _step_blocks(m: PlanModel, opp_id: str, finish: dict[str, int]) -> list[Phrase]:
    """Why one opportunity of a step is not in the plan: what rules out its starts, or, when it could
    start, that it does not fit with the rest (or not after the earlier steps)."""
    if m.starts.get(opp_id):
        return [Phrase.of(N_("does not fit with the rest of the plan after the earlier steps"))]
    return blocking_phrases(m.inst, opp_id, m.inst.wishes_on, finish, name_busy=True)


def _coverage(inst: Instance, ends: dict[str, int]) -> dict[str, str]:
    """Each needed competency (and each pool competency a subject minimum still counts) and the
    planned item that earns it first."""

    def first(comp: str) -> str | None:
        found = [(ends[o], o) for o in inst.earners.get(comp, []) if o in ends]
        return min(found)[1] if found else None

    coverage = {c: by for c in inst.needed if (by := first(c)) is not None}
    for minimum in inst.minimums:
        earned = sorted((ends[by], c, by) for c in minimum.pool if (by := first(c)) is not None)
        for _, comp, by in earned[: minimum.remaining]:
            coverage.setdefault(comp, by)
    return coverage
