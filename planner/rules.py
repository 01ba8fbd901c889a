"""The planning rules: one small function per rule, named for it, and the registry that lists them.

Three shapes of rule:
- a *start rule* ``(instance, opportunity, start) -> list[Block]`` says why one way of taking an
  opportunity is not allowed. A block with ``wish=None`` is a fact of the catalog and the start is
  never modelled; a block naming a wish removes the start while that wish is on (or, when explaining,
  makes the wish's literal forbid it);
- a *model rule* ``(plan_model) -> None`` posts constraints on ``take[o, s]``;
- a *soft rule* ``(plan_model) -> SoftTerm | None`` returns a named, weighted cost.

The rules that belong to a student's wish (busy times, deadline, hours cap, pace load, modes, locks,
exclusions) are methods of that wish's class in ``planner/wishes.py`` (``WISH_KINDS`` is their
registry): ``blocks_for`` adds their start blocks, ``hold_student_wishes`` posts their constraints.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from core.i18n import N_
from core.phrases import Phrase
from core.schema import Opportunity
from planner.context import NOT_OFFERED_IN, Block, PlanModel, SoftTerm, term_reason
from planner.domain import WishKind
from planner.instance import Instance
from planner.program import (
    fill_the_program,
    follow_pathway,
    match_interests,
    no_redundant_items,
    no_wasted_hours,
    prefer_interdisciplinary,
)

StartRule = Callable[[Instance, Opportunity, int], list[Block]]
ModelRule = Callable[[PlanModel], None]
SoftRule = Callable[[PlanModel], SoftTerm | None]


# --- hard start rules ---------------------------------------------------------------------------


def offered_in_term(inst: Instance, opp: Opportunity, start: int) -> list[Block]:
    """Hard: an opportunity starts only in a term it is offered in."""
    term = inst.terms[start]
    return [] if opp.starts_in(term) else [Block(None, term_reason(NOT_OFFERED_IN, term.id, term.name))]


def consecutive_terms_in_calendar(inst: Instance, opp: Opportunity, start: int) -> list[Block]:
    """Hard: a multi-term opportunity occupies consecutive terms, all of them in the calendar."""
    if start + opp.length_terms <= len(inst.terms):
        return []
    return [Block(None, Phrase.of(N_("runs {n} terms, past the end of the calendar"), n=opp.length_terms))]


def grade_allows(inst: Instance, opp: Opportunity, start: int) -> list[Block]:
    """Hard: the student's grade in the starting term is within the opportunity's grades."""
    if opp.min_grade <= inst.grade_in(start) <= opp.max_grade:
        return []
    if opp.min_grade == opp.max_grade:
        return [Block(None, Phrase.of(N_("is only for grade {grade}"), grade=opp.min_grade))]
    return [
        Block(None, Phrase.of(N_("is only for grades {low}-{high}"), low=opp.min_grade, high=opp.max_grade))
    ]


def seats_remain(inst: Instance, opp: Opportunity, start: int) -> list[Block]:
    """Hard: an opportunity with no seats left cannot be taken (no limit when seats is unset)."""
    return [Block(None, Phrase.of(N_("has no seats left")))] if opp.seats == 0 else []


def not_completed_before(inst: Instance, opp: Opportunity, start: int) -> list[Block]:
    """Hard: an opportunity is taken at most once, so one already completed is not planned again."""
    return [Block(None, Phrase.of(N_("is already completed")))] if opp.id in inst.completed else []


# --- hard model rules ---------------------------------------------------------------------------


def hold_student_wishes(m: PlanModel) -> None:
    """Hard: every wish that is on posts its own constraints (see planner/wishes.py)."""
    for wish in m.inst.student_wishes:
        if m.on(wish.id):
            wish.post(m)


def take_at_most_once(m: PlanModel) -> None:
    """Hard: an opportunity is taken at most once (it has one start at most), and so is its content:
    two opportunities that earn exactly the same competencies (two sections of one course, or its
    online version) are never both planned."""
    same_content: dict[frozenset[str], list[cp_model.IntVar]] = {}
    for opp_id in m.starts:
        same_content.setdefault(frozenset(m.inst.opps[opp_id].competencies), []).extend(m.takes_of(opp_id))
    for takes in same_content.values():
        if len(takes) > 1:
            m.model.add_at_most_one(takes)


def cover_required_competencies(m: PlanModel) -> None:
    """Hard: every required competency not yet demonstrated is earned by a planned opportunity."""
    for comp in m.inst.needed:
        m.model.add(sum(m.earners(comp)) >= 1)


def meet_subject_minimums(m: PlanModel) -> None:
    """Hard: each subject minimum holds, counting demonstrated and planned competencies of its pool."""
    for i, minimum in enumerate(m.inst.minimums):
        if minimum.remaining == 0:
            continue
        earned = []
        for comp in minimum.pool:
            lits = m.earners(comp)
            if lits:
                flag = m.model.new_bool_var(f"minimum[{i}, {comp}]")
                m.model.add_bool_or([flag.Not(), *lits])
                earned.append(flag)
        m.model.add(sum(earned) >= minimum.remaining)


def prerequisites_met_earlier(m: PlanModel) -> None:
    """Hard: every prerequisite group (and competency progression) is met in an earlier term."""
    for (opp_id, start), lit in m.take.items():
        for group in m.inst.prerequisite_groups(opp_id):
            before = [x for o in group.opportunities for x in m.done_before(o, start)]
            before += [x for c in group.competencies for x in m.earned_before(c, start)]
            m.model.add_bool_or([lit.Not(), *before])


def no_overlapping_meetings(m: PlanModel) -> None:
    """Hard: no two planned opportunities meet at overlapping times in the same term.

    Meetings are intervals of one weekday, so the items meeting at any one moment form a clique. A
    sweep over each day's meeting starts and ends finds the maximal cliques (a clique is maximal
    where an end follows a start); each becomes one at-most-one, instead of one constraint per pair.
    """
    for term in range(len(m.inst.terms)):
        days: dict[str, list[tuple[int, int, cp_model.IntVar]]] = {}
        for o, s in m.active(term):
            for block in m.inst.opps[o].meetings:
                # Ends sort before starts at the same minute: meetings are half-open intervals.
                days.setdefault(block.day, []).append((block.start, 1, m.take[o, s]))
                days.setdefault(block.day, []).append((block.end, 0, m.take[o, s]))
        for events in days.values():
            running: dict[int, cp_model.IntVar] = {}
            grew = False
            for _, is_start, lit in sorted(events, key=lambda e: (e[0], e[1])):
                if is_start:
                    running[lit.index] = lit
                    grew = True
                    continue
                if grew and len(running) > 1:
                    m.model.add_at_most_one(list(running.values()))
                grew = False
                del running[lit.index]


# --- soft rules ---------------------------------------------------------------------------------


def balanced_load(m: PlanModel) -> SoftTerm | None:
    """Soft: the heaviest term is as light as possible, so the load is spread across terms (with a
    target load, the target spreads it: no rule)."""
    if not m.load or m.inst.target_load is not None:
        return None
    peak = m.model.new_int_var(0, m.load_bound, "peak")
    m.model.add_max_equality(peak, m.load)
    return SoftTerm(
        "balanced_load",
        "quarter-hours of weekly load in the heaviest term",
        m.inst.request.weights.balanced_load,
        peak,
    )


def prefer_modes(m: PlanModel) -> SoftTerm | None:
    """Soft: items in the student's preferred modes (when the student prefers some)."""
    preferred = m.inst.student.preferred_modes
    if not preferred:
        return None
    expr = sum(lit for (o, _), lit in m.take.items() if m.inst.opps[o].mode not in preferred)
    return SoftTerm(
        "preferred_modes", "items outside the preferred modes", m.inst.request.weights.preferred_modes, expr
    )


