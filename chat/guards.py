"""Rules that keep the chat from surprising the student: read after the intent classifier, on data from
``data/chat/exemplars.json``.

- A message written as an instruction to the machine ("ignore previous instructions", "SYSTEM: ...",
  "you are now ...") is not a request at all: it changes nothing (no undo, no drop).
- A wish for a lighter or fuller load must say which ("less work", "fill it up").
- A question about an item ("when does the law internship meet?", "what's the point of the robotics
  club") never edits the plan: a keep, drop or swap read from a question without an edit verb becomes a
  question about the item (why it is there, or what it is).
"""

from __future__ import annotations

import re

from chat.intents import Intent, IntentScore, Lexicon

EDITS = (Intent.LOCK, Intent.EXCLUDE, Intent.SWAP)
ITEM_QUESTIONS = (Intent.WHY, Intent.EXPLORE)


def is_instruction(text: str, lexicon: Lexicon) -> bool:
    """The message speaks to the machine rather than about the plan."""
    return any(re.search(p, text) for p in lexicon.instruction_cues)


def is_question(clause: str, lexicon: Lexicon) -> bool:
    return any(re.search(p, clause) for p in lexicon.question_cues)


def says_edit(clause: str, lexicon: Lexicon) -> bool:
    return any(re.search(p, clause) for p in lexicon.edit_verbs)


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
