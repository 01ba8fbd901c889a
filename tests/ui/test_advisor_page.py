"""The advisor page: the caseload with each plan's status, live edits that re-plan on the spot (a lock
survives later re-plans), swaps ranked by the matcher, profile changes, approval and notes."""

from __future__ import annotations

import datetime as dt

from shown_text import rendered, table_rows
from streamlit.testing.v1 import AppTest
from uikit import open_app

from records.plans import PlanState

LOCKS = "Locked items (kept in their term when re-planning)"
EXCLUDED = "Excluded items (remove one to allow it again)"


def by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def table(app: AppTest, index: int) -> list[dict[str, object]]:
    return table_rows(app.table[index])


def changes(app: AppTest) -> list[str]:
    return [rendered(m.value) for m in app.markdown if m.value.startswith("**What changed")]


def plan_rows(app: AppTest) -> list[tuple[str, str, str]]:
    """(title, start term, locked) of each item in the timeline table."""
    rows = table_rows(next(d for d in app.table if "locked" in d.value.columns))
    return [(r["title"], r["starts"], r["locked"]) for r in rows]


def open_student(records, student_id: str, sections: tuple[str, ...] = ("versions", "notes")) -> AppTest:
    """The caseload page with the student open, and these expanders open (each is built only then)."""
    app = open_app(records, "adv.lee")
    by_label(app.selectbox, "Open a student").select(student_id).run()
    for section in sections:
        app.session_state[f"advisor-{student_id}-{section}"] = True
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_caseload_lists_each_students_plan_status(records):
    lee = records.authenticate("adv.lee", "correct horse battery")
    saved = records.plan(lee, "stu-ana").saved_at
    app = open_app(records, "adv.lee")
    assert table(app, 0) == [
        {
            "student": "Ana Reyes",
            "grade": 10,
            "target": "Fall 2027",
            "status": "approved",
            "version": "3",
            "last change": f"approved by Mr. Lee, {saved:%Y-%m-%d}",
        },
        {
            "student": "Bo Lindqvist",
            "grade": 11,
            "target": "Fall 2027",
            "status": "no plan",
            "version": "none yet",
            "last change": "",
        },
    ]
    assert by_label(app.selectbox, "Open a student").value is None


def test_a_lock_survives_the_next_re_plan(records):
    app = open_student(records, "stu-ana")
    assert plan_rows(app) == [
        ("Algebra Online", "Spring 2027", "no"),
        ("Biology", "Spring 2027", "no"),
        ("Chemistry Online", "Summer 2027", "no"),
    ]
    by_label(app.multiselect, LOCKS).select("BIO-1").run()
    assert rendered(app.success[0].value) == "Locked Biology."
    by_label(app.selectbox, "Item to exclude").select("CHEM-ONLINE").run()
    by_label(app.button, "Exclude and re-plan").click().run()
    assert not app.exception, app.exception
    assert rendered(app.success[0].value) == "Excluded Chemistry Online."
    assert changes(app) == [
        "What changed from the previous plan: Added Biotech Lab Internship (Summer 2027); "
        "Removed Chemistry Online."
    ]
    assert plan_rows(app) == [
        ("Algebra Online", "Spring 2027", "no"),
        ("Biology", "Spring 2027", "yes"),
        ("Biotech Lab Internship", "Summer 2027", "no"),
    ]
    assert by_label(app.multiselect, LOCKS).value == ["BIO-1"]
    assert by_label(app.multiselect, EXCLUDED).value == ["CHEM-ONLINE"]
    by_label(app.selectbox, "Show details for").select("BIO-1").run()
    why = next(rendered(m.value) for m in app.markdown if m.value.startswith("**Why it is there:**"))
    assert why.endswith(" You locked it.")


def test_a_swap_offers_ranked_alternatives_and_locks_the_new_item(records):
    app = open_student(records, "stu-ana")
    by_label(app.selectbox, "Item to swap out").select("CHEM-ONLINE").run()
    ranked = next(d for d in app.table if "covers" in d.value.columns).value
    assert [
        (r["title"], r["covers"], r["needed"])
        for r in table_rows(next(d for d in app.table if "covers" in d.value.columns))
    ] == [
        ("Biotech Lab Internship", 1, 1),
        ("Community Garden Science", 1, 1),
    ]
    assert list(ranked["score"]) == sorted(ranked["score"], reverse=True)
    by_label(app.selectbox, "Swap in").select("GARDEN-SERVICE").run()
    by_label(app.button, "Swap and re-plan").click().run()
    assert not app.exception, app.exception
    assert rendered(app.success[0].value) == "Swapped Chemistry Online for Community Garden Science."
    assert plan_rows(app)[-1] == ("Community Garden Science", "Summer 2027", "yes")
    assert by_label(app.multiselect, EXCLUDED).value == ["CHEM-ONLINE"]


