"""Page benchmark: what one full rerun of the advisor's page costs on the server, run in-process with
Streamlit's AppTest (no browser): the caseload page with a student open, as the demo advisor
``adv.chen`` on the sample district.

    .venv/bin/python benchmarks/page_bench.py                  # builds a sample-district database first
    .venv/bin/python benchmarks/page_bench.py --db var/pathways.duckdb --runs 30

It prints, per rerun (the router and the page, as after any click that reruns the whole page): how
many times the DuckDB file was opened, how many audit rows were written, and the wall time, median
and p95, with the load average before and after. The first runs (the model, the matcher, the first
plan) are not timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest
from ui_bench import DEMO_PASSWORD, p95, sample_database

from core import store as store_module
from core.settings import get_settings
from core.store import Store
from records.service import Records
from ui.login import SESSION_TOKEN_KEY

ROOT = Path(__file__).resolve().parents[1]

ADVISOR = "adv.chen"
PAGE = "ui/advisor_page.py"
WARM_RUNS = 2
"""Untimed reruns after the student is open (caches filled, the plan made)."""


class Opens:
    """Counts ``Store.open`` calls (every DuckDB open of the app goes through it)."""

    def __init__(self) -> None:
        self.count = 0

    @contextmanager
    def counting(self) -> Iterator[None]:
        original = store_module.Store.open.__func__  # type: ignore[attr-defined]

        def counted(cls: type[Store], *args: object, **kwargs: object) -> Store:
            self.count += 1
            return original(cls, *args, **kwargs)  # type: ignore[no-any-return]

        store_module.Store.open = classmethod(counted)  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            store_module.Store.open = classmethod(original)  # type: ignore[method-assign,assignment]


def audit_rows(db: Path) -> int:
    store = Store.open(db, read_only=True)
    try:
        row = store.cursor().execute("SELECT count(*) FROM audit_log").fetchone()
        return int(row[0]) if row else 0
    finally:
        store.close()


def open_student(db: Path, student_id: str) -> AppTest:
    """The advisor signed in, on the caseload page with the student open and a plan shown."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.session_state[SESSION_TOKEN_KEY] = Records(db).sign_in(ADVISOR, DEMO_PASSWORD).token
    app.query_params["student"] = student_id
    app.run()
    app.switch_page(PAGE)
    app.run()
    first = [b for b in app.button if b.key == f"{student_id}-first"]
    if first:
        first[0].click()
        app.run()
    if app.exception or not app.header:
        raise RuntimeError(f"the advisor page did not open the student: {app.exception or app.main}")
    for _ in range(WARM_RUNS):
        app.run()
    return app


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="An existing database with the sample district and accounts.")
    parser.add_argument("--student", default="stu-maya", help="The student the advisor opens.")
    parser.add_argument("--runs", type=int, default=20, help="How many reruns to time.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pathways-page-bench-") as folder:
        db = sample_database(args.db, folder)
        os.environ["PATHWAYS_DB"] = str(db)
        get_settings.cache_clear()
        app = open_student(db, args.student)
        before_load = load()
        opens, audited, times = Opens(), [], []
        for _ in range(args.runs):
            rows = audit_rows(db)
            with opens.counting():
                started = time.perf_counter()
                app.run()
                times.append(time.perf_counter() - started)
            audited.append(audit_rows(db) - rows)
            if app.exception:
                raise RuntimeError(f"the advisor page failed: {app.exception}")
        print(f"advisor page rerun, {ADVISOR} with {args.student} open, {args.runs} runs:")
        print(f"  DuckDB opens per rerun: {opens.count / args.runs:g}")
        print(f"  audit rows per rerun:   {statistics.mean(audited):g}")
        print(f"  wall time: median {statistics.median(times) * 1000:.0f} ms, p95 {p95(times) * 1000:.0f} ms")
        print(f"  load average (1, 5, 15 min): before {before_load}, after {load()}")


if __name__ == "__main__":
    main()
