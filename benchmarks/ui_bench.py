"""App benchmark: how long the Streamlit app takes to serve its first pages, and how long an advisor's
edit takes to re-render the plan, measured in a real browser (Debian's chromium through Playwright).

    .venv/bin/python benchmarks/ui_bench.py                 # builds a sample-district database first
    .venv/bin/python benchmarks/ui_bench.py --db var/pathways.duckdb --edits 30

It prints:
1. server start -> health check answered, -> sign-in page shown, and -> a student's first plan shown
   (signed in; this includes loading the embedding model, the matcher, the chat engine and one solve,
   which the server starts loading in the background as it starts: ``ui/serve.py``, as ``make run``;
   ``--no-warmup`` serves with plain ``streamlit run app.py`` instead); the sign-in click -> the first
   plan shown on that cold server, and again for a second student once the server is warm (its warm-up
   over: the server idle), each with the server's CPU seconds meanwhile;
2. advisor edits (the "Most hours a week" control of one student, alternating two values): time from
   the change to its note on screen, and to the whole re-planned plan area drawn, median and p95
   (checked on every animation frame);
3. the same edits re-planned in-process without the UI (``ui.workspace.replan``): the solver's share.
Targets on 2 cores: sign-in page <= 20 s after start; a first plan <= 5 s after signing in on a cold
server, <= 2 s warm; advisor edit p95 <= 1 s. The load average is printed with the timings.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from core.store import Store

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
DEMO_PASSWORD = "pinevalley-demo"  # the sample district's published demo password (docs/accounts.md)
TIMEOUT_MS = 120_000
NOTE_SHOWN = "note => document.body.innerText.includes(note)"
RERENDERED = """() => document.querySelectorAll("[data-stale='true']").length === 0
    && [...document.querySelectorAll("table")].some(t => t.innerText.includes("earns for graduation"))"""
EDIT_HOURS = (29, 28)
"""The two values the benchmark's edits alternate between (each edit re-plans)."""


