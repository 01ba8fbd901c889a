"""The printable mastery transcript (PDF, with the same fpdf2 set-up and bundled fonts as the plan PDF).

No letter grades. The first page reads in under two minutes: what the student can do, in plain words,
then the graduation audit and the credits counted by subject. The pages after it open each credit to the
standards behind it and the evidence behind each standard (level, date, where, assessed by whom). A
credit that serves several subjects is listed once, under "Interdisciplinary credits", and counted in
each of its subjects in the table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from catalog.subjects import subject_label
from present.exports import (
    BODY_PT,
    HEADING_PT,
    INDENT_MM,
    SMALL_PT,
    TITLE_PT,
    UNICODE_FONT,
    Write,
    slug,
    start_pdf,
)
from present.transcript import Credit, StandardLine, TranscriptData, summary_sentences

NO_GRADES = (
    "This transcript has no letter grades. A credit is earned by showing proficiency, judged by an "
    "assessor against the district's standards, on at least {share:.0%} of a course's or experience's "
    "outcomes, wherever the learning happened."
)
NO_WORK_BASED = "No work-based learning hours or placements are recorded yet."
HOURS_COUNTED = "Hours count once the workplace supervisor has approved them, in the term they were worked."


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


def _standards(write: Write, standards: list[StandardLine], indent: float) -> None:
    for s in standards:
        write(f"{s.code}: {s.statement}", SMALL_PT + 1, indent=indent)
        for line in evidence_words(s):
            write(line, SMALL_PT, indent=indent + INDENT_MM)


def transcript_pdf(
    data: TranscriptData,
    *,
    issuer_id: str = "",
    font: Path | None = UNICODE_FONT,
    created: dt.datetime | None = None,
    compress: bool = True,
) -> bytes:
    """The transcript as a letter-size PDF (see the module's note for its order)."""
    pdf, write, clean = start_pdf(
        f"Mastery transcript: {data.student_name}", font=font, created=created, compress=compress
    )
    by_id = {s.competency: s for s in data.standards}

    write(f"Mastery transcript: {data.student_name}", TITLE_PT, "B")
    write(f"{data.district} · grade {data.grade} · as of {data.as_of:%d %B %Y}", SMALL_PT + 1)
    pdf.ln(3)
    write(f"What {data.student_name.split()[0]} can do", HEADING_PT, "B")
    for sentence in summary_sentences(data):
        pdf.ln(1)
        write(sentence)
    pdf.ln(3)
    write("Graduation audit", HEADING_PT, "B")
    write(data.audit.status, BODY_PT, "B")
    write(f"{data.audit.requirement_set}: {data.audit.words}.")
    if data.audit.minimums:
        write("Subject minimums: " + "; ".join(data.audit.minimums) + ".")
    if data.audit.plan_message:
        write(data.audit.plan_message)
    pdf.ln(3)
    write("Credits by subject", HEADING_PT, "B")
    pdf.set_font(size=BODY_PT, style="")
    with pdf.table(col_widths=(3, 1, 1), text_align=("LEFT", "RIGHT", "RIGHT")) as table:
        table.row(["Subject", "Credits", "Standards shown"])
        for row in data.subjects:
            table.row([clean(row.label), str(row.credits), str(row.standards)])
    pdf.ln(2)
    write("An interdisciplinary credit is listed once and counted in every subject it serves.", SMALL_PT)
    write(NO_GRADES.format(share=data.proficiency_share), SMALL_PT)

    pdf.add_page()
    write("Credits, the standards behind them and the evidence", HEADING_PT, "B")
    if not data.credits:
        write("No credit has been earned yet.")
    single = [c for c in data.credits if not c.interdisciplinary]
    for subject in data.subjects:
        mine = [c for c in single if c.subjects == [subject.subject]]
        if not mine:
            continue
        pdf.ln(2)
        write(subject.label, BODY_PT + 1, "B")
        for credit in mine:
            _credit(write, credit, by_id)
    shared = [c for c in data.credits if c.interdisciplinary]
    if shared:
        pdf.ln(2)
        write("Interdisciplinary credits", BODY_PT + 1, "B")
        for credit in shared:
            _credit(write, credit, by_id, counted=", ".join(subject_label(s) for s in credit.subjects))

    in_credits = {s for c in data.credits for s in c.standards}
    others = [s for s in data.standards if s.competency not in in_credits]
    if others:
        pdf.ln(3)
        write("Other standards demonstrated", HEADING_PT, "B")
        write("Shown outside a credit, or in a course not (yet) credited.", SMALL_PT)
        for subject in data.subjects:
            mine_s = [s for s in others if s.subject == subject.subject]
            if mine_s:
                pdf.ln(1)
                write(subject.label, BODY_PT, "B")
                _standards(write, mine_s, INDENT_MM)

    pdf.ln(3)
    write("Work-based learning", HEADING_PT, "B")
    if not data.work_based:
        write(NO_WORK_BASED)
    else:
        write(HOURS_COUNTED, SMALL_PT)
    for placement in data.work_based:
        write(placement.words + ".", indent=INDENT_MM)
    if issuer_id:
        pdf.ln(3)
        write("Digital version", HEADING_PT, "B")
        write(
            f"A signed digital version of this transcript (1EdTech CLR 2.0, with an Open Badges 3.0 credential "
            f"per standard) is issued by {issuer_id}; a receiving school can check its signatures.",
            SMALL_PT,
        )
    return bytes(pdf.output())


def _credit(write: Write, credit: Credit, by_id: dict[str, StandardLine], counted: str = "") -> None:
    write(credit.title, BODY_PT, "B", indent=INDENT_MM)
    write(credit_words(credit) + (f"; counts in {counted}" if counted else ""), SMALL_PT, indent=INDENT_MM)
    _standards(write, [by_id[s] for s in credit.standards if s in by_id], 2 * INDENT_MM)


def transcript_filename(student_name: str) -> str:
    return f"{slug(student_name)}-mastery-transcript.pdf"


def clr_filename(student_name: str) -> str:
    return f"{slug(student_name)}-clr.json"
