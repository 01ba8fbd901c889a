"""No lost edits: a stale save is refused with who saved what and when; sessions saving at the same
instant, and processes (the app and the command line) writing at the same time, lose nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from recordkit import PASSWORD, cli_app, make_plan
from typer.testing import CliRunner

from core.db import describe_process, waiting_process
from core.store import Store, StoreBusyError
from records import plans
from records.errors import ConflictError
from records.plans import PlanState
from records.service import Records

PROCS = Path(__file__).parent / "procs.py"
AT = dt.datetime(2026, 11, 3, 16, 45)


def test_a_stale_save_is_refused_and_names_who_saved_what_and_when(records_db, users):
    records = Records(records_db, clock=lambda: AT)
    records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", [("BIO-1", "2027-SP")]), based_on=0)
    # Ana and Mr. Lee both open version 1; Mr. Lee saves first.
    theirs = make_plan("stu-ana", [("BIO-1", "2027-SP"), ("INT-BIOTECH", "2027-SU")])
    records.save_plan(users["adv.lee"], "stu-ana", theirs, based_on=1)
    mine = make_plan("stu-ana", [("BIO-1", "2027-FA")])
    with pytest.raises(ConflictError) as conflict:
        records.save_plan(users["ana"], "stu-ana", mine, based_on=1)
    assert str(conflict.value) == (
        "Your change was not saved: Mr. Lee (advisor) saved version 2 at 2026-11-03 16:45 UTC "
        "(added Biotech Lab Internship (2027-SU)), after you started from version 1. "
        "Look at version 2 and make your change again."
    )
    assert (conflict.value.theirs.version, conflict.value.theirs.plan, conflict.value.based_on) == (
        2,
        theirs,
        1,
    )
    assert [v.version for v in records.history(users["ana"], "stu-ana")] == [2, 1]
    again = records.save_plan(users["ana"], "stu-ana", mine, based_on=2)
    assert again.summary == "removed Biotech Lab Internship; moved Biology from 2027-SP to 2027-FA"


def test_a_first_plan_saved_twice_from_nothing_keeps_the_first(records, users):
    records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", [("BIO-1", "2027-SP")]), based_on=0)
    with pytest.raises(ConflictError, match="after you started from no plan"):
        records.save_plan(users["adv.lee"], "stu-ana", make_plan("stu-ana", []), based_on=0)


def test_an_advisor_approves_only_the_version_they_looked_at(records, users):
    records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", [("BIO-1", "2027-SP")]), based_on=0)
    records.propose(users["ana"], "stu-ana", based_on=1)
    # The advisor reads version 2; meanwhile Ana changes the plan again (version 3, a draft).
    records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", [("BIO-1", "2027-FA")]), based_on=2)
    with pytest.raises(ConflictError) as conflict:
        records.approve(users["adv.lee"], "stu-ana", based_on=2)
    assert conflict.value.theirs.state is PlanState.DRAFT
    assert records.plan(users["adv.lee"], "stu-ana").version == 3


def _race(records: Records, users: dict, base: int) -> list[str]:
    """Ana and Mr. Lee press save at the same instant, both starting from version ``base``."""
    gate = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(name: str, term: str) -> None:
        plan = make_plan("stu-ana", [("BIO-1", term)])
        gate.wait()
        try:
            records.save_plan(users[name], "stu-ana", plan, based_on=base)
            outcomes[name] = "saved"
        except ConflictError:
            outcomes[name] = "conflict"

    threads = [
        threading.Thread(target=save, args=("ana", "2027-SP")),
        threading.Thread(target=save, args=("adv.lee", "2027-FA")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes.values())


def test_two_sessions_saving_at_the_same_instant_keep_exactly_one(records, users):
    records.save_plan(users["ana"], "stu-ana", make_plan("stu-ana", [("BIO-1", "2027-SP")]), based_on=0)
    for round_ in range(8):
        base = records.plan(users["ana"], "stu-ana").version
        assert _race(records, users, base) == ["conflict", "saved"], round_
        assert records.plan(users["ana"], "stu-ana").version == base + 1


def _versions(db: Path, student: str) -> list[tuple[int, str]]:
    store = Store.open(db)
    try:
        return [(v.version, v.plan.message) for v in plans.all_versions(store.cursor(), student)]
    finally:
        store.close()


def test_two_processes_editing_the_same_plan_lose_nothing(records_db):
    """The app and the command line as two real processes, each opening the file per operation:
    neither waits forever, every save lands, versions stay numbered 1..n."""
    count = 12
    procs = [
        subprocess.Popen(
            [sys.executable, str(PROCS), "edit", str(records_db), "stu-ana", name, str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("ana", "adv.lee")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        lines = out.splitlines()
        assert [line for line in lines if line.startswith("saved")][-1] == f"saved {count}"
        assert lines[-1] == "done"
    versions = _versions(records_db, "stu-ana")
    assert [n for n, _ in versions] == list(range(1, 2 * count + 1))
    assert sorted(m for _, m in versions) == sorted(
        f"{u} {i}" for u in ("ana", "adv.lee") for i in range(count)
    )


@pytest.fixture
def holder(records_db):
    """Another process holding the database file open (as a long import would)."""
    proc = subprocess.Popen(
        [sys.executable, str(PROCS), "hold", str(records_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    yield proc
    if proc.poll() is None:
        proc.communicate("done\n", timeout=60)
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None and not pipe.closed:
            pipe.close()


def test_a_busy_database_is_reported_after_retrying(records_db, users, holder):
    waits = []
    records = Records(records_db, busy_timeout=0.3, on_busy=waits.append)
    with pytest.raises(StoreBusyError) as busy:
        records.plan(users["ana"], "stu-ana")
    assert str(busy.value) == (
        f"the database {records_db} is busy: {describe_process(holder.pid)} has held it for 0 s; "
        "try again when it is done"
    )
    command = f"{Path(sys.executable).name} {PROCS} hold {records_db}"
    assert describe_process(holder.pid) == f"process {holder.pid} ({command[:77]}...)"
    assert waits and [w.attempt for w in waits] == list(range(1, len(waits) + 1))
    holder.communicate("done\n", timeout=60)
    assert records.plan(users["ana"], "stu-ana") is None


def test_the_command_line_says_the_database_is_busy_and_retries(records_db, holder, monkeypatch):
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = CliRunner().invoke(
        cli_app(), ["export", "student", "stu-ana", "--as", "adv.lee", "--wait", "0.3"]
    )
    assert result.exit_code == 1
    first, second = result.stderr.splitlines()
    assert (
        first
        == f"database busy (another Pathways process is using {records_db}), retrying for up to 0.3 s..."
    )
    assert second.startswith(f"error: the database {records_db} is busy")
    holder.communicate("done\n", timeout=60)
    result = CliRunner().invoke(cli_app(), ["export", "student", "stu-ana", "--as", "adv.lee"])
    assert result.exit_code == 0, result.stderr


def test_a_process_killed_while_holding_the_file_blocks_nobody(records_db, users, holder):
    holder.kill()
    holder.wait(timeout=60)
    records = Records(records_db, busy_timeout=30)
    assert records.plan(users["ana"], "stu-ana") is None


def test_a_command_gets_its_turn_while_app_sessions_overlap(records_db, monkeypatch):
    """Three sessions of one app process read non-stop, so the file would never be free between them;
    the command announces that it waits, the app gives way, the command runs, the app carries on."""
    app = subprocess.Popen(
        [sys.executable, str(PROCS), "app", str(records_db), "4", "3"], stdout=subprocess.PIPE, text=True
    )
    assert app.stdout is not None and app.stdout.readline() == "started\n"
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = CliRunner().invoke(cli_app(), ["export", "student", "stu-ana", "--as", "admin", "--wait", "60"])
    out, _ = app.communicate(timeout=120)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["student"]["id"] == "stu-ana"
    assert app.returncode == 0 and int(out.split()[-1]) > 0
    assert [p.name for p in records_db.parent.iterdir() if ".waiting." in p.name] == []


def test_a_marker_nobody_holds_is_ignored_and_removed_even_with_a_live_process_id(records_db, users):
    """`touch DB.waiting.<pid of any live process>` (or a killed command's marker whose pid was reused)
    blocks nobody: only a marker whose lock is held counts."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    markers = [Path(f"{records_db}.waiting.{int(dead.stdout)}"), Path(f"{records_db}.waiting.{os.getppid()}")]
    for marker in markers:
        marker.touch()
    assert waiting_process(str(records_db)) is None
    assert [m.exists() for m in markers] == [False, False]
    Path(f"{records_db}.waiting.1").touch()  # init is always alive
    waits = []
    assert Records(records_db, busy_timeout=5, on_busy=waits.append).plan(users["ana"], "stu-ana") is None
    assert waits == []


def test_a_held_marker_makes_others_give_way_and_names_the_waiting_process(records_db, users):
    waiter = subprocess.Popen(
        [sys.executable, str(PROCS), "wait-marker", str(records_db)], stdout=subprocess.PIPE, text=True
    )
    assert waiter.stdout is not None and waiter.stdout.readline() == "waiting\n"
    try:
        assert waiting_process(str(records_db)) == waiter.pid
        with pytest.raises(StoreBusyError) as busy:
            Records(records_db, busy_timeout=0.2).plan(users["ana"], "stu-ana")
        assert str(busy.value) == (
            f"the database {records_db} is busy: {describe_process(waiter.pid)} has waited for it "
            "for 0 s; try again when it is done"
        )
    finally:
        waiter.kill()
        waiter.communicate(timeout=60)
    assert waiting_process(str(records_db)) is None  # the lock died with the process
