"""The student's wishes as objects: one small class per kind of wish, each owning its hard rule (the
starts it forbids and the constraints it posts), its words, its relaxation and its checker clause.

A wish is switchable: every one can be switched off (``PlanRequest.wishes_off``, by id), so an
impossible request is explained by naming the wishes to relax (``planner/explain.py``). The ids are
stable and documented: ``unavailable:N`` (the N-th busy time), ``deadline``, ``hours_cap``,
``pace_load``, ``modes``, ``lock:OPP``, ``exclude:OPP``.

``student_wishes(student, edits)`` lists the wishes of a student and their edits; ``WISH_KINDS`` is
the registry, next to the catalog rules in ``planner/rules.py``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from core.i18n import N_
from core.phrases import Listing, Phrase, Ref, in_english
from core.schema import Mode, Opportunity, Season, Student, TimeBlock
from core.words import DAY_PLURALS, MODE_WORDS, meeting_phrase
from planner.context import Block, PlanModel, quarters, term_reason, term_ref
from planner.domain import Lock, Wish, WishKind
from planner.edits import PlanEdits, Wishes

if TYPE_CHECKING:
    from planner.checker import PlanView
    from planner.instance import Instance


class StudentWish(ABC):
    """One switchable wish of the student (or of the people editing the plan)."""

    kind: ClassVar[WishKind]

    @property
    @abstractmethod
    def id(self) -> str:
        """The wish's stable id (documented; used in ``wishes_off`` and in explanations)."""

    @abstractmethod
    def phrase(self, inst: Instance) -> Phrase:
        """The wish in the student's words, e.g. 'no Fridays' or 'graduate by Spring 2028', kept as a
        phrase so a family reads it in its language (core/phrases.py)."""

    def text(self, inst: Instance) -> str:
        """The wish in words, in English."""
        return in_english(self.phrase(inst))

    def blocks(self, inst: Instance, opp: Opportunity, start: int) -> list[Block]:
        """Hard: why this wish forbids starting ``opp`` in term ``start`` (nothing by default)."""
        return []

    def post(self, m: PlanModel) -> None:
        """Hard: the constraints this wish posts on the model (nothing by default)."""
        return None

    @abstractmethod
    def violations(self, v: PlanView) -> list[str]:
        """The checker's clause: how a finished plan breaks this wish, one sentence each."""

    def relax(self, wishes: Wishes) -> Wishes:
        """The wishes with this one given up, as the concrete change a student would make; by default
        the wish is switched off (the deadline, the hours cap, the pace load)."""
        return wishes.model_copy(update={"edits": wishes.edits.with_wish_off(self.id)})

    def wish(self, inst: Instance, off: set[str]) -> Wish:
        phrase = self.phrase(inst)
        return Wish(id=self.id, kind=self.kind, text=in_english(phrase), phrase=phrase, on=self.id not in off)


@lru_cache(maxsize=256)
def _takes_hours(hours: float) -> Phrase:
    return Phrase.of(N_("takes {hours} hours a week"), hours=hours)


def _heavier_than(wish_id: str, hours: float, opp: Opportunity) -> list[Block]:
    """A block when one item alone asks more weekly hours than ``hours``."""
    if quarters(opp.hours_per_week) > quarters(hours):
        return [Block(wish_id, _takes_hours(opp.hours_per_week))]
    return []


def _with_student(wishes: Wishes, **fields: object) -> Wishes:
    student = Student.model_validate({**wishes.student.model_dump(), **fields})
    return wishes.model_copy(update={"student": student})


@dataclass(frozen=True)
class BusyTime(StudentWish):
    """Nothing meets during one of the student's busy times (a job, practice, a bus)."""

    index: int
    block: TimeBlock
    kind: ClassVar[WishKind] = WishKind.UNAVAILABLE

    @property
    def id(self) -> str:
        return f"unavailable:{self.index}"

    def phrase(self, inst: Instance) -> Phrase:
        """'no Fridays' for a whole day, else 'nothing on Tuesdays 15:00-18:00 (job)'."""
        day = Phrase.of(DAY_PLURALS[str(self.block.day)])
        span = str(self.block).split(" ", 1)[1]
        words = (
            Phrase.of(N_("no {days}"), days=day)
            if self.block.whole_day
            else Phrase.of(N_("nothing on {days} {span}"), days=day, span=span)
        )
        return (
            Phrase.of(N_("{wish} ({label})"), wish=words, label=self.block.label)
            if self.block.label
            else words
        )

    def blocks(self, inst: Instance, opp: Opportunity, start: int) -> list[Block]:
        """Hard: nothing meets during this busy time."""
        clash = next((m for m in opp.meetings if m.overlaps(self.block)), None)
        return (
            [Block(self.id, Phrase.of(N_("meets {time}"), time=meeting_phrase(clash)))]
            if clash is not None
            else []
        )

    def violations(self, v: PlanView) -> list[str]:
        return [
            f"{item.opportunity} meets during the unavailable time {self.block}"
            for item in v.known
            if any(m.overlaps(self.block) for m in v.opps[item.opportunity].meetings)
        ]

    def relax(self, wishes: Wishes) -> Wishes:
        """The busy time is freed."""
        kept = [b.model_dump() for i, b in enumerate(wishes.student.unavailable) if i != self.index]
        return _with_student(wishes, unavailable=kept)


