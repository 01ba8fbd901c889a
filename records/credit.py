"""Credit by the proficiency rule, and the graduation audit.

**What counts as demonstrated.** A competency is demonstrated when a current, verified entry of the
learning record rates it at a proficient level of the student's scale, or when the profile's imported
evidence (students.json) does. ``learner`` gives the student with both, so that the planner, the matcher
and this audit all ask the one question ``RequirementSet.still_needed(student.demonstrated(), ...)``.

**Credit.** For every opportunity the student took or is taking (completed, placed at, planned up to the
current term, or the source of evidence), the share of its outcomes demonstrated is compared with the
requirement set's ``proficiency_share``, per subject when its outcomes span several: a subject's part of
the opportunity earns ``credit_per_term x length_terms x (its outcomes / all outcomes)`` when at least
that share of its outcomes is demonstrated, dated the day the share was reached. Shares are compared as
exact fractions: 7 of 10 at 70% earns the credit, 9 of 13 (69.2%) does not.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from core.credit import Credit, credits, demonstrated_on
from core.schema import Catalog, Evidence, RequirementSet, Student
from records.evidence import EvidenceEntry, EvidenceState


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def counted(entries: Sequence[EvidenceEntry], requirements: RequirementSet) -> list[EvidenceEntry]:
    """The entries that count: verified, current (the caller reads only current ones), at a proficient level."""
    return [
        e for e in entries if e.state is EvidenceState.VERIFIED and requirements.scale.is_proficient(e.level)
    ]


def learner(student: Student, entries: Sequence[EvidenceEntry], requirements: RequirementSet) -> Student:
    """The student with the learning record's verified evidence after the imported one: what planning
    and the audit read (never written back: the profile's evidence stays the imported list)."""
    scale = requirements.scale
    recorded = [
        Evidence(
            competency=e.competency,
            level=scale.as_evidence_level(e.level),
            date=e.date,
            source=e.opportunity or "",
            assessor=e.assessor,
        )
        for e in entries
        if e.state is EvidenceState.VERIFIED
    ]
    return student.model_copy(update={"evidence": [*student.evidence, *recorded]})


def without_recorded(student: Student, recorded: Sequence[Evidence]) -> Student:
    """The student without the evidence ``learner`` added (``recorded``), each removed once: what the
    profile keeps when a learner is written back."""
    kept = list(student.evidence)
    for item in recorded:
        if item in kept:
            kept.remove(item)
    return student.model_copy(update={"evidence": kept})


class RequirementLine(_Model):
    """A required competency: demonstrated (on ``date``), planned (in ``term``) or missing. Built with
    ``model_construct`` from checked values: a cohort's audit makes hundreds of thousands."""

    competency: str
    status: str
    date: dt.date | None = None
    term: str | None = None
    opportunity: str | None = None


class MinimumLine(_Model):
    subject: str
    count: int
    demonstrated: int
    planned: int
    met: bool


class GraduationAudit(_Model):
    """What a student's diploma asks and where they stand, as of a day (the record's newest fact)."""

    student_id: str
    requirement_set: str
    current_term: str | None
    target_term: str
    required: list[RequirementLine]
    minimums: list[MinimumLine]
    credits: list[Credit]
    total_credits: float
    on_track: bool
    reasons: list[str]


class Planned(Protocol):
    """What the audit reads of a plan item (``planner.domain.PlanItem`` is one)."""

    opportunity: str
    start_term: str
    end_term: str
    competencies: list[str]


def taken(
    student: Student,
    entries: Sequence[EvidenceEntry],
    items: Sequence[Planned],
    catalog: Catalog,
    placed: Sequence[tuple[str, str]] = (),
) -> list[str]:
    """The opportunities a student took or is taking: completed, the source of evidence, or placed at or
    planned to start by the current term (``placed``: (opportunity, term) of each placement)."""
    calendar = catalog.calendar
    order = {t.id: i for i, t in enumerate(calendar.terms)} if calendar else {}
    now = order.get(calendar.first_plannable_term, -1) if calendar else -1
    started = [i.opportunity for i in items if order.get(i.start_term, now + 1) <= now]
    started += [opportunity for opportunity, term in placed if order.get(term, now + 1) <= now]
    sources = [e.opportunity for e in entries if e.opportunity and e.state is EvidenceState.VERIFIED]
    sources += [e.source for e in student.evidence if e.source]
    return list(dict.fromkeys([*student.completed_opportunities, *started, *sources]))


def graduation_audit(
    student: Student,
    entries: Sequence[EvidenceEntry],
    items: Sequence[Planned],
    catalog: Catalog,
    placed: Sequence[tuple[str, str]] = (),
) -> GraduationAudit:
    """The audit of one student: ``entries`` are the current entries of the learning record, ``items``
    those of the current plan (none: no plan yet). Planned means placed by the plan in a term up to the
    target term."""
    requirements = catalog.requirement_set(student.requirement_set)
    whole = learner(student, entries, requirements)
    first = demonstrated_on(whole)
    still = requirements.still_needed(set(first), catalog.competencies)
    calendar = catalog.calendar
    target = student.target_graduation_term
    order = {t.id: i for i, t in enumerate(calendar.terms)} if calendar else {}
    planned: dict[str, tuple[str, str]] = {}
    for item in items:
        if order.get(item.end_term, math.inf) <= order.get(target, -1):
            for c in item.competencies:
                planned.setdefault(c, (item.end_term, item.opportunity))
    lines = []
    needed = set(still.required)
    for c in requirements.required_competencies(catalog.competencies):
        if c not in needed:
            lines.append(
                RequirementLine.model_construct(competency=c, status="demonstrated", date=first.get(c))
            )
        elif c in planned:
            lines.append(
                RequirementLine.model_construct(
                    competency=c, status="planned", term=planned[c][0], opportunity=planned[c][1]
                )
            )
        else:
            lines.append(RequirementLine.model_construct(competency=c, status="missing"))
    minimums = []
    for need in still.minimums:
        ahead = sum(1 for c in need.pool if c in planned)
        minimums.append(
            MinimumLine(
                subject=need.subject,
                count=need.count,
                demonstrated=need.demonstrated,
                planned=ahead,
                met=need.demonstrated + ahead >= need.count,
            )
        )
    earned = credits(requirements, catalog, taken(student, entries, items, catalog, placed), first)
    reasons = [
        f"required {line.competency} is neither demonstrated nor planned by {target}"
        for line in lines
        if line.status == "missing"
    ]
    reasons += [
        f"{m.subject}: {m.demonstrated} demonstrated and {m.planned} planned of the {m.count} needed"
        for m in minimums
        if not m.met
    ]
    current = calendar.first_plannable_term if calendar else None
    if current is not None and target in order and order[current] > order[target]:
        reasons.insert(0, f"the target term {target} has passed")
    return GraduationAudit(
        student_id=student.id,
        requirement_set=requirements.id,
        current_term=current,
        target_term=target,
        required=lines,
        minimums=minimums,
        credits=earned,
        total_credits=round(sum(c.credits for c in earned), 4),
        on_track=not reasons,
        reasons=reasons,
    )
