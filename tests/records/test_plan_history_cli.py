"""`pathways plan-history` and `pathways plan-restore`: the plan's versions on the command line, under the
same rules as the app (students and advisors restore; families and admins read; refusals exit 1)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from recordkit import PASSWORD, cli_app, make_plan
from typer.testing import CliRunner

from records.plans import PlanAction, PlanState
from records.service import Records

runner = CliRunner()

BIO_SPRING = [("BIO-1", "2027-SP"), ("ALG-ONLINE", "2027-SP")]
MOVED = [("BIO-1", "2027-FA"), ("ALG-ONLINE", "2027-SP"), ("INT-BIOTECH", "2027-SU")]


@pytest.fixture
def with_versions(records_db, users, monkeypatch) -> Records:
    """stu-ana: version 1 draft (Ana), 2 proposed (Ana), 3 approved (Mr. Lee), 4 draft (Ana, moved)."""
    times = iter(dt.datetime(2026, 9, 1, 10, 5 * i) for i in range(20))
    records = Records(records_db, clock=lambda: next(times))
    records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", BIO_SPRING), based_on=0)
    records.propose(users["ana"], "stu-ana", based_on=1)
    records.approve(users["adv.lee"], "stu-ana", based_on=2)
    records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", MOVED), based_on=3)
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    return Records(records_db)


def run(*args: str):
    return runner.invoke(cli_app(), list(args))


def test_plan_history_lists_every_version_newest_first(with_versions):
    result = run("plan-history", "stu-ana", "--as", "fam.reyes")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "  4  draft        2026-09-01 10:15 UTC  Ana Reyes (student)  added Biotech Lab Internship (2027-SU); "
        "moved Biology from 2027-SP to 2027-FA",
        "  3  approved     2026-09-01 10:10 UTC  Mr. Lee (advisor)  approved by Mr. Lee",
        "  2  proposed     2026-09-01 10:05 UTC  Ana Reyes (student)  proposed by Ana Reyes",
        "  1  draft        2026-09-01 10:00 UTC  Ana Reyes (student)  first plan (2 items, optimal)",
    ]


def test_plan_history_as_json_lines(with_versions):
    result = run("plan-history", "stu-ana", "--as", "adv.lee", "--json")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["version"], r["state"], r["action"], r["author_id"], r["saved_at"]) for r in rows] == [
        (4, "draft", "edit", "ana", "2026-09-01T10:15:00Z"),
        (3, "approved", "approve", "adv.lee", "2026-09-01T10:10:00Z"),
        (2, "proposed", "propose", "ana", "2026-09-01T10:05:00Z"),
        (1, "draft", "edit", "ana", "2026-09-01T10:00:00Z"),
    ]
    assert rows[0] == {
        "student_id": "stu-ana",
        "version": 4,
        "state": "draft",
        "action": "edit",
        "author_id": "ana",
        "author_name": "Ana Reyes",
        "author_role": "student",
        "saved_at": "2026-09-01T10:15:00Z",
        "summary": "added Biotech Lab Internship (2027-SU); moved Biology from 2027-SP to 2027-FA",
        "restored_from": None,
    }


def test_a_student_without_a_plan_has_an_empty_history(with_versions):
    result = run("plan-history", "stu-bo", "--as", "bo")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "stu-bo has no plan yet\n", "")
    as_json = run("plan-history", "stu-bo", "--as", "bo", "--json")
    assert (as_json.exit_code, as_json.stdout) == (0, "")


@pytest.mark.parametrize(("user", "version"), [("adv.lee", "1"), ("ana", "2")])
def test_plan_restore_makes_the_version_the_new_draft(with_versions, users, user, version):
    result = run("plan-restore", "stu-ana", version, "--as", user)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"restored version {version} of stu-ana's plan as version 5 (draft)\n"
    head = with_versions.plan(users["adv.lee"], "stu-ana")
    old = with_versions.plan_version(users["adv.lee"], "stu-ana", int(version))
    assert (head.version, head.state, head.action, head.restored_from, head.author_id) == (
        5,
        PlanState.DRAFT,
        PlanAction.RESTORE,
        int(version),
        user,
    )
    assert head.summary == f"restored version {version}"
    assert (head.plan, head.edits) == (old.plan, old.edits)
    listed = run("plan-history", "stu-ana", "--as", user)
    assert listed.stdout.splitlines()[0].endswith(f"restored version {version}")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan-history", "stu-zz", "--as", "admin"], "no student with id 'stu-zz'"),
        (
            ["plan-history", "stu-zz", "--as", "adv.lee"],
            "not allowed: adv.lee (advisor) may view plan only for their own students",
        ),
        (
            ["plan-history", "stu-cy", "--as", "adv.lee"],
            "not allowed: adv.lee (advisor) may view plan only for their own students",
        ),
        (["plan-restore", "stu-zz", "1", "--as", "admin"], "no student with id 'stu-zz'"),
        (
            ["plan-restore", "stu-ana", "1", "--as", "fam.reyes"],
            "not allowed: fam.reyes (family) may not edit plan",
        ),
        (["plan-restore", "stu-ana", "1", "--as", "admin"], "not allowed: admin (admin) may not edit plan"),
        (
            ["plan-restore", "stu-ana", "1", "--as", "bo"],
            "not allowed: bo (student) may view plan only for their own students",
        ),
        (["plan-restore", "stu-ana", "9", "--as", "adv.lee"], "the plan of stu-ana has no version 9"),
        (
            ["plan-restore", "stu-ana", "4", "--as", "adv.lee"],
            "version 4 is already the current version of stu-ana's plan",
        ),
        (
            ["plan-restore", "stu-bo", "1", "--as", "adv.lee"],
            "stu-bo has no plan yet: there is no version to restore",
        ),
    ],
)
def test_refusals_exit_1_naming_what_is_wrong_and_change_nothing(with_versions, users, args, message):
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: {message}\n")
    assert [v.version for v in with_versions.history(users["adv.lee"], "stu-ana")] == [4, 3, 2, 1]
    assert with_versions.plan(users["adv.lee"], "stu-bo") is None


def test_a_version_below_1_is_a_usage_error(with_versions):
    result = run("plan-restore", "stu-ana", "0", "--as", "adv.lee")
    assert result.exit_code == 2
    assert "Invalid value for 'version'" in result.stderr