@dataclass(frozen=True)
class Deadline(StudentWish):
    """Everything planned (so every needed competency) is earned by the target graduation term."""

    term: str
    kind: ClassVar[WishKind] = WishKind.DEADLINE

    @property
    def id(self) -> str:
        return "deadline"

    def phrase(self, inst: Instance) -> Phrase:
        return Phrase.of(N_("graduate by {term}"), term=term_ref(inst.calendar.term(self.term)))

    def blocks(self, inst: Instance, opp: Opportunity, start: int) -> list[Block]:
        """Hard: an item ends by the target graduation term."""
        if start + opp.length_terms - 1 <= inst.target:
            return []
        return [
            Block(
                self.id, term_reason(N_("ends after {term}"), self.term, inst.calendar.term(self.term).name)
            )
        ]

    def violations(self, v: PlanView) -> list[str]:
        target = v.pos.get(self.term, len(v.terms))
        return [f"{i.opportunity} ends after the target term" for i in v.known if v.end(i) > target]


@dataclass(frozen=True)
class HoursCap(StudentWish):
    """The weekly load of every term stays within the student's hours cap."""

    hours: float
    kind: ClassVar[WishKind] = WishKind.HOURS_CAP

    @property
    def id(self) -> str:
        return "hours_cap"

    def phrase(self, inst: Instance) -> Phrase:
        return Phrase.of(N_("at most {hours} hours a week"), hours=self.hours)

    def blocks(self, inst: Instance, opp: Opportunity, start: int) -> list[Block]:
        """Hard: no single item asks more weekly hours than the cap."""
        return _heavier_than(self.id, self.hours, opp)

    def post(self, m: PlanModel) -> None:
        """Hard: every term's load is at most the cap."""
        for load in m.load:
            m.enforce(m.model.add(load <= quarters(self.hours)), self.id)

    def violations(self, v: PlanView) -> list[str]:
        return [
            f"{v.terms[t].id} has more weekly hours than the student's cap"
            for t in range(v.first, len(v.terms))
            if v.load(t) > quarters(self.hours)
        ]


@dataclass(frozen=True)
class PaceLoadWish(StudentWish):
    """Every term's load is at most the pace's maximum, and every fall or spring term up to the plan's
    last term carries at least the pace's minimum (a student on a pace keeps that pace)."""

    pace: str
    low: float
    high: float
    kind: ClassVar[WishKind] = WishKind.PACE_LOAD

    @property
    def id(self) -> str:
        return "pace_load"

    def phrase(self, inst: Instance) -> Phrase:
        return Phrase.of(
            N_("the {pace} pace ({low} to {high} hours a week in fall and spring)"),
            pace=Ref(ref="pace", id=self.pace, name=self.pace),
            low=self.low,
            high=self.high,
        )

    def blocks(self, inst: Instance, opp: Opportunity, start: int) -> list[Block]:
        """Hard: no single item asks more weekly hours than the pace's maximum."""
        return _heavier_than(self.id, self.high, opp)

    def post(self, m: PlanModel) -> None:
        """Hard: each term within the pace's maximum; fall and spring terms while the plan runs at
        least at its minimum."""
        for load in m.load:
            m.enforce(m.model.add(load <= quarters(self.high)), self.id)
        low = quarters(self.low)
        if low == 0:
            return
        enrolled = m.enrolled()
        for t, load in enumerate(m.load):
            if m.inst.is_main_term(t):
                m.enforce(m.model.add(load >= low * enrolled[t]), self.id)

    def violations(self, v: PlanView) -> list[str]:
        problems = []
        last = v.last_end()
        for t in range(v.first, len(v.terms)):
            load, name = v.load(t), v.terms[t].id
            if load > quarters(self.high):
                problems.append(f"{name} has more weekly hours than the pace allows")
            if v.terms[t].season != Season.SUMMER and t <= last and load < quarters(self.low):
                problems.append(f"{name} has fewer weekly hours than the pace asks")
        return problems


