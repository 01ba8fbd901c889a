"""The chat: understanding messages (``nlu``) and, built on it, the dialogue engine.

The public understanding API: ``NLU(model).understand(message, Context(...)) -> Understanding``.
"""

from chat.intents import Intent, IntentScore, Lexicon, load_lexicon
from chat.nlu import (
    MAX_MESSAGE_CHARS,
    NLU,
    Ambiguity,
    Choice,
    Request,
    Slots,
    Understanding,
)
from chat.refs import CompetencyTarget, Context, OpportunityRef, ReferenceTarget
from chat.slots import TermRef
from chat.times import parse_times

__all__ = [
    "MAX_MESSAGE_CHARS",
    "NLU",
    "Ambiguity",
    "Choice",
    "CompetencyTarget",
    "Context",
    "Intent",
    "IntentScore",
    "Lexicon",
    "OpportunityRef",
    "ReferenceTarget",
    "Request",
    "Slots",
    "TermRef",
    "Understanding",
    "load_lexicon",
    "parse_times",
]
