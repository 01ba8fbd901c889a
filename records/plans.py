"""The plan's life: versions, states, restore, comments, and the version check that prevents lost edits.

Every save appends a version; the highest version of a student is the current plan. States move
draft -> proposed -> approved -> acknowledged; an edit (or a restore) in any state starts a new draft.
Each change names the version it started from (``based_on``, 0 for no plan yet): when that is no longer
the current version, nothing is written and ``ConflictError`` carries the newer version.

Functions take a cursor inside the caller's transaction; the service decides who may call them.
"""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from core.errors import NotFoundError
from core.store import Cursor
from planner.diff import PlanDiff
from planner.domain import PlanResult, has_plan
from planner.edits import PlanEdits
from records.accounts import User, utcnow
from records.errors import ConflictError, PlanStateError

log = logging.getLogger(__name__)

MAX_COMMENT_LENGTH = 4000
"""Longest comment accepted, in characters (about a page): a thread is for notes, not documents."""

MAX_CHANGES_LISTED = 6
"""How many changes a version's summary names before it says '... and N more'."""


class PlanState(StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    APPROVED = "approved"
    ACKNOWLEDGED = "acknowledged"


class PlanAction(StrEnum):
    EDIT = "edit"
    RESTORE = "restore"
    PROPOSE = "propose"
    APPROVE = "approve"
    ACKNOWLEDGE = "acknowledge"
    IMPORT = "import"


ANY_STATE = frozenset({None, *PlanState})
TRANSITIONS: dict[PlanAction, tuple[frozenset[PlanState | None], PlanState]] = {
    PlanAction.EDIT: (ANY_STATE, PlanState.DRAFT),
    PlanAction.RESTORE: (frozenset(PlanState), PlanState.DRAFT),
    PlanAction.PROPOSE: (frozenset({PlanState.DRAFT}), PlanState.PROPOSED),
    PlanAction.APPROVE: (frozenset({PlanState.PROPOSED}), PlanState.APPROVED),
    PlanAction.ACKNOWLEDGE: (frozenset({PlanState.APPROVED}), PlanState.ACKNOWLEDGED),
}
"""For each step: the states it may start from (None: no plan yet) and the state it leads to."""


class VersionInfo(BaseModel):
    """One line of a plan's history: who saved which version, when, in which state, and what changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    student_id: str
    version: int = Field(ge=1)
    state: PlanState
    action: PlanAction
    author_id: str
    author_name: str
    author_role: str
    saved_at: dt.datetime = Field(description="UTC.")
    summary: str
    restored_from: int | None = None


class PlanVersion(VersionInfo):
    """A version in full: the plan as the solver returned it, and the edits behind it."""

    plan: PlanResult
    edits: PlanEdits = Field(default_factory=PlanEdits)


class Comment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int
    student_id: str
    version: int = Field(ge=0, description="The plan version current when it was written (0: none).")
    author_id: str
    author_name: str
    author_role: str
    written_at: dt.datetime = Field(description="UTC.")
    body: str = Field(min_length=1, max_length=MAX_COMMENT_LENGTH)


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _naive(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


# --- reads ----------------------------------------------------------------------------------------

_INFO = "student_id, version, state, action, author_id, author_name, author_role, saved_at, summary, restored_from"


def _info(row: tuple[Any, ...]) -> dict[str, Any]:
    names = [n.strip() for n in _INFO.split(",")]
    data = dict(zip(names, row, strict=True))
    data["saved_at"] = _aware(data["saved_at"])
    return data


def head_number(cur: Cursor, student_id: str) -> int:
    row = cur.execute(
        "SELECT coalesce(max(version), 0) FROM plan_versions WHERE student_id = ?", [student_id]
    ).fetchone()
    return int(row[0]) if row else 0


def get_version(cur: Cursor, student_id: str, version: int) -> PlanVersion:
    row = cur.execute(
        f"SELECT {_INFO}, plan_json, edits_json FROM plan_versions WHERE student_id = ? AND version = ?",
        [student_id, version],
    ).fetchone()
    if row is None:
        raise NotFoundError(f"the plan of {student_id} has no version {version}")
    return _version(row)


def _version(row: tuple[Any, ...]) -> PlanVersion:
    """A version from its ``_INFO`` columns followed by plan_json and edits_json."""
    return PlanVersion(
        **_info(row[:-2]),
        plan=PlanResult.model_validate_json(row[-2]),
        edits=PlanEdits.model_validate_json(row[-1]),
    )


def head(cur: Cursor, student_id: str) -> PlanVersion | None:
    """The current version, or None when the student has no plan yet."""
    number = head_number(cur, student_id)
    return get_version(cur, student_id, number) if number else None


def heads(cur: Cursor, student_ids: list[str]) -> dict[str, PlanVersion]:
    """The current version of each of these students' plans, in one query (students without a plan
    are left out)."""
    rows = cur.execute(
        f"SELECT {_INFO}, plan_json, edits_json FROM plan_versions WHERE list_contains(?, student_id) "
        "QUALIFY version = max(version) OVER (PARTITION BY student_id)",
        [student_ids],
    ).fetchall()
    return {row[0]: _version(row) for row in rows}


def history(cur: Cursor, student_id: str) -> list[VersionInfo]:
    """Every version, newest first."""
    rows = cur.execute(
        f"SELECT {_INFO} FROM plan_versions WHERE student_id = ? ORDER BY version DESC", [student_id]
    ).fetchall()
    return [VersionInfo(**_info(row)) for row in rows]


def all_versions(cur: Cursor, student_id: str) -> list[PlanVersion]:
    """Every version in full, oldest first (for export)."""
    return [get_version(cur, student_id, v.version) for v in reversed(history(cur, student_id))]


def comments(cur: Cursor, student_id: str) -> list[Comment]:
    """The comment thread, oldest first."""
    result = cur.execute(
        "SELECT id, student_id, version, author_id, author_name, author_role, written_at, body "
        "FROM plan_comments WHERE student_id = ? ORDER BY written_at, id",
        [student_id],
    )
    names = [d[0] for d in result.description]
    found = []
    for row in result.fetchall():
        data = dict(zip(names, row, strict=True))
        data["written_at"] = _aware(data["written_at"])
        found.append(Comment(**data))
    return found


# --- what changed -------------------------------------------------------------------------------


def describe_changes(old: PlanVersion | None, plan: PlanResult, edits: PlanEdits) -> str:
    """What a new plan changes against the previous version, in words: items added, removed, moved,
    locks and exclusions, the solver's status. Titles and term ids only: no student data."""
    if old is None:
        return f"first plan ({len(plan.items())} items, {plan.status.value})"
    diff = PlanDiff.between(old.plan, plan)
    changes = [f"added {c.title} ({c.after_term})" for c in diff.added]
    changes += [f"removed {c.title}" for c in diff.removed]
    changes += [f"moved {c.title} from {c.before_term} to {c.after_term}" for c in diff.moved]
    old_locks = {(lock.opportunity, lock.term) for lock in old.edits.locks}
    changes += [
        f"locked {lock.opportunity}" for lock in edits.locks if (lock.opportunity, lock.term) not in old_locks
    ]
    changes += [f"excluded {o}" for o in edits.exclusions if o not in old.edits.exclusions]
    changes += [f"allowed {o} again" for o in old.edits.exclusions if o not in edits.exclusions]
    if plan.status != old.plan.status:
        changes.append(f"status {old.plan.status.value} -> {plan.status.value}")
    if not changes:
        return "no change to the items"
    shown = changes[:MAX_CHANGES_LISTED]
    more = len(changes) - len(shown)
    return "; ".join(shown) + (f"; ... and {more} more" if more else "")