def build_sample(path: Path) -> None:
    """The sample district as `make run` sets it up (`pathways setup --demo`: the district, its search
    index and occupation vectors, the demo accounts and each student's first plan), not timed."""
    subprocess.run(
        [sys.executable, "-m", "pathways.cli", "setup", "--demo"],
        cwd=ROOT,
        env={**os.environ, "PATHWAYS_DB": str(path)},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def sample_database(db: Path | None, folder: str) -> Path:
    """``db``, or a new sample-district database in ``folder`` (built untimed)."""
    if db is not None:
        return db
    print("building the sample district database (not timed)...", flush=True)
    built = Path(folder) / "sample.duckdb"
    build_sample(built)
    return built


def student_name(db: Path, student_id: str) -> str:
    store = Store.open(db, read_only=True)
    try:
        return store.student(student_id).name
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("the app exited before it answered") from None
            time.sleep(0.1)


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/sign-in")
    page.get_by_label("User name").fill(username)
    page.get_by_role("textbox", name="Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (user and system, all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, timeout: float = 120.0) -> float:
    """Wait until the server's warm-up is over (it used under 0.05 s of CPU in each of two half
    seconds in a row); returns the seconds waited."""
    started = time.perf_counter()
    quiet, last = 0, cpu_seconds(pid)
    while quiet < 2 and time.perf_counter() - started < timeout:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        quiet, last = (quiet + 1 if now - last < 0.05 else 0), now
    return time.perf_counter() - started


def first_plan_after_sign_in(page: Page, url: str, username: str, server: int) -> tuple[float, float]:
    """Seconds from the sign-in click to the student's plan table on screen, and the server's CPU
    seconds meanwhile (which the machine's load does not stretch)."""
    sign_in(page, url, username)
    started, cpu = time.perf_counter(), cpu_seconds(server)
    expect(plan_table(page)).to_be_visible(timeout=TIMEOUT_MS)
    return time.perf_counter() - started, cpu_seconds(server) - cpu


def plan_table(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("table").filter(has_text="earns for graduation").first


def advisor_edits(page: Page, url: str, name: str, edits: int) -> tuple[list[float], list[float]]:
    """Seconds from each hours change to its note on screen, and to the whole re-planned plan area
    drawn (the plan table there and no element of the previous run left: Streamlit marks those
    stale until the rerun ends)."""
    sign_in(page, url, "adv.chen")
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible(timeout=TIMEOUT_MS)
    # Open the student from the caseload inside the app, as an advisor does (loading the student's
    # address would start a new Streamlit session, signed in again from the session cookie).
    page.get_by_label("Open a student").click()
    page.get_by_role("option", name=name).click()
    page.get_by_role("button", name="Make a first plan").or_(plan_table(page)).first.wait_for(
        timeout=TIMEOUT_MS
    )
    if page.get_by_role("button", name="Make a first plan").is_visible():
        page.get_by_role("button", name="Make a first plan").click()
    expect(plan_table(page)).to_be_visible(timeout=TIMEOUT_MS)
    shown: list[float] = []
    settled: list[float] = []
    for i in range(edits):
        hours = EDIT_HOURS[i % 2]
        page.get_by_role("tab", name="Pace and target").click()
        box = page.get_by_role("spinbutton", name="Most hours a week")
        box.fill(str(hours))
        started = time.perf_counter()
        box.press("Enter")
        # Checked on every animation frame (Playwright's expect() polls every 500 ms after a while).
        page.wait_for_function(NOTE_SHOWN, arg=f"At most {hours} hours a week.", polling="raf",
                               timeout=TIMEOUT_MS)  # fmt: skip
        shown.append(time.perf_counter() - started)
        page.wait_for_function(RERENDERED, polling="raf", timeout=TIMEOUT_MS)
        settled.append(time.perf_counter() - started)
    return shown, settled


def replan_only(db: Path, student_id: str, edits: int) -> list[float]:
    """Seconds per re-plan of the same edits without the UI: the solver and the plan's reasons."""
    from matcher import interest_fit
    from ui.workspace import Workspace, replan, with_profile

    store = Store.open(db, read_only=True)
    try:
        catalog, student = store.catalog(), store.student(student_id)
        fit = interest_fit(store, student=student)
    finally:
        store.close()
    ws = replan(Workspace(student=student, saved_student=student), catalog, fit)
    times = []
    for i in range(edits):
        started = time.perf_counter()
        ws = replan(with_profile(ws, max_hours_per_week=float(EDIT_HOURS[i % 2])), catalog, fit)
        times.append(time.perf_counter() - started)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="An existing database with the sample district and accounts.")
    parser.add_argument("--student", default="stu-maya", help="The student the advisor edits.")
    parser.add_argument("--edits", type=int, default=20, help="How many advisor edits to time.")
    parser.add_argument(
        "--no-warmup",
        action="store_true",
        help="Serve with plain `streamlit run app.py` (no loading at start).",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pathways-ui-bench-") as folder:
        db = sample_database(args.db, folder)
        name = student_name(db, args.student)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        launch = ["streamlit", "run", str(ROOT / "app.py")] if args.no_warmup else ["ui.serve"]
        command = [sys.executable, "-m", *launch, "--server.port", str(port),
                   "--server.address", "127.0.0.1", "--server.headless", "true",
                   "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]  # fmt: skip
        env = {**os.environ, "PATHWAYS_DB": str(db)}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            started = time.perf_counter()
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            try:
                wait_healthy(url, process)
                healthy = time.perf_counter() - started
                page = browser.new_page(viewport={"width": 1500, "height": 1100})
                page.goto(f"{url}/sign-in")
                expect(page.get_by_label("User name")).to_be_visible(timeout=TIMEOUT_MS)
                first_page = time.perf_counter() - started
                cold, cold_cpu = first_plan_after_sign_in(page, url, "maya", process.pid)
                first_plan = time.perf_counter() - started
                start_cpu = cpu_seconds(process.pid)
                load_cold = os.getloadavg()[0]
                idle = wait_idle(process.pid) + time.perf_counter() - started
                idle_cpu = cpu_seconds(process.pid)
                warm, warm_cpu = first_plan_after_sign_in(
                    browser.new_page(viewport={"width": 1500, "height": 1100}), url, "diego", process.pid
                )
                load_warm = os.getloadavg()[0]
                advisor = browser.new_page(viewport={"width": 1500, "height": 1100})
                try:
                    shown, settled = advisor_edits(advisor, url, name, args.edits)
                except Exception:
                    advisor.screenshot(path=str(ROOT / "var" / "ui_bench_failure.png"), full_page=True)
                    print("the advisor page did not behave; its screenshot: var/ui_bench_failure.png")
                    raise
            finally:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:  # a loaded machine: the warm-up may hold the interpreter
                    process.kill()
                    process.wait(timeout=30)
                browser.close()
        print(f"server start -> health check:            {healthy:6.2f} s")
        print(f"server start -> sign-in page shown:      {first_page:6.2f} s")
        print(
            f"server start -> first student plan shown: {first_plan:6.2f} s  (model, matcher, chat engine, solve)"
        )
        print(f"server CPU, start -> first plan shown:    {start_cpu:6.2f} s")
        print(f"server start -> warm-up over (idle):      {idle:6.2f} s  (server CPU {idle_cpu:.2f} s)")
        print(
            f"sign-in -> first plan, cold server:       {cold:6.2f} s  (server CPU {cold_cpu:.2f} s, load average {load_cold:.1f})"
        )
        print(
            f"sign-in -> first plan, warm (2nd student): {warm:6.2f} s  (server CPU {warm_cpu:.2f} s, load average {load_warm:.1f})"
        )
        for what, times in (("its note shown", shown), ("plan area re-rendered", settled)):
            print(f"advisor edit -> {what} ({len(times)} edits): median {statistics.median(times):.3f} s, "
                  f"p95 {p95(times):.3f} s, max {max(times):.3f} s")  # fmt: skip
        solver = replan_only(db, args.student, args.edits)
        print(f"the same edits re-planned without the UI: median {statistics.median(solver):.3f} s, "
              f"p95 {p95(solver):.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
