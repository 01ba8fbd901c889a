"""The teacher's page and the supervisor's link page, run headlessly with AppTest on the seeded records
database: the link opens only its placement, approvals and ratings land in the record, a bad link says
why; the teacher sees their class, its grid becomes one bulk save, a submitted piece is verified."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from recordkit import PASSWORD, SUPERVISOR_TOKEN, make_plan, rows
from shown_text import rendered
from streamlit.testing.v1 import AppTest

from core.schema import Student
from records.evidence import EvidenceIn
from records.learning import ClassList
from records.placements import TimesheetIn
from ui.login import SESSION_TOKEN_KEY
from ui.record_views import grid_rows
from ui.resources import forget_database

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DAY = TimesheetIn(date=dt.date(2027, 1, 20), start="14:00", end="17:30", tasks="Ran the gel electrophoresis")


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    forget_database()
    yield
    forget_database()


def _app(records=None, username: str | None = None, link: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    if link is not None:
        app.query_params["link"] = link
    if username is not None:
        app.session_state[SESSION_TOKEN_KEY] = records.sign_in(username, PASSWORD).token
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_supervisor_approves_hours_through_the_link(records, users):
    entry = records.log_hours(users["ana"], 1, DAY)
    app = _app(link=SUPERVISOR_TOKEN)
    assert [t.value for t in app.title] == ["Ana Reyes"]
    assert (
        rendered(app.caption[0].value)
        == "Biotech Lab Internship at Riverside Biotech Lab · supervised by Dr. Okafor"
    )
    app.button(key=f"approve-{entry.id}").click().run()
    assert not app.exception, app.exception
    assert rows(records.db, "SELECT state, decided_by FROM timesheet_entries") == [("approved", "Dr. Okafor")]
    assert [m.value for m in app.metric] == ["3.5"]


def test_the_supervisor_rates_a_competency(records):
    app = _app(link=SUPERVISOR_TOKEN)
    app.selectbox[0].set_value("HS-PS1-2")
    app.selectbox[1].set_value("advanced")
    app.button[0].click().run()  # the form's submit button
    assert not app.exception, app.exception
    assert rows(records.db, "SELECT competency, level, assessor, placement_id FROM evidence_entries") == [
        ("HS-PS1-2", "advanced", "Dr. Okafor", 1)
    ]


def test_a_bad_link_says_why_and_shows_nothing(records):
    app = _app(link="sv1.made-up")
    assert [e.value for e in app.error] == ["this link is not valid; ask the school for a new one"]
    assert not app.title


def test_the_teacher_sees_their_class_and_verifies_a_piece(records, users):
    piece = records.submit_evidence(
        users["ana"],
        "stu-ana",
        EvidenceIn(
            competency="HS-PS1-2", level="proficient", date=dt.date(2026, 11, 20), opportunity="INT-BIOTECH"
        ),
    )
    app = _app(records, "teach.ode")
    assert [t.value for t in app.title] == ["My opportunities"]
    assert app.caption[0].value == "1 students enrolled"
    app.button(key=f"verify-{piece.id}").click().run()
    assert not app.exception, app.exception
    assert rows(records.db, "SELECT state, assessor, supersedes FROM evidence_entries ORDER BY id") == [
        ("submitted", "", None),
        ("verified", "Mr. Ode", piece.id),
    ]


def test_the_grid_saves_only_the_cells_that_changed():
    ana = Student(id="stu-ana", name="Ana", grade=10, target_graduation_term="T", requirement_set="r")
    bo = ana.model_copy(update={"id": "stu-bo", "name": "Bo"})
    shown = ClassList(
        opportunity="INT-BIOTECH",
        students=[ana, bo],
        levels={"stu-ana": {"HS-LS1-1": "proficient"}},
        waiting=[],
    )
    edited = pd.DataFrame(
        {"name": ["Ana", "Bo"], "HS-LS1-1": ["proficient", "developing"], "HS-PS1-2": ["advanced", ""]},
        index=["stu-ana", "stu-bo"],
    )
    found = grid_rows(edited, shown, ["HS-LS1-1", "HS-PS1-2"], dt.date(2026, 11, 20), "")
    assert [(sid, e.competency, e.level) for sid, e in found] == [
        ("stu-ana", "HS-PS1-2", "advanced"),
        ("stu-bo", "HS-LS1-1", "developing"),
    ]


def test_the_family_page_shows_progress_evidence_and_hours_when_opened(records, users):
    records.save_plan(
        users["adv.lee"], "stu-ana", make_plan("stu-ana", [("INT-BIOTECH", "2027-SP")]), based_on=0
    )
    shown = EvidenceIn(
        competency="HS-LS1-1", level="advanced", date=dt.date(2026, 11, 20), opportunity="INT-BIOTECH"
    )
    records.record_evidence(users["teach.ode"], "stu-ana", shown)
    records.log_hours(users["ana"], 1, DAY)
    app = _app(records, "fam.reyes")
    before = rows(records.db, "SELECT count(*) FROM audit_log")
    app.session_state["record-stu-ana"] = True
    app.run()
    assert not app.exception, app.exception
    texts = [rendered(m.value) for m in app.markdown] + [rendered(c.value) for c in app.caption]
    assert "2 of 4 required competencies demonstrated · 0 credits · not on track for 2027-FA" in texts
    assert "Biotech Lab Internship (2027-SP): this term" in texts
    assert "HS-LS1-1: advanced on 2026-11-20 (verified, Mr. Ode)" in texts
    assert "INT-BIOTECH at Riverside Biotech Lab: 2027-SP: 0 h approved, 3.5 h waiting" in texts
    assert rows(records.db, "SELECT count(*) FROM audit_log") > before  # read through the service
