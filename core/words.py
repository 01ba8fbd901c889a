"""Words for the schema's values, shared by every reading of a plan (the solver's wishes and reasons,
the chat's replies, the family's wording): hours, days and modes."""

from __future__ import annotations

from core.i18n import N_
from core.schema import Mode

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
MODE_WORDS = {Mode.IN_PERSON: "in-person", Mode.ONLINE: "online", Mode.HYBRID: "hybrid"}


def hours_text(hours: float) -> str:
    """Hours as a person writes them: 6, 7.5, 0.25 (no trailing zeros)."""
    return f"{hours:g}"
