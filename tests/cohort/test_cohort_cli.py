"""`pathways cohort ...` through the record service: staff only, audited, the run stored and read back."""

from __future__ import annotations

from cohort_world import PASSWORD
from typer.testing import CliRunner

from cohort.domain import Outcome
from pathways.cli import app
from records.errors import AccessDenied
from records.service import Records

runner = CliRunner()


def audit_rows(db) -> list[tuple[object, ...]]:
    from core.store import Store

    store = Store.open(db)
    try:
        return (
            store.cursor()
            .execute(
                "SELECT user_id, action, student_id, allowed, detail FROM audit_log WHERE action = 'plan_cohort' ORDER BY id"
            )
            .fetchall()
        )
    finally:
        store.close()


def test_a_cohort_run_is_planned_stored_and_listed(cohort_db, monkeypatch, tmp_path):
    db, users = cohort_db
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    ids = tmp_path / "students.txt"
    ids.write_text("# the contest for the internship\nana\n\nben\ncy\n", encoding="utf-8")
    result = runner.invoke(
        app, ["cohort", "plan", "--students", str(ids), "--workers", "1", "--no-interests", "--as", "admin"]
    )
    assert result.exit_code == 0, result.output
    runs = Records(db).cohort_runs(users["admin"])
    assert len(runs) == 1
    run = Records(db).cohort_run(users["admin"], runs[0].id)
    assert run is not None
    assert [s.student for s in run.students] == ["ana", "ben", "cy"]
    assert [s.outcome for s in run.students] == [Outcome.PLANNED] * 3
    assert run.settings.students == ["ana", "ben", "cy"] and run.status == "complete"
    assert result.stdout.splitlines()[-1].startswith(
        f"Cohort run {run.id}: 3 students: 3 planned, 0 off track, 0 failed"
    )
    assert [r[:4] for r in audit_rows(db)] == [("admin", "plan_cohort", None, True)] * 4
    assert [r[4] for r in audit_rows(db)][:2] == [
        "read 3 students for a cohort run",
        f"saved cohort run {run.id}: 3 students, complete",
    ]
    listed = runner.invoke(app, ["cohort", "runs", "--as", "admin"])
    assert f"{run.id}" in listed.stdout and "3 students, 3 planned, complete" in listed.stdout


def test_an_unknown_student_in_the_file_is_named_by_line_and_nothing_is_stored(
    cohort_db, monkeypatch, tmp_path
):
    db, users = cohort_db
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    ids = tmp_path / "students.txt"
    ids.write_text("ana\n\nzed\n", encoding="utf-8")
    result = runner.invoke(app, ["cohort", "plan", "--students", str(ids), "--workers", "1", "--as", "admin"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: nothing was imported; 1 problem(s):\n{ids}, line 3: student 'zed' is not a student of this district\n"
    )
    assert Records(db).cohort_runs(users["admin"]) == []


def test_an_advisor_may_not_plan_a_cohort(cohort_db, monkeypatch):
    db, users = cohort_db
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = runner.invoke(app, ["cohort", "plan", "--grade", "10", "--as", "adv"])
    assert result.exit_code == 1
    assert result.stderr == "error: not allowed: adv (advisor) may not plan cohort\n"
    assert audit_rows(db) == [("adv", "plan_cohort", None, False, "")]
    try:
        Records(db).cohort_runs(users["adv"])
    except AccessDenied as exc:
        assert str(exc) == "not allowed: adv (advisor) may not plan cohort"
    else:
        raise AssertionError("an advisor read the cohort runs")


def test_the_grade_selects_the_students_and_show_writes_the_course_requests(cohort_db, monkeypatch, tmp_path):
    db, users = cohort_db
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = runner.invoke(
        app, ["cohort", "plan", "--grade", "10", "--workers", "1", "--no-interests", "--as", "admin"]
    )
    assert result.exit_code == 0, result.output
    run_id = Records(db).cohort_runs(users["admin"])[0].id
    out = tmp_path / "requests.csv"
    shown = runner.invoke(app, ["cohort", "show", run_id, "--requests", str(out), "--as", "admin"])
    assert shown.exit_code == 0, shown.output
    run = Records(db).cohort_run(users["admin"], run_id)
    assert run is not None and [s.student for s in run.students] == ["ana", "cy"]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "student_id,student_name,grade,opportunity_id,title,term,status,backup_for"
    assert len(lines) == 1 + sum(len(s.plan.items()) for s in run.students if s.plan)


def test_a_what_if_is_stored_as_a_new_run_naming_its_parent(cohort_db, monkeypatch):
    db, users = cohort_db
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = runner.invoke(app, ["cohort", "plan", "--workers", "1", "--no-interests", "--as", "admin"])
    assert result.exit_code == 0, result.output
    parent = Records(db).cohort_runs(users["admin"])[0]
    changed = runner.invoke(
        app, ["cohort", "what-if", parent.id, "--cancel", "PROJ@2026-FA", "--as", "admin"]
    )
    assert changed.exit_code == 0, changed.output
    # Without interests all four take the project; with it cancelled, the internship's one seat goes
    # to ben (the senior) and the others have no way left to earn SCI-1 this fall.
    assert changed.stdout.splitlines()[:2] == [
        "What-if: cancel Animal care project in Fall 2026: 4 students re-planned, 1 with a plan, "
        "1 with at most one change (25%).",
        "  before: 4 planned / no limit, 0 unmet",
    ]
    newest = Records(db).cohort_runs(users["admin"])[0]
    assert (newest.parent, newest.note) == (parent.id, "cancel Animal care project in Fall 2026")
    child = Records(db).cohort_run(users["admin"], newest.id)
    assert child is not None
    assert [s.outcome.value for s in child.students] == ["off track", "planned", "off track", "off track"]
    wrong = runner.invoke(
        app, ["cohort", "what-if", parent.id, "--seats", "INTERN@2026-FA=many", "--as", "admin"]
    )
    assert wrong.exit_code == 1
    assert wrong.stderr == "error: 'INTERN@2026-FA=many': the seats after '=' must be a whole number\n"


def test_the_school_selects_its_students_with_the_grade(cohort_db, monkeypatch):
    from core.store import Store

    db, users = cohort_db
    store = Store.open(db)
    try:
        schools = {"ana": "North High", "ben": "North High", "cy": "South High", "dee": ""}
        students = [s.model_copy(update={"school": schools[s.id]}) for s in store.students()]
        with store.transaction() as cur:
            store.put_students(cur, students)
        assert {s.id: s.school for s in store.students()} == schools
    finally:
        store.close()
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    plan = ["cohort", "plan", "--workers", "1", "--no-interests", "--as", "admin"]
    result = runner.invoke(app, [*plan, "--school", "North High"])
    assert result.exit_code == 0, result.output
    run = Records(db).cohort_run(users["admin"], Records(db).cohort_runs(users["admin"])[0].id)
    assert run is not None and [s.student for s in run.students] == ["ana", "ben"]
    assert run.settings.school == "North High"
    result = runner.invoke(app, [*plan, "--school", "North High", "--grade", "12"])
    assert result.exit_code == 0, result.output
    run = Records(db).cohort_run(users["admin"], Records(db).cohort_runs(users["admin"])[0].id)
    assert run is not None and [s.student for s in run.students] == ["ben"]
    result = runner.invoke(app, [*plan, "--school", "West High"])
    assert result.exit_code == 1
    assert result.stderr == "error: no student matches the selection\n"
