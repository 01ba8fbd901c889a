"""Words for the schema's values, shared by every reading of a plan (the solver's wishes and reasons,
the chat's replies, the family's wording): hours, days and modes."""

from __future__ import annotations

from core.schema import Mode

DAY_PLURALS = {
    "Mon": "Mondays",
    "Tue": "Tuesdays",
    "Wed": "Wednesdays",
    "Thu": "Thursdays",
    "Fri": "Fridays",
    "Sat": "Saturdays",
    "Sun": "Sundays",
}
MODE_WORDS = {Mode.IN_PERSON: "in-person", Mode.ONLINE: "online", Mode.HYBRID: "hybrid"}


def hours_text(hours: float) -> str:
    """Hours as a person writes them: 6, 7.5, 0.25 (no trailing zeros)."""
    return f"{hours:g}"
