"""The role matrix: every cell (role x action x own/other student) against the table in docs/accounts.md,
through the real service on a real database, with the audit entry each attempt leaves."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from recordkit import EXTRA_STUDENTS, SUPERVISOR_TOKEN, TINY_DISTRICT, make_plan

from core.store import Store
from records import accounts, placements, plans, transfer
from records.access import MATRIX, SYSTEM_ACTIONS, Action, Scope, authorize
from records.accounts import Role, User
from records.errors import AccessDenied
from records.evidence import EvidenceIn
from records.placements import PlacementIn, TimesheetIn
from records.plans import PlanAction
from records.service import Records

DOC = Path(__file__).resolve().parents[2] / "docs" / "accounts.md"
ROLES = ("student", "family", "advisor", "admin", "teacher", "supervisor")

# The specification, written out by hand: action -> scope for (student, family, advisor, admin, teacher,
# supervisor).
EXPECTED: dict[str, tuple[str, str, str, str, str, str]] = {
    "view_record": ("own", "own", "own", "any", "own", "-"),
    "view_plan": ("own", "own", "own", "any", "-", "-"),
    "edit_plan": ("own", "-", "own", "-", "-", "-"),
    "propose_plan": ("own", "-", "own", "-", "-", "-"),
    "approve_plan": ("-", "-", "own", "-", "-", "-"),
    "acknowledge_plan": ("-", "own", "-", "-", "-", "-"),
    "comment": ("own", "own", "own", "-", "-", "-"),
    "view_chat": ("own", "-", "own", "-", "-", "-"),
    "chat": ("own", "-", "-", "-", "-", "-"),
    "edit_record": ("-", "-", "own", "any", "-", "-"),
    "export_record": ("-", "-", "own", "any", "-", "-"),
    "import_record": ("-", "-", "-", "any", "-", "-"),
    "submit_evidence": ("own", "-", "-", "-", "-", "-"),
    "record_evidence": ("-", "-", "-", "any", "own", "own"),
    "view_hours": ("own", "own", "own", "any", "own", "own"),
    "log_hours": ("own", "-", "-", "-", "-", "-"),
    "approve_hours": ("-", "-", "-", "-", "-", "own"),
    "manage_placements": ("-", "-", "own", "any", "own", "-"),
    "view_audit": ("-", "-", "-", "any", "-", "-"),
    "manage_accounts": ("-", "-", "-", "any", "-", "-"),
    "manage_catalog": ("-", "-", "-", "any", "-", "-"),
    "plan_cohort": ("-", "-", "-", "any", "-", "-"),
    "choose_language": ("-", "any", "-", "-", "-", "-"),
}
ACTOR = {
    "student": "ana",
    "family": "fam.reyes",
    "advisor": "adv.lee",
    "admin": "admin",
    "teacher": "teach.ode",
    "supervisor": "link:1",
}
OWN, OTHER = "stu-ana", "stu-cy"  # linked to each actor above / linked to none of them
PLACEMENT_OF = {
    OWN: 1,
    OTHER: 2,
}  # the supervisor's link opens placement 1; the teacher assesses its opportunity
HOURS = TimesheetIn(
    date=dt.date(2027, 1, 20), start="14:00", end="17:30", tasks="Ran the gel electrophoresis"
)


def _shown(student: str) -> EvidenceIn:
    """Evidence of a competency shown at the student's placement."""
    opportunity = {OWN: "INT-BIOTECH", OTHER: "BIO-1"}[student]
    return EvidenceIn(
        competency="HS-LS1-1", level="proficient", date=dt.date(2026, 11, 20), opportunity=opportunity
    )


def _scope_word(scope: Scope) -> str:
    return {Scope.NONE: "-", Scope.OWN: "own", Scope.ANY: "any"}[scope]


def test_the_matrix_in_code_is_the_specification():
    found = {a.value: tuple(_scope_word(MATRIX[(Role(r), a)]) for r in ROLES) for a in Action}
    assert found == EXPECTED


def test_the_readme_table_is_the_specification():
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `(\w+)` \|[^|]*\|((?:[^|]*\|){5}[^|]*)\|$", line)
        if match:
            cells = [c.strip().replace("—", "-") for c in match.group(2).split("|")]
            rows[match.group(1)] = tuple(cells)
    assert rows == EXPECTED


