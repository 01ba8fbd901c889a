"""Edits to the student's wishes: what a told fact, a lock, a drop or a relaxation changes.

Pure functions: each takes ``Wishes`` and returns new ``Wishes`` (the input is never changed), so that
a change can be previewed (what-if), confirmed later, or undone.
"""

from __future__ import annotations

import re
from typing import Any

from chat import Lexicon, Slots
from chat.slots import Fullness, parse_pace
from core.schema import MINUTES_PER_DAY, Calendar, Mode, Pace, Student, TimeBlock, Weekday
from planner.domain import Fullness as PlanFullness
from planner.domain import Wish
from planner.edits import Wishes
from planner.wishes import relax as relax_wish

ONLY_CUE = re.compile(r"\b(only|just|can'?t do (anything )?(but|except)|nothing but)\b")
"""A mode said with one of these words ("online only") is the only mode allowed, not just preferred."""

DROP_CUE = re.compile(r"\b(drop|remove|quit|skip|stop|without|didn'?t|don'?t|no longer|not do|cut|lose)\b")
"""In a what-if, a named item with one of these words is left out; otherwise it is taken."""


def with_student(wishes: Wishes, **changes: Any) -> Wishes:
    """The wishes with some student fields changed (and validated again)."""
    data = wishes.student.model_dump()
    data.update(changes)
    return wishes.model_copy(update={"student": Student.model_validate(data)})


def block_minus(block: TimeBlock, free: TimeBlock) -> list[TimeBlock]:
    """What is left of a busy block once a free block is taken out of it (0, 1 or 2 blocks)."""
    if not block.overlaps(free):
        return [block]
    left = []
    if block.start < free.start:
        left.append(block.model_copy(update={"end": free.start}))
    if free.end < block.end:
        left.append(block.model_copy(update={"start": free.end}))
    return left


def add_busy(wishes: Wishes, blocks: list[TimeBlock]) -> Wishes:
    """New busy times, added to the ones the student already has (a block already covered is skipped)."""
    current = list(wishes.student.unavailable)
    for block in blocks:
        covered = any(b.day == block.day and b.start <= block.start and block.end <= b.end for b in current)
        if not covered:
            current.append(block)
    return with_student(wishes, unavailable=[b.model_dump() for b in current])


def add_free(wishes: Wishes, blocks: list[TimeBlock]) -> Wishes:
    """Times the student is now free: taken out of every busy block they overlap."""
    current = list(wishes.student.unavailable)
    for free in blocks:
        current = [part for block in current for part in block_minus(block, free)]
    return with_student(wishes, unavailable=[b.model_dump() for b in current])


SCHOOL_WEEK = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
"""The days an "only free ..." wish closes outside the times it names (the weekend is left as it is)."""


def only_free(wishes: Wishes, blocks: list[TimeBlock]) -> Wishes:
    """ "I'm only free Monday mornings": every school-week hour outside these blocks becomes busy."""
    busy = []
    for day in SCHOOL_WEEK:
        at = 0
        for free in sorted((b for b in blocks if b.day == day), key=lambda b: b.start):
            if at < free.start:
                busy.append(TimeBlock.model_validate({"day": day, "start": at, "end": free.start}))
            at = max(at, free.end)
        if at < MINUTES_PER_DAY:
            busy.append(TimeBlock.model_validate({"day": day, "start": at, "end": MINUTES_PER_DAY}))
    return add_busy(add_free(wishes, blocks), busy)


def set_fullness(wishes: Wishes, fullness: Fullness) -> Wishes:
    """The wishes with a lighter or fuller program than the pace's target (``PlanEdits.fullness``)."""
    edits = wishes.edits.model_copy(update={"fullness": PlanFullness(fullness)})
    return wishes.model_copy(update={"edits": edits})


def set_modes(wishes: Wishes, slots: Slots, text: str) -> Wishes:
    """Modes wanted (preferred, or the only ones allowed when the student says "only") or avoided."""
    student = wishes.student
    allowed = list(student.allowed_modes)
    preferred = list(student.preferred_modes)
    if slots.modes:
        preferred = list(slots.modes)
        if ONLY_CUE.search(text):
            allowed = list(slots.modes)
    if slots.avoid_modes:
        allowed = [m for m in (allowed or list(Mode)) if m not in slots.avoid_modes] or list(Mode)
        preferred = [m for m in preferred if m not in slots.avoid_modes]
    if slots.modes and not ONLY_CUE.search(text):
        allowed = sorted(set(allowed) | set(slots.modes), key=list(Mode).index)
    return with_student(wishes, allowed_modes=allowed, preferred_modes=preferred)


