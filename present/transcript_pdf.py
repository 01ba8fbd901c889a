"""The printable mastery transcript (PDF, with the same fpdf2 set-up and bundled fonts as the plan PDF):
the blocks of present/transcript_blocks.py, in their order, each kind in its type size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from present.exports import (
    BODY_PT,
    HEADING_PT,
    INDENT_MM,
    SMALL_PT,
    TITLE_PT,
    UNICODE_FONT,
    slug,
    start_pdf,
)
from present.transcript import TranscriptData
from present.transcript_blocks import Block, Kind, transcript_blocks

STYLE: dict[Kind, tuple[int, str, float]] = {  # kind: (points, style, space before in mm)
    Kind.TITLE: (TITLE_PT, "B", 0),
    Kind.META: (SMALL_PT + 1, "", 0),
    Kind.SECTION: (HEADING_PT, "B", 3),
    Kind.GROUP: (BODY_PT + 1, "B", 2),
    Kind.SENTENCE: (BODY_PT, "", 0.5),
    Kind.STATUS: (BODY_PT, "B", 0),
    Kind.TEXT: (BODY_PT, "", 0),
    Kind.NOTE: (SMALL_PT, "", 0),
    Kind.CREDIT: (BODY_PT, "B", 0),
    Kind.CREDIT_NOTE: (SMALL_PT, "", 0),
    Kind.STANDARD: (SMALL_PT + 1, "", 0),
    Kind.EVIDENCE: (SMALL_PT, "", 0),
}


def transcript_pdf(
    data: TranscriptData,
    *,
    issuer_id: str = "",
    font: Path | None = UNICODE_FONT,
    created: dt.datetime | None = None,
    compress: bool = True,
) -> bytes:
    """The transcript as a letter-size PDF (its order: present/transcript_blocks.py)."""
    return blocks_pdf(
        f"Mastery transcript: {data.student_name}",
        transcript_blocks(data, issuer_id=issuer_id),
        font=font,
        created=created,
        compress=compress,
    )


def blocks_pdf(
    title: str, blocks: list[Block], *, font: Path | None, created: dt.datetime | None, compress: bool
) -> bytes:
    """Blocks as a letter-size PDF, each kind in its type size."""
    pdf, write, _ = start_pdf(title, font=font, created=created, compress=compress)
    previous = Kind.TITLE
    for block in blocks:
        if block.kind is Kind.PAGE_BREAK:
            pdf.add_page()
        else:
            size, style, space = STYLE[block.kind]
            if space and previous is not Kind.PAGE_BREAK:
                pdf.ln(space)
            write(block.text, size, style, indent=block.indent * INDENT_MM)
        previous = block.kind
    return bytes(pdf.output())


def transcript_filename(student_name: str) -> str:
    return f"{slug(student_name)}-mastery-transcript.pdf"


def clr_filename(student_name: str) -> str:
    return f"{slug(student_name)}-clr.json"
