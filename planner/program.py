"""The rules of a personal program: a plan fills the pace's target load with what the student cares
about, never holds a redundant item, and follows the student's pathway in order.

Listed in the one registry of ``planner/rules.py`` with the other rules; docs/solver.md gives the
exact semantics and the weights.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.context import PlanModel, SoftTerm, Start
from planner.instance import Instance

# --- hard ---------------------------------------------------------------------------------------


def redundant(inst: Instance, chosen: list[Start]) -> set[str]:
    """The planned items that break ``no_redundant_items``: every competency they earn is demonstrated
    or earned by another planned item ending no later, they open no later planned item, and nothing
    else is their reason."""
    ends = {o: s + inst.opps[o].length_terms - 1 for o, s in chosen}
    starts = dict(chosen)
    found = set()
    for o, end in ends.items():
        if inst.may_be_redundant(o) or any(starts.get(p, -1) > end for p in inst.opened_by(o)):
            continue
        elsewhere = {c for x, e in ends.items() if x != o and e <= end for c in inst.opps[x].competencies}
        if set(inst.opps[o].competencies) <= elsewhere | inst.demonstrated:
            found.add(o)
    return found


def no_redundant_items(m: PlanModel) -> None:
    """Hard: every planned item earns a competency that is not yet demonstrated and that no other
    planned item earns by the term it ends in, or it is a prerequisite (by name) of a later planned
    item, or it is planned for its own sake (locked, a step of the pathway, or a good match for the
    student's interests: ``Instance.may_be_redundant``).

    Posted lazily, for the opportunities in ``m.watch``: ``planner.solve`` solves without it, and only
    when the plan holds a redundant item solves again with the rule posted for those items (the full
    rule on every item made the sample district's first plans several times slower, and the best plan
    rarely breaks it). ``alone[c, e]``: at most one planned item earning ``c`` ends in term ``e`` or
    before; a planned item ending in ``e`` is new when ``alone[c, e]`` holds for one of its competencies.
    """
    inst = m.inst
    alone: dict[tuple[str, int], cp_model.IntVar] = {}

    def alone_by(comp: str, end: int) -> cp_model.IntVar:
        if (comp, end) not in alone:
            lit = m.model.new_bool_var(f"alone[{comp}, {end}]")
            by = [x for o in inst.earners.get(comp, []) for x in m.done_before(o, end + 1)]
            m.model.add(sum(by) <= 1).only_enforce_if(lit)
            alone[comp, end] = lit
        return alone[comp, end]

    for (o, s), take in m.take.items():
        if o not in m.watch or inst.may_be_redundant(o):
            continue
        end = m.end(o, s)
        fresh = [c for c in inst.opps[o].competencies if c not in inst.demonstrated]
        # A competency that no other opportunity can earn by then is always new.
        if any(
            not [x for e in inst.earners.get(c, []) if e != o for x in m.done_before(e, end + 1)]
            for c in fresh
        ):
            continue
        opens = [
            lit
            for p in inst.opened_by(o)
            for s2, lit in ((s2, m.take[p, s2]) for s2 in m.starts.get(p, []))
            if s2 > end
        ]
        m.model.add_bool_or([take.Not(), *(alone_by(c, end) for c in fresh), *opens])


# --- soft ---------------------------------------------------------------------------------------


def match_interests(m: PlanModel) -> SoftTerm | None:
    """Soft (a reward): time goes to opportunities that match the student's interests (the matcher's
    scores): each quarter-hour of load earns the tenths of interest its item matches."""
    if not m.inst.request.interest_scores:
        return None
    expr = sum(m.inst.effort(o) * m.inst.tenths(o) * lit for (o, _), lit in m.take.items())
    return SoftTerm(
        "match_interests",
        "quarter-hours of weekly load per term, times the tenths of interest each item matches (a reward)",
        -m.inst.request.weights.interest_value,
        expr,
    )


def fill_the_program(m: PlanModel) -> SoftTerm | None:
    """Soft: each fall and spring term up to the target term carries the pace's target weekly load
    (on the accelerated pace, while the plan runs); no target, no rule."""
    if m.inst.target_load is None:
        return None
    under, _ = m.program_gaps()
    return SoftTerm(
        "full_program",
        "quarter-hours each fall and spring term of the program falls short of the target weekly load",
        m.inst.request.weights.full_program,
        sum(under.values()),
    )


def no_wasted_hours(m: PlanModel) -> SoftTerm | None:
    """Soft: every hour beyond the program costs, so nothing unneeded is planned: with no target all
    load, else the load above the target in fall and spring and all load in other terms (summer)."""
    program = set(m.inst.program_terms())
    _, over = m.program_gaps() if program else ({}, {})
    expr = sum(load for t, load in enumerate(m.load) if t not in program) + sum(over.values())
    what = "above the target in fall and spring, and in summer" if program else "summed over terms"
    return SoftTerm(
        "no_wasted_hours", f"quarter-hours of weekly load {what}", m.inst.request.weights.wasted_hours, expr
    )


def prefer_interdisciplinary(m: PlanModel) -> SoftTerm | None:
    """Soft (a reward): items whose competencies count in two or more subjects."""
    if not any(m.inst.interdisciplinary(o) for o in m.inst.opps):
        return None
    chosen = [(m.inst.effort(o), lit) for (o, _), lit in m.take.items() if m.inst.interdisciplinary(o)]
    return SoftTerm(
        "interdisciplinary",
        "quarter-hours of weekly load per term in items that count in two or more subjects (a reward)",
        -m.inst.request.weights.interdisciplinary,
        sum(q * lit for q, lit in chosen),
    )


def follow_pathway(m: PlanModel) -> SoftTerm | None:
    """Soft (a reward): the plan makes the steps of the student's pathway, in order. A step is made by
    a planned item of its ``any_of`` that starts after the item of every earlier made step ends; a step
    made by a completed opportunity is made before the plan and asks nothing.

    The order is posted time-indexed, which the LP reads exactly: for two made steps j < k and every
    term t, step k starting by t and step j ending in t or later exclude each other (one at-most-one
    per pair of steps and term, instead of a start/end inequality enforced by two literals)."""
    pathway = m.inst.request.pathway
    if pathway is None:
        return None
    made: list[tuple[cp_model.IntVar, dict[Start, cp_model.IntVar]]] = []
    for k, step in enumerate(pathway.steps):
        picks: dict[Start, cp_model.IntVar] = {}
        m.picks.append(picks)
        if any(o in m.inst.completed for o in step.any_of):
            continue
        for o in dict.fromkeys(step.any_of):
            for s in m.starts.get(o, []):
                picks[o, s] = m.model.new_bool_var(f"pick[{k}, {o}, {s}]")
                m.model.add_implication(picks[o, s], m.take[o, s])
        if not picks:
            continue
        now = m.model.new_bool_var(f"step[{k}]")
        m.model.add(sum(picks.values()) == now)
        for _, before in made:
            for t in sorted({s for _, s in picks}):
                starting = [lit for (_, s), lit in picks.items() if s <= t]
                running = [lit for (o, s), lit in before.items() if m.end(o, s) >= t]
                if running:
                    m.model.add_at_most_one(starting + running)
        made.append((now, picks))
    if not made:
        return None
    return SoftTerm(
        "follow_pathway",
        f"steps of the pathway {pathway.name!r} the plan makes, in order (a reward)",
        -m.inst.request.weights.pathway_step,
        sum(now for now, _ in made),
    )