def set_interests(wishes: Wishes, text: str) -> Wishes:
    """Interests told now are added to what the student said before."""
    before = wishes.student.interests.strip()
    joined = f"{before}; {text}" if before and text.lower() not in before.lower() else (before or text)
    return with_student(wishes, interests=joined)


def lock(wishes: Wishes, opportunity_id: str, term: str | None = None) -> Wishes:
    """Keep (or add) an opportunity no matter what (in ``term`` when the student named one)."""
    return wishes.model_copy(update={"edits": wishes.edits.with_lock(opportunity_id, term)})


def exclude(wishes: Wishes, opportunity_id: str) -> Wishes:
    """Never plan an opportunity; an exclusion undoes an earlier lock of it."""
    return wishes.model_copy(update={"edits": wishes.edits.with_exclusion(opportunity_id)})


def set_target(wishes: Wishes, term_id: str, calendar: Calendar) -> Wishes | None:
    """A new target graduation term, or None when it is not a term the plan can end in."""
    plannable = {t.id for t in calendar.plannable()}
    if term_id not in plannable:
        return None
    return with_student(wishes, target_graduation_term=term_id)


def apply_schedule(
    wishes: Wishes, slots: Slots, text: str, calendar: Calendar, explicit_pace: bool
) -> Wishes:
    """Every schedule fact in the slots: busy and free times, hours, pace, target term and modes.

    A pace only implied by a term ("a semester early") moves the target; it does not change the pace
    (``explicit_pace`` says whether the student named a pace in words)."""
    if slots.busy:
        wishes = add_busy(wishes, slots.busy)
    if slots.free:
        wishes = add_free(wishes, slots.free)
    if slots.hours_per_week is not None:
        wishes = with_student(wishes, max_hours_per_week=slots.hours_per_week)
    if slots.term is not None and slots.term.term_id:
        wishes = set_target(wishes, slots.term.term_id, calendar) or wishes
    if slots.pace is not None and (explicit_pace or slots.term is None):
        wishes = with_student(wishes, pace=slots.pace)
    if slots.modes or slots.avoid_modes:
        wishes = set_modes(wishes, slots, text)
    return wishes


def apply_what_if(wishes: Wishes, slots: Slots, text: str, calendar: Calendar, explicit_pace: bool) -> Wishes:
    """The variant a what-if asks about: its schedule facts, and each named item taken or left out."""
    variant = apply_schedule(wishes, slots, text, calendar, explicit_pace)
    for ref in slots.opportunities:
        variant = exclude(variant, ref.id) if DROP_CUE.search(text) else lock(variant, ref.id)
    return variant


def says_pace(text: str, slots: Slots, lexicon: Lexicon) -> bool:
    """Whether the clause names a pace in words, besides the term it names ("a semester early" only
    moves the target; "finish early and graduate by junior year" also asks for the accelerated pace)."""
    if slots.term is not None and slots.term.text:
        text = text.replace(slots.term.text, " ")
    return parse_pace(text, lexicon) is not None


def relax(wishes: Wishes, wish: Wish) -> Wishes | None:
    """The wishes with one wish given up, as the wish itself relaxes (planner/wishes.py): a busy time
    freed, a lock or an exclusion removed, every mode allowed, the deadline, hours cap or pace load
    switched off. None when the wish is not among these wishes."""
    return relax_wish(wishes, wish.id)


def known_topics(student: Student) -> list[str]:
    """The onboarding topics a stored student record already answers. A field still at the schema's
    default (no busy times, 30 hours, standard pace, every mode, nothing done) counts as not asked yet."""
    defaults = Student.model_fields
    known = []
    if student.interests.strip():
        known.append("interests")
    if student.career_goals.strip():
        known.append("career")
    if student.unavailable:
        known.append("busy")
    if student.max_hours_per_week != defaults["max_hours_per_week"].default:
        known.append("hours")
    if student.pace is not Pace.STANDARD:
        known.append("pace")
    if set(student.allowed_modes) != set(Mode) or student.preferred_modes:
        known.append("mode")
    if student.completed_opportunities or student.evidence:
        known.append("done")
    return known
