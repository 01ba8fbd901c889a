"""Answers that change nothing: the plan, why an item is (or is not) in it, what else there is, what is
still needed, and the reasons behind a change. Every name comes from the catalog, every reason from
the solver's explanations or its rules."""

from __future__ import annotations

import re

from chat import Request
from chat.dialogue_engine import ChatEngine
from chat.dialogue_state import DialogueState, Option
from chat.replies import sentences, short
from core.words import hours_text
from matcher.interests import QueryError
from planner.diff import PlanDiff
from planner.domain import PlanResult, has_plan
from planner.edits import Wishes
from planner.explain import join, why_not_plannable
from planner.rules import blocks_for

MAX_REASONS = 2
"""Items added, and items removed, whose reasons a change reply spells out; the rest are asked about."""
DESCRIBE_CONFIDENCE = 0.85
DETAIL_CUE = re.compile(
    r"\b(meet|meets|meeting|when|where|how (many|much|long|often)|hours?|paid|cost|start|starts|like|point)\b"
)
"""A question about one named item (when it meets, how many hours, what it is like): describe that item."""
"""A single reference at least this sure is described on its own instead of listing what fits a topic."""
EXPLORE_TOP = 5
EXPLORE_POOL = 25
"""Matches asked of the matcher before filtering by mode; the first EXPLORE_TOP are shown."""
MAX_BLOCKING = 3
"""Reasons named for an opportunity that cannot be planned."""
MAX_LISTED = 12
"""Competencies listed by name in one answer about a subject."""


def profile(engine: ChatEngine, wishes: Wishes) -> str:
    """What the record says about the student, as one sentence (empty when it says nothing)."""
    w, student = engine.wording, wishes.student
    facts = []
    if student.interests.strip():
        facts.append(w.say("fact_interests", text=sentences(student.interests)))
    if student.career_goals.strip():
        facts.append(w.say("fact_career", text=sentences(student.career_goals)))
    if student.unavailable:
        facts.append(w.say("fact_busy", blocks=w.blocks(student.unavailable)))
    facts.append(w.say("fact_hours", hours=hours_text(student.max_hours_per_week)))
    target = engine.term_names.get(student.target_graduation_term, student.target_graduation_term)
    facts.append(w.say("fact_pace", pace=student.pace.value, term=target))
    return w.say("profile", facts=join(facts))


def show_plan(engine: ChatEngine, state: DialogueState, request: Request | None = None) -> list[str]:
    w, plan = engine.wording, state.plan
    if not has_plan(plan) or plan is None:
        return [w.say("no_plan_yet")]
    term = request.slots.term.term_id if request and request.slots.term else None
    last = plan.terms[-1].name if plan.terms else ""
    lines = w.plan(plan, engine.titles, term)
    if term is not None and not lines:
        return [w.say("plan_term_missing", term=engine.term_names.get(term, term))]
    return [w.say("plan_header", count=len(plan.items()), last=last), *lines]


def why(engine: ChatEngine, state: DialogueState, request: Request) -> list[str]:
    """Why items are in the plan (the solver's reasons), why one is not, or where a competency comes from."""
    w, plan, slots = engine.wording, state.plan, request.slots
    ids = [r.id for r in slots.opportunities]
    if not ids and not slots.competencies and not slots.subjects and state.focus:
        ids = [state.focus]
    if ids:
        lines = []
        for opp_id in ids:
            item = plan.item(opp_id) if has_plan(plan) else None
            lines += [item.why] if item else why_not(engine, state, opp_id)
        state.focus = ids[-1]
        return lines
    if slots.competencies:
        return [_competency(engine, state, c) for c in slots.competencies]
    if slots.subjects:
        return remaining(engine, state, request)
    example = plan.items()[0].title if has_plan(plan) and plan.items() else engine.targets[0].title
    return [w.say("which.why", title=example)]


