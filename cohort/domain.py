"""The cohort run's types: what was asked (``CohortSettings``), each student's outcome, and the run.

A cohort run is stored whole (records/cohort.py) and read back by the staff page and the command
line; every type here is a pydantic model, so the run round-trips through JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from planner.domain import PlanResult, has_plan


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Budget:
    """What one solve of a run may spend: work in CP-SAT deterministic seconds (the plans depend only on
    it) and a wall-clock safety net; none means the cohort settings (``PATHWAYS_COHORT_EFFORT``,
    ``PATHWAYS_COHORT_TIME_LIMIT``)."""

    effort: float | None = None
    time_limit: float | None = None


class CohortSettings(_Model):
    """Who is planned and how: the selection, the lottery's seed, the worker count and each solve's budget."""

    grade: int | None = Field(default=None, description="Only students in this grade; none: every grade.")
    school: str | None = Field(default=None, description="Only students of this school; none: every school.")
    students: list[str] = Field(default_factory=list, description="Only these students; empty: all.")
    seed: int = Field(default=0, description="The seat lottery's seed: the same seed gives the same run.")
    workers: int = Field(default=1, ge=1, description="Parallel solves; 1 runs in this process.")
    effort: float | None = Field(
        default=None, gt=0, description="Work per solve (CP-SAT deterministic seconds); none: the setting."
    )
    time_limit: float | None = Field(
        default=None, gt=0, description="Wall-clock safety net per solve, in seconds; none: the setting."
    )

    def budget(self) -> Budget:
        return Budget(effort=self.effort, time_limit=self.time_limit)

    interests: bool = Field(default=True, description="Weigh each student's interest scores.")


class Priority(StrEnum):
    """The seat policy's groups, first served first (docs/cohort.md)."""

    NEEDS_IT = "needs it to graduate on time"
    CREDIT_RECOVERY = "credit recovery"
    SENIOR = "senior"
    OTHER = "everyone else"


class Outcome(StrEnum):
    PLANNED = "planned"
    OFF_TRACK = "off track"
    FAILED = "failed"


class SeatKey(_Model):
    """A section of a seat-limited opportunity: the opportunity and the term it starts in."""

    opportunity: str
    term: str


class Backup(_Model):
    """A ready alternative for a planned item whose seat is limited: it earns the same needed
    competencies, starts in a term with a free seat and fits the student's week."""

    opportunity: str
    title: str
    instead_of: str
    term: str


class StudentRun(_Model):
    """One student's part of a run: the plan (or why none), the seats lost and what that changed."""

    student: str
    name: str = ""
    grade: int | None = None
    outcome: Outcome
    plan: PlanResult | None = None
    first_plan: PlanResult | None = Field(
        default=None, description="The plan before seats were shared, when seats changed it."
    )
    reason: str = Field(default="", description="Why there is no plan, in words (failed or off track).")
    relax: list[str] = Field(default_factory=list, description="Wishes whose relaxing would help.")
    lost: list[SeatKey] = Field(default_factory=list, description="Sections whose seat went to others.")
    notes: list[str] = Field(default_factory=list, description="What the shared seats changed, and why.")
    backups: list[Backup] = Field(default_factory=list)

    @property
    def has_plan(self) -> bool:
        return has_plan(self.plan)


class DemandRow(_Model):
    """Demand for one section: students planned in it, its seats, and students who wanted it and
    did not get it."""

    opportunity: str
    title: str
    term: str
    planned: int
    seats: int | None
    unmet: int


class CohortRun(_Model):
    """A whole run: when, by whom, with what settings, and each student's outcome, in selection order."""

    id: str
    created: dt.datetime
    created_by: str
    settings: CohortSettings
    status: str = Field(description="'complete', or 'complete with N failed'.")
    students: list[StudentRun] = Field(default_factory=list)
    seats: dict[str, int] = Field(
        default_factory=dict, description="Seat limits changed by what-ifs: 'OPP@TERM' -> seats."
    )
    cancelled: list[SeatKey] = Field(default_factory=list, description="Sections cancelled by what-ifs.")
    parent: str | None = Field(default=None, description="The run a what-if started from.")
    note: str = Field(default="", description="The what-if, in words.")
    affected: list[str] = Field(default_factory=list, description="The students a what-if re-planned.")
    seconds: float = 0.0

    def student(self, student_id: str) -> StudentRun:
        for one in self.students:
            if one.student == student_id:
                return one
        raise KeyError(student_id)

    def counts(self) -> dict[Outcome, int]:
        return {o: sum(1 for s in self.students if s.outcome == o) for o in Outcome}