def test_changing_the_target_term_re_plans_and_approving_saves_the_profile_too(records):
    app = open_student(records, "stu-ana")
    by_label(app.selectbox, "Target graduation term").select("2027-SU").run()
    assert not app.exception, app.exception
    assert [rendered(s.value) for s in app.success] == [
        "Target term set to Summer 2027.",
        "On pace · target Summer 2027. The plan finishes in Summer 2027, the target term.",
    ]
    assert changes(app) == ["What changed from the previous plan: nothing; the items stay as they were."]
    by_label(app.button, "Approve plan").click().run()
    assert not app.exception, app.exception
    assert table(app, 0)[0]["status"] == "approved"
    assert table(app, 0)[0]["target"] == "Summer 2027"
    lee = records.authenticate("adv.lee", "correct horse battery")
    head = records.plan(lee, "stu-ana")
    assert (head.version, head.state) == (6, PlanState.APPROVED)
    assert [i.opportunity for i in head.plan.items()] == ["ALG-ONLINE", "BIO-1", "CHEM-ONLINE"]
    assert records.student(lee, "stu-ana").target_graduation_term == "2027-SU"


def test_a_busy_time_that_leaves_no_plan_is_not_applied_and_the_plan_stays(records):
    app = open_student(records, "stu-ana")
    before = plan_rows(app)
    by_label(app.selectbox, "Day").select("Mon")
    by_label(app.time_input, "From").set_value(dt.time(8, 0))
    by_label(app.time_input, "To").set_value(dt.time(10, 0))
    by_label(app.text_input, "What (optional)").input("dentist")
    next(b for b in app.button if b.label == "Add busy time and re-plan").click().run()
    assert not app.exception, app.exception
    assert [rendered(w.value) for w in app.warning] == [
        "Not applied: Busy Mon 08:00-10:00. No plan can hold it, so the plan below stays as it was.\n"
        'The wish "nothing on Mondays 08:00-10:00 (dentist)" cannot hold with what the diploma still needs.'
    ]
    assert [t.value for t in app.text if t.value.startswith("Your wish")] == [
        'Your wish "nothing on Mondays 08:00-10:00 (dentist)" cannot hold. It leaves HS-LS1-1 (Explain how '
        "the structure of DNA determines the structure of proteins) uncoverable: HS-LS1-1 can only be earned "
        "through Biology (it meets Mon 08:00-09:30) or Biotech Lab Internship (it needs Biology or HS-LS1-1 "
        "first); you need 2 more science competencies and only 1 can be earned. Relax it to get a plan."
    ]
    assert plan_rows(app) == before
    assert by_label(app.multiselect, "Busy times (remove one to free it)").value == ["Sat 09:00-17:00 (job)"]
    assert not [b for b in app.button if b.label.startswith("Apply it")]  # only the new wish conflicts
    assert by_label(app.button, "Save draft").disabled
    assert "Nothing to save: no change since the last saved version. This plan is approved already." in [
        c.value for c in app.caption
    ]
    by_label(app.button, "Keep the plan as it is").click().run()
    assert not app.warning
    assert plan_rows(app) == before


def test_a_first_plan_for_a_student_without_one_then_a_note(records):
    app = open_student(records, "stu-bo")
    assert app.info[0].value.startswith("**No plan yet**")
    by_label(app.button, "Make a first plan").click().run()
    assert not app.exception, app.exception
    assert plan_rows(app) == [
        ("Algebra Online", "Spring 2027", "no"),
        ("Chemistry Online", "Spring 2027", "no"),
    ]
    assert changes(app) == []  # a first plan is shown as the plan, not as a list of everything "Added"
    by_label(app.button, "Save draft").click().run()
    assert table(app, 0)[1]["status"] == "draft"
    by_label(app.text_area, "Note for the student and family").input("Bo wants a lab class next fall.")
    by_label(app.button, "Add note").click().run()
    assert not app.exception, app.exception
    assert [t.value for t in app.text] == ["Bo wants a lab class next fall."]


# --- the plan's versions ---------------------------------------------------------------------------

VERSION = "Version to look at"


def versions(app: AppTest) -> list[dict[str, object]]:
    return table_with(app, "what changed")


def table_with(app: AppTest, column: str, index: int = 0) -> list[dict[str, object]]:
    return table_rows([d for d in app.table if column in d.value.columns][index])


def when(saved_at: dt.datetime) -> str:
    """AppTest's browser names no time zone, so the page shows UTC."""
    return f"{saved_at:%Y-%m-%d %H:%M} UTC"