def finish_early(m: PlanModel) -> SoftTerm | None:
    """Soft: on the accelerated pace, the plan ends as early as it can."""
    if m.inst.student.pace != "accelerated":
        return None
    return SoftTerm(
        "finish_early",
        "terms from the first plannable term to the plan's last term",
        m.inst.request.weights.finish_early,
        sum(m.enrolled()),
    )


def earn_sooner(m: PlanModel) -> SoftTerm | None:
    """Soft: what is needed is earned sooner rather than later (each hour pushed back costs)."""
    expr = sum(s * m.inst.load_quarters(o) * lit for (o, s), lit in m.take.items())
    return SoftTerm(
        "earn_sooner",
        "quarter-hours of weekly load times the terms each item starts after the first plannable term",
        m.inst.request.weights.sooner,
        expr,
    )


def stay_close_to_previous(m: PlanModel) -> SoftTerm | None:
    """Soft: when re-planning, few changes: each item dropped, moved to another term or added counts one."""
    previous = m.inst.request.previous
    if previous is None:
        return None
    index = {t.id: i for i, t in enumerate(m.inst.terms)}
    # Items of the previous plan that started before the first plannable term are history, not plan.
    before = {i.opportunity: index[i.start_term] for i in previous.items() if i.start_term in index}
    kept = [m.take[o, s] for o, s in before.items() if (o, s) in m.take]
    added = [lit for (o, _), lit in m.take.items() if o not in before]
    # An item of the previous plan not kept in its term was dropped or moved: len(before) - sum(kept).
    return SoftTerm(
        "stay_close_to_previous",
        "items dropped, moved or added against the previous plan",
        m.inst.request.weights.stability,
        sum(added) - sum(kept),
        constant=len(before),
    )


# --- the registry -------------------------------------------------------------------------------

START_RULES: list[StartRule] = [
    offered_in_term,
    consecutive_terms_in_calendar,
    grade_allows,
    seats_remain,
    not_completed_before,
]
MODEL_RULES: list[ModelRule] = [
    take_at_most_once,
    cover_required_competencies,
    meet_subject_minimums,
    prerequisites_met_earlier,
    no_overlapping_meetings,
    no_redundant_items,
    hold_student_wishes,
]
SOFT_RULES: list[SoftRule] = [
    match_interests,
    fill_the_program,
    no_wasted_hours,
    prefer_interdisciplinary,
    follow_pathway,
    balanced_load,
    prefer_modes,
    finish_early,
    earn_sooner,
    stay_close_to_previous,
]


BLOCK_ORDER = (
    WishKind.UNAVAILABLE,
    WishKind.MODES,
    WishKind.DEADLINE,
    WishKind.HOURS_CAP,
    WishKind.PACE_LOAD,
    WishKind.EXCLUSION,
    WishKind.LOCK,
)
"""The order in which the wishes' reasons follow the catalog's for one start (meeting times first)."""


def blocks_for(inst: Instance, opp: Opportunity, start: int) -> list[Block]:
    """Every block the start rules and the student's wishes (on or off) give for one start."""
    blocks = [block for rule in START_RULES for block in rule(inst, opp, start)]
    wishes = sorted(inst.student_wishes, key=lambda w: BLOCK_ORDER.index(w.kind))
    return blocks + [block for wish in wishes for block in wish.blocks(inst, opp, start)]
