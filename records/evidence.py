"""Evidence of mastery: the append-only store of the learning record.

An entry says that a student showed a competency at a level of the district's scale (the student's
requirement set's ``scale``), on a date, in an opportunity (or none: credit by demonstration), judged by
an assessor, with a rubric criterion and score, a comment and artifacts (files kept once per SHA-256, or
links). Nothing is ever updated or deleted: a verification, a return or a correction is a new entry that
supersedes the old one, so the history of every piece of evidence stays readable. The current evidence
is the entries nobody supersedes.

The student profile's own ``evidence`` list (students.json, an import from the student information
system) stays where it is: it is the record from before the learning record, read as verified entries
(with no id) by ``Learner`` in records/credit.py. Neither copies into the other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.errors import InputError, Problem
from core.schema import Catalog, Competency, Opportunity, Student
from core.store import Cursor
from records.accounts import User
from records.core import Target

MAX_ARTIFACT_BYTES = 10 * 1024 * 1024
"""The largest file an artifact may be (10 MiB): a photo, a scanned page, a short recording."""

MAX_ARTIFACTS = 10
"""Artifacts one entry may carry."""


class EvidenceState(StrEnum):
    SUBMITTED = "submitted"  # by the student (a portfolio piece): waits for an assessor
    VERIFIED = "verified"  # recorded or verified by an assessor: counts
    RETURNED = "returned"  # sent back to the student with a reason: does not count


class ArtifactIn(BaseModel):
    """An artifact to attach: a file's name and bytes, or a link."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    content: bytes | None = None

    @model_validator(mode="after")
    def _one(self) -> ArtifactIn:
        if (self.url is None) == (self.content is None):
            raise ValueError("an artifact is either a file or a link")
        if self.url is not None and not self.url.startswith(("https://", "http://")):
            raise ValueError(f"{self.url!r} is not a web link (http:// or https://)")
        if self.content is not None and len(self.content) > MAX_ARTIFACT_BYTES:
            raise ValueError(
                f"the file {self.name!r} is {len(self.content):,} bytes; the limit is {MAX_ARTIFACT_BYTES:,}"
            )
        return self


class Artifact(BaseModel):
    """An artifact as kept: a link, or a file by content hash and size."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    url: str | None = None
    sha256: str | None = None
    size: int | None = None


class EvidenceIn(BaseModel):
    """What someone records: the fields of an entry that a person chooses."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    competency: str = Field(min_length=1, max_length=200)
    level: str = Field(min_length=1, max_length=60)
    date: dt.date
    opportunity: str | None = Field(default=None, description="None: credit by demonstration.")
    rubric_criterion: str = Field(default="", max_length=500)
    rubric_score: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    rubric_max: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    comment: str = Field(default="", max_length=5000)
    artifacts: list[ArtifactIn] = Field(default_factory=list, max_length=MAX_ARTIFACTS)

    @model_validator(mode="after")
    def _rubric(self) -> EvidenceIn:
        if (self.rubric_score is None) != (self.rubric_max is None):
            raise ValueError("a rubric score needs its maximum, and a maximum its score")
        if (
            self.rubric_score is not None
            and self.rubric_max is not None
            and self.rubric_score > self.rubric_max
        ):
            raise ValueError(f"rubric score {self.rubric_score:g} is above its maximum {self.rubric_max:g}")
        return self


