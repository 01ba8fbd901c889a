"""The transcript's content (present/transcript.py), who may read it (the record service), and the
printable PDF (present/transcript_pdf.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from transcriptkit import NOW

from core.schema import Evidence, EvidenceLevel
from present.exports import UNICODE_FONT
from present.transcript import AuditStatus, opportunity_credits, summary_sentences
from present.transcript_blocks import NO_WORK_BASED
from present.transcript_pdf import transcript_filename, transcript_pdf
from records.credit import taken
from records.errors import AccessDenied

PASSWORD = "pinevalley-demo"


def _eng9(student, catalog, level_of):
    """Maya with her English 9 evidence re-levelled by ``level_of(competency)``."""
    evidence = [
        e.model_copy(update={"level": level_of(e.competency)}) if e.source == "ENG-9" else e
        for e in student.evidence
    ]
    return student.model_copy(update={"evidence": evidence})


@pytest.fixture
def maya(sample_records):
    admin = sample_records.authenticate("admin", PASSWORD)
    return sample_records.student(admin, "stu-maya")


@pytest.fixture
def catalog(sample_db):
    from core.store import Store

    store = Store.open(sample_db, read_only=True)
    try:
        return store.catalog()
    finally:
        store.close()


def _share(catalog, share):
    """The catalog with every requirement set asking ``share`` of a course's outcomes for its credit."""
    sets = [rs.model_copy(update={"proficiency_share": share}) for rs in catalog.requirement_sets]
    return catalog.model_copy(update={"requirement_sets": sets})


def test_a_credit_is_earned_at_the_districts_share_of_outcomes(maya, catalog):
    eng9 = next(o for o in catalog.opportunities if o.id == "ENG-9")
    in_eng9 = [e for e in maya.evidence if e.source == "ENG-9"]
    shown = [e.competency for e in in_eng9 if e.level.demonstrated]
    assert (len(eng9.competencies), len(in_eng9), len(shown)) == (6, 6, 5)  # 5 of 6 = 83% >= 70%
    credits = {c.opportunity: c for c in opportunity_credits(maya, catalog, taken(maya, [], [], catalog))}
    assert (credits["ENG-9"].share, sorted(credits["ENG-9"].standards)) == (0.8333, sorted(shown))
    assert "ENG-9" not in {
        c.opportunity for c in opportunity_credits(maya, _share(catalog, 0.9), taken(maya, [], [], catalog))
    }


def test_evidence_below_proficient_does_not_count_toward_a_credit(maya, catalog):
    first_three = {e.competency for e in maya.evidence if e.source == "ENG-9"}
    weaker = sorted(first_three)[:2]
    student = _eng9(
        maya, catalog, lambda c: EvidenceLevel.DEVELOPING if c in weaker else EvidenceLevel.PROFICIENT
    )
    credits = {c.opportunity for c in opportunity_credits(student, catalog, taken(student, [], [], catalog))}
    assert "ENG-9" not in credits  # 3 of 6 = 50% < 70%
    assert "MATH-ALG1A" in credits


def test_an_interdisciplinary_credit_is_counted_in_each_of_its_subjects(sample_records):
    admin = sample_records.authenticate("admin", PASSWORD)
    data = sample_records.transcript(admin, "stu-sofia")
    shared = [(c.title, c.subjects) for c in data.credits if c.interdisciplinary]
    assert shared == [
        ("Spanish for Heritage Speakers", ["world_languages", "social_studies"]),
        ("Culinary Arts I", ["cte", "health_pe"]),
        ("Entrepreneurship", ["cte", "social_studies"]),
    ]
    per_subject = {s.subject: s.credits for s in data.subjects}
    assert per_subject == {
        "arts": 1,
        "cte": 2,
        "english": 3,
        "health_pe": 3,
        "mathematics": 3,
        "science": 2,
        "social_studies": 4,
        "world_languages": 1,
    }
    # 16 credits, 3 of them counted twice. Economics counts: 4 of its 5 outcomes are shown (one of them,
    # PVD.SS.ECO.2, in Entrepreneurship); mastery counts wherever it was shown (core.credit).
    assert sum(per_subject.values()) == len(data.credits) + 3


def test_the_first_page_says_what_the_student_can_do_in_plain_words(sample_records):
    admin = sample_records.authenticate("admin", PASSWORD)
    data = sample_records.transcript(admin, "stu-maya")
    sentences = summary_sentences(data)
    assert sentences[0] == (
        "Maya has shown proficiency in 37 standards (5 at the advanced level) across 7 subjects and "
        "earned 8 credits."
    )
    assert sentences[-1] == (
        "World languages (1 credit, 3 standards): Maya can exchange greetings and simple personal "
        "information in short conversations."
    )
    assert data.audit.words == "28 of 92 required standards demonstrated"
    assert data.audit.minimums == ["World languages: 2 of 2 shown", "Arts: 3 of 3 shown", "CTE: 0 of 6 shown"]
    assert data.work_based == []


