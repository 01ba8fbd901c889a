"""The supervisor's link page in a real browser at phone width (390 px): ``streamlit run`` on a free
port against the seeded records database, driven by Playwright in Debian's chromium. The supervisor
opens the link, sees the student's name and the hours waiting, nothing wider than the screen, approves
the day, and the database holds the approval; a made-up link shows why it opens nothing.

Without chromium it is skipped with a message saying how to enable it (PATHWAYS_REQUIRE_BROWSER=1
makes it a failure)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from recordkit import SUPERVISOR_TOKEN, rows

from records.placements import TimesheetIn

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SERVER_START_TIMEOUT = 120
PAGE_TIMEOUT_MS = 120_000
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.slow


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    hint = "chromium is not installed at /usr/bin/chromium: `apt-get install -y chromium` to run this test"
    if os.environ.get("PATHWAYS_REQUIRE_BROWSER") == "1":
        pytest.fail(hint)
    pytest.skip(hint)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(records_db: Path, tmp_path: Path) -> Iterator[str]:
    _require_browser()
    port = _free_port()
    log = (tmp_path / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "PATHWAYS_DB": str(records_db)}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the app did not start; see {tmp_path / 'streamlit.log'}") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_the_supervisor_approves_hours_on_a_phone(records, users, server: str, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    day = TimesheetIn(
        date=dt.date(2027, 1, 20), start="14:00", end="17:30", tasks="Ran the gel electrophoresis"
    )
    records.log_hours(users["ana"], 1, day)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.goto(f"{server}/?link={SUPERVISOR_TOKEN}")
            expect(page.get_by_role("heading", name="Ana Reyes")).to_be_visible()
            expect(page.get_by_text("Ran the gel electrophoresis")).to_be_visible()
            approve = page.get_by_role("button", name="Approve", exact=True)
            expect(approve).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            box = approve.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            page.screenshot(path=str(tmp_path / "supervisor-390.png"), full_page=True)
            approve.click()
            expect(page.get_by_text("Nothing waits for you.")).to_be_visible()
            assert rows(records.db, "SELECT state, decided_by FROM timesheet_entries") == [
                ("approved", "Dr. Okafor")
            ]
            page.goto(f"{server}/?link=sv1.made-up")
            expect(page.get_by_text("this link is not valid; ask the school for a new one")).to_be_visible()
            expect(page.get_by_role("heading", name="Ana Reyes")).to_have_count(0)
        finally:
            browser.close()