def _competency(engine: ChatEngine, state: DialogueState, comp_id: str) -> str:
    w, plan = engine.wording, state.plan
    comp = engine.comps[comp_id]
    label = f"{comp.label} ({short(comp.statement)})"
    if comp_id in state.wishes.student.demonstrated():
        return w.say("why_competency_done", label=label)
    by = plan.coverage.get(comp_id) if has_plan(plan) else None
    item = plan.item(by) if plan and by else None
    if item is None:
        return w.say("why_competency_not_needed", label=label)
    term = engine.term_names.get(item.end_term, item.end_term)
    return w.say("why_competency", label=label, title=item.title, term=term)


def why_not(engine: ChatEngine, state: DialogueState, opp_id: str) -> list[str]:
    """Why an opportunity is not in the plan: the rules that block every start, or that what it earns
    is already covered, or that it earns nothing still needed."""
    w = engine.wording
    lines = [w.say("why_not_in_plan", title=engine.titles[opp_id])]
    inst = engine.instance(state.wishes)
    reasons = why_not_plannable(inst)(opp_id)
    if reasons is not None:
        lines.append(w.say("why_blocked", reasons=join(reasons[:MAX_BLOCKING], "and")))
        return lines
    relevant = inst.relevant(opp_id)
    plan = state.plan
    others = sorted({engine.titles[plan.coverage[c]] for c in relevant if plan and c in plan.coverage})
    if not relevant:
        lines.append(w.say("why_not_needed"))
    elif others:
        lines.append(w.say("why_covered", others=join(others)))
    return lines


def describe(engine: ChatEngine, state: DialogueState, opp_id: str) -> list[str]:
    """One opportunity from the catalog: kind, mode, hours, times, what it earns, whether it is planned."""
    w, opp = engine.wording, engine.opps[opp_id]
    lines = [
        w.say(
            "describe",
            title=opp.title,
            kind=w.kind(opp.kind),
            mode=w.mode(opp.mode),
            hours=hours_text(opp.hours_per_week),
            when=w.when(opp),
        )
    ]
    if opp.description:
        lines.append(opp.description)
    comps = [f"{engine.comps[c].label} ({short(engine.comps[c].statement)})" for c in opp.competencies]
    lines.append(w.say("describe_earns", competencies=join(comps[:MAX_LISTED])))
    item = state.plan.item(opp_id) if has_plan(state.plan) else None
    if item:
        lines.append(w.say("describe_in_plan", term=engine.term_names.get(item.start_term, item.start_term)))
    else:
        lines.append(w.say("describe_not_in_plan", title=opp.title))
    state.focus = opp_id
    return lines


def explore(engine: ChatEngine, state: DialogueState, request: Request) -> tuple[list[str], list[Option]]:
    """More about one opportunity, or the catalog's best matches for a topic, numbered to pick from."""
    w, slots = engine.wording, request.slots
    refs = slots.opportunities
    if len(refs) == 1 and (refs[0].confidence >= DESCRIBE_CONFIDENCE or DETAIL_CUE.search(request.text)):
        return describe(engine, state, refs[0].id), []
    topic = slots.topic or request.text
    found: list[tuple[str, str]] = []
    if engine.matcher is not None and topic.strip():
        try:
            matches = engine.matcher.match(topic, student=state.wishes.student, top=EXPLORE_POOL)
        except QueryError:
            matches = []
        found = [(m.opportunity_id, m.explanation()) for m in matches]
    else:
        found = [(r.id, "") for r in refs]
    if slots.modes:
        found = [(o, why) for o, why in found if engine.opps[o].mode in slots.modes]
    kinds = engine.nlu.references.kinds_in(request.text.lower())[0]
    if kinds:  # "dual enrollment in the fall": only that kind, the best matches first, else the catalog's
        of_kind = [(o, why) for o, why in found if engine.opps[o].kind in kinds]
        found = of_kind or [(o.id, "") for o in engine.catalog.opportunities if o.kind in kinds]
    found = found[:EXPLORE_TOP]
    if not found:
        return [w.say("explore_none")], []
    lines = [w.say("explore_header", topic=topic)]
    for number, (opp_id, reason) in enumerate(found, start=1):
        opp = engine.opps[opp_id]
        lines.append(
            w.say(
                "explore_item",
                number=number,
                title=opp.title,
                kind=w.kind(opp.kind),
                mode=w.mode(opp.mode),
                hours=hours_text(opp.hours_per_week),
                why=reason or w.when(opp),
            )
        )
    lines.append(w.say("explore_add"))
    return lines, [Option(value=o, label=engine.titles[o]) for o, _ in found]


