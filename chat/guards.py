"""Rules that keep the chat from surprising the student: read after the intent classifier, on data from
``data/chat/exemplars.json``.

- A message written as an instruction to the machine ("ignore previous instructions", "SYSTEM: ...",
  "you are now ...") is not a request at all: it changes nothing (no undo, no drop).
- A wish for a lighter or fuller load must say which ("less work", "fill it up").
- A question about an item ("when does the law internship meet?", "what's the point of the robotics
  club") never edits the plan: a keep, drop or swap read from a question without an edit verb becomes a
  question about the item (why it is there, or what it is).
- A change is *certain* only when it is not phrased as a question and says itself (an edit verb for a
  keep, drop or swap; a slot or a cue of the intent for a told fact) or the learned classifier is sure of
  it. The dialogue applies an uncertain change only after the student says yes.
"""

from __future__ import annotations

import re

from chat.intents import Intent, IntentScore, Lexicon

EDITS = (Intent.LOCK, Intent.EXCLUDE, Intent.SWAP)
ITEM_QUESTIONS = (Intent.WHY, Intent.EXPLORE)
TOLD = (
    Intent.TELL_INTERESTS, Intent.TELL_CAREER_GOAL, Intent.TELL_AVAILABILITY, Intent.TELL_HOURS,
    Intent.TELL_PACE, Intent.TELL_MODE, Intent.TELL_LOAD,
)  # fmt: skip
SURE = 0.5
"""The learned classifier's probability at which a change that does not say itself is applied without asking."""
_POLITE_REQUEST = re.compile(r"^(can|could|may|will|would|pls|please)\s+(i|you|u|we|ya)\b")
""""can you drop econ?" asks for an edit; it is not a question about the plan."""


def is_instruction(text: str, lexicon: Lexicon) -> bool:
    """The message speaks to the machine rather than about the plan."""
    return any(re.search(p, text) for p in lexicon.instruction_cues)


def is_question(clause: str, lexicon: Lexicon) -> bool:
    return any(re.search(p, clause) for p in lexicon.question_cues)


def asks(clause: str, lexicon: Lexicon) -> bool:
    """Phrased as a question ("do i need to keep the trip?"), not as a request ("can you drop it?")."""
    return is_question(clause, lexicon) and not _POLITE_REQUEST.match(clause)


def certain(intent: Intent, clause: str, probability: float, said: set[Intent], lexicon: Lexicon) -> bool:
    """Whether a change of this intent may be applied without asking. ``said``: the intents whose cues or
    slots the clause has. Anything that changes nothing is certain."""
    if intent not in EDITS and intent not in TOLD:
        return True
    if asks(clause, lexicon):
        return False
    explicit = says_edit(clause, lexicon) if intent in EDITS else intent in said
    return explicit or probability >= SURE


def says_edit(clause: str, lexicon: Lexicon) -> bool:
    return any(re.search(p, clause) for p in lexicon.edit_verbs)


def not_done(clause: str, scores: list[IntentScore], lexicon: Lexicon) -> Intent | None:
    """ "didn't do any summer stuff" tells nothing done: it is not a note for the advisor (off topic)."""
    if scores[0].intent is not Intent.TELL_DONE or not any(
        re.search(p, clause) for p in lexicon.done_negations
    ):
        return None
    return Intent.OFF_TOPIC


def without_load(scores: list[IntentScore], fullness: object) -> Intent | None:
    """A lighter / fuller wish that names no load ("can u do my homework") is not one: the next intent."""
    if scores[0].intent is not Intent.TELL_LOAD or fullness is not None:
        return None
    return scores[1].intent


def question_intent(clause: str, scores: list[IntentScore], lexicon: Lexicon) -> Intent | None:
    """For a keep / drop / swap read from a question that names no edit ("is the vet internship paid?"),
    the better of why and explore; None when the clause really asks for an edit."""
    best = scores[0].intent
    if best not in EDITS or not is_question(clause, lexicon) or says_edit(clause, lexicon):
        return None
    return next(s.intent for s in scores if s.intent in ITEM_QUESTIONS)
