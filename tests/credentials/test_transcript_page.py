"""The transcript's first page: it fits on one page for every sample student, reads in under two
minutes, says what the student can do in plain words before any code, and prints every name (accents
included) in the bundled font."""

from __future__ import annotations

import re

import pytest
from transcriptkit import DEMO_PASSWORD, NOW

from present.exports import UNICODE_FONT
from present.transcript_blocks import Kind, first_page, transcript_blocks
from present.transcript_pdf import blocks_pdf, transcript_pdf
from records.service import Records

READING_WPM = 238
"""Adults' average silent reading rate of non-fiction in English (Brysbaert 2019, 190 studies)."""
TWO_MINUTES_OF_WORDS = 2 * READING_WPM


@pytest.fixture
def transcripts(sample_records: Records) -> dict:
    admin = sample_records.authenticate("admin", DEMO_PASSWORD)
    return {s.id: sample_records.transcript(admin, s.id) for s in sample_records.students(admin)}


def test_the_first_page_fits_on_one_page_and_reads_in_under_two_minutes(transcripts):
    words = {}
    for student_id, data in transcripts.items():
        pdf = blocks_pdf("first page", first_page(data), font=UNICODE_FONT, created=NOW, compress=True)
        assert len(re.findall(rb"/Type /Page\b", pdf)) == 1, student_id
        words[student_id] = sum(len(b.text.split()) for b in first_page(data))
    assert max(words.values()) < TWO_MINUTES_OF_WORDS
    assert (words["stu-maya"], words["stu-sofia"]) == (302, 356)


def test_the_whole_transcript_starts_its_details_on_page_two(transcripts):
    blocks = transcript_blocks(transcripts["stu-maya"])
    assert blocks[: len(first_page(transcripts["stu-maya"]))] == first_page(transcripts["stu-maya"])
    assert blocks[len(first_page(transcripts["stu-maya"]))].kind is Kind.PAGE_BREAK


def test_no_code_before_the_plain_words(transcripts):
    """Standard codes (CCSS.ELA-Literacy..., PVD.SS...) appear only after the first page."""
    for data in transcripts.values():
        codes = {s.code for s in data.standards}
        text = " ".join(b.text for b in first_page(data))
        assert not [c for c in codes if c in text]


def test_sofias_first_page_in_her_own_name(transcripts):
    data = transcripts["stu-sofia"]
    lines = [b.text for b in first_page(data)]
    assert lines[:4] == [
        "Mastery transcript: Sofía Herrera",
        "Pine Valley School District · grade 11 · as of 3 December 2026",
        "What Sofía can do",
        "Sofía has shown proficiency in 74 standards (15 at the advanced level) across 8 subjects and "
        "earned 16 credits, 3 of them interdisciplinary.",
    ]
    assert lines[4] == (
        "Arts (1 credit, 2 standards): Sofía can critique artworks, your own and others', using the "
        "vocabulary of the elements and principles of design."
    )
    pdf = transcript_pdf(data, created=NOW)
    title = "Mastery transcript: Sofía Herrera".encode("utf-16-be").hex().encode()
    assert b"/Title <feff" + title + b">" in pdf and b"/FontFile2" in pdf


def test_every_credit_is_listed_once_and_an_interdisciplinary_one_under_its_own_heading(transcripts):
    for student_id, data in transcripts.items():
        blocks = transcript_blocks(data)
        listed = [b.text for b in blocks if b.kind is Kind.CREDIT]
        assert sorted(listed) == sorted(c.title for c in data.credits), student_id
    blocks = transcript_blocks(transcripts["stu-sofia"])
    shared_from = next(i for i, b in enumerate(blocks) if b.text == "Interdisciplinary credits")
    after = [
        (b.text, blocks[i + 1].text.split("; counts in ")[-1])
        for i, b in enumerate(blocks)
        if b.kind is Kind.CREDIT and i > shared_from
    ]
    assert after == [
        ("Spanish for Heritage Speakers", "World languages, Social studies"),
        ("Culinary Arts I", "CTE, Health PE"),
        ("Entrepreneurship", "CTE, Social studies"),
    ]
