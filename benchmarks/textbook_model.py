"""The textbook CP-SAT formulation of the same planning problem, as public course planners write it.

One boolean ``x[o, t]`` per opportunity and term ("o starts in term t"), every rule posted directly
as a linear constraint, default search parameters: no pre-filtering, no pruning, pairwise conflicts,
no hint. It reads the same facts (``planner.instance``) and costs plans with the same soft rules, so
its optimum equals the planner's and the two can be compared run against run.
"""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model

from core.schema import Opportunity
from planner.context import quarters
from planner.domain import PlanRequest
from planner.instance import build_instance
from planner.rules import blocks_for


def _conflict(a: Opportunity, b: Opportunity) -> bool:
    return any(x.overlaps(y) for x in a.meetings for y in b.meetings)


def build_textbook(request: PlanRequest) -> tuple[cp_model.CpModel, dict[tuple[str, int], cp_model.IntVar]]:
    """The model and its variables ``x[o, t]``."""
    inst = build_instance(request)
    model = cp_model.CpModel()
    opps = inst.catalog.opportunities
    count = len(inst.terms)
    x = {(o.id, t): model.new_bool_var(f"x[{o.id},{t}]") for o in opps for t in range(count)}

    def starts_covering(o: Opportunity, t: int) -> list[cp_model.IntVar]:
        return [x[o.id, s] for s in range(max(0, t - o.length_terms + 1), t + 1)]

    def done_before(o: Opportunity, t: int) -> list[cp_model.IntVar]:
        return [x[o.id, s] for s in range(count) if s + o.length_terms - 1 < t]

    # A start is allowed only if every start rule allows it (offered, grade, seats, wishes...).
    on = inst.wishes_on
    for o in opps:
        for t in range(count):
            if any(b.wish is None or b.wish in on for b in blocks_for(inst, o, t)):
                model.add(x[o.id, t] == 0)
        model.add(sum(x[o.id, t] for t in range(count)) <= 1)

    # The same content (identical competencies) is taken at most once.
    same: dict[frozenset[str], list[cp_model.IntVar]] = {}
    for o in opps:
        same.setdefault(frozenset(o.competencies), []).extend(x[o.id, t] for t in range(count))
    for group in same.values():
        model.add(sum(group) <= 1)

    # Coverage and subject minimums.
    by_id = inst.opps
    for c in inst.needed:
        model.add(sum(x[o, t] for o in inst.earners.get(c, []) for t in range(count)) >= 1)
    for minimum in inst.minimums:
        if minimum.remaining:
            flags = []
            for c in minimum.pool:
                flag = model.new_bool_var(f"y[{c}]")
                model.add(flag <= sum(x[o, t] for o in inst.earners.get(c, []) for t in range(count)))
                flags.append(flag)
            model.add(sum(flags) >= minimum.remaining)

    # Prerequisites and progressions: each group met by something that ends before the start.
    for o in opps:
        for group in inst.prerequisite_groups(o.id):
            enablers = [by_id[p] for p in group.opportunities] + [
                by_id[e] for c in group.competencies for e in inst.earners.get(c, [])
            ]
            for t in range(count):
                model.add(x[o.id, t] <= sum(v for e in enablers for v in done_before(e, t)))

    # No two overlapping opportunities in the same term: one constraint per pair and term.
    timed = [o for o in opps if o.meetings]
    for a, b in itertools.combinations(timed, 2):
        if _conflict(a, b):
            for t in range(count):
                model.add(sum(starts_covering(a, t)) + sum(starts_covering(b, t)) <= 1)

    # Weekly load per term, the cap, the pace, and the plan's last term.
    loads = []
    for t in range(count):
        load = model.new_int_var(0, 10**6, f"load[{t}]")
        model.add(load == sum(quarters(o.hours_per_week) * v for o in opps for v in starts_covering(o, t)))
        loads.append(load)
    last = model.new_int_var(0, count, "last")
    for o in opps:
        for t in range(count):
            model.add(last >= (t + o.length_terms) * x[o.id, t])
    for t, load in enumerate(loads):
        if "hours_cap" in on:
            model.add(load <= quarters(inst.student.max_hours_per_week))
        if "pace_load" in on:
            model.add(load <= quarters(inst.pace_load.max_hours_per_week))
            if inst.is_main_term(t):
                running = model.new_bool_var(f"running[{t}]")
                model.add(last >= t + 1).only_enforce_if(running)
                model.add(last <= t).only_enforce_if(running.Not())
                model.add(load >= quarters(inst.pace_load.min_hours_per_week) * running)

    # Locks.
    for lock in request.locks:
        if f"lock:{lock.opportunity}" in on:
            if lock.term is None:
                model.add(sum(x[lock.opportunity, t] for t in range(count)) == 1)
            else:
                index = next(i for i, term in enumerate(inst.terms) if term.id == lock.term)
                model.add(x[lock.opportunity, index] == 1)

    # No redundant item: each planned item earns something not demonstrated that no other planned item
    # ending no later earns (items planned for their own sake excepted), posted for every item.
    for o in opps:
        if inst.may_be_redundant(o.id):
            continue
        fresh = [c for c in o.competencies if c not in inst.demonstrated]
        for t in range(count):
            end = t + o.length_terms - 1
            alone = []
            for c in fresh:
                others = [
                    v for e in inst.earners.get(c, []) if e != o.id for v in done_before(by_id[e], end + 1)
                ]
                flag = model.new_bool_var(f"new[{o.id},{t},{c}]")
                for v in others:
                    model.add(flag + v <= 1)
                alone.append(flag)
            model.add(x[o.id, t] <= sum(alone))

    # The objective: the same weighted soft rules as the planner.
    w = request.weights
    effort = {o.id: inst.effort(o.id) for o in opps}
    terms = []
    if request.interest_scores:
        terms.append(-w.interest_value * sum(effort[o] * inst.tenths(o) * v for (o, _), v in x.items()))
    program = inst.program_terms()
    if inst.target_load is not None:
        target = inst.target_load
        for t in program:
            under = model.new_int_var(0, target, f"under[{t}]")
            over = model.new_int_var(0, 10**6, f"over[{t}]")
            if inst.student.pace == "accelerated":
                running = model.new_bool_var(f"runs[{t}]")
                model.add(last >= t + 1).only_enforce_if(running)
                model.add(last <= t).only_enforce_if(running.Not())
                model.add(under >= target * running - loads[t])
            else:
                model.add(under >= target - loads[t])
            model.add(over >= loads[t] - target)
            terms += [w.full_program * under, w.wasted_hours * over]
    terms.append(w.wasted_hours * sum(load for t, load in enumerate(loads) if t not in program))
    terms.append(
        -w.interdisciplinary * sum(effort[o] * v for (o, _), v in x.items() if inst.interdisciplinary(o))
    )
    if inst.target_load is None:
        peak = model.new_int_var(0, 10**6, "peak")
        model.add_max_equality(peak, loads)
        terms.append(w.balanced_load * peak)
    if inst.student.preferred_modes:
        terms.append(
            w.preferred_modes
            * sum(v for (o, _), v in x.items() if by_id[o].mode not in inst.student.preferred_modes)
        )
    if inst.student.pace == "accelerated":
        terms.append(w.finish_early * last)
    terms.append(w.sooner * sum(t * quarters(by_id[o].hours_per_week) * v for (o, t), v in x.items()))
    model.minimize(sum(terms))
    return model, x