def test_every_saved_version_is_a_row_newest_first(records):
    app = open_student(records, "stu-bo")
    assert app.info[-1].value == "No saved versions yet."
    by_label(app.button, "Make a first plan").click().run()
    by_label(app.button, "Save draft").click().run()
    by_label(app.selectbox, "Item to exclude").select("CHEM-ONLINE").run()
    by_label(app.button, "Exclude and re-plan").click().run()
    by_label(app.button, "Save draft").click().run()
    assert not app.exception, app.exception
    lee = records.authenticate("adv.lee", "correct horse battery")
    saved = {v.version: v.saved_at for v in records.history(lee, "stu-bo")}
    assert versions(app) == [
        {
            "version": 2,
            "state": "draft",
            "saved by": "Mr. Lee (advisor)",
            "when": when(saved[2]),
            "what changed": "added Community Garden Science (2027-SP); removed Chemistry Online; "
            "excluded CHEM-ONLINE",
        },
        {
            "version": 1,
            "state": "draft",
            "saved by": "Mr. Lee (advisor)",
            "when": when(saved[1]),
            "what changed": "first plan (2 items, optimal)",
        },
    ]
    assert by_label(app.selectbox, VERSION).options == [
        f"Version 2 · draft · Mr. Lee, {when(saved[2])}",
        f"Version 1 · draft · Mr. Lee, {when(saved[1])}",
    ]
    assert by_label(app.selectbox, VERSION).value is None


def test_restoring_version_1_makes_its_plan_the_new_head(records):
    app = open_student(records, "stu-ana")
    assert [(r["version"], r["state"]) for r in versions(app)] == [
        (3, "approved"),
        (2, "proposed"),
        (1, "draft"),
    ]
    by_label(app.selectbox, "Item to exclude").select("CHEM-ONLINE").run()
    by_label(app.button, "Exclude and re-plan").click().run()
    by_label(app.button, "Save draft").click().run()
    assert app.caption[0].value == "Version 4 · draft"
    by_label(app.selectbox, VERSION).select(1).run()
    assert not app.exception, app.exception
    assert "The plan of version 1 (first plan (3 items, optimal)):" in [
        rendered(c.value) for c in app.caption
    ]
    shown = table_with(app, "locked", index=1)
    assert [(r["title"], r["starts"]) for r in shown] == [
        ("Algebra Online", "Spring 2027"),
        ("Biology", "Spring 2027"),
        ("Chemistry Online", "Summer 2027"),
    ]
    by_label(app.button, "Restore this version").click().run()
    assert not app.exception, app.exception
    assert rendered(app.success[0].value) == "Restored version 1 as version 5 (a draft)."
    assert app.caption[0].value == "Version 5 · draft"
    assert plan_rows(app) == [
        ("Algebra Online", "Spring 2027", "no"),
        ("Biology", "Spring 2027", "no"),
        ("Chemistry Online", "Summer 2027", "no"),
    ]
    assert by_label(app.multiselect, EXCLUDED).value == []
    lee = records.authenticate("adv.lee", "correct horse battery")
    head, first = records.plan(lee, "stu-ana"), records.plan_version(lee, "stu-ana", 1)
    assert (head.version, head.state, head.action.value, head.restored_from, head.summary) == (
        5,
        PlanState.DRAFT,
        "restore",
        1,
        "restored version 1",
    )
    assert (head.plan, head.edits) == (first.plan, first.edits)
    assert versions(app)[0] == {
        "version": 5,
        "state": "draft",
        "saved by": "Mr. Lee (advisor)",
        "when": when(head.saved_at),
        "what changed": "restored version 1",
    }
    assert table(app, 0)[0]["last change"] == f"restored version 1, {head.saved_at:%Y-%m-%d}"


def test_the_version_on_the_page_offers_no_restore(records):
    app = open_student(records, "stu-ana")
    by_label(app.selectbox, VERSION).select(3).run()
    assert "This is the version on this page." in [rendered(c.value) for c in app.caption]
    assert "Restore this version" not in [b.label for b in app.button]


def refused_after_anas_save(saved_at: dt.datetime) -> str:
    """The message a save gets when Ana saved version 4 after the page started from version 3."""
    return (
        f"Your change was not saved: Ana Reyes (student) saved version 4 at {saved_at:%Y-%m-%d %H:%M} UTC "
        "(no change to the items), after you started from version 3. Look at version 4 and make your "
        "change again."
    )


def test_a_stale_restore_is_refused_with_who_saved_first(records):
    app = open_student(records, "stu-ana")
    ana = records.authenticate("ana", "correct horse battery")
    theirs = records.save_plan(
        ana, "stu-ana", records.plan_version(ana, "stu-ana", 1).plan, based_on=3, edits=None
    )
    by_label(app.selectbox, VERSION).select(1).run()
    by_label(app.button, "Restore this version").click().run()
    assert not app.exception, app.exception
    assert [rendered(e.value) for e in app.error] == [refused_after_anas_save(theirs.saved_at)]
    assert [v.version for v in records.history(ana, "stu-ana")] == [4, 3, 2, 1]
    assert app.caption[0].value == "Version 3 · approved"
    by_label(app.button, "Load the newer version").click().run()
    assert not app.exception, app.exception
    assert app.error.len == 0
    assert rendered(app.success[0].value) == "Loaded the newest version."
    assert app.caption[0].value == "Version 4 · draft"