def test_system_actions_are_the_ones_about_no_student():
    assert {a.value for a in SYSTEM_ACTIONS} == {
        "view_audit",
        "manage_accounts",
        "manage_catalog",
        "plan_cohort",
        "choose_language",
    }


def _user(role: str, *, active: bool = True) -> User:
    return User(id="x", display_name="X", role=Role(role), active=active, students=frozenset({OWN}))


def test_a_disabled_account_may_do_nothing():
    for action in Action:
        for role in ROLES:
            student = None if action in SYSTEM_ACTIONS else OWN
            decision = authorize(_user(role, active=False), action, student)
            assert (decision.allowed, decision.reason) == (False, "the account x is disabled")


def test_a_system_action_names_no_student_and_a_record_action_names_one():
    admin = _user("admin")
    assert authorize(admin, Action.MANAGE_ACCOUNTS, OWN).reason == "manage accounts concerns no student"
    assert authorize(admin, Action.VIEW_PLAN, None).reason == "view plan needs a student"


def test_a_refusal_reads_the_same_whether_or_not_the_student_exists():
    family = _user("family")
    assert (
        authorize(family, Action.VIEW_PLAN, OTHER).reason
        == authorize(family, Action.VIEW_PLAN, "nobody").reason
    )
    assert (
        authorize(family, Action.VIEW_PLAN, OTHER).reason
        == "x (family) may view plan only for their own students"
    )


# --- every cell through the service ---------------------------------------------------------------


def _prepare(db: Path, action: Action, student: str | None) -> Any:
    """Bring the student's plan to the state the action starts from, as the advisor of both students
    would (directly in the store, not through the service); return what the action needs."""
    store = Store.open(db)
    try:
        with store.transaction() as cur:
            if student is None:
                return None
            author = accounts.get_user(cur, "adv.lee")
            assert author is not None
            plans.save_draft(cur, student, author, make_plan(student, [("BIO-1", "2027-SP")]), based_on=0)
            steps = {Action.APPROVE_PLAN: 1, Action.ACKNOWLEDGE_PLAN: 2}.get(action, 0)
            for step, based_on in [(PlanAction.PROPOSE, 1), (PlanAction.APPROVE, 2)][:steps]:
                plans.advance(cur, student, author, step, based_on=based_on)
            if action is Action.IMPORT_RECORD:
                return transfer.build_record(store, cur, student)
            if action is Action.EDIT_RECORD:
                return store.student(student, cur).model_copy(update={"max_hours_per_week": 12.0})
            if action is Action.APPROVE_HOURS:
                return placements.log(cur, PLACEMENT_OF[student], HOURS, dt.datetime(2027, 2, 1)).id
            return None
    finally:
        store.close()


Perform = Callable[[Records, User, Any, Any], Any]
PERFORM: dict[Action, Perform] = {
    Action.VIEW_RECORD: lambda r, u, s, _: r.student(u, s),
    Action.VIEW_PLAN: lambda r, u, s, _: r.plan(u, s),
    Action.EDIT_PLAN: lambda r, u, s, _: r.save_plan(u, s, make_plan(s, [("BIO-1", "2027-FA")]), based_on=1),
    Action.PROPOSE_PLAN: lambda r, u, s, _: r.propose(u, s, based_on=1),
    Action.APPROVE_PLAN: lambda r, u, s, _: r.approve(u, s, based_on=2),
    Action.ACKNOWLEDGE_PLAN: lambda r, u, s, _: r.acknowledge(u, s, based_on=3),
    Action.COMMENT: lambda r, u, s, _: r.add_comment(u, s, "When does it start?"),
    Action.VIEW_CHAT: lambda r, u, s, _: r.conversation(u, s),
    Action.CHAT: lambda r, u, s, _: r.add_chat_turn(u, s, "can i drop the trip", "Dropped the trip."),
    Action.EDIT_RECORD: lambda r, u, _, student: r.update_student(u, student),
    Action.EXPORT_RECORD: lambda r, u, s, _: r.export_record(u, s),
    Action.IMPORT_RECORD: lambda r, u, _, record: r.import_record(u, record, replace=True),
    Action.SUBMIT_EVIDENCE: lambda r, u, s, _: r.submit_evidence(u, s, _shown(s)),
    Action.RECORD_EVIDENCE: lambda r, u, s, _: r.rate(u, PLACEMENT_OF[s], _shown(s)),
    Action.VIEW_HOURS: lambda r, u, s, _: r.hours(u, PLACEMENT_OF[s]),
    Action.LOG_HOURS: lambda r, u, s, _: r.log_hours(u, PLACEMENT_OF[s], HOURS),
    Action.APPROVE_HOURS: lambda r, u, _, entry: r.decide_hours(u, entry, approve=True),
    Action.MANAGE_PLACEMENTS: lambda r, u, s, _: r.add_placement(
        u,
        PlacementIn(
            student_id=s,
            opportunity="INT-BIOTECH",
            term="2027-FA",
            site="Mill Creek Lab",
            supervisor_name="Dr. Ames",
        ),
    ),
    Action.VIEW_AUDIT: lambda r, u, _, __: r.audit_log(u),
    Action.MANAGE_ACCOUNTS: lambda r, u, _, __: r.users(u),
    Action.MANAGE_CATALOG: lambda r, u, _, __: r.import_catalog(
        u, "calendar", TINY_DISTRICT / "calendar.json"
    ),
    Action.PLAN_COHORT: lambda r, u, _, __: r.cohort_runs(u),
    Action.CHOOSE_LANGUAGE: lambda r, u, _, __: r.set_own_language(u, "es"),
}