@dataclass(frozen=True)
class AllowedModes(StudentWish):
    """Only opportunities in the student's allowed modes (present when some mode is not allowed)."""

    modes: tuple[Mode, ...]
    kind: ClassVar[WishKind] = WishKind.MODES

    @property
    def id(self) -> str:
        return "modes"

    def phrase(self, inst: Instance) -> Phrase:
        words = Listing(items=[Phrase.of(MODE_WORDS[m]) for m in Mode if m in self.modes], sep=" or ")
        return Phrase.of(N_("only {modes} opportunities"), modes=words)

    def blocks(self, inst: Instance, opp: Opportunity, start: int) -> list[Block]:
        """Hard: only opportunities in the allowed modes."""
        return (
            []
            if opp.mode in self.modes
            else [Block(self.id, Phrase.of(N_("is {mode}"), mode=Phrase.of(MODE_WORDS[opp.mode])))]
        )

    def violations(self, v: PlanView) -> list[str]:
        return [
            f"{i.opportunity} is not in an allowed mode"
            for i in v.known
            if v.opps[i.opportunity].mode not in self.modes
        ]

    def relax(self, wishes: Wishes) -> Wishes:
        """Every mode is allowed."""
        return _with_student(wishes, allowed_modes=list(Mode))


@dataclass(frozen=True)
class KeepLocked(StudentWish):
    """A locked opportunity is planned (in the locked term, when one is given)."""

    lock: Lock
    kind: ClassVar[WishKind] = WishKind.LOCK

    @property
    def id(self) -> str:
        return f"lock:{self.lock.opportunity}"

    def phrase(self, inst: Instance) -> Phrase:
        title = inst.opp_ref(self.lock.opportunity)
        if self.lock.term:
            return Phrase.of(
                N_("take {title} in {term}"), title=title, term=term_ref(inst.calendar.term(self.lock.term))
            )
        return Phrase.of(N_("take {title}"), title=title)

    def post(self, m: PlanModel) -> None:
        """Hard: the locked opportunity is taken (in the locked term, when one is given)."""
        starts = m.starts.get(self.lock.opportunity, [])
        if self.lock.term is not None:
            index = next(i for i, t in enumerate(m.inst.terms) if t.id == self.lock.term)
            starts = [s for s in starts if s == index]
        m.enforce(m.model.add_bool_or([m.take[self.lock.opportunity, s] for s in starts]), self.id)

    def violations(self, v: PlanView) -> list[str]:
        item = next((i for i in v.items if i.opportunity == self.lock.opportunity), None)
        if item is None or (self.lock.term is not None and item.start_term != self.lock.term):
            return [f"the lock on {self.lock.opportunity} does not hold"]
        return []

    def relax(self, wishes: Wishes) -> Wishes:
        """The lock is removed."""
        return wishes.model_copy(update={"edits": wishes.edits.without_lock(self.lock.opportunity)})


@dataclass(frozen=True)
class Excluded(StudentWish):
    """An excluded opportunity is not planned."""

    opportunity: str
    kind: ClassVar[WishKind] = WishKind.EXCLUSION

    @property
    def id(self) -> str:
        return f"exclude:{self.opportunity}"

    def phrase(self, inst: Instance) -> Phrase:
        return Phrase.of(N_("not take {title}"), title=inst.opp_ref(self.opportunity))

    def blocks(self, inst: Instance, opp: Opportunity, start: int) -> list[Block]:
        """Hard: the excluded opportunity is never started."""
        return [Block(self.id, Phrase.of(N_("is excluded")))] if opp.id == self.opportunity else []

    def violations(self, v: PlanView) -> list[str]:
        planned = any(i.opportunity == self.opportunity for i in v.items)
        return [f"the excluded {self.opportunity} is planned"] if planned else []

    def relax(self, wishes: Wishes) -> Wishes:
        """The item is allowed again."""
        return wishes.model_copy(update={"edits": wishes.edits.without_exclusion(self.opportunity)})


WISH_KINDS: list[type[StudentWish]] = [
    BusyTime,
    Deadline,
    HoursCap,
    PaceLoadWish,
    AllowedModes,
    KeepLocked,
    Excluded,
]
"""The registry of wish kinds, in the order ``student_wishes`` lists them."""


def student_wishes(student: Student, edits: PlanEdits, pace: tuple[float, float]) -> list[StudentWish]:
    """Every wish of a student and their edits, in a stable order: busy times, deadline, hours cap,
    pace load (``pace`` = its minimum and maximum weekly hours), modes (when not every mode is
    allowed), locks, exclusions."""
    wishes: list[StudentWish] = [BusyTime(i, b) for i, b in enumerate(student.unavailable)]
    wishes.append(Deadline(student.target_graduation_term))
    wishes.append(HoursCap(student.max_hours_per_week))
    wishes.append(PaceLoadWish(str(student.pace), *pace))
    if set(student.allowed_modes) != set(Mode):
        wishes.append(AllowedModes(tuple(student.allowed_modes)))
    wishes += [KeepLocked(lock) for lock in edits.locks]
    wishes += [Excluded(opp_id) for opp_id in edits.exclusions]
    return wishes


def relax(wishes: Wishes, wish_id: str) -> Wishes | None:
    """The wishes with the wish ``wish_id`` given up (None when no such wish is there)."""
    every = student_wishes(wishes.student, wishes.edits, (0.0, 0.0))
    found = next((w for w in every if w.id == wish_id), None)
    return found.relax(wishes) if found is not None else None
