"""What one request changes in the student's wishes, and the words that acknowledge it.

Told facts (interests, goals, busy times, hours, pace, modes) change the working copy of the student;
edits (keep, drop, swap) change the locks and exclusions. Nothing here solves: the session re-plans
once for the whole message. A change that throws away something the student asked for (dropping a
kept item) or several items at once adds a sentence to ``confirms``, and the session asks first.
"""

from __future__ import annotations

from collections.abc import Callable

from chat import Intent, OpportunityRef, Request
from chat.dialogue_edits import (
    ONLY_CUE,
    add_busy,
    add_free,
    exclude,
    lock,
    only_free,
    says_pace,
    set_fullness,
    set_interests,
    set_modes,
    set_target,
    with_student,
)
from chat.dialogue_engine import ChatEngine
from chat.dialogue_state import DialogueState, Topic
from core.schema import Student
from core.words import hours_text
from planner.domain import has_plan
from planner.edits import Wishes
from planner.explain import join
from planner.rules import blocks_for

TOPIC_OF: dict[Intent, Topic] = {
    Intent.TELL_INTERESTS: "interests",
    Intent.TELL_CAREER_GOAL: "career",
    Intent.TELL_AVAILABILITY: "busy",
    Intent.TELL_HOURS: "hours",
    Intent.TELL_PACE: "pace",
    Intent.TELL_MODE: "mode",
    Intent.TELL_DONE: "done",
}
TOLD = {*TOPIC_OF, Intent.TELL_LOAD}
ALTERNATIVES_NAMED = 2
"""Other candidates a swap names besides the one it brings in."""

Scores = Callable[[Student], dict[str, float]]


def know(state: DialogueState, topic: Topic) -> None:
    if topic not in state.known:
        state.known.append(topic)


def tell(
    engine: ChatEngine, state: DialogueState, request: Request, wishes: Wishes, said: list[str]
) -> Wishes:
    """A fact about the student: the wishes with it, and a sentence saying what was understood."""
    w, slots, intent = engine.wording, request.slots, request.intent
    if intent is Intent.TELL_INTERESTS:
        text = slots.interests.strip() or request.text
        wishes = set_interests(wishes, text)
        said.append(w.say("noted_interests", text=text))
    elif intent is Intent.TELL_CAREER_GOAL:
        text = slots.career_goal.strip() or request.text
        wishes = with_student(wishes, career_goals=text)
        said.append(w.say("noted_career", text=text))
    elif intent is Intent.TELL_AVAILABILITY:
        if slots.busy:
            wishes = add_busy(wishes, slots.busy)
            said.append(w.say("noted_busy", blocks=w.blocks(slots.busy)))
        if slots.free and ONLY_CUE.search(request.text):
            wishes = only_free(wishes, slots.free)
            said.append(w.say("noted_only_free", blocks=w.blocks(slots.free)))
        elif slots.free:
            wishes = add_free(wishes, slots.free)
            said.append(w.say("noted_free", blocks=w.blocks(slots.free)))
    elif intent is Intent.TELL_HOURS and slots.hours_per_week is not None:
        # The parser only gives 0 < hours <= 80, which is what a student record holds.
        wishes = with_student(wishes, max_hours_per_week=slots.hours_per_week)
        said.append(w.say("noted_hours", hours=hours_text(slots.hours_per_week)))
    elif intent is Intent.TELL_PACE:
        wishes = _pace(engine, request, wishes, said)
    elif intent is Intent.TELL_MODE:
        wishes = set_modes(wishes, slots, request.text)
        said.append(w.say("noted_modes", modes=w.modes(wishes.student)))
    elif intent is Intent.TELL_DONE:
        _done(engine, state, request, wishes, said)
    elif intent is Intent.TELL_LOAD and slots.fullness is not None:
        wishes = set_fullness(wishes, slots.fullness)
        said.append(w.say(f"noted_load.{slots.fullness}"))
    if intent in TOPIC_OF:
        know(state, TOPIC_OF[intent])
    return wishes


def _pace(engine: ChatEngine, request: Request, wishes: Wishes, said: list[str]) -> Wishes:
    """A target term ("a semester early") moves the target; a pace said in words changes the pace."""
    w, slots = engine.wording, request.slots
    explicit = says_pace(request.text, slots, engine.nlu.lexicon)
    if slots.term is not None:
        moved = set_target(wishes, slots.term.term_id, engine.calendar) if slots.term.term_id else None
        current = engine.term_names[wishes.student.target_graduation_term]
        if moved is None:
            named = engine.term_names.get(slots.term.term_id or "", slots.term.text)
            said.append(w.say("noted_target_bad", term=named, current=current))
        else:
            wishes = moved
            said.append(w.say("noted_target", term=engine.term_names[moved.student.target_graduation_term]))
    if slots.pace is not None and (explicit or slots.term is None):
        wishes = with_student(wishes, pace=slots.pace)
        said.append(w.say("noted_pace", pace=slots.pace.value))
    return wishes


