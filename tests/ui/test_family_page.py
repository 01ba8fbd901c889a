"""The family page: read-only, in plain words, with a printable view, a PDF, a calendar file, the
acknowledgement and questions to the advisor; and not one control that changes the plan."""

from __future__ import annotations

from shown_text import rendered
from uikit import PASSWORD, open_app, widget_labels

from core.store import Store
from present.family import family_summary, summary_text
from records.plans import PlanState

FAMILY_CONTROLS = [
    ("button", "I have read this plan (acknowledge)"),
    ("button", "Send question"),
    ("button", "Sign out"),
    ("selectbox", "Language · Idioma · Ngôn ngữ"),
    ("selectbox", "Term for the calendar file"),
    ("text_area", "Your question"),
    ("toggle", "Printable view"),
]
"""Every input of the family page: reading aids (the language too), the acknowledgement, the question box,
signing out."""


def test_the_family_view_has_no_editing_controls(records):
    app = open_app(records, "fam.reyes")
    assert widget_labels(app) == FAMILY_CONTROLS
    assert [b.label for b in app.download_button] == [
        "Download the plan (PDF)",
        "Download the mastery transcript (PDF)",
        "Download the weekly schedule (.ics)",
    ]
    assert app.chat_input.len == 0
    assert app.file_uploader.len == 0
    assert app.data_editor.len == 0


def test_the_plan_in_plain_words_term_by_term(records):
    app = open_app(records, "fam.reyes")
    assert [rendered(m.value) for m in app.markdown[:2]] == [
        "Ana has shown 1 of the 4 competencies the diploma asks for.",
        "Ana's plan is built around what the diploma still asks for. It earns the 3 competencies Ana still "
        "needs for the diploma by Summer 2027, 1 term before the Fall 2027 target, at about 8 hours a week.",
    ]
    assert [s.value for s in app.subheader] == [
        "Spring 2027",
        "Summer 2027",
        "Fall 2027",
        "Progress by subject",
        "Questions for the advisor",
    ]
    chemistry = next(rendered(m.value) for m in app.markdown if m.value.startswith("**Chemistry Online"))
    assert chemistry == (
        "Chemistry Online (online course)\n"
        "When: self-paced: no fixed meeting times\n"
        "Where: online, State Virtual School\n"
        "Counts toward: graduation in Science (1)"
    )
    assert rendered(app.info[0].value).startswith("Mr. Lee approved this plan on ")


def test_the_printable_view_is_the_plain_text_summary(records, ui_db):
    app = open_app(records, "fam.reyes")
    app.toggle[0].set_value(True).run()
    assert not app.exception, app.exception
    store = Store.open(ui_db)
    catalog, ana = store.catalog(), store.student("stu-ana")
    store.close()
    head = records.plan(records.authenticate("fam.reyes", PASSWORD), "stu-ana")
    day = head.saved_at
    note = f"Mr. Lee approved this plan on {day:%B} {day.day}, {day.year}. Please read it, and say so with the button here."
    assert app.text[0].value == summary_text(family_summary(ana, catalog, head.plan, note))


def test_acknowledging_the_approved_plan(records):
    app = open_app(records, "fam.reyes")
    next(b for b in app.button if b.label == "I have read this plan (acknowledge)").click().run()
    assert not app.exception, app.exception
    assert rendered(app.info[0].value).startswith("Marta Reyes acknowledged this plan on ")
    assert "Thank you. The advisor can see that you have read this plan." in [s.value for s in app.success]
    assert "I have read this plan (acknowledge)" not in [b.label for b in app.button]
    head = records.plan(records.authenticate("fam.reyes", PASSWORD), "stu-ana")
    assert (head.version, head.state) == (4, PlanState.ACKNOWLEDGED)


def test_a_question_reaches_the_advisor(records):
    app = open_app(records, "fam.reyes")
    app.text_area[0].input("Does the summer course need a laptop?")
    next(b for b in app.button if b.label == "Send question").click().run()
    assert not app.exception, app.exception
    assert app.success[-1].value == "Sent. The advisor will see it with the plan."
    lee = records.authenticate("adv.lee", PASSWORD)
    assert [(c.author_name, c.body) for c in records.comments(lee, "stu-ana")] == [
        ("Marta Reyes", "Does the summer course need a laptop?")
    ]


def test_a_student_without_a_plan(records):
    app = open_app(records, "fam.lindqvist")
    assert app.title[0].value == "Learning plan for Bo Lindqvist"
    assert [rendered(i.value) for i in app.info] == [
        "No plan yet · target Fall 2027.",
        "The advisor has not made a plan yet.",
    ]
    assert app.download_button.len == 0
