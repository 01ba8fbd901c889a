"""Reading a message as the answer to what the chat asked last: a choice among options ("the second
one", "the law one", "2"), or a short answer to an onboarding question ("like 12" after "how many
hours?")."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from chat import Intent, OpportunityRef, ReferenceTarget, Request, Slots, Understanding
from chat.dialogue_engine import ChatEngine
from chat.dialogue_state import Option, Pending, Topic
from chat.slots import bare_hours
from language import clean

NEEDS_REFERENCE = {Intent.LOCK, Intent.EXCLUDE, Intent.SWAP, Intent.WHY, Intent.WHAT_IF, Intent.TELL_DONE}
SECOND_LOOK = {Intent.LOCK, Intent.EXCLUDE, Intent.WHY}
BETTER_MATCH = 0.1
"""How much better a catalog-wide match must be than the plan's to be the item meant."""
LABEL_MATCH = 80
"""rapidfuzz token_set_ratio from which an answer names one of the offered (non-catalog) choices."""
MAX_ORDINAL_WORDS = 4
"""An answer this short may pick a choice by an ordinal word ("the second one")."""
_NUMBER = re.compile(r"(?:option|number|no\.?|#)?\s*(\d{1,2})")


def with_answer(asking: Topic | None, understood: Understanding) -> list[Request]:
    """The message's requests, reading a bare number as the hours the last question asked for. A plain
    yes or no to an onboarding question gives no request (the session just moves on)."""
    requests = understood.requests
    if asking == "hours" and all(r.intent is Intent.OFF_TOPIC for r in requests):
        value = bare_hours(understood.text.lower())
        if value is not None:
            slots = Slots(hours_per_week=value)
            return [Request(intent=Intent.TELL_HOURS, confidence=1.0, text=understood.text, slots=slots)]
    if asking is not None and understood.intents in ([Intent.DENY], [Intent.CONFIRM]):
        return []
    return requests


def offered_answer(message: str, options: list[Option]) -> str | None:
    """What a picked answer to an onboarding question says ("2" or "On time" -> "On time"), or None
    when the message is not one of the offered answers."""
    text = clean(message).lower().strip(" .!?")
    number = _NUMBER.fullmatch(text)
    if number:
        n = int(number.group(1))
        return options[n - 1].value if 1 <= n <= len(options) else None
    return next((o.value for o in options if o.label.lower() == text), None)


def second_look(engine: ChatEngine, request: Request, planned: set[str]) -> Request:
    """Keep, drop and why look for the item in the plan first. When the one item found there matched
    only weakly ("the biotech internship" matching the plan's Law Office Internship by its kind) and the
    whole catalog has one clearly better match, the request is about that one."""
    refs = request.slots.opportunities
    if request.intent not in SECOND_LOOK or request.ambiguity or len(refs) != 1 or refs[0].id not in planned:
        return request
    groups = engine.nlu.resolve(request.text, engine.targets)
    if len(groups) != 1 or len(groups[0]) != 1:
        return request
    best = groups[0][0]
    if best.id != refs[0].id and best.confidence >= refs[0].confidence + BETTER_MATCH:
        request = request.model_copy(deep=True)
        request.slots.opportunities = [best]
    return request


def pick(engine: ChatEngine, message: str, pending: Pending, understood: Understanding) -> int | None:
    """Which offered option the answer names: by number, by name (or intent), or by an ordinal word."""
    options = pending.options
    values = [o.value for o in options]
    text = clean(message).lower().strip(" .!?")
    number = _NUMBER.fullmatch(text)
    if number:
        n = int(number.group(1))
        return n - 1 if 1 <= n <= len(options) else None
    if pending.slot == "intent":
        said = {i.value for i in understood.intents} & set(values)
        if len(said) == 1:
            return values.index(said.pop())
    if pending.slot in ("opportunities", "replacement", "add"):
        targets = [
            ReferenceTarget(id=o.value, title=o.label, kind=engine.opps[o.value].kind) for o in options
        ]
        groups = engine.nlu.resolve(text, targets)
        if len(groups) == 1 and len(groups[0]) == 1:
            return values.index(groups[0][0].id)
    else:
        ratios = [fuzz.token_set_ratio(text, o.label.lower()) for o in options]
        best = max(ratios, default=0)
        if best >= LABEL_MATCH and ratios.count(best) == 1:
            return ratios.index(best)
    words = re.findall(r"[a-z0-9]+", text)
    if len(words) <= MAX_ORDINAL_WORDS:
        for word in words:
            k = engine.wording.ordinal(word)
            if k == -1:
                return len(options) - 1
            if k is not None and 1 <= k <= len(options):
                return k - 1
    return None


def completed(engine: ChatEngine, pending: Pending, option: Option) -> Request:
    """The request that asked, with the student's choice filled in."""
    assert pending.request is not None
    request = pending.request.model_copy(deep=True)
    request.ambiguity = None
    if pending.slot == "intent":
        request.intent = Intent(option.value)
        if request.intent in NEEDS_REFERENCE and not request.slots.opportunities:
            groups = engine.nlu.resolve(request.text, engine.targets)
            request.slots.opportunities = [g[0] for g in groups if len(g) == 1]
    else:
        ref = OpportunityRef(id=option.value, title=option.label, confidence=1.0)
        slot = "replacement" if pending.slot == "replacement" else "opportunities"
        getattr(request.slots, slot).append(ref)
    return request


def lock_request(option: Option) -> Request:
    """'Add this one' for an option offered after exploring."""
    ref = OpportunityRef(id=option.value, title=option.label, confidence=1.0)
    return Request(intent=Intent.LOCK, confidence=1.0, text="", slots=Slots(opportunities=[ref]))
