"""An output path the command line cannot write is one line of error, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from recordkit import PASSWORD, cli_app
from typer.testing import CliRunner

runner = CliRunner()


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("a-folder", "it is a folder; name a file"),
        ("missing/record.json", "the folder {tmp}/missing does not exist"),
        ("/sys/record.json", "permission denied"),  # not writable, even by root
        ("a-file/record.json", "a part of the path is a file, not a folder"),
    ],
)
def test_export_student_to_a_place_it_cannot_write(records_db, tmp_path, monkeypatch, target, problem):
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    out = Path(target) if target.startswith("/") else tmp_path / target
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = runner.invoke(cli_app(), ["export", "student", "stu-ana", "--as", "adv.lee", "--out", str(out)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: cannot write {out}: {problem.format(tmp=tmp_path)}\n",
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
