"""Explanations in words a student understands: why an item is in the plan, and why no plan exists.

Competencies are named by code and short statement, opportunities by title, wishes in plain words.
When no plan exists, every wish that is on becomes an assumption literal; CP-SAT returns a sufficient
set of them, which is shrunk to a minimal set (dropping each wish in turn and re-solving); the
sentences that name such a set are in ``planner/conflict_words.py``. Reasons are kept as phrases
(core/phrases.py) so a family reads them in its language; the ``str`` functions give their English.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ortools.sat.python import cp_model

from catalog.subjects import subject_in_sentence
from core.i18n import N_, join
from core.phrases import Arg, Listing, Phrase, Ref, in_english
from core.schema import PathwayRole
from core.words import hours_text
from planner.conflict_words import conflict_sentences
from planner.context import NOT_OFFERED_IN
from planner.domain import Explanation, PlanItem, PlanRequest, PlanResult
from planner.instance import Group, Instance, build_instance
from planner.model import build, candidate_starts, make_solver
from planner.rules import blocks_for
from planner.wishes import BusyTime, KeepLocked

NOT_OFFERED_LEFT = Phrase.of(N_("is not offered in any term you have left"))
"""Why an opportunity cannot be planned when only its offering terms stop it."""
CANNOT_FIT = Phrase.of(N_("cannot fit with the rest"))
TITLE_REASON = N_("{title} {reason}")
"""An opportunity and why it cannot be planned: 'Chemistry is not offered in Fall 2027'."""


# --- why an item is in the plan -----------------------------------------------------------------


def _span(inst: Instance, item: PlanItem) -> str:
    names = {t.id: t.name for t in inst.terms}
    start, end = names.get(item.start_term, item.start_term), names.get(item.end_term, item.end_term)
    return start if start == end else f"{start} to {end}"


def requirements_text(inst: Instance, comps: list[str]) -> str:
    """Needed competencies in plain words, by subject, most first: '2 science requirements and 1 math
    requirement'. Their codes stay in the item's ``needed`` list (the pages show them on request)."""
    counts: dict[str, int] = {}
    for comp in comps:
        subject = subject_in_sentence(inst.comps[comp].subject if comp in inst.comps else "")
        counts[subject] = counts.get(subject, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return join([f"{n} {subject} requirement{'s' if n > 1 else ''}" for subject, n in ordered])


def _them(part: list[str], whole: list[str]) -> str:
    if len(part) == len(whole):
        return "it" if len(whole) == 1 else "them"
    return f"{len(part)} of them"


def _pathway_step(inst: Instance, result: PlanResult, opportunity: str) -> str:
    """'it is step 2 of 3 of your Biotechnology pathway', with 'its capstone' for the last kind; an
    item of a step that another planned item makes (``result.pathway``, what the plan's pathway line
    names) 'adds to step 2 of 3', so that two items never both claim to be the step."""
    pathway = inst.request.pathway
    if pathway is None:
        return ""
    made = [s.opportunity for s in result.pathway.steps] if result.pathway else []
    for n, step in enumerate(pathway.steps, 1):
        if opportunity in step.any_of:
            maker = made[n - 1] if n - 1 < len(made) else None
            if maker is not None and maker != opportunity:
                return f"it adds to step {n} of {len(pathway.steps)} of your {pathway.name} pathway"
            text = f"it is step {n} of {len(pathway.steps)} of your {pathway.name} pathway"
            return text + (", its capstone" if step.role is PathwayRole.CAPSTONE else "")
    return ""


def item_reason(inst: Instance, starts: dict[str, list[int]], result: PlanResult, item: PlanItem) -> str:
    """One item's reason, in plain words: the student's own words it matches first, when it matches
    them; its step of the pathway; the requirements it counts toward (by subject; codes are the item's
    ``needed`` list) and whether it is the only or the lightest way to meet them; what it enables; the
    lock. Never a match percentage."""
    reasons: list[str] = []
    step = _pathway_step(inst, result, item.opportunity)
    if step:
        reasons.append(step)
    only, cheapest, combined = [], [], []
    for comp in item.needed:
        others = [o for o in inst.earners.get(comp, []) if o != item.opportunity and o in starts]
        if not others:
            only.append(comp)
        elif inst.effort(item.opportunity) <= min(inst.effort(o) for o in others):
            cheapest.append(comp)
        else:
            combined.append(comp)
    if item.needed:
        covers = f"it counts toward {requirements_text(inst, item.needed)} you still need"
        if only:
            covers += f", and it is the only way open to you to meet {_them(only, item.needed)}"
        elif cheapest:
            covers += f", and it is the lightest way (fewest hours) to meet {_them(cheapest, item.needed)}"
        elif combined and inst.target_load is None:
            covers += ", as part of the lightest overall combination"
        reasons.append(covers)
    order = {t.id: i for i, t in enumerate(inst.terms)}
    enables = [
        other.title
        for other in result.items()
        if order[item.end_term] < order[other.start_term]
        and any(_in_group(inst, item.opportunity, g) for g in inst.prerequisite_groups(other.opportunity))
    ]
    if enables:
        reasons.append(f"you need it before {join(sorted(set(enables)))}")
    if item.locked:
        reasons.append("you locked it")
    words = inst.request.interest_words.get(item.opportunity, "")
    previous = inst.request.previous
    if not reasons and previous is not None and previous.item(item.opportunity) is not None:
        reasons.append("it was in your previous plan, and keeping it means fewer changes")
    if not reasons and words:
        reasons.append("it adds what you care about in the hours your pace leaves")
    if not reasons and inst.pace_load.min_hours_per_week > 0:
        reasons.append(
            f"it keeps your weekly load at the {inst.student.pace} pace's minimum of "
            f"{inst.pace_load.min_hours_per_week:g} hours"
        )
    if not reasons and inst.target_load is not None:
        reasons.append(
            f"it fills your week toward the {hours_text(inst.target_load / 4)} hours a week your pace aims at"
        )
    if not reasons:
        reasons.append("it is part of the lightest plan that meets all your wishes")
    span = _span(inst, item)
    more = "".join(f" {r[:1].upper()}{r[1:]}." for r in reasons[1:])
    if words:
        return f"You said “{words}”: {item.title} ({span}) builds on that. {reasons[0][:1].upper()}{reasons[0][1:]}.{more}"
    return f"{item.title} ({span}) is in your plan because {reasons[0]}.{more}"


def _in_group(inst: Instance, opp_id: str, group: Group) -> bool:
    earns = set(inst.opps[opp_id].competencies)
    return opp_id in group.opportunities or bool(earns & set(group.competencies))


def why_in_plan(result: PlanResult, request: PlanRequest, opportunity_id: str) -> str:
    """Why one opportunity is in a plan (or a sentence saying it is not in the plan)."""
    item = result.item(opportunity_id)
    inst = build_instance(request)
    if item is None:
        return f"{inst.title(opportunity_id)} is not in your plan."
    starts, _ = candidate_starts(inst, keep_wish_blocks=False)
    return item_reason(inst, starts, result, item)


# --- why no plan exists -------------------------------------------------------------------------


def _with_only(inst: Instance, wish_ids: set[str]) -> Instance:
    """The instance with exactly the given wishes on."""
    wishes = [w.model_copy(update={"on": w.id in wish_ids}) for w in inst.wishes]
    return dataclasses.replace(inst, wishes=wishes)


def _group_phrase(inst: Instance, group: Group) -> Listing:
    names: list[Arg] = [inst.opp_ref(o) for o in group.opportunities]
    return Listing(items=names + [inst.comps[c].label for c in group.competencies], sep="or")


def _needs_first(inst: Instance, missing: list[Group]) -> Phrase:
    """'needs Algebra I first' (the first prerequisite group not met), else 'cannot fit with the rest'."""
    if not missing:
        return CANNOT_FIT
    return Phrase.of(N_("needs {group} first"), group=_group_phrase(inst, missing[0]))


def _fewest(reasons_by_start: dict[int, list[Phrase]]) -> list[Phrase]:
    """The fewest reasons that together cover every start (greedy: the widest reason first)."""
    chosen: list[Phrase] = []
    left = dict(reasons_by_start)
    while left:
        counts: dict[Phrase, int] = {}
        for reasons in left.values():
            for reason in reasons:
                counts[reason] = counts.get(reason, 0) + 1
        widest = max(counts, key=lambda r: counts[r])
        chosen.append(widest)
        left = {s: rs for s, rs in left.items() if widest not in rs}
    return chosen


def blocking_reasons(inst: Instance, opp_id: str, wish_ids: set[str], finish: dict[str, int]) -> list[str]:
    """``blocking_phrases`` in English."""
    return [in_english(p) for p in blocking_phrases(inst, opp_id, wish_ids, finish)]


def _during(reason: Phrase, busy: BusyTime | None) -> Phrase:
    """The reason, with the busy time it falls in when there is one (and its label, when given)."""
    if busy is None:
        return reason
    if busy.block.label:
        return Phrase.of(N_("{reason}, during a busy time ({label})"), reason=reason, label=busy.block.label)
    return Phrase.of(N_("{reason}, during a busy time"), reason=reason)


def blocking_phrases(
    inst: Instance, opp_id: str, wish_ids: set[str], finish: dict[str, int], *, name_busy: bool = False
) -> list[Phrase]:
    """Why an opportunity cannot be planned under the given wishes: the fewest reasons that together
    rule out every start the catalog allows (the reason that rules out most starts first), or, when a
    start is open, the prerequisite that cannot be met before it. ``name_busy``: a meeting ruled out by
    a busy time says so ("meets Tue 15:30-19:00, during a busy time (job)"), where no wish is named
    beside the reason (a pathway step's)."""
    opp = inst.opps[opp_id]
    busy = {w.id: w for w in inst.student_wishes if isinstance(w, BusyTime)} if name_busy else {}
    facts: dict[int, list[Phrase]] = {}
    blocked: dict[int, list[Phrase]] = {}
    open_starts: list[int] = []
    for s in range(len(inst.terms)):
        blocks = blocks_for(inst, opp, s)
        fact = [b.phrase for b in blocks if b.wish is None]
        wished = [_during(b.phrase, busy.get(b.wish)) for b in blocks if b.wish in wish_ids]
        if fact:
            facts[s] = fact
        elif wished:
            blocked[s] = wished
        else:
            open_starts.append(s)
    reasons: list[Phrase] = []
    if open_starts:
        missing = [g for g in inst.prerequisite_groups(opp_id) if not _met(inst, g, finish, max(open_starts))]
        reasons.append(_needs_first(inst, missing))
    reasons += _fewest(blocked)
    if not reasons:
        # Only catalog facts stop it; 'not offered' matters only when nothing else is said.
        notable = {s: [f for f in fs if f.message != NOT_OFFERED_IN] for s, fs in facts.items()}
        named = {s: fs for s, fs in notable.items() if fs}
        reasons = _fewest(named) if named else [NOT_OFFERED_LEFT]
    return reasons


def why_not_plannable(inst: Instance) -> Callable[[str], list[str] | None]:
    """For an instance with its wishes as they are: a function telling, for one opportunity, why it
    cannot be planned at all (None when some start of it is open). The one cover explainer shared by
    the infeasibility explanation and the chat's "why isn't X in my plan"."""
    starts, _ = candidate_starts(inst, keep_wish_blocks=False)
    finish = {o: min(s + inst.opps[o].length_terms - 1 for s in ss) for o, ss in starts.items()}
    on = inst.wishes_on

    def why(opp_id: str) -> list[str] | None:
        if starts.get(opp_id):
            return None
        return blocking_reasons(inst, opp_id, on, finish)

    return why


def _opportunity_blocks(inst: Instance, opp_id: str, wish_ids: set[str], finish: dict[str, int]) -> Listing:
    """``blocking_phrases`` as one phrase."""
    return Listing(items=list(blocking_phrases(inst, opp_id, wish_ids, finish)), sep=", or ")


def _start_blocks(
    inst: Instance, opp_id: str, start: int, wish_ids: set[str], finish: dict[str, int]
) -> Listing:
    """Why one start of an opportunity cannot be planned under the given wishes."""
    blocks = blocks_for(inst, inst.opps[opp_id], start)
    reasons = [b.phrase for b in blocks if b.wish is None] or [b.phrase for b in blocks if b.wish in wish_ids]
    if not reasons:
        missing = [g for g in inst.prerequisite_groups(opp_id) if not _met(inst, g, finish, start)]
        reasons = [_needs_first(inst, missing)]
    return Listing(items=list(dict.fromkeys(reasons)), sep=", or ")


def _met(inst: Instance, group: Group, finish: dict[str, int], start: int) -> bool:
    """Some plannable enabler of the group can end before ``start``."""
    enablers = group.opportunities + [e for c in group.competencies for e in inst.earners.get(c, [])]
    return any(finish.get(e, start) < start for e in enablers)


def blocked_competencies(inst: Instance, wish_ids: set[str]) -> tuple[list[str], list[Phrase]]:
    """Needed competencies no planable start earns with exactly these wishes on, and a sentence per
    competency naming each opportunity that could earn it and what stops it."""
    narrowed = _with_only(inst, wish_ids)
    starts, _ = candidate_starts(narrowed, keep_wish_blocks=False)
    reachable = set(starts)
    finish = {o: min(s + inst.opps[o].length_terms - 1 for s in ss) for o, ss in starts.items()}
    blocked = [c for c in inst.needed if not any(o in reachable for o in inst.earners.get(c, []))]
    sentences: list[Phrase] = []
    for comp in blocked:
        why = [
            Phrase.of(
                N_("{title} (it {reasons})"),
                title=inst.opp_ref(o),
                reasons=_opportunity_blocks(narrowed, o, wish_ids, finish),
            )
            for o in inst.earners[comp]
        ]
        sentences.append(
            Phrase.of(
                N_("{code} can only be earned through {ways}"),
                code=inst.comps[comp].label,
                ways=Listing(items=list(why), sep="or"),
            )
        )
    for minimum in inst.minimums:
        possible = [c for c in minimum.pool if any(o in reachable for o in inst.earners.get(c, []))]
        if len(possible) < minimum.remaining:
            more = (
                N_("you need {n} more {subject} competency and only {possible} can be earned")
                if minimum.remaining == 1
                else N_("you need {n} more {subject} competencies and only {possible} can be earned")
            )
            subject = Ref(ref="subject", id=minimum.subject, name=minimum.subject)
            sentences.append(Phrase.of(more, n=minimum.remaining, subject=subject, possible=len(possible)))
    for wish in inst.student_wishes:
        if not isinstance(wish, KeepLocked) or wish.id not in wish_ids:
            continue
        lock = wish.lock
        if lock.term is None and lock.opportunity not in reachable:
            reason = _opportunity_blocks(narrowed, lock.opportunity, wish_ids, finish)
            sentences.append(Phrase.of(TITLE_REASON, title=inst.opp_ref(lock.opportunity), reason=reason))
        elif lock.term is not None:
            index = next(i for i, t in enumerate(inst.terms) if t.id == lock.term)
            if index not in starts.get(lock.opportunity, []):
                reason = _start_blocks(narrowed, lock.opportunity, index, wish_ids, finish)
                sentences.append(Phrase.of(TITLE_REASON, title=inst.opp_ref(lock.opportunity), reason=reason))
    return blocked, sentences


def _feasible(m_solver: cp_model.CpSolver, model: cp_model.CpModel) -> bool | None:
    """True if feasible, False if proven infeasible, None if the time ran out."""
    status = m_solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    if status == cp_model.INFEASIBLE:
        return False
    return None


def minimal_conflict(inst: Instance) -> tuple[list[str] | None, float]:
    """A minimal set of wishes that cannot all hold: [] when no plan exists even with every wish
    relaxed, None when the time ran out. Also returns the solver time spent."""
    m = build(inst, explain=True)
    solver = make_solver(inst.request, workers=1)
    literals = m.wish_literals
    m.model.add_assumptions(list(literals.values()))
    status = _feasible(solver, m.model)
    spent = solver.wall_time
    if status is not False:
        return None, spent
    by_index = {lit.index: w for w, lit in literals.items()}
    # A sufficient set of wishes; empty when the catalog facts alone leave no plan.
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
    tried: set[str] = set()
    while untried := [w for w in core if w not in tried]:
        wish = untried[0]
        tried.add(wish)
        trial = [w for w in core if w != wish]
        m.model.clear_assumptions()
        m.model.add_assumptions([literals[w] for w in trial])
        answer = _feasible(solver, m.model)
        spent += solver.wall_time
        if answer is None:
            return None, spent
        if answer is False:
            # Still no plan without it: keep the (maybe smaller) set the solver names this time.
            found = {by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index}
            core = [w for w in trial if w in found]
    return [w.id for w in inst.wishes if w.id in core], spent


def explain_infeasible(
    inst: Instance, uncoverable: list[str], rest_feasible: bool
) -> tuple[Explanation, float]:
    """Why no plan exists: the needed competencies no opportunity earns (``uncoverable``, already left
    out of ``inst.needed``) and, unless the rest has a plan (``rest_feasible``), a minimal set of
    conflicting wishes and what they leave uncoverable. Returns the explanation and the solver time."""
    parts: list[Phrase] = []
    if uncoverable:
        none_earns = (
            N_(
                "No opportunity in the catalog earns {named}, so no plan can cover it; ask your "
                "advisor about another way to demonstrate it."
            )
            if len(uncoverable) == 1
            else N_(
                "No opportunity in the catalog earns {named}, so no plan can cover them; ask your "
                "advisor about another way to demonstrate them."
            )
        )
        named = Listing(items=[inst.comp_ref(c) for c in uncoverable])
        parts.append(Phrase.of(none_earns, named=named))
    core: list[str] | None = None
    spent = 0.0
    if not rest_feasible:
        core, spent = minimal_conflict(inst)
    blocked: list[str] = []
    details: list[Phrase] = []
    if rest_feasible:
        pass
    elif core is None:
        parts.append(
            Phrase.of(
                N_(
                    "No plan meets all your wishes, and which of them conflict could not be worked out in "
                    "the time allowed; try relaxing one wish at a time."
                )
            )
        )
    elif core:
        blocked, details = blocked_competencies(inst, set(core))
        parts += conflict_sentences(inst, core, blocked, details)
    else:
        blocked, details = blocked_competencies(inst, set())
        if details:
            parts.append(
                Phrase.of(
                    N_("Even with every wish relaxed, no plan covers what you still need: {details}."),
                    details=Listing(items=list(details), sep="; "),
                )
            )
        else:
            parts.append(
                Phrase.of(
                    N_(
                        "Even with every wish relaxed, no plan covers what you still need in the terms you have left."
                    )
                )
            )
    message = Listing(items=list(parts), sep=" ")
    explanation = Explanation(
        message=in_english(message),
        phrase=message,
        conflicting_wishes=[inst.wish(w) for w in core or []],
        uncoverable=uncoverable,
        blocked=blocked,
        details=[in_english(d) for d in details],
    )
    return explanation, spent
