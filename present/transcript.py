"""The mastery transcript's content: one typed shape (``TranscriptData``) built by one function from a
student's record, read by the printable transcript (present/transcript_pdf.py) and by the signed
credentials (credentials/build.py) alike.

``transcript_data`` reads a learner (the student with the learning record's verified evidence, from
``records.credit.learner``), the opportunities they took and the requirement set; the graduation audit
and the work-based placements come shaped from the record (records/transcripts.py). Credit is the one
proficiency rule of ``core.credit`` (the graduation audit's too), per subject; the transcript lists each
opportunity once, with the subjects it earned credit in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, Field

from catalog.subjects import subject_label
from core.credit import credits, demonstrated_on
from core.schema import Catalog, Competency, Evidence, EvidenceLevel, Student

LEVEL_ORDER = list(EvidenceLevel)
"""Performance levels, lowest first (the order the transcript and the credentials' rubric use)."""


class EvidenceLine(BaseModel):
    """One piece of evidence as the transcript shows it: the level, when, where and who assessed."""

    level: EvidenceLevel
    date: dt.date
    source: str = Field(description="The opportunity id, or where else the evidence came from.")
    source_title: str = Field(description="The opportunity's title, or the source as recorded.")
    assessor: str


class StandardLine(BaseModel):
    """A demonstrated standard: its code, statement, framework and subject, and the evidence behind it
    (the best level first)."""

    competency: str
    code: str
    statement: str
    subject: str
    framework: str
    framework_title: str
    item_type: str
    source_uri: str
    parent: str | None
    level: EvidenceLevel = Field(description="The best level shown.")
    date: dt.date = Field(description="When the best level was first shown.")
    evidence: list[EvidenceLine]


class Heading(BaseModel):
    """A heading of the standards' hierarchy (a strand, a domain) above a demonstrated standard."""

    competency: str
    code: str
    statement: str
    parent: str | None


class Credit(BaseModel):
    """A credit earned: an opportunity whose share of outcomes demonstrated at proficient or above
    reached the district's ``proficiency_share``. Counted once in every subject it serves."""

    opportunity: str
    title: str
    kind: str
    provider: str
    subjects: list[str]
    standards: list[str] = Field(description="Competency ids of the outcomes demonstrated in it.")
    outcomes: int = Field(description="How many outcomes the opportunity has.")
    share: float
    awarded: dt.date = Field(description="The date of the last evidence that counted.")

    @property
    def interdisciplinary(self) -> bool:
        return len(self.subjects) > 1


class SubjectCredits(BaseModel):
    subject: str
    label: str
    credits: int = Field(description="Credits counted in this subject (interdisciplinary ones too).")
    standards: int = Field(description="Standards of this subject demonstrated.")


class TermHours(BaseModel):
    term: str
    label: str = Field(description="The term's name, e.g. 'Spring 2027'.")
    hours: float


class WorkPlacement(BaseModel):
    """A work-based learning placement and its approved hours per term (hours waiting for the
    supervisor, or returned, do not count)."""

    opportunity: str
    title: str
    site: str
    supervisor: str
    term: str = Field(description="The placement's term, by name.")
    hours: list[TermHours]

    @property
    def total(self) -> float:
        return round(sum(h.hours for h in self.hours), 2)

    @property
    def words(self) -> str:
        """'Biotech Lab Internship at Pine Valley Biotech, supervised by Dr. Ruiz: 12.5 approved hours
        (Spring 2027: 10; Summer 2027: 2.5)'."""
        per_term = "; ".join(f"{h.label}: {h.hours:g}" for h in self.hours)
        hours = f"{self.total:g} approved hours" if self.total else "no hours approved yet"
        return f"{self.title} at {self.site}, supervised by {self.supervisor}: {hours}" + (
            f" ({per_term})" if len(self.hours) > 1 else f" in {self.hours[0].label}" if self.hours else ""
        )


class AuditStatus(BaseModel):
    """The graduation audit (``records.credit.graduation_audit``) as the transcript's first page says it."""

    requirement_set: str
    target: str = Field(description="The target term, by name.")
    on_track: bool
    required_total: int
    required_done: int
    required_planned: int
    minimums: list[str] = Field(description="Each subject minimum in words, e.g. 'Arts: 2 of 3 shown'.")
    short: dict[str, int] = Field(
        default_factory=dict,
        description="Standards still needed, neither shown nor planned, per subject "
        "minimum not met: {'CTE': 6}.",
    )
    plan_message: str

    @property
    def status(self) -> str:
        """One line: on track or not, for which term, and what is neither shown nor planned."""
        if self.on_track:
            return f"On track to graduate by {self.target}."
        missing = self.required_total - self.required_done - self.required_planned
        gaps = [f"{missing} required standard{'s' if missing != 1 else ''}"] if missing else []
        gaps += [f"{more} more in {subject}" for subject, more in self.short.items()]
        why = f": {' and '.join(gaps)} neither shown nor planned" if gaps else ""
        return f"Not yet on track to graduate by {self.target}{why}."

    @property
    def words(self) -> str:
        planned = f", {self.required_planned} more planned" if self.required_planned else ""
        return f"{self.required_done} of {self.required_total} required standards demonstrated{planned}"


class TranscriptData(BaseModel):
    """Everything a mastery transcript says about one student, as of ``as_of``."""

    student_id: str
    student_name: str
    grade: int
    district: str
    as_of: dt.date
    proficiency_share: float
    standards: list[StandardLine]
    headings: list[Heading] = Field(description="Every ancestor of a demonstrated standard, top first.")
    credits: list[Credit]
    subjects: list[SubjectCredits]
    work_based: list[WorkPlacement] = Field(default_factory=list)
    audit: AuditStatus


def opportunity_credits(student: Student, catalog: Catalog, taken: Sequence[str]) -> list[Credit]:
    """The credits a (learner) student has earned, one per opportunity with the subjects it earned
    credit in, by the one proficiency rule (``core.credit.credits``). ``taken``: the opportunities the
    student took (``records.credit.taken``)."""
    requirements = catalog.requirement_set(student.requirement_set)
    lines = credits(requirements, catalog, taken, demonstrated_on(student))
    opportunities = catalog.opportunity_map()
    found: list[Credit] = []
    for opp_id in dict.fromkeys(c.opportunity for c in lines if c.granted):
        opp = opportunities[opp_id]
        every = [c for c in lines if c.opportunity == opp_id]
        granted = [c for c in every if c.granted]
        outcomes = sum(len(c.outcomes) for c in every)
        shown = sum(len(c.demonstrated) for c in every)
        found.append(
            Credit(
                opportunity=opp_id,
                title=opp.title,
                kind=opp.kind.value,
                provider=opp.provider,
                subjects=[c.subject for c in granted if c.subject],
                standards=[x for c in granted for x in c.demonstrated],
                outcomes=outcomes,
                share=round(shown / outcomes, 4),
                awarded=max(c.granted_on for c in granted if c.granted_on is not None),
            )
        )
    return found


def _standard(comp: Competency, evidence: list[Evidence], catalog: Catalog) -> StandardLine:
    titles = {o.id: o.title for o in catalog.opportunities}
    frameworks = {f.id: f.title for f in catalog.frameworks}
    ranked = sorted(evidence, key=lambda e: (-LEVEL_ORDER.index(e.level), e.date, e.source))
    best = ranked[0]
    first_best = min(e.date for e in evidence if e.level == best.level)
    return StandardLine(
        competency=comp.id,
        code=comp.code or comp.id,
        statement=comp.statement,
        subject=comp.subject,
        framework=comp.framework,
        framework_title=frameworks.get(comp.framework, comp.framework),
        item_type=comp.item_type,
        source_uri=comp.source_uri,
        parent=comp.parent,
        level=best.level,
        date=first_best,
        evidence=[
            EvidenceLine(
                level=e.level,
                date=e.date,
                source=e.source,
                source_title=titles.get(e.source, e.source),
                assessor=e.assessor,
            )
            for e in ranked
        ],
    )


def _headings(parents: list[str | None], comps: dict[str, Competency]) -> list[Heading]:
    """The ancestors of the given parents (each once), in the catalog's order."""
    found: set[str] = set()
    todo = [p for p in parents if p]
    while todo:
        ident = todo.pop()
        if ident in found or ident not in comps:
            continue
        found.add(ident)
        if comps[ident].parent:
            todo.append(comps[ident].parent)  # type: ignore[arg-type]
    return [
        Heading(competency=c.id, code=c.code or c.id, statement=c.statement, parent=c.parent)
        for c in comps.values()
        if c.id in found
    ]


def transcript_data(
    student: Student,
    catalog: Catalog,
    *,
    district: str,
    as_of: dt.date,
    taken: Sequence[str],
    audit: AuditStatus,
    work_based: Sequence[WorkPlacement] = (),
) -> TranscriptData:
    """The transcript of one (learner) student; ``taken`` as in ``opportunity_credits``; the graduation
    audit and the placements as the record service reads them (records/transcripts.py)."""
    requirements = catalog.requirement_set(student.requirement_set)
    comps = catalog.competency_map()
    by_comp: dict[str, list[Evidence]] = {}
    for e in student.evidence:
        if e.level.demonstrated and e.competency in comps:
            by_comp.setdefault(e.competency, []).append(e)
    standards = [_standard(comps[c], by_comp[c], catalog) for c in comps if c in by_comp]
    earned = opportunity_credits(student, catalog, taken)
    headings = _headings([s.parent for s in standards], comps)
    subjects = sorted({s.subject for s in standards} | {s for c in earned for s in c.subjects})
    counted = [
        SubjectCredits(
            subject=s,
            label=subject_label(s),
            credits=sum(1 for c in earned if s in c.subjects),
            standards=sum(1 for x in standards if x.subject == s),
        )
        for s in sorted(subjects, key=subject_label)
    ]
    return TranscriptData(
        student_id=student.id,
        student_name=student.name,
        grade=student.grade,
        district=district,
        as_of=as_of,
        proficiency_share=requirements.proficiency_share,
        standards=standards,
        headings=headings,
        credits=earned,
        subjects=counted,
        work_based=list(work_based),
        audit=audit,
    )


def summary_sentences(data: TranscriptData, per_subject: int = 1) -> list[str]:
    """The first page's plain words: what the student can do, subject by subject (its credits, counting
    an interdisciplinary one in each subject it serves, its standards, and the best thing shown),
    before any code. One thing per subject keeps the first page on one page and within a two-minute
    read (tests/credentials/test_transcript_page.py)."""
    first = data.student_name.split()[0]
    n_inter = sum(1 for c in data.credits if c.interdisciplinary)
    subjects = [s for s in data.subjects if s.standards]
    advanced = sum(1 for s in data.standards if s.level == EvidenceLevel.ADVANCED)
    opening = (
        f"{first} has shown proficiency in {len(data.standards)} standards"
        + (f" ({advanced} at the advanced level)" if advanced else "")
        + f" across {len(subjects)} subject{'s' if len(subjects) != 1 else ''} and earned "
        f"{len(data.credits)} credit{'s' if len(data.credits) != 1 else ''}"
        + (f", {n_inter} of them interdisciplinary." if n_inter else ".")
    )
    lines = [opening]
    hours = round(sum(p.total for p in data.work_based), 2)
    if hours:
        places = len([p for p in data.work_based if p.total])
        lines.append(
            f"{first} has {hours:g} approved hours of work-based learning"
            f" at {places} placement{'s' if places != 1 else ''}."
        )
    for subject in subjects:
        shown = [s for s in data.standards if s.subject == subject.subject]
        best = sorted(shown, key=lambda s: (-LEVEL_ORDER.index(s.level), s.date))[:per_subject]
        things = "; ".join(_plain(s.statement) for s in best)
        counts = f"{_count(subject.credits, 'credit')}, {_count(subject.standards, 'standard')}"
        lines.append(f"{subject.label} ({counts}): {first} can {things}.")
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


MAX_LABEL_WORDS = 4
"""A statement's 'Label: ' prefix this short is a label, dropped from the plain-words summary."""


def _plain(statement: str) -> str:
    """A standard's statement as the middle of a sentence: no label prefix, no final period, first
    letter lower case (unless the first word is an acronym)."""
    text = statement.strip().rstrip(".")
    label, colon, rest = text.partition(": ")
    if colon and rest and len(label.split()) <= MAX_LABEL_WORDS:
        text = rest  # 'Spanish, novice: exchange greetings...' -> 'exchange greetings...'
    word = text.split(" ", 1)[0]
    return text if word.isupper() and len(word) > 1 else text[:1].lower() + text[1:]