def remaining(engine: ChatEngine, state: DialogueState, request: Request) -> list[str]:
    """What the diploma still asks of the student, by subject, and which planned item earns each."""
    w, plan = engine.wording, state.plan
    inst = engine.instance(state.wishes)
    minimums = [m for m in inst.minimums if m.remaining]
    if not inst.needed and not minimums:
        return [w.say("remaining_none")]
    coverage = plan.coverage if has_plan(plan) else {}
    by_subject: dict[str, list[str]] = {}
    for comp in inst.needed:
        by_subject.setdefault(inst.comps[comp].subject or "other", []).append(comp)
    wanted = request.slots.subjects
    if wanted:
        lines = []
        for subject in wanted:
            comps = by_subject.get(subject, [])
            items = [
                w.say("remaining_by", label=inst.comps[c].label, title=engine.titles[coverage[c]])
                if c in coverage
                else inst.comps[c].label
                for c in comps[:MAX_LISTED]
            ]
            if items:
                lines.append(
                    w.say("remaining_subject", subject=subject.replace("_", " "), items="; ".join(items))
                )
        return lines or [w.say("remaining_none")]
    counts = join([f"{s.replace('_', ' ')} {len(c)}" for s, c in sorted(by_subject.items())])
    lines = [w.say("remaining", count=len(inst.needed), subjects=counts)] if inst.needed else []
    covered = all(c in coverage for c in inst.needed)
    lines.append(w.say("remaining_covered" if covered else "remaining_uncovered"))
    for m in minimums:
        planned = next((p.planned for p in plan.minimums if p.subject == m.subject), 0) if plan else 0
        lines.append(
            w.say(
                "remaining_minimum",
                subject=m.subject.replace("_", " "),
                have=m.demonstrated,
                count=m.count,
                planned=planned,
            )
        )
    return lines


def change_reasons(
    engine: ChatEngine, wishes: Wishes, old: PlanResult | None, new: PlanResult, diff: PlanDiff
) -> list[str]:
    """Why the plan changed: for items that left, the rule that now blocks them or the items that now
    earn what they earned; for items that came in, the solver's own reason."""
    w = engine.wording
    lines = []
    inst = engine.instance(wishes)
    index = {t.id: i for i, t in enumerate(inst.terms)}
    for change in diff.removed[:MAX_REASONS]:
        item = old.item(change.opportunity) if old else None
        if item is None:
            continue
        start = index.get(item.start_term)
        blocks = blocks_for(inst, inst.opps[item.opportunity], start) if start is not None else []
        wished = [b.reason for b in blocks if b.wish is not None] or [b.reason for b in blocks]
        if wished:
            lines.append(w.say("removed_blocked", title=item.title, reason=wished[0]))
            continue
        others = sorted({engine.titles[new.coverage[c]] for c in item.needed if c in new.coverage})
        if others:
            lines.append(w.say("removed_covered", title=item.title, others=join(others)))
    for change in diff.added[:MAX_REASONS]:
        added = new.item(change.opportunity)
        if added is not None and added.why:
            lines.append(added.why)
    if len(diff.removed) > MAX_REASONS or len(diff.added) > MAX_REASONS:
        lines.append(w.say("reasons_more"))
    return lines
