"""A student's whole record as one JSON document: profile, evidence, every plan version, the comments,
the learning record (records/learning_transfer.py) and the conversation with the chat (records/chat.py).

`pathways export student ID` writes it and `pathways import student-record FILE` reads it back; the
import is checked whole (shape, numbering, references to the catalog) before one transaction writes it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from catalog.importers.files import read_json, validation_problems
from core.errors import InputError, NotFoundError, Problem
from core.schema import Student, utc
from core.store import Cursor, Store
from records import chat, learning_transfer, plans
from records.accounts import utcnow
from records.chat import ChatMessage
from records.learning_transfer import LearningPart
from records.plans import Comment, PlanVersion

FORMAT: Literal["pathways.student-record"] = "pathways.student-record"
FORMAT_VERSION: Literal[3] = 3
"""2 adds ``learning`` (evidence entries, placements, timesheets), 3 the ``conversation``; versions 1 and 2
still import."""


class StudentRecord(BaseModel):
    """The export format (``format_version`` 3; 1 and 2 are read too). Times are UTC."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["pathways.student-record"] = FORMAT
    format_version: Literal[1, 2, 3] = FORMAT_VERSION
    exported_at: dt.datetime
    student: Student
    plan_versions: list[PlanVersion] = Field(default_factory=list, description="Oldest first, 1..n.")
    comments: list[Comment] = Field(default_factory=list, description="Oldest first.")
    learning: LearningPart = Field(default_factory=LearningPart, description="The learning record.")
    conversation: list[ChatMessage] = Field(
        default_factory=list, description="The conversation with the chat, oldest first, 1..n."
    )

    @model_validator(mode="after")
    def _consistent(self) -> StudentRecord:
        sid = self.student.id
        for i, v in enumerate(self.plan_versions):
            if v.version != i + 1:
                raise ValueError(
                    f"plan_versions[{i}] is version {v.version}; versions run 1, 2, 3... in order"
                )
            if v.student_id != sid or v.plan.student != sid:
                raise ValueError(f"plan_versions[{i}] belongs to another student than {sid!r}")
            if v.restored_from is not None and not 1 <= v.restored_from < v.version:
                raise ValueError(f"plan_versions[{i}] is restored from a version that does not precede it")
        times = [(f"plan_versions[{i}].saved_at", v.saved_at) for i, v in enumerate(self.plan_versions)]
        times += [(f"comments[{i}].written_at", c.written_at) for i, c in enumerate(self.comments)]
        times += [(f"conversation[{i}].said_at", m.said_at) for i, m in enumerate(self.conversation)]
        for where, when in times:
            try:
                utc(when)
            except ValueError as exc:
                raise ValueError(f"{where}: {exc}") from None
        for i, c in enumerate(self.comments):
            if c.student_id != sid:
                raise ValueError(f"comments[{i}] belongs to another student than {sid!r}")
            if c.version > len(self.plan_versions):
                raise ValueError(
                    f"comments[{i}] refers to plan version {c.version}, which is not in the file"
                )
        for i, m in enumerate(self.conversation):
            if m.student_id != sid:
                raise ValueError(f"conversation[{i}] belongs to another student than {sid!r}")
            if m.seq != i + 1:
                raise ValueError(f"conversation[{i}] is message {m.seq}; messages run 1, 2, 3... in order")
        other = self.learning.belongs_to(sid)
        if other is not None:
            raise ValueError(f"learning.{other} belongs to another student than {sid!r}")
        return self


def build_record(
    store: Store, cur: Cursor, student_id: str, *, now: dt.datetime | None = None
) -> StudentRecord:
    """Everything the database holds about one student (NotFoundError when there is no such student)."""
    return StudentRecord(
        exported_at=(now or utcnow()).replace(tzinfo=dt.UTC),
        student=store.student(student_id, cur),
        plan_versions=plans.all_versions(cur, student_id),
        comments=plans.comments(cur, student_id),
        learning=learning_transfer.build(cur, student_id),
        conversation=chat.conversation(cur, student_id, limit=None),
    )


def record_json(record: StudentRecord) -> str:
    return json.dumps(record.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n"


def parse_record(data: object, source: str) -> StudentRecord:
    """Validate parsed JSON as a student record, or raise InputError naming each field that is wrong."""
    try:
        return StudentRecord.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, source, "")) from None


def read_record_file(path: Path) -> StudentRecord:
    return parse_record(read_json(path), str(path))


def apply_record(store: Store, cur: Cursor, record: StudentRecord, *, replace: bool, source: str) -> None:
    """Write a record inside the caller's transaction. An existing student is replaced only when asked,
    and then whole (profile, evidence, versions, comments). Problems raise InputError before any write."""
    sid = record.student.id
    try:
        store.student(sid, cur)
        exists = True
    except NotFoundError:
        exists = plans.head_number(cur, sid) > 0
    if exists and not replace:
        raise InputError(
            [
                Problem(
                    source,
                    "",
                    "student.id",
                    f"student {sid!r} already has a record in this database; import with --replace to "
                    "overwrite it (profile, evidence, plan versions and comments)",
                )
            ]
        )
    catalog = store.catalog(cur)
    issues = [i for i in catalog.reference_issues([record.student]) if i[0] == "student"]
    problems = [Problem(source, f"{kind} {ident!r}", "", msg) for kind, ident, msg in issues]
    problems += [Problem(source, "learning", "", m) for m in record.learning.reference_problems(catalog)]
    if problems:
        raise InputError(problems)
    store.put_students(cur, [record.student])
    plans.delete_record_plans(cur, sid)
    for version in record.plan_versions:
        plans.insert_version(cur, version)
    for comment in record.comments:
        plans.insert_comment(cur, comment)
    learning_transfer.delete(cur, sid)
    learning_transfer.apply(cur, record.learning)
    chat.replace_conversation(cur, sid, record.conversation)
