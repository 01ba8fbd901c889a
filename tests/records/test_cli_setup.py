"""`pathways setup`: on an empty database, on a real district's, with --demo (the sample district and its
demo accounts, which sign in only while the sample is what is loaded), and --reset (an admin's
confirmed act once the database holds accounts)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from recordkit import ACCOUNTS, PASSWORD, TINY_DISTRICT, cli_app, rows
from typer.testing import CliRunner

from core.settings import get_settings
from records.accounts import DEMO_REFUSED, hash_password
from records.errors import SessionExpiredError, SignInError
from records.service import Records

runner = CliRunner()
DEMO_PASSWORD = "sample demo password"


@pytest.fixture
def sample_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A sample district (the tiny one) with two demo accounts, as PATHWAYS_SAMPLE_DIR."""
    folder = tmp_path / "sample"
    shutil.copytree(TINY_DISTRICT, folder)
    demo_hash = hash_password(DEMO_PASSWORD)
    entries = [
        {"id": "demo.admin", "display_name": "Demo Admin", "role": "admin", "demo": True},
        {
            "id": "demo.fam",
            "display_name": "Demo Family",
            "role": "family",
            "students": ["stu-ana"],
            "demo": True,
        },
    ]
    (folder / "accounts.json").write_text(
        json.dumps([{**e, "password_hash": demo_hash} for e in entries]), encoding="utf-8"
    )
    monkeypatch.setenv("PATHWAYS_SAMPLE_DIR", str(folder))
    get_settings.cache_clear()
    return folder


def setup(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli_app(), ["setup", *args])


def test_setup_on_an_empty_database_creates_it_and_loads_nothing(isolated_db, sample_dir):
    result = setup()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"{isolated_db} is ready and empty: create the first admin (pathways users create-admin), then "
        "import your district (pathways import district DIR --as ADMIN); or try the sample district with "
        "pathways setup --demo"
    )
    assert rows(isolated_db, "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM competencies)") == [
        (0, 0)
    ]


def test_setup_on_a_real_districts_database_keeps_it_and_adds_no_demo_account(records_db, sample_dir):
    before = rows(records_db, "SELECT id, demo FROM users ORDER BY id")
    result = setup()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("search index: ")
    assert rows(records_db, "SELECT id, demo FROM users ORDER BY id") == before
    demo = setup("--demo")
    assert (demo.exit_code, demo.stderr) == (
        1,
        "error: this database holds another district; the demo accounts go only with the sample district "
        "(use another PATHWAYS_DB, or pathways setup --reset --demo as its admin)\n",
    )
    assert rows(records_db, "SELECT id, demo FROM users ORDER BY id") == before


def test_demo_accounts_sign_in_only_while_the_sample_district_is_loaded(isolated_db, sample_dir, monkeypatch):
    result = setup("--demo")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        f"imported {sample_dir}: frameworks 0 -> 1; competencies 0 -> 5; opportunities 0 -> 3; "
        "students 0 -> 1; terms 0 -> 4; requirement_sets 0 -> 1",
        "created 2 demo accounts (passwords in docs/accounts.md; demo only, they sign in only while the "
        "sample district is loaded)",
    ]
    again = setup("--demo")
    assert again.stdout.splitlines()[0] == f"{isolated_db} already holds the sample district"
    records = Records(isolated_db)
    session = records.sign_in("demo.fam", DEMO_PASSWORD)
    monkeypatch.setenv("PATHWAYS_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("PATHWAYS_NEW_PASSWORD", PASSWORD)
    added = runner.invoke(
        cli_app(), ["users", "create-admin", "dana", "--name", "Dana", "--as", "demo.admin"]
    )
    assert added.exit_code == 0, added.stderr
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    imported = runner.invoke(cli_app(), ["import", "district", str(TINY_DISTRICT), "--as", "dana"])
    assert imported.exit_code == 0, imported.stderr
    for name in ("demo.fam", "demo.admin"):
        with pytest.raises(SignInError) as refused:
            records.sign_in(name, DEMO_PASSWORD)
        assert str(refused.value) == DEMO_REFUSED
    with pytest.raises(SessionExpiredError, match=re.escape(DEMO_REFUSED)):
        records.session_user(session.token)
    monkeypatch.setenv("PATHWAYS_PASSWORD", DEMO_PASSWORD)
    cli = runner.invoke(cli_app(), ["audit", "--as", "demo.admin"])
    assert (cli.exit_code, cli.stderr) == (1, f"error: {DEMO_REFUSED}\n")
    assert records.sign_in("dana", PASSWORD).user.id == "dana"


def test_reset_needs_an_admin_and_a_confirmation_once_there_are_accounts(records_db, sample_dir, monkeypatch):
    needs = (
        f"error: --reset deletes every account, plan version and comment of {records_db}: "
        "give --as ADMIN and --yes to confirm\n"
    )
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    for args in (["--reset"], ["--reset", "--yes"], ["--reset", "--as", "admin"]):
        result = setup(*args)
        assert (result.exit_code, result.stderr) == (1, needs)
    advisor = setup("--reset", "--as", "adv.lee", "--yes")
    assert (advisor.exit_code, advisor.stderr) == (
        1,
        "error: not allowed: adv.lee (advisor) may not manage accounts\n",
    )
    assert len(rows(records_db, "SELECT id FROM users")) == len(ACCOUNTS)
    done = setup("--reset", "--as", "admin", "--yes")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"deleted {records_db}"
    assert rows(records_db, "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM audit_log)") == [
        (0, 0)
    ]
    empty = setup("--reset")  # no account: nothing to protect
    assert empty.exit_code == 0, empty.stderr


def test_setup_makes_the_sample_students_first_plans_once(isolated_db, sample_dir, monkeypatch):
    first = setup("--demo")
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines()[-1] == "first plans: 1 made, 0 already current"

    def no_model() -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr("pathways.cli_catalog.default_model", no_model)
    monkeypatch.setattr("pathways.cli_first_plans.default_model", no_model)
    again = setup("--demo")  # as `make run` does at every start
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines()[1:] == [
        "search index: up to date",
        "first plans: 0 made, 1 already current",
    ]
    assert rows(isolated_db, "SELECT student_id, made_by FROM first_plans") == [("stu-ana", "(setup)")]
