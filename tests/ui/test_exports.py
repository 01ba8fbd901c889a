"""The files a family takes home (present/exports.py): the iCalendar file of a term's weekly schedule
and the PDF of the plan, from a plan the solver makes for the tiny district."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar as ICalendar

from catalog import district
from core.schema import Catalog, Student, Term
from core.store import Store
from planner.domain import PlanRequest, PlanResult
from planner.solve import solve
from present.exports import (
    UNICODE_FONT,
    ics_filename,
    latin1,
    pdf_filename,
    plan_pdf,
    term_ics,
)
from present.family import family_summary, summary_text

HERE = Path(__file__).parent
TINY_DISTRICT = HERE.parents[1] / "tests" / "catalog" / "fixtures" / "district"
STAMP = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def ana_plan() -> tuple[Catalog, Student, PlanResult]:
    store = Store.open(":memory:")
    district.import_district(store, TINY_DISTRICT)
    catalog, ana = store.catalog(), store.student("stu-ana")
    store.close()
    return catalog, ana, solve(PlanRequest(student=ana, catalog=catalog))


SPRING_ICS = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Pathways//Learning plan//EN\r\n"
    "CALSCALE:GREGORIAN\r\n"
    "X-WR-CALNAME:Ana Reyes: Spring 2027\r\n"
    "BEGIN:VEVENT\r\n"
    "SUMMARY:Biology\r\n"
    "DTSTART:20270111T080000\r\n"
    "DTEND:20270111T093000\r\n"
    "DTSTAMP:20260901T120000Z\r\n"
    "UID:stu-ana-2027-SP-BIO-1-Mon-480@pathways\r\n"
    "RRULE:FREQ=WEEKLY;UNTIL=20270528T235959\r\n"
    "DESCRIPTION:course\\; counts toward graduation in Science (1)\r\n"
    "LOCATION:Room 12\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "SUMMARY:Biology\r\n"
    "DTSTART:20270113T080000\r\n"
    "DTEND:20270113T093000\r\n"
    "DTSTAMP:20260901T120000Z\r\n"
    "UID:stu-ana-2027-SP-BIO-1-Wed-480@pathways\r\n"
    "RRULE:FREQ=WEEKLY;UNTIL=20270528T235959\r\n"
    "DESCRIPTION:course\\; counts toward graduation in Science (1)\r\n"
    "LOCATION:Room 12\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_a_terms_weekly_meetings_become_weekly_events(ana_plan):
    catalog, ana, plan = ana_plan
    assert term_ics(plan, catalog, "2027-SP", student_name=ana.name, stamp=STAMP) == SPRING_ICS


def test_each_event_repeats_every_week_until_the_terms_last_day(ana_plan):
    catalog, ana, plan = ana_plan
    parsed = ICalendar.from_ical(term_ics(plan, catalog, "2027-SP", student_name=ana.name, stamp=STAMP))
    monday = next(e for e in parsed.walk("VEVENT") if e.get("uid").startswith("stu-ana-2027-SP-BIO-1-Mon"))
    start = monday.decoded("dtstart")
    dates = list(rrulestr(monday.get("rrule").to_ical().decode(), dtstart=start))
    assert (dates[0], dates[-1], len(dates)) == (
        dt.datetime(2027, 1, 11, 8, 0),
        dt.datetime(2027, 5, 24, 8, 0),
        20,
    )


def test_a_term_of_continuing_and_starting_items_lists_both(ana_plan):
    catalog, ana, plan = ana_plan
    summer = ICalendar.from_ical(term_ics(plan, catalog, "2027-SU", student_name=ana.name, stamp=STAMP))
    # Algebra Online continues (self-paced: no event); the internship meets on Tuesdays from June 15.
    assert [(str(e.get("summary")), e.decoded("dtstart")) for e in summer.walk("VEVENT")] == [
        ("Biotech Lab Internship", dt.datetime(2027, 6, 15, 15, 0))
    ]
    empty = ICalendar.from_ical(term_ics(plan, catalog, "2027-FA", student_name=ana.name, stamp=STAMP))
    assert list(empty.walk("VEVENT")) == []


def test_an_unknown_term_is_an_error(ana_plan):
    catalog, ana, plan = ana_plan
    with pytest.raises(ValueError, match=r"^term '2031-FA' is not in the calendar$"):
        term_ics(plan, catalog, "2031-FA", student_name=ana.name)


def test_the_pdf_draws_the_printable_lines(ana_plan):
    catalog, ana, plan = ana_plan
    summary = family_summary(ana, catalog, plan, "Approved by Mr. Lee.")
    data = plan_pdf(summary, font=None, compress=False, created=STAMP)
    assert data.startswith(b"%PDF-")
    shown = [
        t.decode("latin-1").replace("\\(", "(").replace("\\)", ")")
        for t in re.findall(rb"\((.*?)\) Tj", data)
    ]
    assert shown[:7] == [
        "Learning plan for Ana Reyes",
        "Ana has shown 1 of the 4 competencies the diploma asks for.",
        "Ana's plan is built around what the diploma still asks for. It earns the 3 competencies Ana still needs for",
        "the diploma by Summer 2027, 1 term before the Fall 2027 target, at about 10 hours a week.",
        "Approved by Mr. Lee.",
        "Spring 2027 (Jan 11 - May 28, 2027): about 9 hours a week",
        "Algebra Online (online course, until Summer 2027)",
    ]
    assert "Fall 2027 (Aug 23 - Dec 17, 2027): nothing planned" in shown
    assert shown[shown.index("Progress by subject") :][:9] == [
        "Progress by subject",
        "Subject",
        "Demonstrated",
        "Planned",
        "Still missing",
        "Mathematics",
        "1",
        "1",
        "0",
    ]


@pytest.mark.skipif(not UNICODE_FONT.exists(), reason=f"{UNICODE_FONT} is not installed")
def test_the_pdf_embeds_a_unicode_font_for_any_name(ana_plan):
    catalog, ana, plan = ana_plan
    renamed = ana.model_copy(update={"name": "Trần Thị Ánh"})
    data = plan_pdf(family_summary(renamed, catalog, plan), created=STAMP)
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data
    title = "Learning plan for Trần Thị Ánh".encode("utf-16-be").hex().encode()
    assert b"/Title <feff" + title + b">" in data


def test_names_outside_latin_1_degrade_gracefully_with_the_builtin_font():
    assert latin1("Trần “Ánh” — 5…") == 'Tran "Ánh" - 5...'
    assert latin1("日本") == "??"


def test_file_names_are_plain():
    assert pdf_filename("Sofía Herrera") == "sofia-herrera-learning-plan.pdf"
    term = {"id": "2027-SP", "name": "Spring 2027", "season": "spring", "school_year": 2026}
    spring = Term(**term, start=dt.date(2027, 1, 11), end=dt.date(2027, 5, 28))
    assert ics_filename("Diego Ramírez", spring) == "diego-ramirez-spring-2027.ics"


MARKUP = "[x](http://evil) ![x](http://evil/p.png) <img src=http://evil/q.png> *b*"


def test_markup_in_titles_places_and_names_is_written_as_text(ana_plan):
    """The PDF, the calendar file and the printable view are plain text: a title, place or name that
    carries Markdown or HTML is written as it is. (Notes and chat messages are in none of them.)"""
    catalog, ana, plan = ana_plan
    biology = next(o for o in catalog.opportunities if o.id == "BIO-1")
    marked = biology.model_copy(update={"title": f"Biology {MARKUP}", "location": f"Room 12 {MARKUP}"})
    catalog = catalog.model_copy(
        update={"opportunities": [marked if o.id == "BIO-1" else o for o in catalog.opportunities]}
    )
    student = ana.model_copy(update={"name": f"Ana {MARKUP}"})
    plan = solve(PlanRequest(student=student, catalog=catalog))
    summary = family_summary(student, catalog, plan)
    assert summary_text(summary).splitlines()[0] == f"Learning plan for Ana {MARKUP}"
    assert f"- Biology {MARKUP} (course)" in summary_text(summary).splitlines()
    data = plan_pdf(summary, font=None, compress=False, created=STAMP)
    shown = [
        t.decode("latin-1").replace("\\(", "(").replace("\\)", ")")
        for t in re.findall(rb"\((.*?)\) Tj", data)
    ]
    assert " ".join(shown[:2]) == f"Learning plan for Ana {MARKUP}"
    assert f"Biology {MARKUP} (course)" in shown
    assert b"/URI" not in data  # no link annotation
    calendar = ICalendar.from_ical(term_ics(plan, catalog, "2027-SP", student_name=student.name, stamp=STAMP))
    events = [e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Biology")]
    assert {(str(e["summary"]), str(e["location"])) for e in events} == {
        (f"Biology {MARKUP}", f"Room 12 {MARKUP}")
    }
    assert str(calendar["x-wr-calname"]) == f"Ana {MARKUP}: Spring 2027"


def test_file_names_are_transliterated_slugs():
    from present.exports import slug

    assert [
        slug(t) for t in ("Sofía Herrera", "D'Andre O'Neil", "Łukasz", "José - María", "Nguyễn Thị Minh Khai")
    ] == [
        "sofia-herrera",
        "dandre-oneil",
        "lukasz",
        "jose-maria",
        "nguyen-thi-minh-khai",
    ]
