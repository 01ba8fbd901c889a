"""The mastery transcript as an ordered list of blocks (headings, paragraphs, the credits table, a page
break): what it says and in which order, once, for both the PDF (present/transcript_pdf.py) and the
print view in the app (present/transcript_html.py), so the two cannot drift apart.

The order: the first page reads in under two minutes (what the student can do in plain words, subject
by subject with its credits and standards, then the graduation audit); then each subject's credits, each opened to
its standards and each standard to its evidence (level, date, where, assessed by whom); a credit that
serves several subjects is listed once, under "Interdisciplinary credits", and counted in each of its
subjects in the table; then the standards shown outside a credit, work-based learning, and where the
signed version comes from. No letter grades.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from catalog.subjects import subject_label
from present.transcript import Credit, StandardLine, TranscriptData, summary_sentences

NO_GRADES = (
    "This transcript has no letter grades. A credit is earned by showing proficiency, judged by an "
    "assessor against the district's standards, on at least {share:.0%} of a course's or experience's "
    "outcomes, wherever the learning happened."
)
NO_WORK_BASED = "No work-based learning hours or placements are recorded yet."
HOURS_COUNTED = "Hours count once the workplace supervisor has approved them, in the term they were worked."
SHARED_ONCE = (
    "An interdisciplinary credit is counted in every subject it serves, and listed once, under "
    '"Interdisciplinary credits".'
)


class Kind(StrEnum):
    TITLE = "title"
    META = "meta"  # the line under the title
    SECTION = "section"  # a section's heading
    GROUP = "group"  # a subject inside a section
    SENTENCE = "sentence"  # a sentence of the plain-words summary
    STATUS = "status"  # the graduation audit's one-line status
    TEXT = "text"
    NOTE = "note"  # small print
    CREDIT = "credit"  # a credit's title
    CREDIT_NOTE = "credit_note"
    STANDARD = "standard"
    EVIDENCE = "evidence"
    PAGE_BREAK = "page_break"


@dataclass(frozen=True)
class Block:
    """One block of the transcript: its kind, its text and how far it is indented (0 to 3 steps)."""

    kind: Kind
    text: str = ""
    indent: int = 0


def evidence_words(standard: StandardLine) -> list[str]:
    """Each piece of evidence behind a standard, in words: 'Proficient, 19 Dec 2025, English 9, assessed
    by Ms. Okonkwo'."""
    lines = []
    for e in standard.evidence:
        parts = [e.level.value.capitalize(), f"{e.date:%d %b %Y}"]
        if e.source_title:
            parts.append(e.source_title)
        if e.assessor:
            parts.append(f"assessed by {e.assessor}")
        lines.append(", ".join(parts))
    return lines


def credit_words(credit: Credit) -> str:
    kind = credit.kind.replace("_", " ")
    done = len(credit.standards)
    return (
        f"{kind}{', ' + credit.provider if credit.provider else ''}; earned {credit.awarded:%d %b %Y}; "
        f"{done} of {credit.outcomes} outcomes shown at proficient or above"
    )


def _standards(standards: list[StandardLine], indent: int) -> list[Block]:
    blocks = []
    for s in standards:
        blocks.append(Block(Kind.STANDARD, f"{s.code}: {s.statement}", indent))
        blocks += [Block(Kind.EVIDENCE, line, indent + 1) for line in evidence_words(s)]
    return blocks


def _credit(credit: Credit, by_id: dict[str, StandardLine], counted: str = "") -> list[Block]:
    return [
        Block(Kind.CREDIT, credit.title, 1),
        Block(Kind.CREDIT_NOTE, credit_words(credit) + (f"; counts in {counted}" if counted else ""), 1),
        *_standards([by_id[s] for s in credit.standards if s in by_id], 2),
    ]


def first_page(data: TranscriptData) -> list[Block]:
    """The first page: what the student can do (with the credits and standards of each subject), then
    the graduation audit."""
    audit = data.audit
    blocks = [
        Block(Kind.TITLE, f"Mastery transcript: {data.student_name}"),
        Block(Kind.META, f"{data.district} · grade {data.grade} · as of {data.as_of.day} {data.as_of:%B %Y}"),
        Block(Kind.SECTION, f"What {data.student_name.split()[0]} can do"),
        *(Block(Kind.SENTENCE, s) for s in summary_sentences(data)),
    ]
    if any(c.interdisciplinary for c in data.credits):
        blocks.append(Block(Kind.NOTE, SHARED_ONCE))
    facts = [f"{audit.requirement_set}: {audit.words}."]
    if audit.minimums:
        facts.append("Subject minimums: " + "; ".join(audit.minimums) + ".")
    if audit.plan_message:
        facts.append(audit.plan_message)
    return [
        *blocks,
        Block(Kind.SECTION, "Graduation audit"),
        Block(Kind.STATUS, audit.status),
        Block(Kind.TEXT, " ".join(facts)),
        Block(Kind.NOTE, NO_GRADES.format(share=data.proficiency_share)),
    ]


def transcript_blocks(data: TranscriptData, *, issuer_id: str = "") -> list[Block]:
    """The whole transcript, in order (see the module's note)."""
    blocks = [*first_page(data), Block(Kind.PAGE_BREAK)]
    blocks.append(Block(Kind.SECTION, "Credits, the standards behind them and the evidence"))
    if not data.credits:
        blocks.append(Block(Kind.TEXT, "No credit has been earned yet."))
    by_id = {s.competency: s for s in data.standards}
    single = [c for c in data.credits if not c.interdisciplinary]
    for subject in data.subjects:
        mine = [c for c in single if c.subjects == [subject.subject]]
        if mine:
            blocks.append(Block(Kind.GROUP, subject.label))
            blocks += [b for credit in mine for b in _credit(credit, by_id)]
    shared = [c for c in data.credits if c.interdisciplinary]
    if shared:
        blocks.append(Block(Kind.GROUP, "Interdisciplinary credits"))
        for credit in shared:
            blocks += _credit(credit, by_id, counted=", ".join(subject_label(s) for s in credit.subjects))

    in_credits = {s for c in data.credits for s in c.standards}
    others = [s for s in data.standards if s.competency not in in_credits]
    if others:
        blocks.append(Block(Kind.SECTION, "Other standards demonstrated"))
        blocks.append(Block(Kind.NOTE, "Shown outside a credit, or in a course not (yet) credited."))
        for subject in data.subjects:
            mine_s = [s for s in others if s.subject == subject.subject]
            if mine_s:
                blocks.append(Block(Kind.GROUP, subject.label))
                blocks += _standards(mine_s, 1)

    blocks.append(Block(Kind.SECTION, "Work-based learning"))
    blocks.append(Block(Kind.NOTE, HOURS_COUNTED) if data.work_based else Block(Kind.TEXT, NO_WORK_BASED))
    blocks += [Block(Kind.TEXT, p.words + ".", 1) for p in data.work_based]
    if issuer_id:
        blocks.append(Block(Kind.SECTION, "Digital version"))
        blocks.append(
            Block(
                Kind.NOTE,
                f"A signed digital version of this transcript (1EdTech CLR 2.0, with an Open Badges 3.0 "
                f"credential per standard) is issued by {issuer_id}; a receiving school can check its "
                "signatures.",
            )
        )
    return blocks
