"""The student's edits to a plan, in one shape for the chat, the pages, the command line and the plan
history, and the one way a plan request is built from them.

``PlanEdits`` holds what people asked of the solver beyond the student's profile: items locked (in a
named term, or in any term), items excluded, and wishes switched off. ``Wishes`` is everything that
shapes a plan: the student's profile (with unsaved changes) and the edits. ``plan_request`` turns
them into a ``PlanRequest`` with one time-limit policy.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from core.schema import Catalog, Pathway, Student
from core.settings import Settings, get_settings
from planner.domain import Fullness, Lock, PlanRequest, PlanResult, Weights, has_plan


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


NO_PATHWAY = "none"
"""``PlanEdits.pathway`` when the student or advisor chose to follow no pathway."""


class PlanEdits(_Model):
    """Locks, exclusions and switched-off wishes. A lock and an exclusion of the same item never
    stand together: the later one replaces the earlier."""

    locks: list[Lock] = Field(default_factory=list)
    exclusions: list[str] = Field(default_factory=list)
    wishes_off: list[str] = Field(default_factory=list)
    fullness: Fullness = Field(
        default=Fullness.STANDARD, description="Lighter or fuller than the pace's target."
    )
    pathway: str | None = Field(
        default=None,
        description=f"The pathway chosen by the student or advisor (an id, or {NO_PATHWAY!r}); none: the best match.",
    )

    def locked(self, opportunity_id: str) -> bool:
        return any(lock.opportunity == opportunity_id for lock in self.locks)

    def with_lock(self, opportunity_id: str, term: str | None = None) -> PlanEdits:
        """Keep an item in the plan: in ``term`` when one is named, else in whichever term fits.
        It undoes an exclusion of the item and replaces an earlier lock of it."""
        locks = [lock for lock in self.locks if lock.opportunity != opportunity_id]
        locks.append(Lock(opportunity=opportunity_id, term=term))
        exclusions = [o for o in self.exclusions if o != opportunity_id]
        return self.model_copy(update={"locks": locks, "exclusions": exclusions})

    def without_lock(self, opportunity_id: str) -> PlanEdits:
        return self.model_copy(update={"locks": [k for k in self.locks if k.opportunity != opportunity_id]})

    def with_exclusion(self, opportunity_id: str) -> PlanEdits:
        """Never plan an item; it undoes a lock of it."""
        exclusions = [*dict.fromkeys([*self.exclusions, opportunity_id])]
        return self.without_lock(opportunity_id).model_copy(update={"exclusions": exclusions})

    def without_exclusion(self, opportunity_id: str) -> PlanEdits:
        return self.model_copy(update={"exclusions": [o for o in self.exclusions if o != opportunity_id]})

    def with_swap(self, out: str, into: str) -> PlanEdits:
        """Take ``out`` out of the plan and ``into`` in, in whichever term fits."""
        return self.with_exclusion(out).with_lock(into)

    def with_wish_off(self, wish_id: str) -> PlanEdits:
        return self.model_copy(update={"wishes_off": [*dict.fromkeys([*self.wishes_off, wish_id])]})


class Wishes(_Model):
    """Everything that shapes a plan: the student's profile as it is being edited, and the edits."""

    student: Student
    edits: PlanEdits = Field(default_factory=PlanEdits)


RETHINK_STABILITY = 10
"""Per change against the previous plan when the student's interests or goals changed: enough that of
equally good plans the one closest to the current plan is kept (a new interest used to move unrelated
courses between terms, a tie settled afresh), far below what an item the student now cares about earns
(an interest score of 0.5 is worth 5 a quarter-hour of weekly load, a pathway step 400)."""


def limits(settings: Settings, *, replanning: bool) -> tuple[float, float]:
    """The budget policy, as (work in CP-SAT deterministic seconds, wall-clock safety net in seconds):
    a re-plan starts from the previous plan (a hint, and few changes are wanted), so it gets the short
    interactive budget; a first plan gets the full one."""
    if replanning:
        return settings.replan_effort, settings.replan_time_limit
    return settings.solver_effort, settings.solver_time_limit


def plan_request(
    wishes: Wishes,
    catalog: Catalog,
    *,
    scores: dict[str, float] | None = None,
    words: dict[str, str] | None = None,
    pathway: Pathway | None = None,
    previous: PlanResult | None = None,
    explain: bool = True,
    settings: Settings | None = None,
    rethink: bool = False,
) -> PlanRequest:
    """The solver's request for these wishes: the profile, the edits, the interest scores (with the
    student's words each item matches), the pathway to follow, and the plan being changed (used only
    when there is one). ``rethink``: what the student cares about changed, so the plan is made again
    with a first plan's budget, keeping the previous plan only where nothing better comes of a change
    (``RETHINK_STABILITY`` per change instead of the edit's)."""
    settings = settings or get_settings()
    base = previous if has_plan(previous) else None
    effort, wall = limits(settings, replanning=base is not None and not rethink)
    weights = Weights(stability=RETHINK_STABILITY) if rethink else Weights()
    return PlanRequest(
        student=wishes.student,
        catalog=catalog,
        locks=wishes.edits.locks,
        exclusions=wishes.edits.exclusions,
        wishes_off=wishes.edits.wishes_off,
        interest_scores=scores or {},
        interest_words=words or {},
        pathway=pathway,
        fullness=wishes.edits.fullness,
        previous=base,
        weights=weights,
        effort=effort,
        time_limit=wall,
        workers=settings.solver_workers,
        explain=explain,
    )
