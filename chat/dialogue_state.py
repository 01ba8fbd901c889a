"""The dialogue's state and its replies: typed and serialisable.

The Streamlit page keeps a ``DialogueState`` in ``st.session_state`` (``state.model_dump(mode="json")``
and ``DialogueState.model_validate(...)`` round-trip it); a later issue stores plan versions in the
database. Nothing here runs the solver or the model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chat import Request
from planner.diff import PlanDiff
from planner.domain import PlanResult
from planner.edits import Wishes

Topic = Literal["interests", "career", "busy", "hours", "pace", "mode", "done"]
"""What the onboarding interview may ask about, in the order it asks."""
TOPICS: tuple[Topic, ...] = ("interests", "career", "busy", "hours", "pace", "mode", "done")

MAX_UNDO = 30
"""Plan versions kept for undo; older ones are forgotten."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Snapshot(_Model):
    """One earlier version, for undo: the wishes and the plan exactly as they were."""

    wishes: Wishes
    plan: PlanResult | None
    note: str = Field(description='The change made after this version, in words ("no Tuesdays").')


class Option(_Model):
    """One answer the student may pick: an opportunity id, an intent name, a wish id or a number."""

    value: str
    label: str


class Change(_Model):
    """A change ready to commit: the new wishes and, when already solved, the plan that goes with them
    (committed exactly, without solving again)."""

    wishes: Wishes
    plan: PlanResult | None = None
    note: str


class Pending(_Model):
    """What the last reply asked: a choice among options, or a yes/no confirmation."""

    kind: Literal["choose", "confirm"]
    question: str
    slot: Literal["opportunities", "replacement", "intent", "relax", "add"] | None = None
    options: list[Option] = Field(default_factory=list)
    request: Request | None = Field(default=None, description="The request a choice completes.")
    changes: list[Change] = Field(
        default_factory=list, description="confirm: the change to apply; relax: one change per option."
    )


class DialogueState(_Model):
    """The whole conversation state of one student's chat."""

    student_id: str
    wishes: Wishes
    plan: PlanResult | None = None
    history: list[Snapshot] = Field(default_factory=list)
    pending: Pending | None = None
    known: list[Topic] = Field(default_factory=list, description="Onboarding topics already known.")
    asked: list[Topic] = Field(default_factory=list, description="Onboarding topics already asked.")
    asking: Topic | None = Field(default=None, description="The topic the last reply asked about.")
    offered: list[Option] = Field(
        default_factory=list, description="The answers the last onboarding question offered (buttons)."
    )
    focus: str | None = Field(default=None, description="The opportunity talked about last ('drop it').")
    interest_scores: dict[str, float] = Field(default_factory=dict)
    scores_for: str | None = Field(default=None, description="The interests the scores were computed for.")
    reported_done: list[str] = Field(
        default_factory=list, description="Opportunities the student says they did that their record lacks."
    )
    turns: int = 0


class Reply(_Model):
    """One answer of the chat. ``text`` is plain text: the UI shows it as text, never as HTML or markdown."""

    text: str
    plan: PlanResult | None = Field(default=None, description="The current (committed) plan.")
    diff: PlanDiff | None = Field(default=None, description="What this turn changed in the plan.")
    preview: PlanResult | None = Field(default=None, description="A what-if plan, not committed.")
    choices: list[Option] = Field(default_factory=list, description="Answers a clarifying question offers.")
    confirm: bool = Field(default=False, description="The reply waits for a yes or a no.")
    intents: list[str] = Field(default_factory=list, description="What the message was understood as.")
