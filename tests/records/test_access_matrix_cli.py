"""The role matrix walked through the command line: every cell (role x action x own/other student) that
has a verb, signed in with --as, leaves the same decision and the same audit entry as in the service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from recordkit import PASSWORD, TINY_DISTRICT, cli_app, make_plan
from test_access_matrix import ACTOR, CELLS, EXPECTED, PLACEMENT_OF, ROLES, _prepare, _snapshot
from typer.testing import CliRunner

from core.store import Store
from records import accounts, plans, transfer
from records.access import SYSTEM_ACTIONS, Action

runner = CliRunner()

APP_ONLY = {
    Action.EDIT_RECORD: "the profile and evidence are edited on the advisor's page",
    Action.APPROVE_HOURS: "a supervisor has no account: their link opens the supervisor page",
    Action.VIEW_CHAT: "the conversation is read on the student's and the advisor's pages",
    Action.CHAT: "the conversation is kept by the student's page",
    Action.CHOOSE_LANGUAGE: "a family chooses its own language with the page's switch (staff: users language)",
}
"""Actions with no verb on the command line, and why."""


def _verb(action: Action, student: str | None, needs: Any, tmp_path: Path) -> list[str]:
    """The command line that performs ``action`` (before --as)."""
    if action is Action.IMPORT_RECORD:
        path = tmp_path / "record.json"
        path.write_text(transfer.record_json(needs), encoding="utf-8")
        return ["import", "student-record", str(path), "--replace"]
    assert student is not None or action in SYSTEM_ACTIONS
    verbs: dict[Action, list[str]] = {
        Action.VIEW_RECORD: ["plan", "--student", str(student), "--no-interests"],
        Action.VIEW_PLAN: ["plan-history", str(student)],
        Action.EDIT_PLAN: ["plan-restore", str(student), "1", "--based-on", "2"],
        Action.PROPOSE_PLAN: ["plan-step", str(student), "propose", "--version", "1"],
        Action.APPROVE_PLAN: ["plan-step", str(student), "approve", "--version", "2"],
        Action.ACKNOWLEDGE_PLAN: ["plan-step", str(student), "acknowledge", "--version", "3"],
        Action.COMMENT: ["comment", str(student), "When does it start?"],
        Action.EXPORT_RECORD: ["export", "student", str(student)],
        Action.SUBMIT_EVIDENCE: _evidence("submit", student),
        Action.RECORD_EVIDENCE: _evidence("add", student),
        Action.VIEW_HOURS: ["hours", "show", str(PLACEMENT_OF.get(str(student), 0))],
        Action.LOG_HOURS: [
            "hours",
            "log",
            str(PLACEMENT_OF.get(str(student), 0)),
            "--date",
            "2027-01-20",
            "--start",
            "14:00",
            "--end",
            "17:30",
            "--tasks",
            "Ran the gel",
        ],
        Action.MANAGE_PLACEMENTS: [
            "placements",
            "add",
            str(student),
            "--opportunity",
            "INT-BIOTECH",
            "--term",
            "2027-FA",
            "--site",
            "Mill Creek Lab",
            "--supervisor",
            "Dr. Ames",
        ],
        Action.VIEW_AUDIT: ["audit"],
        Action.MANAGE_ACCOUNTS: ["users", "list"],
        Action.MANAGE_CATALOG: ["import", "calendar", str(TINY_DISTRICT / "calendar.json")],
        Action.PLAN_COHORT: ["cohort", "runs"],
    }
    return verbs[action]


def _evidence(verb: str, student: str | None) -> list[str]:
    opportunity = {"stu-ana": "INT-BIOTECH"}.get(str(student), "BIO-1")
    return [
        "evidence",
        verb,
        str(student),
        "--competency",
        "HS-LS1-1",
        "--level",
        "proficient",
        "--date",
        "2026-11-20",
        "--opportunity",
        opportunity,
    ]


def _second_version(db: Path, student: str) -> None:
    """A second draft, so that restoring version 1 is a change."""
    store = Store.open(db)
    try:
        with store.transaction() as cur:
            author = accounts.get_user(cur, "adv.lee")
            assert author is not None
            plans.save_draft(cur, student, author, make_plan(student, [("BIO-1", "2027-FA")]), based_on=1)
    finally:
        store.close()


def test_every_action_has_a_verb_or_a_reason():
    assert set(APP_ONLY) | {a for a in Action if a not in APP_ONLY} == set(Action)
    assert all(
        _verb(a, "stu-ana", None, Path()) for a in Action if a not in (Action.IMPORT_RECORD, *APP_ONLY)
    )


@pytest.mark.parametrize(
    ("role", "action", "whose"),
    [c for c in CELLS if c.values[1] not in APP_ONLY and c.values[0] != "supervisor"],
)
def test_every_cell_through_the_command_line(records_db, tmp_path, monkeypatch, role, action, whose):
    expected = EXPECTED[action.value][ROLES.index(role)]
    allowed_expected = expected == "any" or (expected == "own" and whose != "other")
    student = {"own": "stu-ana", "other": "stu-cy", "system": None}[whose]
    needs = _prepare(records_db, action, student)
    if action is Action.EDIT_PLAN and student is not None:
        _second_version(records_db, student)
    before = _snapshot(records_db)
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = runner.invoke(cli_app(), [*_verb(action, student, needs, tmp_path), "--as", ACTOR[role]])
    refused = result.stderr.startswith("error: not allowed: ")
    assert refused == (not allowed_expected), result.stderr
    if refused:
        assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
        assert _snapshot(records_db) == before
    else:
        assert result.exit_code == 0, result.stderr
    store = Store.open(records_db)
    try:
        last = (
            store.cursor()
            .execute(
                "SELECT user_id, action, student_id, allowed FROM audit_log WHERE action = ? "
                "ORDER BY id DESC LIMIT 1",
                [action.value],
            )
            .fetchone()
        )
    finally:
        store.close()
    assert last == (ACTOR[role], action.value, student, allowed_expected)
