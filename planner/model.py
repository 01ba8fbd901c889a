"""Builds the CP-SAT model of one plan request (``solve`` itself lives in ``planner.solve``).

What keeps the model small and fast, before CP-SAT sees it:
- a variable ``take[o, s]`` exists only for a start that the catalog facts and the wishes allow
  (offering terms, grades, seats, calendar, unavailable times, modes, deadline, exclusions);
- starts whose prerequisites can never be met in an earlier term are pruned, until a fixpoint;
- opportunities that earn nothing still needed and enable nothing needed are dropped whenever the
  pace asks no minimum load (dropping them can then never make a plan worse);
- overlapping meetings are one at-most-one per maximal clique of the interval graph (a sweep over
  each day), not one constraint per pair; the same content (sections of one course) is one clique;
- the previous plan, when re-planning, is a complete hint;
- the search runs CP-SAT's LP at linearization level 2, so the coverage clauses bound the objective
  (see ``make_solver``). docs/solver.md has the measurements.
"""

from __future__ import annotations

import dataclasses

from ortools.sat.python import cp_model

from core.settings import get_settings
from planner.context import PlanModel, Start
from planner.domain import PlanRequest
from planner.instance import Instance
from planner.rules import MODEL_RULES, SOFT_RULES, blocks_for

INFINITY = 10**9
"""A term index later than any calendar: 'never'."""

LINEARIZATION_LEVEL = 2
"""CP-SAT's LP also takes clauses and at-most-ones at this level (the default, 1, does not)."""


def candidate_starts(
    inst: Instance, *, keep_wish_blocks: bool
) -> tuple[dict[str, list[int]], dict[Start, list[str]]]:
    """Allowed starts per opportunity, and for each start the wishes (switched on) that forbid it.

    Starts forbidden by a catalog fact are never kept. Starts forbidden by a wish are kept only when
    ``keep_wish_blocks`` (explanation mode, where the wish becomes a switchable literal).
    """
    on = inst.wishes_on
    starts: dict[str, list[int]] = {}
    wish_blocks: dict[Start, list[str]] = {}
    for opp in inst.catalog.opportunities:
        for s in range(len(inst.terms)):
            blocks = [b for b in blocks_for(inst, opp, s) if b.wish is None or b.wish in on]
            if any(b.wish is None for b in blocks) or (blocks and not keep_wish_blocks):
                continue
            starts.setdefault(opp.id, []).append(s)
            if blocks:
                wish_blocks[opp.id, s] = sorted({b.wish for b in blocks if b.wish})
    prune_unreachable(inst, starts)
    wish_blocks = {key: ws for key, ws in wish_blocks.items() if key[1] in starts.get(key[0], [])}
    return starts, wish_blocks


def prune_unreachable(inst: Instance, starts: dict[str, list[int]]) -> None:
    """Drop every start with a prerequisite group that nothing can meet in an earlier term (in place)."""
    groups = {o: inst.prerequisite_groups(o) for o in starts}
    changed = True
    while changed:
        changed = False
        finish = {o: min(s + inst.opps[o].length_terms - 1 for s in ss) for o, ss in starts.items() if ss}
        earned = {
            c: min((finish[o] for o in inst.earners.get(c, []) if o in finish), default=INFINITY)
            for g in (g for gs in groups.values() for g in gs)
            for c in g.competencies
        }
        for o, ss in starts.items():
            ready = max(
                (
                    min(
                        [finish.get(p, INFINITY) for p in g.opportunities]
                        + [earned[c] for c in g.competencies]
                    )
                    for g in groups[o]
                ),
                default=-1,
            )
            kept = [s for s in ss if s > ready]
            if len(kept) != len(ss):
                starts[o] = kept
                changed = True
    for o in [o for o, ss in starts.items() if not ss]:
        del starts[o]


def prune_useless(inst: Instance, starts: dict[str, list[int]]) -> None:
    """Drop opportunities that earn nothing needed and enable nothing needed (in place).

    Only when the pace asks no minimum and no target load: then removing such an item from any plan keeps every
    hard rule and lowers every soft cost, so no optimal plan uses one. Locked items, the pathway's
    items and items of the previous plan are kept.
    """
    if inst.pace_load.min_hours_per_week > 0 and "pace_load" in inst.wishes_on:
        return
    if inst.target_load is not None:
        return
    useful = {o for o in starts if inst.relevant(o)}
    useful |= {lock.opportunity for lock in inst.request.locks}
    if inst.request.pathway is not None:
        useful |= set(inst.request.pathway.opportunities())
    if inst.request.previous is not None:
        useful |= {i.opportunity for i in inst.request.previous.items()}
    frontier = list(useful)
    while frontier:
        o = frontier.pop()
        if o not in inst.opps:
            continue
        for g in inst.prerequisite_groups(o):
            enablers = list(g.opportunities) + [e for c in g.competencies for e in inst.earners.get(c, [])]
            for e in enablers:
                if e not in useful:
                    useful.add(e)
                    frontier.append(e)
    for o in [o for o in starts if o not in useful]:
        del starts[o]


