"""Work-based learning on the transcript: each placement with its approved hours per term (hours waiting
for the supervisor or returned do not count), in the data, on the first page's summary and in the PDF;
and the graduation audit's status on the first page (records.credit.graduation_audit, the one audit)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from transcriptkit import DEMO_PASSWORD, NOW

from present.transcript import summary_sentences
from present.transcript_blocks import HOURS_COUNTED, NO_WORK_BASED
from present.transcript_pdf import transcript_pdf
from records.accounts import NewUser, Role
from records.placements import PlacementIn, TimesheetIn
from records.service import Records

MAYA_HOURS = (
    "Biotech Lab Internship at Pine Valley Biotech, supervised by Dr. Ana Ruiz: 6.5 approved hours "
    "(Fall 2026: 3.5; Spring 2027: 3)"
)


def day(date: dt.date, start: str, end: str) -> TimesheetIn:
    return TimesheetIn(date=date, start=start, end=end, tasks="Prepared buffers and ran a gel")


@pytest.fixture
def maya_placed(sample_records: Records) -> Records:
    """Maya placed at the Biotech Lab Internship in Fall 2026: 3.5 h approved in the fall, 3 h approved
    in the spring, 2 h waiting for the supervisor and 1 h returned."""
    users = {u: sample_records.authenticate(u, DEMO_PASSWORD) for u in ("adv.chen", "maya")}
    placement = sample_records.add_placement(
        users["adv.chen"],
        PlacementIn(
            student_id="stu-maya",
            opportunity="INT-BIOTECH",
            term="2026-FA",
            site="Pine Valley Biotech",
            supervisor_name="Dr. Ana Ruiz",
        ),
    )
    token, _ = sample_records.issue_link(users["adv.chen"], placement.id)
    supervisor = sample_records.supervisor(token)
    logged = [
        sample_records.log_hours(users["maya"], placement.id, d)
        for d in (
            day(dt.date(2026, 11, 20), "14:00", "17:30"),
            day(dt.date(2027, 1, 20), "13:00", "16:00"),
            day(dt.date(2027, 1, 21), "13:00", "15:00"),
            day(dt.date(2027, 1, 22), "13:00", "14:00"),
        )
    ]
    sample_records.decide_hours(supervisor, logged[0].id, approve=True)
    sample_records.decide_hours(supervisor, logged[1].id, approve=True)
    sample_records.decide_hours(supervisor, logged[3].id, approve=False, reason="You left at 13:30")
    return sample_records


def place_maya_at_the_vet(records: Records) -> None:
    """A second placement for Maya, in Spring 2027, with no hours logged."""
    records.add_placement(
        records.authenticate("adv.chen", DEMO_PASSWORD),
        PlacementIn(
            student_id="stu-maya",
            opportunity="INT-VET",
            term="2027-SP",
            site="Valley Animal Clinic",
            supervisor_name="Dr. Sam Ito",
        ),
    )


def test_approved_hours_per_placement_and_term(maya_placed: Records):
    family = maya_placed.authenticate("fam.okafor", DEMO_PASSWORD)
    data = maya_placed.transcript(family, "stu-maya")
    [placement] = data.work_based
    assert [(h.label, h.hours) for h in placement.hours] == [("Fall 2026", 3.5), ("Spring 2027", 3.0)]
    assert (placement.total, placement.term, placement.words) == (6.5, "Fall 2026", MAYA_HOURS)
    assert summary_sentences(data)[1] == "Maya has 6.5 approved hours of work-based learning at 1 placement."


def test_a_placement_with_no_approved_hours_says_so(sample_records: Records):
    advisor = sample_records.authenticate("adv.chen", DEMO_PASSWORD)
    place_maya_at_the_vet(sample_records)
    data = sample_records.transcript(advisor, "stu-maya")
    assert [p.words for p in data.work_based] == [
        "Veterinary Assistant Internship at Valley Animal Clinic, supervised by Dr. Sam Ito: no hours approved yet"
    ]
    assert all("work-based" not in s for s in summary_sentences(data))


def test_a_teacher_sees_the_hours_of_the_placements_they_assess_only(maya_placed: Records):
    admin = maya_placed.authenticate("admin", DEMO_PASSWORD)
    place_maya_at_the_vet(maya_placed)
    maya_placed.add_user(
        admin, NewUser(id="teach.ito", display_name="Mr. Ito", role=Role.TEACHER), password=DEMO_PASSWORD
    )
    maya_placed.set_assessed(admin, "teach.ito", ["INT-VET"])
    teacher = maya_placed.authenticate("teach.ito", DEMO_PASSWORD)
    assert [p.opportunity for p in maya_placed.transcript(admin, "stu-maya").work_based] == [
        "INT-BIOTECH",
        "INT-VET",
    ]
    assert [p.opportunity for p in maya_placed.transcript(teacher, "stu-maya").work_based] == ["INT-VET"]


def _pdf_text(pdf: bytes) -> str:
    return " ".join(m.decode("latin-1") for m in re.findall(rb"\((.*?)\) Tj", pdf))


def test_the_pdf_lists_the_placements_and_the_audit_status_on_the_first_page(maya_placed: Records):
    admin = maya_placed.authenticate("admin", DEMO_PASSWORD)
    data = maya_placed.transcript(admin, "stu-maya")
    text = _pdf_text(transcript_pdf(data, font=None, created=NOW, compress=False))
    assert NO_WORK_BASED not in text
    positions = [
        text.find(part)
        for part in (
            "Graduation audit",
            "Not yet on track to graduate by Spring 2029: 64 required standards and 6 more in CTE neither "
            "shown nor planned.",
            "Credits, the standards behind them and the evidence",
            "Work-based learning",
            HOURS_COUNTED,
            "Biotech Lab Internship at Pine Valley Biotech, supervised by Dr. Ana Ruiz: 6.5 approved hours",
        )
    ]
    assert -1 not in positions and positions == sorted(positions)


def test_the_audit_on_the_transcript_is_the_graduation_audit(sample_records: Records):
    admin = sample_records.authenticate("admin", DEMO_PASSWORD)
    for student in ("stu-maya", "stu-sofia"):
        status = sample_records.transcript(admin, student).audit
        audit = sample_records.graduation_audit(admin, student)
        shown = sum(1 for r in audit.required if r.status == "demonstrated")
        assert (status.on_track, status.required_done, status.required_total) == (
            audit.on_track,
            shown,
            len(audit.required),
        )
    sofia = sample_records.transcript(admin, "stu-sofia").audit
    assert (sofia.status, sofia.words, sofia.minimums) == (
        "Not yet on track to graduate by Spring 2028: 42 required standards and 1 more in Arts neither "
        "shown nor planned.",
        "50 of 92 required standards demonstrated",
        ["World languages: 2 of 2 shown", "Arts: 2 of 3 shown", "CTE: 6 of 6 shown"],
    )