def _done(
    engine: ChatEngine, state: DialogueState, request: Request, wishes: Wishes, said: list[str]
) -> None:
    """What the student says they did: confirmed from the record, or noted for the advisor (only
    evidence in the record counts, so the plan does not change)."""
    w = engine.wording
    if not request.slots.opportunities:
        said.append(w.say("noted_done_unknown"))
    for ref in request.slots.opportunities:
        if ref.id in wishes.student.completed_opportunities:
            said.append(w.say("noted_done_known", title=ref.title))
        else:
            if ref.id not in state.reported_done:
                state.reported_done.append(ref.id)
            said.append(w.say("noted_done_claim", title=ref.title))


def edit(
    engine: ChatEngine,
    state: DialogueState,
    request: Request,
    wishes: Wishes,
    said: list[str],
    confirms: list[str],
    scores: Scores,
) -> Wishes:
    """Keep, drop or swap the named items (or the item talked about last)."""
    w, slots = engine.wording, request.slots
    refs = list(slots.opportunities)
    if not refs and state.focus:
        refs = [OpportunityRef(id=state.focus, title=engine.titles[state.focus], confidence=1.0)]
    plan = state.plan
    planned = {i.opportunity for i in plan.items()} if has_plan(plan) else set()
    if not refs:
        example = min((engine.titles[o] for o in planned), default=engine.targets[0].title)
        said.append(w.say(f"which.{request.intent.value}", title=example))
        return wishes
    if request.intent is Intent.LOCK:
        term = slots.term.term_id if slots.term and slots.term.term_id in engine.term_names else None
        for ref in refs:
            if ref.id in wishes.student.completed_opportunities:
                said.append(w.say("lock_completed", title=ref.title))
            elif term is not None:
                wishes = lock(wishes, ref.id, term)
                said.append(w.say("locked_in", title=ref.title, term=engine.term_names[term]))
            else:
                wishes = lock(wishes, ref.id)
                said.append(w.say("locked", title=ref.title))
    elif request.intent is Intent.EXCLUDE:
        for ref in refs:
            if wishes.edits.locked(ref.id):
                confirms.append(w.say("confirm_drop_locked", title=ref.title))
            wishes = exclude(wishes, ref.id)
            said.append(w.say("excluded" if ref.id in planned else "excluded_absent", title=ref.title))
        if len(refs) > 1 and not confirms:
            confirms.append(w.say("confirm_drop_many", titles=join([r.title for r in refs])))
    else:
        wishes = _swap(engine, state, refs[0], request, wishes, said, confirms, scores)
    state.focus = refs[-1].id
    return wishes


def _swap(
    engine: ChatEngine,
    state: DialogueState,
    out: OpportunityRef,
    request: Request,
    wishes: Wishes,
    said: list[str],
    confirms: list[str],
    scores: Scores,
) -> Wishes:
    """Take an item out and bring in the named one, or the best one in the wanted mode (kept, so it
    stays through later edits); with neither, the solver chooses what replaces it."""
    w, slots = engine.wording, request.slots
    if wishes.edits.locked(out.id):
        confirms.append(w.say("confirm_drop_locked", title=out.title))
    wishes = exclude(wishes, out.id)
    said.append(w.say("swap_out", title=out.title))
    incoming = [r.id for r in slots.replacement]
    also: list[str] = []
    if not incoming and (slots.modes or slots.avoid_modes):
        found = alternatives(engine, state, out.id, wishes, request, scores)
        if not found:
            modes = join([w.mode(m) for m in slots.modes] or ["other"], "or")
            said.append(w.say("swap_none", modes=modes, title=out.title))
        incoming, also = found[:1], found[1 : 1 + ALTERNATIVES_NAMED]
    for opp_id in incoming:
        wishes = lock(wishes, opp_id)
        said.append(w.say("swap_in", title=engine.titles[opp_id]))
    if also:
        said.append(w.say("swap_also", titles=join([engine.titles[o] for o in also], "or")))
    return wishes


def alternatives(
    engine: ChatEngine, state: DialogueState, out_id: str, wishes: Wishes, request: Request, scores: Scores
) -> list[str]:
    """Opportunities in the wanted mode that earn what the outgoing item earned for the student and
    that the rules let them take, best first (most of it, then interest, then fewest hours)."""
    plan = state.plan
    item = plan.item(out_id) if has_plan(plan) else None
    wanted = set(item.needed) if item and item.needed else set(engine.opps[out_id].competencies)
    planned = {i.opportunity for i in plan.items()} if has_plan(plan) else set()
    modes, avoid = request.slots.modes, request.slots.avoid_modes
    inst = engine.instance(wishes)
    interest = scores(wishes.student)
    found = []
    for opp in engine.catalog.opportunities:
        earns = wanted & set(opp.competencies)
        if opp.id == out_id or opp.id in planned or not earns:
            continue
        if (modes and opp.mode not in modes) or opp.mode in avoid:
            continue
        if all(blocks_for(inst, opp, s) for s in range(len(inst.terms))):
            continue
        found.append((-len(earns), -interest.get(opp.id, 0.0), opp.hours_per_week, opp.id))
    return [o for *_, o in sorted(found)]