def build(
    inst: Instance,
    *,
    explain: bool = False,
    watch: frozenset[str] = frozenset(),
    hint: set[Start] | None = None,
) -> PlanModel:
    """The CP-SAT model of an instance. With ``explain``, each wish that is on is a literal to assume
    (see ``PlanModel.wish_literals``) and there is no objective. ``watch``: the opportunities the
    redundancy rule is posted for (see ``planner.program.no_redundant_items``); ``hint``: a plan to
    start from (default: the previous plan when re-planning)."""
    starts, wish_blocks = candidate_starts(inst, keep_wish_blocks=explain)
    if not explain:
        prune_useless(inst, starts)
    m = PlanModel(inst, cp_model.CpModel(), starts, watch=watch)
    model = m.model

    # Variables: take[o, s] for every allowed start of every opportunity.
    for o, ss in starts.items():
        for s in ss:
            m.take[o, s] = model.new_bool_var(f"take[{o}, {s}]")

    # Loads: load[t] is the weekly quarter-hours of the items occupying term t.
    for t in range(len(inst.terms)):
        items = [(inst.load_quarters(o), m.take[o, s]) for (o, s) in m.active(t)]
        bound = sum(q for q, _ in items)
        m.load_bound = max(m.load_bound, bound)
        load = model.new_int_var(0, bound, f"load[{t}]")
        model.add(load == sum(q * lit for q, lit in items))
        m.load.append(load)

    # Wishes: when explaining, each wish is a literal, and under it the starts it forbids are off.
    if explain:
        for wish in inst.wishes:
            if wish.on:
                m.wish_literals[wish.id] = model.new_bool_var(f"wish[{wish.id}]")
        for (o, s), wishes in wish_blocks.items():
            for w in wishes:
                model.add_implication(m.wish_literals[w], m.take[o, s].Not())

    # Hard rules: each posts its own constraints.
    for rule in MODEL_RULES:
        rule(m)

    # Objective: the weighted sum of every soft rule's amount.
    if not explain:
        m.soft = [term for rule in SOFT_RULES if (term := rule(m)) is not None]
        model.minimize(m.objective())

    # Hint: the given plan or the previous plan, completed with zeros, is where the search starts.
    previous = inst.request.previous
    if hint is None and previous is not None:
        index = {t.id: i for i, t in enumerate(inst.terms)}
        hint = {(i.opportunity, index.get(i.start_term, -1)) for i in previous.items()}
    if hint is not None:
        for key, lit in m.take.items():
            model.add_hint(lit, key in hint)
    return m


def without_needs(inst: Instance, comps: set[str]) -> Instance:
    """The same instance without some needed competencies (those no opportunity can earn)."""
    return dataclasses.replace(inst, needed=[c for c in inst.needed if c not in comps])


def make_solver(request: PlanRequest, *, workers: int | None = None) -> cp_model.CpSolver:
    """A CP-SAT solver with the request's (or the settings') budget and workers.

    The budget is work, CP-SAT's deterministic time, so that with one worker the same request gives the
    same plan whatever the machine's load, even when the solve stops at its budget; the wall-clock
    limit is a safety net well above it, which only a starved machine reaches (docs/solver.md)."""
    settings = get_settings()
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = request.effort or settings.solver_effort
    solver.parameters.max_time_in_seconds = request.time_limit or settings.solver_time_limit
    solver.parameters.num_workers = workers or request.workers or settings.solver_workers
    # The coverage rows are clauses, which CP-SAT's default LP leaves out (level 1); without them the
    # bound stays near zero and the search wanders. Level 2 puts them in the LP, and with several
    # workers the full-problem worker is the one that runs that LP ("max_lp"); the rest do LNS.
    solver.parameters.linearization_level = LINEARIZATION_LEVEL
    solver.parameters.relative_gap_limit = request.gap_limit
    if request.quick_presolve:
        solver.parameters.max_presolve_iterations = 1
    solver.parameters.subsolvers.append("max_lp")
    # Probing in presolve stays on (CP-SAT's default): with the full program it pays for itself (33
    # personal-eval first plans: 22.1 -> 17.7 deterministic seconds, 31 -> 32 proved), though on the
    # lightest-cover planner it cost more than half a second per district (docs/solver.md).
    return solver
