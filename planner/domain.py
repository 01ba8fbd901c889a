"""Plan request and plan result: the typed input and output of the pathway solver.

``PlanResult`` is the documented JSON plan schema (``pathways schema plan`` prints its JSON Schema),
so other tools can read and check a plan without running the solver.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeGuard

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat

from core.phrases import Listing, Phrase
from core.schema import Catalog, Mode, OpportunityKind, Pathway, PathwayRole, Student, TimeBlock

HOURS_PER_WEEK = 168
"""No weekly load is longer than a week."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Lock(_Model):
    """A student's wish to take an opportunity, in a given starting term or in any term."""

    opportunity: str
    term: str | None = Field(default=None, description="The term it must start in; none means any term.")


class WishKind(StrEnum):
    UNAVAILABLE = "unavailable"
    DEADLINE = "deadline"
    HOURS_CAP = "hours_cap"
    PACE_LOAD = "pace_load"
    MODES = "modes"
    LOCK = "lock"
    EXCLUSION = "exclusion"


class Wish(_Model):
    """One switchable student wish. ``id`` is stable: ``unavailable:0``, ``deadline``, ``hours_cap``,
    ``pace_load``, ``modes``, ``lock:OPP``, ``exclude:OPP``."""

    id: str
    kind: WishKind
    text: str = Field(description="The wish in plain words, e.g. 'no Fridays' or 'graduate by Spring 2028'.")
    phrase: Phrase | None = Field(
        default=None,
        description="The same words kept as a phrase, to read in another language (core/phrases.py).",
    )
    on: bool = True


class Weights(_Model):
    """The weight of each soft rule: points of objective per unit of the rule's amount. A reward
    (interest, interdisciplinary items, pathway steps) enters the objective with the opposite sign."""

    interest_value: int = Field(
        default=1,
        ge=0,
        description="Reward per quarter-hour of weekly load per term, per tenth of interest the item matches.",
    )
    wasted_hours: int = Field(
        default=20,
        ge=0,
        description=(
            "Per quarter-hour of weekly load per term beyond the program: all load when the pace has no "
            "target; else summer load and load above the target."
        ),
    )
    full_program: int = Field(
        default=30,
        ge=0,
        description="Per quarter-hour a fall or spring term of the program falls short of the target.",
    )
    interdisciplinary: int = Field(
        default=2,
        ge=0,
        description="Reward per quarter-hour of weekly load per term of an item that counts in two or more subjects.",
    )
    pathway_step: int = Field(
        default=400, ge=0, description="Reward per pathway step the plan makes, in order."
    )
    balanced_load: int = Field(default=5, ge=0, description="Per quarter-hour of the heaviest term's load.")
    preferred_modes: int = Field(default=50, ge=0, description="Per item outside the preferred modes.")
    finish_early: int = Field(
        default=2000, ge=0, description="Per term the plan lasts, for a student on the accelerated pace."
    )
    sooner: int = Field(
        default=1,
        ge=0,
        description="Per quarter-hour of weekly load, per term an item starts after the first plannable term.",
    )
    stability: int = Field(default=150, ge=0, description="Per change against the previous plan.")


class Fullness(StrEnum):
    """How full a program the student wants against the pace's target load: 'lighter' or 'fuller'
    in words, in the chat and the advisor's controls."""

    LIGHTER = "lighter"
    STANDARD = "standard"
    FULLER = "fuller"


class StepProgress(_Model):
    """How far the plan gets on one step of its pathway."""

    role: PathwayRole
    name: str = Field(description="The step's label, or its role in words.")
    opportunity: str | None = Field(default=None, description="The item that makes the step, if any.")
    term: str | None = Field(default=None, description="The term the planned item starts in.")
    completed: bool = Field(default=False, description="Made before the plan, by a completed opportunity.")
    why_not: list[str] = Field(
        default_factory=list, description="When no item of the step is planned: why, in plain words."
    )
    why_not_phrases: list[Phrase] = Field(
        default_factory=list,
        description="The same reasons kept as phrases, to read in another language (none in older plans).",
    )

    @property
    def reached(self) -> bool:
        return self.opportunity is not None


class PathwayProgress(_Model):
    """The pathway a plan follows and how far it gets, step by step."""

    pathway: str = Field(description="The pathway's id.")
    name: str
    inferred: bool = False
    steps: list[StepProgress] = Field(default_factory=list)

    @property
    def reached(self) -> int:
        return sum(1 for step in self.steps if step.reached)


class PlanStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    INVALID = "invalid"
    UNKNOWN = "unknown"


class PlanItem(_Model):
    """One opportunity in the plan: when it runs, what it costs and what it earns."""

    opportunity: str
    title: str
    kind: OpportunityKind
    mode: Mode
    start_term: str
    end_term: str = Field(description="The last term it occupies; its competencies are earned then.")
    length_terms: int
    weekly_hours: float = Field(ge=0, le=HOURS_PER_WEEK)
    meetings: list[TimeBlock] = Field(default_factory=list)
    competencies: list[str] = Field(description="Every competency it earns.")
    needed: list[str] = Field(
        default_factory=list, description="The needed competencies the coverage map assigns to it."
    )
    interest: float | None = Field(
        default=None, ge=0, le=1, description="The matcher's score, 0..1, when known."
    )
    locked: bool = False
    why: str = ""


