"""The advisor page's pathway and load controls: the candidates the matcher ranks for the student,
choosing another pathway or none, and a lighter or fuller program, each re-planned through the
edit flow and kept in the plan's edits."""

from __future__ import annotations

from shown_text import rendered
from uikit import open_app

from planner.domain import Fullness
from planner.edits import NO_PATHWAY


def by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def open_student(records, student_id: str):
    app = open_app(records, "adv.lee")
    by_label(app.selectbox, "Open a student").select(student_id).run()
    assert not app.exception, app.exception
    return app


def test_the_advisor_picks_no_pathway_then_a_fuller_program(records):
    app = open_student(records, "stu-ana")
    pathway = by_label(app.selectbox, "Pathway")
    assert pathway.value == "(best fit)"
    assert pathway.options[0].startswith("Best fit (")
    assert pathway.options[-1] == "No pathway"
    pathway.select(NO_PATHWAY).run()
    assert not app.exception, app.exception
    assert rendered(app.success[0].value) == "Following no pathway."
    assert by_label(app.selectbox, "Pathway").value == NO_PATHWAY
    assert "Following: no pathway" in [rendered(m.value) for m in app.markdown]
    by_label(app.radio, "Program").set_value(Fullness.FULLER).run()
    assert not app.exception, app.exception
    assert rendered(app.success[0].value) == "A fuller program."
    by_label(app.button, "Save draft").click().run()
    lee = records.authenticate("adv.lee", "correct horse battery")
    edits = records.plan(lee, "stu-ana").edits
    assert (edits.pathway, edits.fullness) == (NO_PATHWAY, Fullness.FULLER)
