"""The plain-language readings of a plan (present/family.py), on plans the solver makes for the tiny
district: progress by subject, on-track, the family summary word for word, what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import district
from catalog.subjects import subject_label
from core.schema import Catalog, Student, TimeBlock
from core.store import Store
from planner.diff import PlanDiff
from planner.domain import PlanRequest, PlanResult, PlanStatus
from planner.solve import solve
from present.changes import change_lines
from present.family import clock_text, family_summary, meeting_text, summary_text
from present.progress import OnTrack, SubjectProgress, on_track, progress_by_subject

HERE = Path(__file__).parent
TINY_DISTRICT = HERE.parents[1] / "tests" / "catalog" / "fixtures" / "district"


@pytest.fixture(scope="module")
def tiny() -> tuple[Catalog, dict[str, Student]]:
    store = Store.open(":memory:")
    district.import_district(store, TINY_DISTRICT)
    district.import_file(store, "students", HERE / "fixtures" / "students.json")
    found = store.catalog(), {s.id: s for s in store.students()}
    store.close()
    return found


def plan_for(catalog: Catalog, student: Student, **request: object) -> PlanResult:
    return solve(PlanRequest(student=student, catalog=catalog, **request))  # type: ignore[arg-type]


ANA_SUMMARY = """\
Learning plan for Ana Reyes

Ana has shown 1 of the 4 competencies the diploma asks for.

Ana's plan is built around what the diploma still asks for. It earns the 3 competencies Ana still \
needs for the diploma by Summer 2027, 1 term before the Fall 2027 target, at about 10 hours a week.

Approved by Mr. Lee.

Spring 2027 (Jan 11 - May 28, 2027): about 9 hours a week
- Algebra Online (online course, until Summer 2027)
  When: self-paced: no fixed meeting times
  Where: online, State Virtual School
  Counts toward: graduation in Mathematics (1)
- Biology (course)
  When: Mondays and Wednesdays 8:00-9:30 am
  Where: in person, Tiny High School, Room 12
  Counts toward: graduation in Science (1)

Summer 2027 (Jun 14 - Aug 6, 2027): about 10 hours a week
- Algebra Online (online course, continued)
  When: self-paced: no fixed meeting times
  Where: online, State Virtual School
  Counts toward: graduation in Mathematics (1)
- Biotech Lab Internship (internship)
  When: Tuesdays 3:00-6:00 pm
  Where: in person, Riverbend BioLabs, Riverbend
  Counts toward: graduation in Science (1)

Fall 2027 (Aug 23 - Dec 17, 2027): nothing planned

