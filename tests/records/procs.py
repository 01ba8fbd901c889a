"""Helper processes for the concurrency and durability tests (run as `python procs.py MODE DB ...`).

- hold DB: open the store, print "ready", keep it open until a line arrives on standard input.
- edit DB STUDENT USER COUNT: save COUNT plan versions through the service, each based on the version
  it just read; on a conflict read again and retry. Prints "saved N" after each save.
- app DB SECONDS THREADS: several sessions of one app process reading plans non-stop.
- wait-marker DB: announce that this process waits for the file (its held marker), print "waiting",
  then sleep until killed.
- churn DB STUDENT: save versions with large plans directly in the store, forever, printing
  "committed N" after each commit (the durability test kills it with SIGKILL).
"""

from __future__ import annotations

import sys
import threading
import time

from recordkit import PASSWORD, make_plan

from core.store import Store
from planner.domain import PlanStatus, Wish, WishKind
from records import accounts, plans
from records.errors import ConflictError
from records.service import Records

CHURN_WISHES = 400
"""Wishes padded into each churned plan so that one save writes a few hundred kilobytes."""

CHURN_CHECKPOINT = "1MB"
"""A small write-ahead-log threshold, so that kills also land during checkpoints."""


def churn_plan(student: str, n: int):
    """The plan saved as version n: its content is a function of n, so a reader can check it whole."""
    plan = make_plan(student, [("BIO-1", "2027-SP")], status=PlanStatus.OPTIMAL)
    wishes = [
        Wish(id=f"w{n}-{i}", kind=WishKind.LOCK, text=f"version {n} wish {i} " * 8)
        for i in range(CHURN_WISHES)
    ]
    return plan.model_copy(update={"wishes": wishes, "message": f"version {n}"})


def hold(db: str) -> None:
    store = Store.open(db)
    print("ready", flush=True)
    sys.stdin.readline()
    store.close()


def edit(db: str, student: str, username: str, count: int) -> None:
    records = Records(db, busy_timeout=60, on_busy=lambda wait: print(f"busy {wait.attempt}", flush=True))
    user = records.authenticate(username, PASSWORD)
    saved = 0
    while saved < count:
        current = records.plan(user, student)
        based_on = current.version if current else 0
        plan = make_plan(student, [("BIO-1", "2027-SP")]).model_copy(
            update={"message": f"{username} {saved}"}
        )
        try:
            records.save_plan(user, student, plan, based_on=based_on)
        except ConflictError:
            continue
        saved += 1
        print(f"saved {saved}", flush=True)
    print("done", flush=True)


def busy_app(db: str, seconds: float, threads: int) -> None:
    """An app process with several sessions reading plans at once, non-stop, for ``seconds``."""
    records = Records(db, busy_timeout=60)
    user = records.authenticate("adv.lee", PASSWORD)
    stop = time.monotonic() + seconds
    calls = [0] * threads

    def session(i: int) -> None:
        while time.monotonic() < stop:
            records.plan(user, "stu-ana")
            calls[i] += 1

    print("started", flush=True)
    workers = [threading.Thread(target=session, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(f"calls {sum(calls)}", flush=True)


def churn(db: str, student: str) -> None:
    store = Store.open(db)
    store.cursor().execute(f"SET checkpoint_threshold = '{CHURN_CHECKPOINT}'")
    with store.transaction() as cur:
        author = accounts.get_user(cur, "adv.lee")
    assert author is not None
    while True:
        with store.transaction() as cur:
            n = plans.head_number(cur, student) + 1
            plans.save_draft(cur, student, author, churn_plan(student, n), based_on=n - 1)
        print(f"committed {n}", flush=True)


def wait_marker(db: str) -> None:
    from core.db import _Marker

    marker = _Marker(db)
    marker.announce()
    print("waiting", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    mode, db, *rest = sys.argv[1:]
    if mode == "hold":
        hold(db)
    elif mode == "edit":
        edit(db, rest[0], rest[1], int(rest[2]))
    elif mode == "app":
        busy_app(db, float(rest[0]), int(rest[1]))
    elif mode == "wait-marker":
        wait_marker(db)
    elif mode == "churn":
        churn(db, rest[0])
    else:
        raise SystemExit(f"unknown mode {mode}")