class TermPlan(_Model):
    """One term of the plan: the items that start in it, those still running, and the weekly load."""

    term: str
    name: str
    items: list[PlanItem] = Field(default_factory=list)
    continuing: list[str] = Field(
        default_factory=list, description="Opportunity ids started in an earlier term and still running."
    )
    weekly_hours: float = Field(default=0.0, ge=0, le=HOURS_PER_WEEK)


class SoftScore(_Model):
    """What one soft rule cost: ``penalty = weight * amount``."""

    rule: str
    description: str
    weight: int
    amount: int
    penalty: int


class MinimumProgress(_Model):
    """A subject minimum: how many it asks, how many are demonstrated and how many the plan adds."""

    subject: str
    count: int
    demonstrated: int
    planned: int


class Explanation(_Model):
    """Why no plan exists, in words a student understands."""

    message: str
    conflicting_wishes: list[Wish] = Field(
        default_factory=list, description="A minimal set of wishes that cannot all hold together."
    )
    uncoverable: list[str] = Field(
        default_factory=list, description="Needed competencies that no opportunity in the catalog earns."
    )
    blocked: list[str] = Field(
        default_factory=list, description="Needed competencies the conflicting wishes leave uncoverable."
    )
    details: list[str] = Field(default_factory=list)
    phrase: Phrase | Listing | None = Field(
        default=None, description="The message kept as a phrase (core/phrases.py)."
    )


class PlanResult(_Model):
    """A student's pathway, term by term, with its coverage, cost, solver status and explanations."""

    status: PlanStatus
    student: str
    requirement_set: str = ""
    terms: list[TermPlan] = Field(default_factory=list)
    coverage: dict[str, str] = Field(
        default_factory=dict, description="Each needed competency and the opportunity that earns it."
    )
    minimums: list[MinimumProgress] = Field(default_factory=list)
    objective: int | None = None
    best_bound: FiniteFloat | None = None
    gap: FiniteFloat | None = Field(
        default=None, ge=0, description="(objective - bound) / objective; 0 when optimal."
    )
    penalties: list[SoftScore] = Field(default_factory=list)
    solve_time: FiniteFloat = Field(default=0.0, ge=0, description="CP-SAT wall time in seconds.")
    wishes: list[Wish] = Field(default_factory=list)
    explanation: Explanation | None = None
    message: str = ""
    message_phrase: Phrase | Listing | None = Field(
        default=None,
        description="Why there is no plan, kept as a phrase to read in another language (none in older plans).",
    )
    pathway: PathwayProgress | None = Field(default=None, description="The pathway followed, if any.")

    def items(self) -> list[PlanItem]:
        """Every planned item, in term order."""
        return [item for term in self.terms for item in term.items]

    def item(self, opportunity_id: str) -> PlanItem | None:
        return next((i for i in self.items() if i.opportunity == opportunity_id), None)


def has_plan(plan: PlanResult | None) -> TypeGuard[PlanResult]:
    """Whether there is a plan to show and build on: a result the solver found (optimal, or feasible
    within the time limit). No plan yet, an impossible request, an invalid one, or a time-out: no."""
    return plan is not None and plan.status in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE)


class PlanRequest(_Model):
    """Everything the solver reads: the student, the catalog, the wishes and what to reuse."""

    student: Student
    catalog: Catalog
    locks: list[Lock] = Field(default_factory=list)
    exclusions: list[str] = Field(default_factory=list)
    interest_scores: dict[str, float] = Field(
        default_factory=dict, description="0..1 per opportunity id; empty means no preference."
    )
    interest_words: dict[str, str] = Field(
        default_factory=dict,
        description="Per opportunity id, the student's own words it matches (for its reason in the plan).",
    )
    pathway: Pathway | None = Field(
        default=None, description="The pathway the plan follows (declared or inferred); none: no pathway."
    )
    fullness: Fullness = Field(
        default=Fullness.STANDARD, description="Lighter or fuller than the pace's target."
    )
    previous: PlanResult | None = Field(
        default=None, description="The plan being re-planned: a hint, and the stability rule is on."
    )
    wishes_off: list[str] = Field(default_factory=list, description="Ids of wishes switched off.")
    weights: Weights = Field(default_factory=Weights)
    effort: float | None = Field(
        default=None,
        gt=0,
        description="Work budget in CP-SAT deterministic seconds (load-independent); none means the setting.",
    )
    time_limit: float | None = Field(
        default=None, gt=0, description="Wall-clock safety net in seconds; none means the setting."
    )
    workers: int | None = Field(default=None, ge=1, description="Search workers; none means the setting.")
    explain: bool = Field(default=True, description="Explain an infeasible request (costs extra solves).")
    gap_limit: float = Field(
        default=0.0,
        ge=0,
        description=(
            "Stop once the plan is proved within this share of the best bound (CP-SAT's "
            "relative_gap_limit); such a plan is reported feasible, with its gap."
        ),
    )
    quick_presolve: bool = Field(
        default=False,
        description="One presolve pass instead of CP-SAT's default (faster on a district's cohort: docs/cohort.md).",
    )
    settle_ties: bool = Field(
        default=True,
        description=(
            "Settle ties at a proved optimum (planner.solve.settle_ties), so that any number of workers "
            "gives the same first plan; a one-worker solve is deterministic without it."
        ),
    )