class EvidenceEntry(BaseModel):
    """One entry of the record, as kept (``id`` None: from the profile imported with the students)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int | None
    student_id: str
    competency: str
    level: str
    date: dt.date
    opportunity: str | None
    placement_id: int | None = None
    assessor: str
    rubric_criterion: str = ""
    rubric_score: float | None = None
    rubric_max: float | None = None
    comment: str = ""
    state: EvidenceState
    reason: str = ""
    supersedes: int | None = None
    author_id: str
    author_role: str
    recorded_at: dt.datetime
    artifacts: list[Artifact] = Field(default_factory=list)

    def content(self) -> dict[str, Any]:
        """The fields a person chose (what a verification or a return carries over unchanged)."""
        return self.model_dump(
            include={
                "competency",
                "level",
                "date",
                "opportunity",
                "placement_id",
                "rubric_criterion",
                "rubric_score",
                "rubric_max",
                "comment",
            }
        )


_COLUMNS = (
    "id, student_id, competency, level, demonstrated_on, opportunity, placement_id, assessor, rubric_criterion, "
    "rubric_score, rubric_max, comment, state, reason, supersedes, author_id, author_role, recorded_at"
)
_FIELDS = [
    "id",
    "student_id",
    "competency",
    "level",
    "date",
    "opportunity",
    "placement_id",
    "assessor",
    "rubric_criterion",
    "rubric_score",
    "rubric_max",
    "comment",
    "state",
    "reason",
    "supersedes",
    "author_id",
    "author_role",
    "recorded_at",
]


def _entries(cur: Cursor, where: str, params: list[Any]) -> list[EvidenceEntry]:
    rows = cur.execute(
        f"SELECT {_COLUMNS} FROM evidence_entries e WHERE {where} ORDER BY id", params
    ).fetchall()
    ids = [r[0] for r in rows]
    artifacts: dict[int, list[Artifact]] = {}
    if ids:
        for entry_id, name, url, sha, size in cur.execute(
            "SELECT entry_id, name, url, sha256, size FROM evidence_artifacts WHERE list_contains(?, entry_id) "
            "ORDER BY entry_id, position",
            [ids],
        ).fetchall():
            artifacts.setdefault(entry_id, []).append(Artifact(name=name, url=url, sha256=sha, size=size))
    found = []
    for row in rows:
        data = dict(zip(_FIELDS, row, strict=True))
        data["recorded_at"] = data["recorded_at"].replace(tzinfo=dt.UTC)
        found.append(EvidenceEntry(**data, artifacts=artifacts.get(row[0], [])))
    return found


_CURRENT = "NOT EXISTS (SELECT 1 FROM evidence_entries s WHERE s.supersedes = e.id)"


def current(cur: Cursor, student_ids: Sequence[str]) -> list[EvidenceEntry]:
    """The entries of these students that nobody supersedes, oldest first."""
    return _entries(cur, f"list_contains(?, student_id) AND {_CURRENT}", [list(student_ids)])


def history(cur: Cursor, student_id: str) -> list[EvidenceEntry]:
    """Every entry of a student, superseded ones too, oldest first."""
    return _entries(cur, "student_id = ?", [student_id])


def entry(cur: Cursor, student_id: str, entry_id: int) -> EvidenceEntry | None:
    found = _entries(cur, "student_id = ? AND id = ?", [student_id, entry_id])
    return found[0] if found else None


def target(cur: Cursor, student_id: str, entry_id: int) -> Target:
    """The opportunity and placement an entry of this student concerns ((None, None) when there is no
    such entry: only an account that may assess any student then reaches the 'not found')."""
    row = cur.execute(
        "SELECT opportunity, placement_id FROM evidence_entries WHERE student_id = ? AND id = ?",
        [student_id, entry_id],
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def check(
    catalog: Catalog,
    student: Student,
    new: EvidenceIn,
    where: str,
    today: dt.date,
    maps: tuple[dict[str, Competency], dict[str, Opportunity]] | None = None,
) -> list[Problem]:
    """What is wrong with recording ``new`` for ``student``, each problem naming ``where`` and the field
    (``maps``: the catalog's competency and opportunity maps, when the caller checks many rows)."""
    problems = []
    comps, opps = maps or (catalog.competency_map(), catalog.opportunity_map())
    if new.competency not in comps or comps[new.competency].is_heading:
        problems.append(
            Problem("", where, "competency", f"{new.competency!r} is not a competency of the catalog")
        )
    if new.opportunity is not None:
        opportunity = opps.get(new.opportunity)
        if opportunity is None:
            problems.append(Problem("", where, "opportunity", f"{new.opportunity!r} is not an opportunity"))
        elif new.competency not in opportunity.competencies:
            problems.append(
                Problem(
                    "", where, "competency", f"{new.competency!r} is not an outcome of {new.opportunity!r}"
                )
            )
    try:
        catalog.requirement_set(student.requirement_set).scale.check(new.level)
    except KeyError:
        problems.append(
            Problem("", where, "level", f"requirement set {student.requirement_set!r} is unknown")
        )
    except ValueError as exc:
        problems.append(Problem("", where, "level", str(exc)))
    if new.date > today:
        problems.append(Problem("", where, "date", f"{new.date} is in the future"))
    return problems


def append(
    cur: Cursor,
    student_id: str,
    content: dict[str, Any],
    *,
    author: User,
    state: EvidenceState,
    assessor: str,
    now: dt.datetime,
    reason: str = "",
    supersedes: int | None = None,
    artifacts: Sequence[ArtifactIn | Artifact] = (),
) -> int:
    """Write one entry (checked by the caller) and its artifacts; its id."""
    [entry_id] = append_many(
        cur,
        [(student_id, content, artifacts)],
        author=author,
        state=state,
        assessor=assessor,
        now=now,
        reason=reason,
        supersedes=supersedes,
    )
    return entry_id


def append_many(
    cur: Cursor,
    rows: Sequence[tuple[str, dict[str, Any], Sequence[ArtifactIn | Artifact]]],
    *,
    author: User,
    state: EvidenceState,
    assessor: str,
    now: dt.datetime,
    reason: str = "",
    supersedes: int | None = None,
) -> list[int]:
    """Write entries (checked by the caller; a class's grid) in one statement; their ids, in order.
    ``reason`` and ``supersedes`` are those of a single entry that replaces another."""
    if supersedes is not None and len(rows) != 1:
        raise ValueError("only a single entry supersedes another")
    if not rows:
        return []
    ids = [
        int(r[0])
        for r in cur.execute("SELECT nextval('evidence_entry_ids') FROM range(?)", [len(rows)]).fetchall()
    ]
    values = [
        [
            entry_id,
            student_id,
            c["competency"],
            c["level"],
            c["date"],
            c.get("opportunity"),
            c.get("placement_id"),
            assessor,
            c.get("rubric_criterion", ""),
            c.get("rubric_score"),
            c.get("rubric_max"),
            c.get("comment", ""),
            state.value,
            reason,
            supersedes,
            author.id,
            author.role.value,
            now,
        ]
        for entry_id, (student_id, c, _) in zip(ids, rows, strict=True)
    ]
    # One statement with a row of placeholders per entry (DuckDB's executemany runs one statement per row).
    row = "(" + ", ".join(["?"] * 18) + ")"
    cur.execute(
        "INSERT INTO evidence_entries (id, student_id, competency, level, demonstrated_on, opportunity, placement_id, "
        "assessor, rubric_criterion, rubric_score, rubric_max, comment, state, reason, supersedes, author_id, "
        f"author_role, recorded_at) VALUES {', '.join([row] * len(values))}",
        [v for r in values for v in r],
    )
    for entry_id, (_, _, artifacts) in zip(ids, rows, strict=True):
        for position, item in enumerate(artifacts):
            kept = keep_artifact(cur, item) if isinstance(item, ArtifactIn) else item
            cur.execute(
                "INSERT INTO evidence_artifacts VALUES (?, ?, ?, ?, ?, ?)",
                [entry_id, position, kept.name, kept.url, kept.sha256, kept.size],
            )
    return ids


def keep_artifact(cur: Cursor, item: ArtifactIn) -> Artifact:
    """A link as it is; a file stored once per content (its SHA-256)."""
    if item.content is None:
        return Artifact(name=item.name, url=item.url)
    digest = hashlib.sha256(item.content).hexdigest()
    cur.execute(
        "INSERT INTO artifact_files VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [digest, len(item.content), item.content],
    )
    return Artifact(name=item.name, sha256=digest, size=len(item.content))


def artifact_content(cur: Cursor, student_id: str, sha256: str) -> bytes | None:
    """A file's bytes, when an entry of this student holds it."""
    row = cur.execute(
        "SELECT f.content FROM artifact_files f WHERE f.sha256 = ? AND EXISTS (SELECT 1 FROM evidence_artifacts a "
        "JOIN evidence_entries e ON e.id = a.entry_id WHERE a.sha256 = f.sha256 AND e.student_id = ?)",
        [sha256, student_id],
    ).fetchone()
    return bytes(row[0]) if row else None


def successor_check(old: EvidenceEntry | None, entry_id: int, *, submitted_only: bool) -> None:
    """A new entry may supersede only a current entry (and a verification or return, a submitted one)."""
    if old is None:
        raise InputError([Problem("", f"evidence {entry_id}", "", "no such evidence entry for this student")])
    if submitted_only and old.state is not EvidenceState.SUBMITTED:
        raise InputError(
            [
                Problem(
                    "",
                    f"evidence {entry_id}",
                    "state",
                    f"it is {old.state.value}, not waiting to be verified",
                )
            ]
        )


def is_current(cur: Cursor, entry_id: int) -> bool:
    row = cur.execute("SELECT count(*) FROM evidence_entries WHERE supersedes = ?", [entry_id]).fetchone()
    return not (row and row[0])