# --- writes ---------------------------------------------------------------------------------------


def _append(
    cur: Cursor,
    student_id: str,
    author: User,
    action: PlanAction,
    based_on: int,
    plan: PlanResult | None = None,
    edits: PlanEdits | None = None,
    summary: str = "",
    restored_from: int | None = None,
    now: dt.datetime | None = None,
) -> PlanVersion:
    """Check the version the change started from and the state, then write the next version."""
    current = head(cur, student_id)
    current_number = current.version if current else 0
    if based_on != current_number:
        if current is None:
            raise PlanStateError(f"version {based_on} no longer exists: the plan was replaced; reload it")
        raise ConflictError(current, based_on)
    allowed_from, target = TRANSITIONS[action]
    state = current.state if current else None
    if state not in allowed_from:
        what = f"the plan is {state.value}" if state else "there is no plan yet"
        starts = ", ".join(sorted(s.value for s in allowed_from if s))
        raise PlanStateError(f"cannot {action.value}: {what}; only a {starts} plan can be")
    if plan is None:
        assert current is not None
        plan, edits = current.plan, current.edits
    edits = edits or PlanEdits()
    if plan.student != student_id:
        raise PlanStateError(f"this plan is for student {plan.student}, not {student_id}")
    version = PlanVersion(
        student_id=student_id,
        version=current_number + 1,
        state=target,
        action=action,
        author_id=author.id,
        author_name=author.display_name,
        author_role=author.role.value,
        saved_at=_aware(now or utcnow()),
        summary=summary or describe_changes(current, plan, edits),
        restored_from=restored_from,
        plan=plan,
        edits=edits,
    )
    insert_version(cur, version)
    log.info("plan of %s: version %d (%s) by %s", student_id, version.version, action.value, author.id)
    return version


