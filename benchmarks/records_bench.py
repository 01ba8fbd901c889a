"""Record-service benchmark: what opening the DuckDB file per operation costs, and how the app and the
command line share the file when both write at the same time.

    .venv/bin/python benchmarks/records_bench.py          # about a minute

It builds a district-scale database in a temporary folder (the seeded generator's 1,000 opportunities,
300 students, one account per role, a solved plan saved as 20 versions), then measures:
1. each service call with its own short-lived connection (open, migrate check, transaction, close),
   against the same work on one connection held open;
2. two processes (an "app" reading and saving plans in a loop, a "command line" exporting records)
   writing at the same time: latency of each, busy retries, lost saves;
3. an app call while another process holds the file for a long job (e.g. a district import);
4. three app sessions whose calls overlap (the file is never free between them) and the command line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from district_gen import generate_district

from core.db import connected
from core.store import Store
from planner.domain import PlanRequest
from planner.solve import solve
from records import accounts, plans
from records.accounts import NewUser, Role
from records.errors import ConflictError
from records.service import Records

PASSWORD = "benchmark password"
STUDENTS = 300
VERSIONS = 20
RUNS = 40
CONTENTION_SECONDS = 8.0
HOLD_SECONDS = 3.0


def build(path: Path) -> None:
    district = generate_district(7, n_opportunities=1000)
    store = Store.open(path)
    students = [
        district.student.model_copy(update={"id": f"stu-{i:03d}", "name": f"Student {i}"})
        for i in range(STUDENTS)
    ]
    plan = solve(
        PlanRequest(student=students[0], catalog=district.catalog, interest_scores=district.interest_scores)
    )
    with store.transaction() as cur:
        c = district.catalog
        store.put_frameworks(cur, c.frameworks)
        store.put_competencies(cur, c.competencies)
        store.put_requirement_sets(cur, c.requirement_sets)
        assert c.calendar is not None
        store.put_calendar(cur, c.calendar)
        store.put_opportunities(cur, c.opportunities)
        store.put_students(cur, students)
        made = {}
        for name, role, linked in [
            ("admin", Role.ADMIN, []),
            ("adv", Role.ADVISOR, [s.id for s in students[:40]]),
            ("stu", Role.STUDENT, ["stu-000"]),
            ("fam", Role.FAMILY, ["stu-000"]),
        ]:
            made[name] = accounts.create_user(
                cur, NewUser(id=name, display_name=name, role=role, students=linked), password=PASSWORD
            )
        for n in range(VERSIONS):
            plans.save_draft(
                cur, "stu-000", made["adv"], plan.model_copy(update={"student": "stu-000"}), based_on=n
            )
    store.close()
    size = len(plan.model_dump_json())
    print(
        f"database: {path.stat().st_size / 1e6:.1f} MB; plan JSON {size / 1e3:.0f} kB; status {plan.status.value}"
    )


def _times(call, runs: int = RUNS) -> tuple[float, float]:
    taken = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        taken.append((time.perf_counter() - start) * 1000)
    taken.sort()
    return statistics.median(taken), taken[int(len(taken) * 0.95) - 1]


def per_operation(path: Path) -> None:
    records = Records(path)
    adv = records.authenticate("adv", PASSWORD)
    head = records.plan(adv, "stu-000")
    assert head is not None
    rows = [
        ("read the current plan", lambda: records.plan(adv, "stu-000")),
        ("read the history (20 versions)", lambda: records.history(adv, "stu-000")),
        ("list the caseload (40 students)", lambda: records.students(adv)),
        (
            "caseload + each plan, call by call",
            lambda: [records.plan(adv, s.id) for s in records.students(adv)],
        ),
        ("caseload + plan heads, one call", lambda: records.caseload(adv)),
        ("add a comment", lambda: records.add_comment(adv, "stu-000", "Checked.")),
        ("sign in (argon2id verify + session)", lambda: records.sign_in("fam", PASSWORD)),
    ]
    version = [head.version]

    def save() -> None:
        saved = records.save_plan(adv, "stu-000", head.plan, based_on=version[0])
        version[0] = saved.version

    rows.append(("save a plan version", save))
    print("\n1. one service call, own connection each time (ms: median / p95)")
    for label, call in rows:
        median, p95 = _times(call)
        print(f"   {label:<40} {median:7.1f} / {p95:7.1f}")
    median, p95 = _times(lambda: Store.open(path).close())
    print(f"   {'open + migrate check + close, nothing else':<40} {median:7.1f} / {p95:7.1f}")
    store = Store.open(path)
    cur = store.cursor()
    print("   the same reads on one connection held open:")
    held = [
        ("read the current plan", lambda: plans.head(cur, "stu-000")),
        ("read the history (20 versions)", lambda: plans.history(cur, "stu-000")),
    ]
    for label, call in held:
        median, p95 = _times(call)
        print(f"   {label:<40} {median:7.1f} / {p95:7.1f}")
    store.close()


def worker(path: str, role: str, seconds: float) -> None:
    """One side of the contention run; prints a JSON summary."""
    busy = [0]
    records = Records(path, busy_timeout=60, on_busy=lambda _: busy.__setitem__(0, busy[0] + 1))
    user = records.authenticate("adv" if role == "app" else "admin", PASSWORD)
    latencies, saves, conflicts = [], 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        if role == "app":
            head = records.plan(user, "stu-001")
            try:
                records.save_plan(
                    user,
                    "stu-001",
                    head.plan if head else _empty("stu-001"),
                    based_on=head.version if head else 0,
                )
                saves += 1
            except ConflictError:
                conflicts += 1
        elif role == "cli":
            records.export_record(user, "stu-000")
        elif role == "sessions":  # three app sessions reading at once, so their calls overlap
            readers = [threading.Thread(target=records.plan, args=(user, "stu-002")) for _ in range(3)]
            for reader in readers:
                reader.start()
            for reader in readers:
                reader.join()
        else:  # hold: one long transaction, like a district import
            with connected(path, timeout=60) as store, store.transaction():
                print("holding", flush=True)
                time.sleep(seconds)
            break
        latencies.append((time.perf_counter() - start) * 1000)
    print(
        json.dumps(
            {
                "role": role,
                "calls": len(latencies),
                "latencies": latencies,
                "busy": busy[0],
                "saves": saves,
                "conflicts": conflicts,
            }
        )
    )


def _empty(student: str):
    from planner.domain import PlanResult, PlanStatus

    return PlanResult(status=PlanStatus.OPTIMAL, student=student)


def _spawn(path: Path, role: str, seconds: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, __file__, "--worker", role, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )


def _summary(proc: subprocess.Popen[str]) -> dict:
    out, _ = proc.communicate(timeout=300)
    return json.loads(out.strip().splitlines()[-1])


def contention(path: Path) -> None:
    print(f"\n2. app and command line writing at the same time for {CONTENTION_SECONDS:g} s")
    app, cli = _spawn(path, "app", CONTENTION_SECONDS), _spawn(path, "cli", CONTENTION_SECONDS)
    for result in (_summary(app), _summary(cli)):
        lat = sorted(result["latencies"])
        print(
            f"   {result['role']:<4} {result['calls']:4d} calls, median {statistics.median(lat):6.1f} ms, "
            f"p95 {lat[int(len(lat) * 0.95) - 1]:7.1f} ms, max {lat[-1]:7.1f} ms, busy retries {result['busy']}"
            + (
                f", saves {result['saves']}, conflicts {result['conflicts']}"
                if result["role"] == "app"
                else ""
            )
        )
    records = Records(path)
    adv = records.authenticate("adv", PASSWORD)
    numbers = [v.version for v in records.history(adv, "stu-001")]
    print(
        f"   versions of stu-001 afterwards: {len(numbers)}, numbered 1..n without a gap: {sorted(numbers) == list(range(1, len(numbers) + 1))}"
    )


def overlapping(path: Path) -> None:
    print(
        f"\n4. three overlapping app sessions reading non-stop, and the command line, for {CONTENTION_SECONDS:g} s"
    )
    app, cli = _spawn(path, "sessions", CONTENTION_SECONDS), _spawn(path, "cli", CONTENTION_SECONDS)
    for result in (_summary(app), _summary(cli)):
        lat = sorted(result["latencies"])
        print(
            f"   {result['role']:<8} {result['calls']:4d} calls, median {statistics.median(lat):6.1f} ms, "
            f"max {lat[-1]:7.1f} ms, busy retries {result['busy']}"
        )


def long_job(path: Path) -> None:
    print(f"\n3. an app call while another process holds the file for {HOLD_SECONDS:g} s")
    records = Records(path)
    adv = records.authenticate("adv", PASSWORD)
    holder = _spawn(path, "hold", HOLD_SECONDS)
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    start = time.perf_counter()
    records.plan(adv, "stu-000")
    waited = time.perf_counter() - start
    _summary(holder)
    print(
        f"   the app call waited {waited:.2f} s and then succeeded (its limit is {records.busy_timeout:g} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--worker", nargs=3, metavar=("ROLE", "DB", "SECONDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        role, db, seconds = args.worker
        worker(db, role, float(seconds))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        build(path)
        per_operation(path)
        contention(path)
        long_job(path)
        overlapping(path)


if __name__ == "__main__":
    main()
