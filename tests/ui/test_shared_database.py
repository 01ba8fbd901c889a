"""The app holds no DuckDB connection between operations: after any role's page has rendered (the
catalog, the matcher, the chat engine and the plan all loaded), another process can still open the
file for writing, as a `pathways` command would. DuckDB lets one process at a time write a file, so a
connection cached for the life of the app would lock the command line out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from uikit import ROLE_USER, open_app

WRITE_FROM_ANOTHER_PROCESS = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS probe (x INTEGER)")
con.execute("INSERT INTO probe VALUES (1)")
print(con.execute("SELECT count(*) FROM probe").fetchone()[0])
con.close()
"""


def write_from_another_process(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WRITE_FROM_ANOTHER_PROCESS, str(db)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("role", list(ROLE_USER))
def test_another_process_can_write_while_a_page_is_open(records, ui_db, role):
    app = open_app(records, ROLE_USER[role])
    done = write_from_another_process(ui_db)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "1", "")
    app.run()  # the page still works after the other process wrote
    assert not app.exception, app.exception


def test_another_process_can_write_after_a_catalog_search(records, ui_db):
    app = open_app(None, None)
    next(t for t in app.text_input if t.label == "Search opportunities").set_value("chemistry").run()
    assert not app.exception, app.exception
    done = write_from_another_process(ui_db)
    assert (done.returncode, done.stdout.strip()) == (0, "1")


def test_another_process_can_write_while_the_matcher_is_built(ui_db, monkeypatch):
    """The server's warm-up builds the matcher (seconds of work) before anyone signs in: the file is
    let go of once the catalog and its vectors are read, so a `pathways` command writing at that
    moment is not locked out."""
    from ui import resources

    written: list[subprocess.CompletedProcess[str]] = []

    class Probe(resources.Matcher):
        def __init__(self, *args, **kwargs):
            written.append(write_from_another_process(ui_db))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(resources, "Matcher", Probe)
    assert isinstance(resources.get_matcher(), Probe)
    assert [(w.returncode, w.stdout.strip(), w.stderr) for w in written] == [(0, "1", "")]
