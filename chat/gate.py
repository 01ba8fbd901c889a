"""The edit gate: the one place that decides what a message may change (issue #13: a chat that never
surprises). The dialogue passes every message and its understood requests through ``admit`` before it
acts; only the requests let through as changes can touch the student's wishes or plan, and a change
let through uncertain waits for a yes.

The rules, each a small function with a test that it holds and one that it bites
(tests/chat/test_gate.py):

- ``speaks_to_the_machine``: a message written as an instruction ("ignore previous instructions ...",
  "SYSTEM: ...") changes nothing, whatever else it says: no undo, no drop, no answer to a question.
- ``asks_to_undo``: only a clause that says undo, says little else and is not a question undoes
  ("undo that", "put it back"); "I have to undo the knot in my laces" or "how does undo work?" do not.
- ``is_nonsense``: a change read from a clause that is mostly not words ("flib zorgle wumpus") is off
  topic.
- ``asked_as_a_question``: a change phrased as a question ("do i need to keep the trip?") is never
  applied without a yes.
- Everything else a message can be read as (a question, a preview, small talk, nothing understood)
  changes nothing by construction: the dialogue answers those and never commits for them.

What the dialogue then commits it says in words (``ChatSession._replan``: every edit says what changed).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from chat.guards import EDITS, TOLD, asks, is_instruction
from chat.intents import Intent, Lexicon
from chat.nlu import Request
from language import clean

CHANGES = frozenset({*EDITS, *TOLD, Intent.UNDO, Intent.TELL_DONE})
"""The intents that may change the student's wishes or plan; every other request changes nothing."""
QUESTIONS = frozenset({Intent.HELP, Intent.WHY, Intent.EXPLORE, Intent.SHOW_PLAN, Intent.REMAINING})
"""What an undo that does not ask to undo may be instead ("how does undo work" asks for help)."""
UNDO_OTHER_WORDS = 3
"""An undo says little besides undo: a clause with more words than this around its undo words is about
something else ("i have to undo the knot in my laces"); the words an undo is said with anyway
(``undo_fillers`` in data/chat/exemplars.json) do not count."""
_WORD = re.compile(r"[a-z0-9']+")


def speaks_to_the_machine(message: str, lexicon: Lexicon) -> bool:
    """The message is written as an instruction to the chat, not as something about the plan."""
    return is_instruction(clean(message).lower(), lexicon)


def asks_to_undo(clause: str, lexicon: Lexicon) -> bool:
    """The clause asks to undo the last change: an undo cue, not a question, and little else."""
    text = clause.lower()
    cues = lexicon.intents[Intent.UNDO].cues
    if not any(re.search(p, text) for p in cues) or asks(text, lexicon):
        return False
    rest = text
    for pattern in cues:
        rest = re.sub(pattern, " ", rest)
    other = [w for w in _WORD.findall(rest) if w not in lexicon.undo_fillers]
    return len(other) <= UNDO_OTHER_WORDS


def is_nonsense(clause: str, knows: Callable[[str], bool]) -> bool:
    """Fewer than half of the clause's words are words at all ("flib zorgle wumpus", "asdfjkl")."""
    words = _WORD.findall(clause.lower())
    return bool(words) and sum(map(knows, words)) * 2 < len(words)


def asked_as_a_question(request: Request, lexicon: Lexicon) -> bool:
    """A change the clause asks about rather than asks for."""
    return request.intent in CHANGES and request.intent is not Intent.UNDO and asks(request.text, lexicon)


def admit(
    message: str, requests: list[Request], lexicon: Lexicon, knows: Callable[[str], bool] | None = None
) -> list[Request]:
    """The requests the dialogue may act on. An instruction-like message is one off-topic request; a
    change read from nonsense is off topic (``knows``: whether a word is a word, ``NLU.knows``); an
    undo that does not ask to undo is read as its best question (or off topic); a
    change asked as a question is marked uncertain, so it waits for a yes."""
    if speaks_to_the_machine(message, lexicon):
        return [Request(intent=Intent.OFF_TOPIC, confidence=1.0, text=message)]
    admitted: list[Request] = []
    for request in requests:
        if request.intent in CHANGES and knows is not None and is_nonsense(request.text, knows):
            request = Request(intent=Intent.OFF_TOPIC, confidence=request.confidence, text=request.text)
        elif request.intent is Intent.UNDO and not asks_to_undo(request.text, lexicon):
            request = _changing_nothing(request)
        elif asked_as_a_question(request, lexicon) and request.certain:
            request = request.model_copy(update={"certain": False})
        admitted.append(request)
    return admitted


def _changing_nothing(request: Request) -> Request:
    """The request read as its next best question (off topic when none is close)."""
    intent = next((s.intent for s in request.alternatives if s.intent in QUESTIONS), Intent.OFF_TOPIC)
    return Request(intent=intent, confidence=request.confidence, text=request.text)