def test_times_are_shown_in_the_browsers_time_zone_when_it_names_one():
    from ui.versions import local_time

    at = dt.datetime(2026, 11, 3, 16, 45, tzinfo=dt.UTC)
    assert local_time(at, "America/New_York") == "2026-11-03 11:45 EST"
    assert local_time(at, "Asia/Kolkata") == "2026-11-03 22:15 IST"
    assert local_time(at, None) == "2026-11-03 16:45 UTC"
    assert local_time(at, "Not/A_Zone") == "2026-11-03 16:45 UTC"


def test_a_stale_approval_is_refused_and_the_newer_version_can_be_loaded(records):
    app = open_student(records, "stu-ana")
    ana = records.authenticate("ana", "correct horse battery")
    theirs = records.save_plan(
        ana, "stu-ana", records.plan_version(ana, "stu-ana", 1).plan, based_on=3, edits=None
    )
    assert by_label(app.button, "Approve plan").disabled  # approved already, and nothing changed since
    by_label(app.selectbox, "Target graduation term").select("2027-SU").run()
    by_label(app.button, "Approve plan").click().run()
    assert not app.exception, app.exception
    assert [rendered(e.value) for e in app.error] == [refused_after_anas_save(theirs.saved_at)]
    assert [v.version for v in records.history(ana, "stu-ana")] == [4, 3, 2, 1]
    by_label(app.button, "Load the newer version").click().run()
    assert not app.exception, app.exception
    assert app.error.len == 0
    assert app.caption[0].value == "Version 4 · draft"


def test_the_plan_tabs_build_only_the_tab_shown_and_keep_the_weeks_term(records):
    """The advisor's plan redraws on every edit, so only the shown tab is built (switching reruns)."""
    app = open_student(records, "stu-ana")
    columns = [list(t.value.columns) for t in app.table]
    assert any("locked" in c for c in columns)
    assert not any("missing" in c or "time" in c for c in columns)
    app.session_state["advisor-stu-ana-plan-tab"] = "Week"
    app.run()
    assert not app.exception, app.exception
    assert not any("locked" in t.value.columns for t in app.table)
    term = by_label(app.selectbox, "Term to show")
    assert term.options == ["Spring 2027", "Summer 2027"]
    term.select_index(1).run()
    assert "Summer 2027, the same week as a grid:" in [rendered(c.value) for c in app.caption]
    app.session_state["advisor-stu-ana-plan-tab"] = "Progress"
    app.run()
    progress = table_with(app, "missing")
    assert [(r["subject"], r["planned"]) for r in progress] == [("Mathematics", 1), ("Science", 2)]
    app.session_state["advisor-stu-ana-plan-tab"] = "Week"
    app.run()
    assert by_label(app.selectbox, "Term to show").value == "2027-SU"


def test_a_busy_time_that_ends_before_it_starts_is_refused_without_a_re_plan(records):
    app = open_student(records, "stu-ana")
    by_label(app.time_input, "From").set_value(dt.time(10, 0))
    by_label(app.time_input, "To").set_value(dt.time(9, 0))
    next(b for b in app.button if b.label == "Add busy time and re-plan").click().run()
    assert not app.exception, app.exception
    assert [rendered(e.value) for e in app.error] == ["A busy time must end after it starts."]
    assert app.success[0].value.startswith("**Ahead**")
    assert changes(app) == []


def test_after_each_re_plan_every_control_shows_the_new_plans_values(records):
    app = open_student(records, "stu-ana")
    by_label(app.selectbox, "Item to exclude").select("CHEM-ONLINE").run()
    by_label(app.button, "Exclude and re-plan").click().run()
    assert not app.exception, app.exception
    assert by_label(app.selectbox, "Item to exclude").value is None
    assert by_label(app.multiselect, EXCLUDED).value == ["CHEM-ONLINE"]
    by_label(app.number_input, "Most hours a week").set_value(25.0).run()
    assert not app.exception, app.exception
    assert rendered(app.success[0].value) == "At most 25 hours a week."
    assert by_label(app.number_input, "Most hours a week").value == 25.0
    assert by_label(app.multiselect, EXCLUDED).value == ["CHEM-ONLINE"]
    by_label(app.multiselect, EXCLUDED).set_value([]).run()
    assert rendered(app.success[0].value) == "Allowed Chemistry Online again."
    assert by_label(app.multiselect, EXCLUDED).value == []
    assert by_label(app.number_input, "Most hours a week").value == 25.0