CELLS = [
    pytest.param(role, action, whose, id=f"{role}-{action.value}-{whose}")
    for action in Action
    for role in ROLES
    for whose in (("system",) if action in SYSTEM_ACTIONS else ("own", "other"))
]


def _snapshot(db: Path) -> dict[str, Any]:
    """Everything an action could change, except the audit log."""
    store = Store.open(db)
    try:
        cur = store.cursor()
        return {
            "versions": cur.execute("SELECT * FROM plan_versions ORDER BY ALL").fetchall(),
            "comments": cur.execute("SELECT * FROM plan_comments ORDER BY ALL").fetchall(),
            "chat": cur.execute("SELECT * FROM chat_messages ORDER BY ALL").fetchall(),
            "first plans": cur.execute("SELECT * FROM first_plans ORDER BY ALL").fetchall(),
            "students": cur.execute("SELECT * FROM students ORDER BY ALL").fetchall(),
            "evidence": cur.execute("SELECT * FROM evidence ORDER BY ALL").fetchall(),
            "users": cur.execute("SELECT * FROM users ORDER BY ALL").fetchall(),
            "entries": cur.execute("SELECT * FROM evidence_entries ORDER BY ALL").fetchall(),
            "placements": cur.execute("SELECT * FROM placements ORDER BY ALL").fetchall(),
            "hours": cur.execute("SELECT * FROM timesheet_entries ORDER BY ALL").fetchall(),
            "links": cur.execute("SELECT * FROM supervisor_links ORDER BY ALL").fetchall(),
        }
    finally:
        store.close()


def test_every_cell_has_a_service_call():
    assert set(PERFORM) == set(Action)
    assert EXTRA_STUDENTS.exists()


@pytest.mark.parametrize(("role", "action", "whose"), CELLS)
def test_every_cell_through_the_service(records_db, users, role, action, whose):
    expected = EXPECTED[action.value][ROLES.index(role)]
    allowed_expected = expected == "any" or (expected == "own" and whose != "other")
    student = {"own": OWN, "other": OTHER, "system": None}[whose]
    needs = _prepare(records_db, action, student)
    before = _snapshot(records_db)
    records = Records(records_db)
    user = records.supervisor(SUPERVISOR_TOKEN) if role == "supervisor" else users[ACTOR[role]]
    try:
        PERFORM[action](records, user, student, needs)
        allowed = True
    except AccessDenied as exc:
        allowed = False
        assert str(exc).startswith("not allowed: ")
    assert allowed == allowed_expected
    if not allowed:
        assert _snapshot(records_db) == before
    store = Store.open(records_db)
    try:
        last = (
            store.cursor()
            .execute("SELECT user_id, action, student_id, allowed FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetchone()
        )
    finally:
        store.close()
    assert last == (user.id, action.value, student, allowed)
