"""The learning record in a student's exported record (``StudentRecord.learning``): every evidence entry
(superseded ones too, so the history moves with the student), the files its artifacts hold (base64),
the placements and their timesheets. Supervisor links do not move: they belong to the school that
issued them. Ids are the source database's; an import numbers everything anew and keeps the links
between them (a correction still supersedes its original, an entry still names its placement)."""

from __future__ import annotations

import base64
import hashlib

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.schema import Catalog
from core.store import Cursor
from records import evidence, placements
from records.accounts import Role, User
from records.evidence import EvidenceEntry
from records.placements import Placement, TimesheetEntry


class LearningPart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    evidence: list[EvidenceEntry] = Field(
        default_factory=list, description="Oldest first, superseded ones too."
    )
    files: dict[str, str] = Field(default_factory=dict, description="SHA-256 -> the file's bytes in base64.")
    placements: list[Placement] = Field(default_factory=list)
    timesheets: list[TimesheetEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> LearningPart:
        seen: set[int] = set()
        placed = {p.id for p in self.placements}
        for i, e in enumerate(self.evidence):
            if e.id is None:
                raise ValueError(f"evidence[{i}] has no id")
            if e.supersedes is not None and e.supersedes not in seen:
                raise ValueError(
                    f"evidence[{i}] supersedes {e.supersedes}, which is not an earlier entry of the file"
                )
            if e.placement_id is not None and e.placement_id not in placed:
                raise ValueError(f"evidence[{i}] names placement {e.placement_id}, which is not in the file")
            for artifact in e.artifacts:
                if artifact.sha256 is not None and artifact.sha256 not in self.files:
                    raise ValueError(
                        f"evidence[{i}] holds the file {artifact.name!r}, whose content is not in the file"
                    )
            seen.add(e.id)
        for sha, text in self.files.items():
            if hashlib.sha256(base64.b64decode(text)).hexdigest() != sha:
                raise ValueError(f"files[{sha[:12]}...]: the content does not match its SHA-256")
        for i, t in enumerate(self.timesheets):
            if t.placement_id not in placed:
                raise ValueError(
                    f"timesheets[{i}] names placement {t.placement_id}, which is not in the file"
                )
        return self

    def belongs_to(self, student_id: str) -> str | None:
        """What in the part belongs to another student (None: all of it is this student's)."""
        for i, e in enumerate(self.evidence):
            if e.student_id != student_id:
                return f"evidence[{i}]"
        for i, p in enumerate(self.placements):
            if p.student_id != student_id:
                return f"placements[{i}]"
        return None

    def reference_problems(self, catalog: Catalog) -> list[str]:
        comps, opps = catalog.competency_map(), catalog.opportunity_map()
        problems = [
            f"evidence[{i}]: competency {e.competency!r} is not in the catalog"
            for i, e in enumerate(self.evidence)
            if e.competency not in comps
        ]
        problems += [
            f"evidence[{i}]: opportunity {e.opportunity!r} is not in the catalog"
            for i, e in enumerate(self.evidence)
            if e.opportunity is not None and e.opportunity not in opps
        ]
        problems += [
            f"placements[{i}]: opportunity {p.opportunity!r} is not in the catalog"
            for i, p in enumerate(self.placements)
            if p.opportunity not in opps
        ]
        return problems


def build(cur: Cursor, student_id: str) -> LearningPart:
    entries = evidence.history(cur, student_id)
    hashes = sorted({a.sha256 for e in entries for a in e.artifacts if a.sha256})
    files = {}
    for sha in hashes:
        content = evidence.artifact_content(cur, student_id, sha)
        if content is not None:
            files[sha] = base64.b64encode(content).decode("ascii")
    placed = placements.of_students(cur, [student_id])
    return LearningPart(
        evidence=entries,
        files=files,
        placements=placed,
        timesheets=placements.entries(cur, [p.id for p in placed]),
    )


def delete(cur: Cursor, student_id: str) -> None:
    """Remove a student's learning record (a whole record imported with replace)."""
    ids = [
        r[0]
        for r in cur.execute("SELECT id FROM evidence_entries WHERE student_id = ?", [student_id]).fetchall()
    ]
    cur.execute("DELETE FROM evidence_artifacts WHERE list_contains(?, entry_id)", [ids])
    cur.execute("DELETE FROM evidence_entries WHERE student_id = ?", [student_id])
    placed = [
        r[0] for r in cur.execute("SELECT id FROM placements WHERE student_id = ?", [student_id]).fetchall()
    ]
    cur.execute("DELETE FROM timesheet_entries WHERE list_contains(?, placement_id)", [placed])
    cur.execute("DELETE FROM supervisor_links WHERE list_contains(?, placement_id)", [placed])
    cur.execute("DELETE FROM placements WHERE student_id = ?", [student_id])


def apply(cur: Cursor, part: LearningPart) -> None:
    """Write the part (checked by the caller), numbering its rows anew."""
    placement_ids: dict[int, int] = {}
    for p in part.placements:
        row = cur.execute(
            "INSERT INTO placements (student_id, opportunity_id, term_id, site, supervisor_name, supervisor_email, "
            "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                p.student_id,
                p.opportunity,
                p.term,
                p.site,
                p.supervisor_name,
                p.supervisor_email,
                p.created_by,
                p.created_at,
            ],
        ).fetchone()
        assert row is not None
        placement_ids[p.id] = int(row[0])
    for sha, text in part.files.items():
        content = base64.b64decode(text)
        cur.execute(
            "INSERT INTO artifact_files VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [sha, len(content), content]
        )
    entry_ids: dict[int, int] = {}
    for e in part.evidence:
        author = User(id=e.author_id, display_name=e.assessor or e.author_id, role=Role(e.author_role))
        fields = e.content() | {"placement_id": placement_ids.get(e.placement_id or 0)}
        assert e.id is not None
        entry_ids[e.id] = evidence.append(
            cur,
            e.student_id,
            fields,
            author=author,
            state=e.state,
            assessor=e.assessor,
            now=e.recorded_at.replace(tzinfo=None),
            reason=e.reason,
            supersedes=entry_ids[e.supersedes] if e.supersedes is not None else None,
            artifacts=e.artifacts,
        )
    for t in part.timesheets:
        cur.execute(
            "INSERT INTO timesheet_entries (placement_id, worked_on, start_minute, end_minute, hours, tasks, reflection, "
            "state, reason, submitted_at, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                placement_ids[t.placement_id],
                t.date,
                t.start,
                t.end,
                t.worked,
                t.tasks,
                t.reflection,
                t.state.value,
                t.reason,
                t.submitted_at,
                t.decided_by,
                t.decided_at,
            ],
        )