Progress by subject (demonstrated / planned / still missing):
- Mathematics: 1 / 1 / 0
- Science: 0 / 2 / 0"""


def test_the_family_summary_says_each_term_in_plain_words(tiny):
    catalog, students = tiny
    ana = students["stu-ana"]
    summary = family_summary(ana, catalog, plan_for(catalog, ana), "Approved by Mr. Lee.")
    assert summary_text(summary) == ANA_SUMMARY


def test_progress_counts_demonstrated_planned_and_missing_per_subject(tiny):
    catalog, students = tiny
    bo = students["stu-bo"]
    assert progress_by_subject(bo, catalog, plan_for(catalog, bo)) == [
        SubjectProgress(subject="mathematics", label="Mathematics", demonstrated=0, planned=2, missing=0),
        SubjectProgress(subject="science", label="Science", demonstrated=1, planned=1, missing=0),
    ]
    assert progress_by_subject(bo, catalog, None) == [
        SubjectProgress(subject="mathematics", label="Mathematics", demonstrated=0, planned=0, missing=2),
        SubjectProgress(subject="science", label="Science", demonstrated=1, planned=0, missing=1),
    ]


def test_a_subject_minimum_adds_only_the_slots_required_competencies_leave(tiny):
    catalog, students = tiny
    requirements = catalog.requirement_sets[0]
    wider = requirements.model_copy(update={"required": ["MATH-ALG-1", "MATH-ALG-2", "HS-LS1-1"]})
    changed = catalog.model_copy(update={"requirement_sets": [wider]})
    ana = students["stu-ana"]
    # Science asks 2 from its pool; HS-LS1-1 is required, so one more science competency is needed.
    assert progress_by_subject(ana, changed, None)[1] == SubjectProgress(
        subject="science", label="Science", demonstrated=0, planned=0, missing=2
    )


def test_on_track_ahead_on_pace_and_behind(tiny):
    catalog, students = tiny
    ana = students["stu-ana"]
    ahead = on_track(ana, catalog, plan_for(catalog, ana))
    assert (ahead.status, ahead.finish_name, ahead.terms_early) == (OnTrack.AHEAD, "Summer 2027", 1)
    summer = ana.model_copy(update={"target_graduation_term": "2027-SU"})
    on_pace = on_track(summer, catalog, plan_for(catalog, summer))
    assert (on_pace.status, on_pace.message) == (
        OnTrack.ON_PACE,
        "The plan finishes in Summer 2027, the target term.",
    )
    spring = ana.model_copy(update={"target_graduation_term": "2027-SP"})
    late = on_track(spring, catalog, plan_for(catalog, spring, wishes_off=["deadline"]))
    assert (late.status, late.message) == (
        OnTrack.BEHIND,
        "The plan finishes in Summer 2027, 1 term after the target, Spring 2027.",
    )
    impossible = plan_for(catalog, spring)
    assert impossible.status is PlanStatus.INFEASIBLE
    assert on_track(spring, catalog, impossible).message == (
        "No plan reaches graduation by Spring 2027 with the current wishes."
    )
    assert on_track(ana, catalog, None).status is OnTrack.NO_PLAN


def test_without_a_plan_the_summary_says_why(tiny):
    catalog, students = tiny
    ana = students["stu-ana"]
    spring = ana.model_copy(update={"target_graduation_term": "2027-SP"})
    summary = family_summary(spring, catalog, plan_for(catalog, spring))
    assert summary.terms == []
    assert summary.headline == (
        "Ana has shown 1 of the 4 competencies the diploma asks for. "
        "No plan reaches graduation by Spring 2027 with the current wishes."
    )
    assert summary.plan_message.startswith("Your wish")


def test_change_lines_name_added_removed_and_moved_items(tiny):
    catalog, students = tiny
    ana = students["stu-ana"]
    first = plan_for(catalog, ana)
    later = plan_for(catalog, ana, previous=first, exclusions=["INT-BIOTECH"], wishes_off=["deadline"])
    assert later.status is PlanStatus.INFEASIBLE
    assert change_lines(PlanDiff.between(first, later)) == [
        "Removed Algebra Online",
        "Removed Biology",
        "Removed Biotech Lab Internship",
        "Status changed from optimal to infeasible",
    ]
    bo = students["stu-bo"]
    spring = plan_for(catalog, bo)
    summer = plan_for(catalog, bo, previous=spring, locks=[{"opportunity": "INT-BIOTECH", "term": "2027-SU"}])
    # Spring keeps the standard pace's 6-hour minimum with Biology once the internship moves out.
    assert change_lines(PlanDiff.between(spring, summer)) == [
        "Added Biology (Spring 2027)",
        "Moved Biotech Lab Internship from Spring 2027 to Summer 2027",
    ]
    assert change_lines(PlanDiff.between(None, first)) == [
        "Added Algebra Online (Spring 2027)",
        "Added Biology (Spring 2027)",
        "Added Biotech Lab Internship (Summer 2027)",
    ]


def test_times_and_subjects_in_words():
    assert [clock_text(m) for m in (0, 480, 720, 900, 1439)] == [
        "12:00 am",
        "8:00 am",
        "12:00 pm",
        "3:00 pm",
        "11:59 pm",
    ]
    blocks = [
        TimeBlock(day="Wed", start="08:00", end="09:30"),
        TimeBlock(day="Fri", start="11:00", end="13:00"),
        TimeBlock(day="Mon", start="08:00", end="09:30"),
    ]
    assert meeting_text(blocks) == "Mondays and Wednesdays 8:00-9:30 am; Fridays 11:00 am-1:00 pm"
    assert meeting_text([]) == "self-paced: no fixed meeting times"
    assert [subject_label(s) for s in ("social_studies", "health_pe", "cte", "", "arts")] == [
        "Social studies",
        "Health PE",
        "CTE",
        "Other",
        "Arts",
    ]
