"""The CP-SAT model under construction: its index maps and the helpers every rule uses.

Index maps:
- ``take[o, s]``: opportunity ``o`` is taken starting in term ``s`` (a term index, 0 = the first
  plannable term). It then occupies terms ``s .. end(o, s)`` and earns its competencies in
  ``end(o, s)``. A variable exists only for a start the hard facts allow (see ``starts``).
- ``load[t]``: the weekly load of term ``t`` in quarter-hours.
- ``enrolled[t]``: the plan still runs in term ``t`` or later (made on first use).
- ``under[t]`` / ``over[t]``: quarter-hours a program term's load falls short of / goes beyond the
  target weekly load (made on first use; only for the terms of a full program).
- ``picks[k][o, s]``: step ``k`` of the pathway is made by opportunity ``o`` starting in ``s``.
- ``wish_literals[w]``: in explanation mode only, the assumption literal that switches wish ``w`` on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from core.i18n import N_
from core.phrases import Phrase, Ref, in_english

if TYPE_CHECKING:
    from core.schema import Term
    from planner.instance import Instance

Start = tuple[str, int]

QUARTERS_PER_HOUR = 4
"""Loads are counted in quarter-hours: catalogs give weekly hours in halves or quarters."""


def quarters(hours: float) -> int:
    """Weekly hours in quarter-hours, so that every load and every cost is an integer for CP-SAT."""
    return round(hours * QUARTERS_PER_HOUR)


NOT_OFFERED_IN = N_("is not offered in {term}")
"""A catalog fact: the opportunity does not start in that term (named apart: explain.py sets it aside)."""


def term_ref(term: Term) -> Ref:
    """A term in a phrase, named in the reader's language when shown."""
    return Ref.to("term", term.id, term.name)


@lru_cache(maxsize=1024)
def term_reason(message: str, term_id: str, term_name: str) -> Phrase:
    """A reason naming one term ('is not offered in {term}'), made once: the rules give it for many starts."""
    return Phrase.of(message, term=Ref.to("term", term_id, term_name))


@dataclass(frozen=True)
class Block:
    """Why a start is not allowed: the wish it breaks (None for a catalog fact) and the reason, kept as
    a phrase (core/phrases.py) so a family reads it in its language."""

    wish: str | None
    phrase: Phrase

    @property
    def reason(self) -> str:
        """The reason in English."""
        return in_english(self.phrase)


@dataclass
class SoftTerm:
    """A soft rule's contribution: ``weight * (expr + constant)`` points."""

    rule: str
    description: str
    weight: int
    expr: cp_model.LinearExprT
    constant: int = 0


@dataclass
class PlanModel:
    inst: Instance
    model: cp_model.CpModel
    starts: dict[str, list[int]]
    watch: frozenset[str] = frozenset()
    wish_literals: dict[str, cp_model.IntVar] = field(default_factory=dict)
    take: dict[Start, cp_model.IntVar] = field(default_factory=dict)
    load: list[cp_model.IntVar] = field(default_factory=list)
    load_bound: int = 0
    soft: list[SoftTerm] = field(default_factory=list)
    picks: list[dict[Start, cp_model.IntVar]] = field(default_factory=list)
    _enrolled: list[cp_model.IntVar] | None = None
    _gaps: tuple[dict[int, cp_model.IntVar], dict[int, cp_model.IntVar]] | None = None
    _done: dict[Start, list[cp_model.IntVar]] = field(default_factory=dict)
    _earned: dict[tuple[str, int], list[cp_model.IntVar]] = field(default_factory=dict)

    def objective(self) -> cp_model.LinearExprT:
        """The weighted sum of every soft rule's amount (what the solver minimizes)."""
        return sum(t.weight * (t.expr + t.constant) for t in self.soft)

    def end(self, opp_id: str, start: int) -> int:
        return start + self.inst.opps[opp_id].length_terms - 1

    def on(self, wish_id: str) -> bool:
        """The wish is part of this model (switched on, or an assumption in explanation mode)."""
        return wish_id in self.inst.wishes_on

    def enforce(self, constraint: cp_model.Constraint, wish_id: str) -> None:
        """Make a wish's constraint conditional on its literal when explaining; else it always holds."""
        literal = self.wish_literals.get(wish_id)
        if literal is not None:
            constraint.only_enforce_if(literal)

    def active(self, term: int) -> list[Start]:
        """Every (opportunity, start) that would occupy ``term``."""
        return [(o, s) for (o, s) in self.take if s <= term <= self.end(o, s)]

    def takes_of(self, opp_id: str) -> list[cp_model.IntVar]:
        return [self.take[opp_id, s] for s in self.starts.get(opp_id, [])]

    def done_before(self, opp_id: str, term: int) -> list[cp_model.IntVar]:
        """The literals that mean ``opp_id`` is taken and finished before ``term`` starts."""
        key = (opp_id, term)
        if key not in self._done:
            starts = self.starts.get(opp_id, [])
            self._done[key] = [self.take[opp_id, s] for s in starts if self.end(opp_id, s) < term]
        return self._done[key]

    def earned_before(self, comp_id: str, term: int) -> list[cp_model.IntVar]:
        """The literals that mean ``comp_id`` is earned by a planned item that ends before ``term``."""
        key = (comp_id, term)
        if key not in self._earned:
            self._earned[key] = [
                lit for o in self.inst.earners.get(comp_id, []) for lit in self.done_before(o, term)
            ]
        return self._earned[key]

    def earners(self, comp_id: str) -> list[cp_model.IntVar]:
        return [lit for o in self.inst.earners.get(comp_id, []) for lit in self.takes_of(o)]

    def enrolled(self) -> list[cp_model.IntVar]:
        """``enrolled[t]`` holds exactly when some planned item occupies term ``t`` or a later one."""
        if self._enrolled is None:
            count = len(self.inst.terms)
            enrolled = [self.model.new_bool_var(f"enrolled[{t}]") for t in range(count)]
            ends_at: list[list[cp_model.IntVar]] = [[] for _ in range(count)]
            for (o, s), lit in self.take.items():
                ends_at[self.end(o, s)].append(lit)
                self.model.add_implication(lit, enrolled[self.end(o, s)])
            for t in range(count):
                later = [enrolled[t + 1]] if t + 1 < count else []
                if t + 1 < count:
                    self.model.add_implication(enrolled[t + 1], enrolled[t])
                self.model.add_bool_or([enrolled[t].Not(), *later, *ends_at[t]])
            self._enrolled = enrolled
        return self._enrolled

    def program_gaps(self) -> tuple[dict[int, cp_model.IntVar], dict[int, cp_model.IntVar]]:
        """``under[t]`` and ``over[t]`` for each term of a full program: how far its load is below and
        above the target (on the accelerated pace a term after the plan ends asks nothing)."""
        if self._gaps is None:
            target = self.inst.target_load or 0
            accelerated = self.inst.student.pace == "accelerated"
            under: dict[int, cp_model.IntVar] = {}
            over: dict[int, cp_model.IntVar] = {}
            for t in self.inst.program_terms():
                load = self.load[t]
                under[t] = self.model.new_int_var(0, target, f"under[{t}]")
                over[t] = self.model.new_int_var(0, max(0, self.load_bound - target), f"over[{t}]")
                wanted = target * self.enrolled()[t] if accelerated else target
                self.model.add(under[t] >= wanted - load)
                self.model.add(over[t] >= load - target)
            self._gaps = (under, over)
        return self._gaps