def test_a_family_member_reads_only_their_own_students_transcript(sample_records):
    family = sample_records.authenticate("fam.okafor", PASSWORD)
    assert sample_records.transcript(family, "stu-maya").student_name == "Maya Okafor"
    with pytest.raises(AccessDenied) as refused:
        sample_records.transcript(family, "stu-diego")
    assert (
        str(refused.value) == "not allowed: fam.okafor (family) may view record only for their own students"
    )
    admin = sample_records.authenticate("admin", PASSWORD)
    logged = [
        (e.action, e.student_id, e.allowed, e.detail)
        for e in reversed(sample_records.audit_log(admin, limit=200))
        if e.user_id == "fam.okafor" and e.action == "view_record"
    ]
    assert logged == [
        ("view_record", "stu-maya", True, "transcript: 37 standards, 8 credits"),
        ("view_record", "stu-diego", False, ""),
    ]


def test_the_pdf_reads_in_order_without_grades(sample_records):
    admin = sample_records.authenticate("admin", PASSWORD)
    data = sample_records.transcript(admin, "stu-maya")
    pdf = transcript_pdf(data, issuer_id="did:key:z6Mk", font=None, created=NOW, compress=False)
    text = [m.decode("latin-1") for m in re.findall(rb"\((.*?)\) Tj", pdf)]
    joined = " ".join(text)
    order = [
        "Mastery transcript: Maya Okafor",
        "What Maya can do",
        "Graduation audit",
        "Credits, the standards behind them and the evidence",
        "English 9: Coming-of-Age Stories",
        "Work-based learning",
        NO_WORK_BASED,
        "Digital version",
    ]
    positions = [joined.find(part) for part in order]
    assert -1 not in positions and positions == sorted(positions)
    assert "Proficient, 19 Dec 2025, English 9: Coming-of-Age Stories, assessed by Ms. Okonkwo" in joined
    assert not re.search(r"\bGPA\b|letter grade [A-F]\b", joined)
    assert transcript_filename("Sofía Herrera") == "sofia-herrera-mastery-transcript.pdf"


def test_the_pdf_embeds_the_bundled_font_for_any_name(sample_records):
    assert UNICODE_FONT.exists()  # shipped in present/fonts, not taken from the machine
    admin = sample_records.authenticate("admin", PASSWORD)
    data = sample_records.transcript(admin, "stu-linh").model_copy(update={"student_name": "Trần Thị Linh"})
    pdf = transcript_pdf(data, created=NOW)
    assert b"/FontFile2" in pdf
    title = "Mastery transcript: Trần Thị Linh".encode("utf-16-be").hex().encode()
    assert b"/Title <feff" + title + b">" in pdf


def test_every_sample_student_gets_a_pdf(sample_records):
    admin = sample_records.authenticate("admin", PASSWORD)
    sizes = {
        s.id: len(transcript_pdf(sample_records.transcript(admin, s.id)))
        for s in sample_records.students(admin)
    }
    assert len(sizes) == 10 and all(size > 10_000 for size in sizes.values())


def test_a_standard_shown_twice_keeps_its_best_level_first(maya, catalog):
    from present.transcript import transcript_data

    again = Evidence(
        competency="CCSS.ELA-Literacy.RL.9-10.1",
        level=EvidenceLevel.ADVANCED,
        date=dt.date(2026, 5, 2),
        source="portfolio review",
        assessor="Mr. Lee",
    )
    student = maya.model_copy(update={"evidence": [*maya.evidence, again]})
    audit = AuditStatus(
        requirement_set="Pine Valley diploma",
        target="Spring 2029",
        on_track=False,
        required_total=92,
        required_done=28,
        required_planned=0,
        minimums=[],
        plan_message="",
    )
    data = transcript_data(
        student,
        catalog,
        district="Pine Valley",
        as_of=dt.date(2026, 12, 3),
        taken=taken(student, [], [], catalog),
        audit=audit,
    )
    line = next(s for s in data.standards if s.competency == again.competency)
    assert (line.level, line.date, [e.source_title for e in line.evidence]) == (
        EvidenceLevel.ADVANCED,
        dt.date(2026, 5, 2),
        ["portfolio review", "English 9: Coming-of-Age Stories"],
    )
