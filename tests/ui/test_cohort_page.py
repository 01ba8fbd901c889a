"""The cohort page (district staff): plan a cohort from the form, see the run, and run a what-if."""

from __future__ import annotations

from uikit import open_app

from records.service import Records


def test_staff_plan_a_cohort_see_it_and_cancel_a_section(records: Records):
    app = open_app(records, "admin", "ui/cohort_page.py")
    assert app.title[0].value == "Cohort planning"
    assert [i.value for i in app.info] == ["No cohort run yet: plan one above."]
    app.checkbox[0].uncheck()
    app.button[0].click().run()
    assert not app.exception, app.exception
    run_id = records.cohort_runs(records.authenticate("admin", "correct horse battery"))[0].id
    assert [m.value for m in app.metric] == ["2", "2", "0", "0"]
    assert [s.value for s in app.subheader] == ["Students off track", "Demand per section", "What if..."]
    assert [
        (r["opportunity"], r["term"], r["planned"], r["unmet"]) for r in app.table[0].value.to_dict("records")
    ] == [
        ("ALG\\-ONLINE", "2027\\-SP", 2, 0),
        ("BIO\\-1", "2027\\-SP", 1, 0),
        ("CHEM\\-ONLINE", "2027\\-SP", 1, 0),
        ("CHEM\\-ONLINE", "2027\\-SU", 1, 0),
    ]
    assert app.markdown[1].value == "None: every student has a plan."
    app.button[1].click().run()  # cancel the first section: Algebra Online in Spring 2027
    assert not app.exception, app.exception
    assert [m.value for m in app.markdown][2:] == [
        "What\\-if\\: cancel Algebra Online in Spring 2027\\: 2 students re\\-planned, 0 with a plan, "
        "0 with at most one change \\(0%\\)\\.",
        "before\\: 2 planned / no limit, 0 unmet",
    ]
    runs = records.cohort_runs(records.authenticate("admin", "correct horse battery"))
    assert [(r.parent, r.note) for r in runs] == [
        (run_id, "cancel Algebra Online in Spring 2027"),
        (None, ""),
    ]
