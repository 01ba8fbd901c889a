"""The catalog verbs of the `pathways` command line, run in-process (and once as a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from catalog import district
from core.store import Store
from pathways.cli import app
from records.accounts import Role

runner = CliRunner()


def test_stats_json_counts(store, tiny_district):
    district.import_district(store, tiny_district)
    store.close()
    result = runner.invoke(app, ["catalog", "stats", "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["opportunities_by_kind"] == {"course": 1, "internship": 1, "online_course": 1}
    assert (counts["frameworks"], counts["competencies"], counts["students"]) == (1, 5, 1)


DISTRICT_FILES = [
    "calendar.json",
    "competencies.csv",
    "frameworks.json",
    "opportunities.json",
    "requirements.json",
]


def test_export_without_a_user_writes_the_catalog_alone_and_says_so(store, tiny_district, tmp_path):
    district.import_district(store, tiny_district)
    store.close()
    result = runner.invoke(app, ["catalog", "export", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == DISTRICT_FILES
    assert result.stdout.splitlines()[-1] == (
        "students not written: they are student data; an admin exports them with --as ADMIN"
    )


def test_an_admin_exports_the_students_too_audited(store, tiny_district, tmp_path, cli_as):
    district.import_district(store, tiny_district)
    store.close()
    result = runner.invoke(app, ["catalog", "export", str(tmp_path / "out"), *cli_as()])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([*DISTRICT_FILES, "students.json"])
    audit = (
        Store.open().cursor().execute("SELECT user_id, action, detail FROM audit_log ORDER BY id").fetchall()
    )
    assert audit[-1] == ("admin", "manage_catalog", "export the catalog and every student")
    refused = runner.invoke(app, ["catalog", "export", str(tmp_path / "again"), *cli_as("adv", Role.ADVISOR)])
    assert (refused.exit_code, refused.stderr) == (
        1,
        "error: not allowed: adv (advisor) may not manage catalog\n",
    )
    assert not (tmp_path / "again").exists()


def test_export_into_a_place_it_cannot_write_is_one_line(store, tiny_district, tmp_path):
    district.import_district(store, tiny_district)
    store.close()
    locked = Path("/sys/pathways-test")  # not writable, even by root
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    for target, problem in [
        (locked / "out", "permission denied"),
        (a_file / "out", "a part of the path is a file, not a folder"),
    ]:
        result = runner.invoke(app, ["catalog", "export", str(target)])
        assert (result.exit_code, result.stderr) == (1, f"error: cannot write to {target}: {problem}\n")


def test_an_import_is_an_admins_act_through_the_record_service(store, tiny_district, cli_as):
    store.close()
    refused = runner.invoke(app, ["import", "district", str(tiny_district), *cli_as("adv", Role.ADVISOR)])
    assert (refused.exit_code, refused.stderr) == (
        1,
        "error: not allowed: adv (advisor) may not manage catalog\n",
    )
    assert Store.open().counts()["competencies"] == 0
    done = runner.invoke(app, ["import", "students", str(tiny_district / "students.json"), *cli_as()])
    assert done.exit_code == 1  # the students refer to a catalog that is not there yet
    done = runner.invoke(app, ["import", "district", str(tiny_district), *cli_as()])
    assert done.exit_code == 0, done.stderr
    audit = (
        Store.open()
        .cursor()
        .execute(
            "SELECT user_id, action, allowed, detail FROM audit_log WHERE action = 'manage_catalog' ORDER BY id"
        )
        .fetchall()
    )
    assert audit == [
        ("adv", "manage_catalog", False, ""),
        (
            "admin",
            "manage_catalog",
            True,
            "import district: frameworks 0 -> 1; competencies 0 -> 5; opportunities 0 -> 3; students 0 -> 1; "
            "terms 0 -> 4; requirement_sets 0 -> 1",
        ),
    ]


def test_schema_of_an_unknown_name():
    result = runner.invoke(app, ["schema", "nonsense"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no schema named 'nonsense'; choose one of framework, competency")


def test_schema_of_the_opportunity_file():
    result = runner.invoke(app, ["schema", "opportunity"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Opportunity"
    assert {"id", "title", "kind", "competencies", "hours_per_week", "seasons"} <= set(schema["required"])


def test_bad_import_exits_nonzero_and_changes_nothing(store, tiny_district, tmp_path, cli_as):
    district.import_district(store, tiny_district)
    before = store.counts()
    store.close()
    admin = cli_as()
    bad = tmp_path / "opportunities.json"
    bad.write_text('[{"id": "X"', encoding="utf-8")
    result = runner.invoke(app, ["import", "opportunities", str(bad), *admin])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: nothing was imported; 1 problem(s):\n{bad}, line 1, column 12 (character 11): "
        "the JSON ends too early (truncated?)\n"
    )
    assert Store.open().counts() == before


def test_the_installed_command_runs_as_a_process(tmp_path, tiny_district):
    """The console script, in a real process, with PATHWAYS_DB from the environment."""
    env = {**os.environ, "PATHWAYS_DB": str(tmp_path / "proc.duckdb")}
    exe = Path(sys.executable).with_name("pathways")
    done = subprocess.run(
        [str(exe), "catalog", "stats", "--json"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["competencies"] == 0
    assert (tmp_path / "proc.duckdb").exists()


def test_import_case_then_stats_counts_its_items(case_fixtures, cli_as):
    result = runner.invoke(app, ["import", "case", str(case_fixtures / "happy_v11.json"), *cli_as()])
    assert result.exit_code == 0, result.output
    counts = json.loads(runner.invoke(app, ["catalog", "stats", "--json"]).stdout)
    imported = district.parse_case(case_fixtures / "happy_v11.json")
    assert counts["frameworks"] == 1
    assert counts["competencies"] == len(imported.competencies)
    assert counts["competency_links"] == len(imported.links)


def test_truncated_case_package_fails_and_counts_do_not_change(case_fixtures, cli_as):
    admin = cli_as()
    assert (
        runner.invoke(app, ["import", "case", str(case_fixtures / "happy_v11.json"), *admin]).exit_code == 0
    )
    before = runner.invoke(app, ["catalog", "stats", "--json"]).stdout
    truncated = case_fixtures / "truncated.json"
    result = runner.invoke(app, ["import", "case", str(truncated), *admin])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: nothing was imported; 1 problem(s):\n{truncated}, line ")
    assert "the JSON ends too early" in result.stderr or "invalid JSON" in result.stderr
    assert runner.invoke(app, ["catalog", "stats", "--json"]).stdout == before


def test_sample_files_validate_against_the_printed_schemas():
    """Other tools can check district files with `pathways schema NAME` (HH:MM times included)."""
    import jsonschema

    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    for name, file in (("opportunity", "opportunities.json"), ("student", "students.json")):
        schema = json.loads(runner.invoke(app, ["schema", name]).stdout)
        for item in json.loads((sample / file).read_text(encoding="utf-8")):
            jsonschema.validate(item, schema)
    calendar = json.loads(runner.invoke(app, ["schema", "calendar"]).stdout)
    jsonschema.validate(json.loads((sample / "calendar.json").read_text(encoding="utf-8")), calendar)
