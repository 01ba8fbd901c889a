"""A student's whole record moves as JSON: export, then import elsewhere gives the same record; an import
that does not fit is refused whole, with the file, field and reason."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from recordkit import PASSWORD, cli_app, make_plan
from typer.testing import CliRunner

from core.errors import InputError
from core.store import Store
from records import transfer
from records.service import Records

runner = CliRunner()


@pytest.fixture
def with_history(records, users):
    """stu-bo: three versions (draft, proposed, new draft) and two comments."""
    records.save_plan(users["adv.lee"], "stu-bo", make_plan("stu-bo", [("BIO-1", "2027-SP")]), based_on=0)
    records.propose(users["bo"], "stu-bo", based_on=1)
    records.add_comment(users["fam.lindqvist"], "stu-bo", "Looks good to us.")
    records.save_plan(users["bo"], "stu-bo", make_plan("stu-bo", [("ALG-ONLINE", "2027-SP")]), based_on=2)
    records.add_comment(users["adv.lee"], "stu-bo", "Let's talk on Friday.")
    return records


def _comparable(record: transfer.StudentRecord) -> dict:
    data = record.model_dump(mode="json", exclude={"exported_at"})
    for comment in data["comments"]:
        del comment["id"]
    return data


@pytest.fixture
def with_conversation(with_history, users):
    """stu-bo has also talked with the chat: the opening and one turn."""
    with_history.add_chat_turn(users["bo"], "stu-bo", None, "Hi Bo! Here is a first plan.")
    with_history.add_chat_turn(users["bo"], "stu-bo", "drop the trip", "Dropped the trip.")
    return with_history


@pytest.fixture
def elsewhere(tmp_path, records_template) -> Path:
    """A second database with the same district and accounts but no stu-bo."""
    path = tmp_path / "elsewhere.duckdb"
    shutil.copyfile(records_template, path)
    store = Store.open(path)
    with store.transaction() as cur:
        cur.execute("DELETE FROM evidence WHERE student = 'stu-bo'")
        cur.execute("DELETE FROM students WHERE id = 'stu-bo'")
    store.close()
    return path


def test_export_then_import_elsewhere_gives_the_same_record(with_history, users, elsewhere):
    record = with_history.export_record(users["admin"], "stu-bo")
    assert [v.version for v in record.plan_versions] == [1, 2, 3]
    parsed = transfer.parse_record(json.loads(transfer.record_json(record)), "bo.json")
    target = Records(elsewhere)
    target.import_record(users["admin"], parsed, source="bo.json")
    again = target.export_record(users["admin"], "stu-bo")
    assert _comparable(again) == _comparable(record)
    assert (
        target.plan(users["adv.lee"], "stu-bo").summary == "added Algebra Online (2027-SP); removed Biology"
    )


def test_the_conversation_moves_with_the_record_and_replaces_the_old_one(with_conversation, users, elsewhere):
    record = with_conversation.export_record(users["admin"], "stu-bo")
    assert [(m.seq, m.speaker.value, m.author_id, m.body) for m in record.conversation] == [
        (1, "assistant", "bo", "Hi Bo! Here is a first plan."),
        (2, "student", "bo", "drop the trip"),
        (3, "assistant", "bo", "Dropped the trip."),
    ]
    parsed = transfer.parse_record(json.loads(transfer.record_json(record)), "bo.json")
    target = Records(elsewhere)
    target.import_record(users["admin"], parsed, source="bo.json")
    assert target.conversation(users["bo"], "stu-bo") == record.conversation
    assert _comparable(target.export_record(users["admin"], "stu-bo")) == _comparable(record)
    shorter = record.model_copy(update={"conversation": record.conversation[:1]})
    with_conversation.import_record(users["admin"], shorter, replace=True, source="bo.json")
    assert with_conversation.conversation(users["bo"], "stu-bo") == record.conversation[:1]


def test_a_version_2_file_without_a_conversation_still_imports(with_conversation, users, elsewhere):
    data = with_conversation.export_record(users["admin"], "stu-bo").model_dump(mode="json")
    data["format_version"] = 2
    del data["conversation"]
    target = Records(elsewhere)
    target.import_record(users["admin"], transfer.parse_record(data, "bo.json"), source="bo.json")
    assert target.conversation(users["bo"], "stu-bo") == []


def test_an_existing_record_is_replaced_only_when_asked(with_history, users):
    record = with_history.export_record(users["admin"], "stu-bo")
    with pytest.raises(InputError) as refused:
        with_history.import_record(users["admin"], record, source="bo.json")
    assert str(refused.value) == (
        "bo.json: student.id: student 'stu-bo' already has a record in this database; import with --replace "
        "to overwrite it (profile, evidence, plan versions and comments)"
    )
    first_only = record.model_copy(update={"plan_versions": record.plan_versions[:1], "comments": []})
    with_history.import_record(users["admin"], first_only, replace=True, source="bo.json")
    assert [v.version for v in with_history.history(users["adv.lee"], "stu-bo")] == [1]
    assert with_history.comments(users["adv.lee"], "stu-bo") == []


def test_a_record_that_names_unknown_catalog_items_is_refused_whole(with_history, users, elsewhere):
    record = with_history.export_record(users["admin"], "stu-bo")
    student = record.student.model_copy(
        update={"requirement_set": "old-diploma", "target_graduation_term": "2031-SP"}
    )
    target = Records(elsewhere)
    with pytest.raises(InputError) as refused:
        target.import_record(users["admin"], record.model_copy(update={"student": student}), source="bo.json")
    assert str(refused.value).splitlines() == [
        "bo.json, student 'stu-bo': requirement set 'old-diploma' is unknown",
        "bo.json, student 'stu-bo': target_graduation_term '2031-SP' is not a term",
    ]
    with pytest.raises(Exception, match="no student with id 'stu-bo'"):
        target.student(users["admin"], "stu-bo")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.update(format_version=4), "bo.json: format_version: Input should be 1, 2 or 3"),
        (
            lambda d: d["plan_versions"].pop(0),
            "plan_versions[0] is version 2; versions run 1, 2, 3... in order",
        ),
        (
            lambda d: d["comments"][0].update(version=7),
            "comments[0] refers to plan version 7, which is not in",
        ),
        (
            lambda d: d["plan_versions"][1]["plan"].update(student="stu-ana"),
            "plan_versions[1] belongs to another",
        ),
        (lambda d: d["student"].pop("name"), "bo.json: student.name: Field required"),
        (
            lambda d: d["conversation"].pop(0),
            "conversation[0] is message 2; messages run 1, 2, 3... in order",
        ),
        (
            lambda d: d["conversation"][1].update(student_id="stu-ana"),
            "conversation[1] belongs to another student than 'stu-bo'",
        ),
        (lambda d: d["conversation"][2].update(body=""), "bo.json: conversation.2.body: String should have"),
    ],
)
def test_a_malformed_record_names_the_field(with_conversation, users, change, problem):
    data = with_conversation.export_record(users["admin"], "stu-bo").model_dump(mode="json")
    change(data)
    with pytest.raises(InputError) as refused:
        transfer.parse_record(data, "bo.json")
    assert problem in str(refused.value)


def test_the_command_line_moves_a_record_between_databases(with_history, elsewhere, tmp_path, monkeypatch):
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    out = tmp_path / "bo.json"
    exported = runner.invoke(cli_app(), ["export", "student", "stu-bo", "--as", "adv.lee", "--out", str(out)])
    assert (exported.exit_code, exported.stderr) == (0, f"wrote {out}\n")
    monkeypatch.setenv("PATHWAYS_DB", str(elsewhere))
    from core.settings import get_settings

    get_settings.cache_clear()
    imported = runner.invoke(cli_app(), ["import", "student-record", str(out), "--as", "admin"])
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout == "imported student stu-bo: 1 evidence, 3 plan versions, 2 comments\n"
    again = runner.invoke(cli_app(), ["import", "student-record", str(out), "--as", "admin"])
    assert again.exit_code == 1
    assert again.stderr.startswith("error: nothing was imported; 1 problem(s):\n")
    truncated = tmp_path / "cut.json"
    text = out.read_text(encoding="utf-8")
    truncated.write_text(text[: text.index('"plan_versions"')], encoding="utf-8")
    cut = runner.invoke(cli_app(), ["import", "student-record", str(truncated), "--as", "admin", "--replace"])
    assert cut.exit_code == 1
    assert "the JSON ends too early (truncated?)" in cut.stderr


def test_the_learning_record_round_trips_with_its_history_files_and_hours(records, users, elsewhere):
    import datetime as dt

    from recordkit import SUPERVISOR_TOKEN

    from records.evidence import ArtifactIn, EvidenceIn
    from records.placements import TimesheetIn

    shown = EvidenceIn(
        competency="HS-PS1-2",
        level="developing",
        date=dt.date(2026, 11, 20),
        opportunity="INT-BIOTECH",
        artifacts=[
            ArtifactIn(name="notes.txt", content=b"titration notes"),
            ArtifactIn(name="video", url="https://example.org/v"),
        ],
    )
    supervisor = records.supervisor(SUPERVISOR_TOKEN)
    rated = records.rate(supervisor, 1, shown)
    records.correct_evidence(
        users["admin"], "stu-ana", rated.id, shown.model_copy(update={"level": "proficient"}), "re-scored"
    )
    entry = records.log_hours(
        users["ana"], 1, TimesheetIn(date=dt.date(2027, 1, 20), start="14:00", end="17:30", tasks="Gel")
    )
    records.decide_hours(supervisor, entry.id, approve=True)
    record = records.export_record(users["admin"], "stu-ana")
    assert [(e.level, e.supersedes is not None) for e in record.learning.evidence] == [
        ("developing", False),
        ("proficient", True),
    ]
    parsed = transfer.parse_record(json.loads(transfer.record_json(record)), "ana.json")
    target = Records(elsewhere)
    target.import_record(users["admin"], parsed, replace=True, source="ana.json")
    again = target.export_record(users["admin"], "stu-ana")
    assert _numbered_anew(again.learning) == _numbered_anew(record.learning)
    assert (
        target.artifact(users["admin"], "stu-ana", record.learning.evidence[0].artifacts[0].sha256 or "")
        == b"titration notes"
    )


def _numbered_anew(part) -> dict:
    """The learning part with every id replaced by its position (an import numbers rows anew)."""
    entries = {e.id: i for i, e in enumerate(part.evidence)}
    placed = {p.id: i for i, p in enumerate(part.placements)}
    data = part.model_dump(mode="json")
    for e in data["evidence"]:
        e["id"] = entries[e["id"]]
        e["supersedes"] = entries.get(e["supersedes"])
        e["placement_id"] = placed.get(e["placement_id"])
    for p in data["placements"]:
        p["id"] = placed[p["id"]]
    for i, t in enumerate(data["timesheets"]):
        t["id"] = i
        t["placement_id"] = placed[t["placement_id"]]
    return data
