"""The learning record's verbs: the graduation audit in words and as JSON, evidence, placements, hours."""

from __future__ import annotations

import json

from recordkit import PASSWORD, cli_app
from typer.testing import CliRunner

runner = CliRunner()


def _run(monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = runner.invoke(cli_app(), list(args))
    return result.exit_code, result.stdout, result.stderr


def test_audit_graduation_in_words_and_as_json(records_db, monkeypatch):
    code, out, err = _run(
        monkeypatch,
        "evidence",
        "add",
        "stu-ana",
        "--competency",
        "HS-LS1-1",
        "--level",
        "advanced",
        "--date",
        "2026-11-20",
        "--opportunity",
        "INT-BIOTECH",
        "--as",
        "teach.ode",
    )
    assert (code, err) == (0, "")
    assert out == "#1 2026-11-20 HS-LS1-1 advanced verified by Mr. Ode, INT-BIOTECH\n"
    code, out, err = _run(monkeypatch, "audit-graduation", "--student", "stu-ana", "--as", "adv.lee")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Graduation audit of stu-ana (tiny-diploma), current term 2027-SP, target 2027-FA: NOT on track",
        "Required:",
        "  HS-LS1-1: demonstrated on 2026-11-20",
        "  HS-PS1-2: missing",
        "  MATH-ALG-1: demonstrated on 2026-06-01",
        "  MATH-ALG-2: missing",
        "Minimum science: 1 demonstrated, 0 planned of 2",
        "Credits: 0",
        "  INT-BIOTECH (science): 1 of 2 outcomes (50%), no credit yet",
        "  ALG-ONLINE (mathematics): 1 of 2 outcomes (50%), no credit yet",
        "  - required HS-PS1-2 is neither demonstrated nor planned by 2027-FA",
        "  - required MATH-ALG-2 is neither demonstrated nor planned by 2027-FA",
        "  - science: 1 demonstrated and 0 planned of the 2 needed",
    ]
    code, out, _ = _run(monkeypatch, "audit-graduation", "--student", "stu-ana", "--json", "--as", "ana")
    found = json.loads(out)
    assert (code, found["on_track"], found["required"][0]) == (
        0,
        False,
        {
            "competency": "HS-LS1-1",
            "status": "demonstrated",
            "date": "2026-11-20",
            "term": None,
            "opportunity": None,
        },
    )
    code, _, err = _run(monkeypatch, "audit-graduation", "--student", "stu-cy", "--as", "ana")
    assert (code, err) == (
        1,
        "error: not allowed: ana (student) may view record only for their own students\n",
    )


def test_hours_and_links_on_the_command_line(records_db, monkeypatch, tmp_path):
    code, out, _ = _run(
        monkeypatch,
        "hours",
        "log",
        "1",
        "--date",
        "2027-01-20",
        "--start",
        "14:00",
        "--end",
        "17:30",
        "--tasks",
        "Ran the gel",
        "--as",
        "ana",
    )
    assert (code, out) == (0, "entry 1: 2027-01-20 3.5 h, submitted\n")
    code, out, _ = _run(monkeypatch, "hours", "show", "1", "--as", "fam.reyes")
    assert out.splitlines() == [
        "#1 2027-01-20 3.5 h submitted: Ran the gel",
        "2027-SP: 0 h approved, 3.5 h waiting",
    ]
    code, out, _ = _run(monkeypatch, "placements", "link", "1", "--days", "30", "--as", "adv.lee")
    assert code == 0 and out.splitlines()[1].startswith("?link=sv1.")
    code, out, _ = _run(monkeypatch, "placements", "revoke", "1", "2", "--as", "adv.lee")
    assert (code, out) == (0, "link 2 revoked\n")
    code, _, err = _run(
        monkeypatch,
        "hours",
        "log",
        "1",
        "--date",
        "2027-01-20",
        "--start",
        "17:00",
        "--end",
        "14:00",
        "--tasks",
        "x",
        "--as",
        "ana",
    )
    assert (code, err) == (1, "error: 14:00 is not after 17:00\n")
    code, _, err = _run(
        monkeypatch,
        "evidence",
        "add",
        "stu-ana",
        "--competency",
        "HS-LS1-1",
        "--level",
        "proficient",
        "--date",
        "2026-11-20",
        "--score",
        "5",
        "--as",
        "admin",
    )
    assert (code, err) == (1, "error: a rubric score needs its maximum, and a maximum its score\n")
    code, out, _ = _run(
        monkeypatch, "users", "assess", "teach.ode", "--opportunity", "BIO-1", "--as", "admin"
    )
    assert (code, out) == (0, "teach.ode assesses BIO-1: 2 students\n")
