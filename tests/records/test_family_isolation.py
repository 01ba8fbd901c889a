"""A family account cannot reach another student's plan by any route: service functions called directly
(also with a doctored User object), the command line with its own credentials, and page parameters."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from recordkit import PASSWORD, cli_app, make_plan
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from core.store import Store
from records import transfer
from records.accounts import Role, User
from records.errors import AccessDenied
from records.service import Records
from ui.login import SESSION_TOKEN_KEY

OTHER = "stu-bo"  # the Lindqvist family's student; the Reyes family is linked to stu-ana only
OTHER_NAME = "Bo Lindqvist"
SECRET_COMMENT = "Bo is worried about the internship."


@pytest.fixture
def seeded(records, users):
    """stu-bo has a proposed plan and a comment; stu-ana has a plan of her own."""
    records.save_plan(users["adv.lee"], OTHER, make_plan(OTHER, [("BIO-1", "2027-SP")]), based_on=0)
    records.propose(users["adv.lee"], OTHER, based_on=1)
    records.add_comment(users["adv.lee"], OTHER, SECRET_COMMENT)
    records.save_plan(
        users["adv.lee"], "stu-ana", make_plan("stu-ana", [("ALG-ONLINE", "2027-SP")]), based_on=0
    )
    return records


def _every_route(records: Records, family: User, record: transfer.StudentRecord) -> dict[str, object]:
    plan = make_plan(OTHER, [("INT-BIOTECH", "2027-SU")])
    return {
        "student": lambda: records.student(family, OTHER),
        "plan": lambda: records.plan(family, OTHER),
        "plan_version": lambda: records.plan_version(family, OTHER, 1),
        "history": lambda: records.history(family, OTHER),
        "comments": lambda: records.comments(family, OTHER),
        "save_plan": lambda: records.save_plan(family, OTHER, plan, based_on=2),
        "restore_version": lambda: records.restore_version(family, OTHER, 1, based_on=2),
        "propose": lambda: records.propose(family, OTHER, based_on=2),
        "approve": lambda: records.approve(family, OTHER, based_on=2),
        "acknowledge": lambda: records.acknowledge(family, OTHER, based_on=2),
        "add_comment": lambda: records.add_comment(family, OTHER, "hello"),
        "update_student": lambda: records.update_student(family, record.student),
        "export_record": lambda: records.export_record(family, OTHER),
        "import_record": lambda: records.import_record(family, record, replace=True),
        "student_param": lambda: records.student_param(family, {"student": OTHER}),
        "student_param_list": lambda: records.student_param(family, {"student": [OTHER]}),
        "audit_log": lambda: records.audit_log(family, student_id=OTHER),
    }


def _record_of_other(db: Path) -> transfer.StudentRecord:
    store = Store.open(db)
    try:
        return transfer.build_record(store, store.cursor(), OTHER)
    finally:
        store.close()


@pytest.mark.parametrize(
    "doctor",
    [
        pytest.param(lambda u: u, id="as-signed-in"),
        pytest.param(lambda u: u.model_copy(update={"students": frozenset({OTHER})}), id="students-edited"),
        pytest.param(lambda u: u.model_copy(update={"role": Role.ADMIN}), id="role-edited"),
    ],
)
def test_no_service_function_reaches_another_students_plan(seeded, users, records_db, doctor):
    family = doctor(users["fam.reyes"])
    routes = _every_route(seeded, family, _record_of_other(records_db))
    for name, call in routes.items():
        with pytest.raises(AccessDenied) as refused:
            call()
        assert OTHER_NAME not in str(refused.value), name
        assert str(refused.value).startswith("not allowed: fam.reyes (family) may"), name
    assert [s.id for s in seeded.students(family)] == ["stu-ana"]
    adv = users["adv.lee"]
    assert seeded.plan(adv, OTHER).version == 2
    assert [c.body for c in seeded.comments(adv, OTHER)] == [SECRET_COMMENT]
    refused = [e for e in seeded.audit_log(users["admin"], student_id=OTHER) if not e.allowed]
    assert len(refused) == len(routes) - 1  # audit_log is a system action: refused with no student


def test_an_account_that_does_not_exist_reaches_nothing(seeded):
    ghost = User(id="ghost", display_name="Ghost", role=Role.ADMIN, students=frozenset({OTHER}))
    with pytest.raises(AccessDenied, match=r"^not allowed: the account ghost does not exist$"):
        seeded.plan(ghost, OTHER)


def test_the_family_sees_its_own_student(seeded, users):
    family = users["fam.reyes"]
    assert seeded.student_param(family, {}) == "stu-ana"
    assert seeded.student_param(family, {"student": "stu-ana"}) == "stu-ana"
    assert seeded.plan(family, "stu-ana").version == 1


@pytest.mark.parametrize("value", [OTHER, f" {OTHER} ", "STU-BO", "stu-bo;stu-ana", "", "x" * 500, 7])
def test_page_parameters_never_open_a_foreign_student(seeded, users, value):
    family = users["fam.reyes"]
    if value == "":
        assert seeded.student_param(family, {"student": value}) == "stu-ana"
        return
    with pytest.raises(AccessDenied):
        seeded.student_param(family, {"student": value})


def _page() -> None:
    import streamlit as st

    from ui.login import get_records, require_user, student_from_query

    user = require_user()
    student_id = student_from_query(user)
    version = get_records().plan(user, student_id) if student_id else None
    st.write(f"plan of {student_id}: version {version.version if version else 0}")


def _signed_in_page(records: Records, username: str, query: dict[str, str]) -> AppTest:
    page = AppTest.from_function(_page, default_timeout=30)
    page.session_state[SESSION_TOKEN_KEY] = records.sign_in(username, PASSWORD).token
    page.query_params.update(query)
    page.run()
    assert not page.exception, page.exception
    return page


def test_a_page_asked_for_another_student_stops_with_one_message(seeded):
    page = _signed_in_page(seeded, "fam.reyes", {"student": OTHER})
    assert [e.value for e in page.error] == ["You cannot open this student's record."]
    assert [m.value for m in page.markdown] == []


def test_a_page_asked_for_the_familys_own_student_shows_it(seeded):
    page = _signed_in_page(seeded, "fam.reyes", {"student": "stu-ana"})
    assert [m.value for m in page.markdown] == ["plan of stu-ana: version 1"]


runner = CliRunner()
app = cli_app()


@pytest.mark.parametrize(
    "args",
    [
        ["export", "student", OTHER, "--as", "fam.reyes"],
        ["export", "student", "stu-ana", "--as", "fam.reyes"],
        ["audit", "--as", "fam.reyes", "--student", OTHER],
        ["users", "list", "--as", "fam.reyes"],
    ],
)
def test_the_command_line_with_family_credentials_refuses(seeded, args, monkeypatch):
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: not allowed: fam.reyes (family) may not ")
    assert OTHER_NAME not in result.stderr


def test_the_command_line_import_with_family_credentials_refuses(seeded, records_db, tmp_path, monkeypatch):
    path = tmp_path / "bo.json"
    path.write_text(transfer.record_json(_record_of_other(records_db)), encoding="utf-8")
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = runner.invoke(app, ["import", "student-record", str(path), "--as", "fam.reyes", "--replace"])
    assert result.exit_code == 1
    assert result.stderr == "error: not allowed: fam.reyes (family) may not import record\n"


def test_the_command_line_with_a_wrong_password_refuses(seeded, monkeypatch):
    monkeypatch.setenv("PATHWAYS_PASSWORD", "not the password")
    result = runner.invoke(app, ["export", "student", "stu-ana", "--as", "adv.lee"])
    assert (result.exit_code, result.stderr) == (1, "error: wrong user name or password\n")


def test_the_command_line_export_for_the_advisor_works(seeded, monkeypatch):
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = runner.invoke(app, ["export", "student", OTHER, "--as", "adv.lee"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["student"]["name"], len(data["plan_versions"]), data["comments"][0]["body"]) == (
        OTHER_NAME,
        2,
        SECRET_COMMENT,
    )
    assert "PATHWAYS_PASSWORD" in os.environ