def insert_version(cur: Cursor, v: PlanVersion) -> None:
    cur.execute(
        "INSERT INTO plan_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            v.student_id,
            v.version,
            v.state.value,
            v.action.value,
            v.plan.model_dump_json(),
            v.edits.model_dump_json(),
            v.author_id,
            v.author_name,
            v.author_role,
            _naive(v.saved_at),
            v.summary,
            v.restored_from,
        ],
    )


def save_draft(
    cur: Cursor,
    student_id: str,
    author: User,
    plan: PlanResult,
    *,
    based_on: int,
    edits: PlanEdits | None = None,
    now: dt.datetime | None = None,
) -> PlanVersion:
    """Save an edited plan as a new draft (after approval too: the approved version stays in history)."""
    return _append(cur, student_id, author, PlanAction.EDIT, based_on, plan, edits or PlanEdits(), now=now)


def restore(
    cur: Cursor, student_id: str, author: User, version: int, *, based_on: int, now: dt.datetime | None = None
) -> PlanVersion:
    """Make an earlier version's plan the current draft again (a new version; history is kept)."""
    old = get_version(cur, student_id, version)
    summary = f"restored version {version}"
    return _append(
        cur, student_id, author, PlanAction.RESTORE, based_on, old.plan, old.edits, summary, version, now
    )


def advance(
    cur: Cursor,
    student_id: str,
    author: User,
    action: PlanAction,
    *,
    based_on: int,
    now: dt.datetime | None = None,
) -> PlanVersion:
    """Propose, approve or acknowledge the version the user looked at (``based_on``)."""
    if action not in (PlanAction.PROPOSE, PlanAction.APPROVE, PlanAction.ACKNOWLEDGE):
        raise ValueError(f"{action.value} is not a step of the plan's life")
    current = head(cur, student_id)
    stale = current is None or current.version != based_on
    if action is PlanAction.PROPOSE and not stale and current and not has_plan(current.plan):
        raise PlanStateError(
            f"a plan with status {current.plan.status.value} cannot be proposed: find a feasible plan first"
        )
    past = {"propose": "proposed", "approve": "approved", "acknowledge": "acknowledged"}[action.value]
    summary = f"{past} by {author.display_name}"
    return _append(cur, student_id, author, action, based_on, summary=summary, now=now)


def add_comment(
    cur: Cursor, student_id: str, author: User, body: str, *, now: dt.datetime | None = None
) -> Comment:
    text = body.strip() if isinstance(body, str) else ""
    if not text:
        raise PlanStateError("a comment cannot be empty")
    if len(text) > MAX_COMMENT_LENGTH:
        raise PlanStateError(f"a comment has at most {MAX_COMMENT_LENGTH} characters")
    version = head_number(cur, student_id)
    written = now or utcnow()
    row = cur.execute(
        "INSERT INTO plan_comments (student_id, version, author_id, author_name, author_role, written_at, body) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [student_id, version, author.id, author.display_name, author.role.value, written, text],
    ).fetchone()
    assert row is not None
    log.info("plan of %s: comment %d by %s", student_id, row[0], author.id)
    return Comment(
        id=row[0],
        student_id=student_id,
        version=version,
        author_id=author.id,
        author_name=author.display_name,
        author_role=author.role.value,
        written_at=_aware(written),
        body=text,
    )


def insert_comment(cur: Cursor, c: Comment) -> None:
    """Write a comment as it is (import), with a fresh id."""
    cur.execute(
        "INSERT INTO plan_comments (student_id, version, author_id, author_name, author_role, written_at, body) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [c.student_id, c.version, c.author_id, c.author_name, c.author_role, _naive(c.written_at), c.body],
    )


def delete_record_plans(cur: Cursor, student_id: str) -> None:
    """Remove a student's versions and comments (only an import with replace does this)."""
    cur.execute("DELETE FROM plan_versions WHERE student_id = ?", [student_id])
    cur.execute("DELETE FROM plan_comments WHERE student_id = ?", [student_id])
