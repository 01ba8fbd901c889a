"""Durability: a real process saving plan versions is killed (SIGKILL) at random moments, many times;
every time, the database opens, the versions are numbered 1..n without a gap, every committed version
is there whole, and nothing half-written is visible."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from procs import churn_plan

from core.store import Store
from records import plans

PROCS = Path(__file__).parent / "procs.py"
ITERATIONS = 30
MAX_KILL_DELAY = 0.04
"""Longest random wait (s) between a commit being reported and the kill: a save takes 10-40 ms, so the
kill lands anywhere in the next save (building it, writing it, committing it, checkpointing)."""


def _committed(output: str) -> int:
    numbers = [int(line.split()[1]) for line in output.splitlines() if line.startswith("committed ")]
    return max(numbers, default=0)


def _check(db: Path, student: str, *, whole: bool) -> int:
    """Open after the crash; versions 1..n are all there; the newest (or all of them) are intact."""
    store = Store.open(db)
    try:
        cur = store.cursor()
        numbers = sorted(v.version for v in plans.history(cur, student))
        head = numbers[-1] if numbers else 0
        assert numbers == list(range(1, head + 1))
        for n in numbers if whole else numbers[-2:]:
            version = plans.get_version(cur, student, n)
            assert version.plan == churn_plan(student, n), n
            assert version.author_id == "adv.lee"
        return head
    finally:
        store.close()


def test_a_killed_save_leaves_every_committed_version_intact(records_db):
    rng = random.Random(6)
    reported = 0
    for iteration in range(ITERATIONS):
        proc = subprocess.Popen(
            [sys.executable, str(PROCS), "churn", str(records_db), "stu-ana"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        for _ in range(rng.randint(1, 3)):
            line = proc.stdout.readline()
            assert line.startswith("committed "), proc.stderr.read() if proc.stderr else line
        time.sleep(rng.uniform(0, MAX_KILL_DELAY))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        reported = max(reported, _committed(line + out))
        head = _check(records_db, "stu-ana", whole=False)
        # Every version the process reported as committed survived; at most the one in flight is extra.
        assert reported <= head <= reported + 1, iteration
        reported = head
    assert _check(records_db, "stu-ana", whole=True) == reported
