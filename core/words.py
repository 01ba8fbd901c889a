"""Words for the schema's values, shared by every reading of a plan (the solver's wishes and reasons,
the chat's replies, the family's wording): hours, days and modes."""

from __future__ import annotations

from core.i18n import N_
from core.phrases import Phrase, Ref
from core.schema import Mode, TimeBlock, format_clock

DAY_PLURALS = {
    "Mon": N_("Mondays"),
    "Tue": N_("Tuesdays"),
    "Wed": N_("Wednesdays"),
    "Thu": N_("Thursdays"),
    "Fri": N_("Fridays"),
    "Sat": N_("Saturdays"),
    "Sun": N_("Sundays"),
}
"""Marked for translation (N_): the family's view shows them with ``_`` (present/localized.py)."""
MODE_WORDS = {Mode.IN_PERSON: N_("in-person"), Mode.ONLINE: N_("online"), Mode.HYBRID: N_("hybrid")}


def hours_text(hours: float) -> str:
    """Hours as a person writes them: 6, 7.5, 0.25 (no trailing zeros)."""
    return f"{hours:g}"


def meeting_phrase(block: TimeBlock) -> Phrase:
    """A meeting time in a phrase: 'Tue 15:00-18:00' (the day named in the reader's language when shown)."""
    day = Ref(ref="day", id=str(block.day), name=str(block.day))
    return Phrase.of(
        N_("{day} {start}-{end}"), day=day, start=format_clock(block.start), end=format_clock(block.end)
    )
