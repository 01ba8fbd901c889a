"""The sample district's demo accounts: documented in docs/accounts.md (passwords included), one or more
per role, linked to the sample's students, loadable, and every documented password signs in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.settings import DEFAULT_DATA_DIR
from core.store import Store
from records.service import Records

SAMPLE = DEFAULT_DATA_DIR / "sample"
DOC = Path(__file__).resolve().parents[2] / "docs" / "accounts.md"


def documented() -> dict[str, tuple[str, str, str, list[str]]]:
    """user name -> (password, role, name, linked students), from the demo table of the README section."""
    found = {}
    row = re.compile(r"^\| `([^`]+)` \| `([^`]+)` \| (\w+) \| ([^|]+) \| ([^|]+) \|$")
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = row.match(line)
        if match:
            name, password, role, display, linked = match.groups()
            found[name] = (password, role, display.strip(), re.findall(r"`([^`]+)`", linked))
    return found


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    Records(path).setup_sample(SAMPLE)  # as `pathways setup --demo` does
    return path


def test_the_file_and_the_readme_list_the_same_accounts():
    entries = json.loads((SAMPLE / "accounts.json").read_text(encoding="utf-8"))
    in_file = {e["id"]: (e["role"], e["display_name"], e["students"]) for e in entries}
    in_doc = {name: (role, display, linked) for name, (_, role, display, linked) in documented().items()}
    assert in_doc == in_file
    assert all(e["demo"] and e["password_hash"].startswith("$argon2id$") for e in entries)
    assert all("password" not in e for e in entries)


def test_every_role_and_every_student_is_covered(sample_db):
    records = Records(sample_db)
    admin = records.authenticate("admin", documented()["admin"][0])
    users = records.users(admin)
    assert {u.role.value for u in users} == {"student", "family", "advisor", "admin"}
    students = {s.id for s in records.students(admin)}
    caseloads = [s for u in users if u.role.value == "advisor" for s in u.students]
    assert sorted(caseloads) == sorted(students)  # every student has exactly one advisor
    assert {s for u in users if u.role.value == "student" for s in u.students} == students
    assert all(u.demo for u in users)


def test_every_documented_password_signs_in(sample_db):
    records = Records(sample_db)
    for name, (password, role, display, linked) in documented().items():
        user = records.sign_in(name, password).user
        assert (user.role.value, user.display_name, sorted(user.students)) == (role, display, sorted(linked))


def test_a_demo_family_sees_only_its_student(sample_db):
    records = Records(sample_db)
    family = records.authenticate("fam.okafor", documented()["fam.okafor"][0])
    assert [s.id for s in records.students(family)] == ["stu-maya"]
    assert records.student_param(family, {}) == "stu-maya"


def test_a_real_plan_goes_through_its_life_with_the_demo_accounts(sample_db):
    """The solver's own PlanResult (CP-SAT, run for real) saved, proposed, approved, acknowledged."""
    from planner.domain import PlanRequest, PlanStatus
    from planner.solve import solve

    records = Records(sample_db)
    password = documented()["maya"][0]
    maya = records.authenticate("maya", password)
    store = Store.open(sample_db)
    try:
        catalog = store.catalog()
    finally:
        store.close()
    plan = solve(PlanRequest(student=records.student(maya, "stu-maya"), catalog=catalog, time_limit=5))
    assert plan.status in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE)
    first = records.save_plan(maya, "stu-maya", plan, based_on=0)
    assert first.summary == f"first plan ({len(plan.items())} items, {plan.status.value})"
    records.propose(maya, "stu-maya", based_on=1)
    records.approve(records.authenticate("adv.chen", password), "stu-maya", based_on=2)
    done = records.acknowledge(records.authenticate("fam.okafor", password), "stu-maya", based_on=3)
    assert (done.state.value, done.plan) == ("acknowledged", plan)
