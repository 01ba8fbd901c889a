"""A greedy set-cover heuristic for the same problem: the baseline a spreadsheet advisor would follow.

Term by term, it repeatedly takes the allowed opportunity with the most still-needed competencies per
costed hour (hours times one plus the interest it lacks) that fits the term (no meeting clash, load
within the cap and the pace, prerequisites already met), then tops the term up to the pace's minimum
with the cheapest fitting items while anything is still needed. It returns the chosen starts; the
benchmark costs them with the independent checker.
"""

from __future__ import annotations

from planner.context import quarters
from planner.domain import PlanItem, PlanRequest, PlanResult, PlanStatus, TermPlan
from planner.instance import INTEREST_STEPS, Instance, build_instance
from planner.rules import blocks_for


def greedy_plan(request: PlanRequest) -> list[tuple[str, int]]:
    """The chosen (opportunity id, start term index) pairs; the plan may miss some needs."""
    inst = build_instance(request)
    on = inst.wishes_on
    count = len(inst.terms)
    allowed = {
        (o.id, t)
        for o in inst.catalog.opportunities
        for t in range(count)
        if not any(b.wish is None or b.wish in on for b in blocks_for(inst, o, t))
    }
    remaining = set(inst.needed)
    pool_left = {i: m.remaining for i, m in enumerate(inst.minimums)}
    chosen: list[tuple[str, int]] = []
    taken: set[str] = set()
    cap = min(quarters(inst.student.max_hours_per_week), quarters(inst.pace_load.max_hours_per_week))
    low = quarters(inst.pace_load.min_hours_per_week)

    def end(o: str, s: int) -> int:
        return s + inst.opps[o].length_terms - 1

    def running(t: int) -> list[str]:
        return [o for o, s in chosen if s <= t <= end(o, s)]

    def fits(o: str, s: int) -> bool:
        opp = inst.opps[o]
        for t in range(s, end(o, s) + 1):
            others = running(t)
            if sum(inst.load_quarters(x) for x in others) + quarters(opp.hours_per_week) > cap:
                return False
            if any(a.overlaps(b) for x in others for a in inst.opps[x].meetings for b in opp.meetings):
                return False
        return _prerequisites_met(inst, o, s, chosen)

    def gain(o: str) -> int:
        comps = set(inst.opps[o].competencies)
        pools = sum(
            min(left, len(comps & set(inst.minimums[i].pool))) for i, left in pool_left.items() if left
        )
        return len(comps & remaining) + pools

    def price(o: str) -> float:
        return inst.effort(o) * (1 + inst.mismatch(o) / INTEREST_STEPS)

    def take(o: str, s: int) -> None:
        chosen.append((o, s))
        taken.add(o)
        remaining.difference_update(inst.opps[o].competencies)
        for i in pool_left:
            hits = len(set(inst.opps[o].competencies) & set(inst.minimums[i].pool))
            pool_left[i] = max(0, pool_left[i] - hits)

    for t in range(count):
        while remaining or any(pool_left.values()):
            options = [o for (o, s) in allowed if s == t and o not in taken and gain(o) > 0 and fits(o, t)]
            if not options:
                break
            best = max(options, key=lambda o: (gain(o) / price(o), o))
            take(best, t)
        still_needed = remaining or any(pool_left.values())
        load = sum(inst.load_quarters(x) for x in running(t))
        # A term the plan still runs in (or that still has needs after it) carries the pace minimum.
        while inst.is_main_term(t) and (still_needed or load > 0) and load < low:
            fillers = [o for (o, s) in allowed if s == t and o not in taken and fits(o, t)]
            if not fillers:
                break
            filler = min(fillers, key=lambda o: (price(o), o))
            take(filler, t)
            load += inst.load_quarters(filler)
    return chosen


def _prerequisites_met(inst: Instance, opp_id: str, start: int, chosen: list[tuple[str, int]]) -> bool:
    done = {o for o, s in chosen if s + inst.opps[o].length_terms - 1 < start}
    earned = {c for o in done for c in inst.opps[o].competencies}
    return all(
        set(g.opportunities) & done or set(g.competencies) & earned for g in inst.prerequisite_groups(opp_id)
    )


def plan_from_choices(request: PlanRequest, chosen: list[tuple[str, int]]) -> PlanResult:
    """A plan result holding the chosen starts, for the checker to validate and cost."""
    inst = build_instance(request)
    ends = {o: s + inst.opps[o].length_terms - 1 for o, s in chosen}
    coverage = {}
    for c in inst.needed:
        earners = sorted((ends[o], o) for o in inst.earners.get(c, []) if o in ends)
        if earners:
            coverage[c] = earners[0][1]
    items = {
        o: PlanItem(
            opportunity=o,
            title=inst.opps[o].title,
            kind=inst.opps[o].kind,
            mode=inst.opps[o].mode,
            start_term=inst.terms[s].id,
            end_term=inst.terms[ends[o]].id,
            length_terms=inst.opps[o].length_terms,
            weekly_hours=inst.opps[o].hours_per_week,
            competencies=inst.opps[o].competencies,
        )
        for o, s in chosen
    }
    last = max(ends.values(), default=-1)
    terms = [
        TermPlan(
            term=inst.terms[t].id,
            name=inst.terms[t].name,
            items=[items[o] for o, s in chosen if s == t],
            continuing=[o for o, s in chosen if s < t <= ends[o]],
            weekly_hours=sum(inst.opps[o].hours_per_week for o, s in chosen if s <= t <= ends[o]),
        )
        for t in range(last + 1)
    ]
    return PlanResult(status=PlanStatus.FEASIBLE, student=inst.student.id, terms=terms, coverage=coverage)
