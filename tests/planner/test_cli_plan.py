"""`pathways plan` in-process, over the tiny district imported into a fresh database."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from typer.testing import CliRunner

from catalog import district
from core.settings import PROJECT_ROOT
from pathways.cli import app
from planner.domain import PlanResult, PlanStatus

runner = CliRunner()


@pytest.fixture
def tiny_db(store, tiny_district, cli_as):
    """The tiny district, and an admin signed in by PATHWAYS_PASSWORD (`plan --as admin`)."""
    district.import_district(store, tiny_district)
    store.close()
    cli_as("admin")


def test_plan_prints_each_term_and_why(tiny_db):
    result = runner.invoke(app, ["plan", "--as", "admin", "--student", "stu-ana", "--no-interests"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Plan for stu-ana: optimal (cost 4544, ")
    assert lines[1:6] == [
        "Ana's plan is built around what the diploma still asks for. It earns the 3 competencies Ana "
        "still needs for the diploma by Summer 2027, 1 term before the Fall 2027 target, at about 10 hours a "
        "week.",
        "",
        "Spring 2027: 9 hours a week",
        "  Algebra Online [ALG-ONLINE] 4 h/week, until 2027-SU",
        "    earns: MATH-ALG-2",
    ]
    assert "  (continuing ALG-ONLINE)" in lines
    assert lines[-2:] == [
        "Covers 3 needed competencies.",
        "Costs: full_program 3720, no_wasted_hours 800, earn_sooner 24",
    ]


def test_plan_json_is_the_plan_schema(tiny_db):
    result = runner.invoke(app, ["plan", "--as", "admin", "--student", "stu-ana", "--no-interests", "--json"])
    assert result.exit_code == 0, result.output
    plan = PlanResult.model_validate_json(result.stdout)
    assert plan.status == PlanStatus.OPTIMAL
    assert plan.coverage == {"HS-LS1-1": "BIO-1", "HS-PS1-2": "INT-BIOTECH", "MATH-ALG-2": "ALG-ONLINE"}
    assert json.loads(result.stdout)["terms"][0]["items"][0]["opportunity"] == "ALG-ONLINE"


def test_plan_json_validates_against_the_serialization_schema(tiny_db):
    result = runner.invoke(app, ["plan", "--as", "admin", "--student", "stu-ana", "--no-interests", "--json"])
    jsonschema.validate(json.loads(result.stdout), PlanResult.model_json_schema(mode="serialization"))


def test_plan_with_interest_scores_from_the_matcher(tiny_db):
    result = runner.invoke(app, ["plan", "--as", "admin", "--student", "stu-ana", "--json"])
    assert result.exit_code == 0, result.output
    plan = PlanResult.model_validate_json(result.stdout)
    assert plan.penalties[0].rule == "match_interests"
    assert all(item.interest is not None for item in plan.items())


def test_an_impossible_lock_exits_1_with_the_reason(tiny_db):
    result = runner.invoke(
        app,
        ["plan", "--as", "admin", "--student", "stu-ana", "--no-interests", "--lock", "INT-BIOTECH@2027-FA"],
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "Plan for stu-ana: infeasible",
        'Your wish "take Biotech Lab Internship in Fall 2027" cannot hold. Biotech Lab Internship is not '
        "offered in Fall 2027. Relax it to get a plan.",
    ]


def test_an_impossible_exclusion_in_json_names_the_wish(tiny_db):
    args = [
        "plan",
        "--as",
        "admin",
        "--student",
        "stu-ana",
        "--no-interests",
        "--json",
        "--exclude",
        "BIO-1",
        "--relax",
        "deadline",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    plan = PlanResult.model_validate_json(result.stdout)
    assert [w.id for w in plan.explanation.conflicting_wishes] == ["exclude:BIO-1"]
    assert [w.id for w in plan.wishes if not w.on] == ["deadline"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--student", "nobody"], "error: no student with id 'nobody'"),
        (
            ["--student", "stu-ana", "--lock", "BIO-1@"],
            "error: --lock 'BIO-1@': write OPPORTUNITY or OPPORTUNITY@TERM",
        ),
        (
            ["--student", "stu-ana", "--lock", "NOPE"],
            "error: locked opportunity 'NOPE' is not in the catalog",
        ),
        (
            ["--student", "stu-ana", "--pathway", "nursing"],
            "error: --pathway 'nursing': no such pathway; the district declares none",
        ),
        (
            ["--student", "stu-ana", "--relax", "fridays"],
            "error: no wish with id 'fridays'; the wishes are deadline, hours_cap, pace_load, unavailable:0",
        ),
    ],
)
def test_bad_input_is_a_clear_error(tiny_db, args, message):
    result = runner.invoke(app, ["plan", "--as", "admin", "--no-interests", *args])
    assert result.exit_code == 1
    assert result.stderr.strip() == message


def last_audit() -> tuple[object, ...] | None:
    from core.store import Store

    store = Store.open()
    try:
        sql = "SELECT user_id, action, student_id, allowed FROM audit_log ORDER BY id DESC LIMIT 1"
        return store.cursor().execute(sql).fetchone()
    finally:
        store.close()


def test_plan_reads_the_record_as_the_user_and_audits_it(tiny_db, cli_as):
    from records.accounts import Role

    args = ["plan", "--student", "stu-ana", "--no-interests", *cli_as("adv.other", Role.ADVISOR)]
    refused = runner.invoke(app, args)
    assert (refused.exit_code, refused.stderr) == (
        1,
        "error: not allowed: adv.other (advisor) may view record only for their own students\n",
    )
    assert last_audit() == ("adv.other", "view_record", "stu-ana", False)
    assert (
        runner.invoke(app, ["plan", "--as", "admin", "--student", "stu-ana", "--no-interests"]).exit_code == 0
    )
    assert last_audit() == ("admin", "view_record", "stu-ana", True)


def test_plan_needs_a_user(tiny_db):
    result = runner.invoke(app, ["plan", "--student", "stu-ana"])
    assert result.exit_code == 2
    assert "Missing option '--as'" in result.stderr


def test_plan_without_the_matcher_does_not_import_torch(tiny_db):
    """`pathways plan --no-interests` in a fresh interpreter: a plan, and torch never imported."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from pathways.cli import app\n"
        "result = CliRunner().invoke(app, ['plan', '--as', 'admin', '--student', 'stu-ana', '--no-interests'])\n"
        "print(result.exit_code, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert done.stdout.split() == ["0", "False", "False"]
