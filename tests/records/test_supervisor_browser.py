"""The supervisor's link page in a real browser at phone width (390 px): ``streamlit run`` on a free
port against the seeded records database, driven by Playwright in Debian's chromium. The supervisor
opens the link, sees the student's name and the hours waiting, nothing wider than the screen, approves
the day, and the database holds the approval; a made-up link shows why it opens nothing.

Without chromium it is skipped with a message saying how to enable it (tests/browserkit.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS, require_browser, serve
from recordkit import SUPERVISOR_TOKEN, rows

from records.placements import TimesheetIn

PAGE_TIMEOUT_MS = 120_000
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.slow


@pytest.fixture
def logged(records, users) -> None:
    """Ana's hours, logged before the app starts (its warm-up reads the database file as it starts)."""
    day = TimesheetIn(
        date=dt.date(2027, 1, 20), start="14:00", end="17:30", tasks="Ran the gel electrophoresis"
    )
    records.log_hours(users["ana"], 1, day)


@pytest.fixture
def server(logged: None, records_db: Path, tmp_path: Path) -> Iterator[str]:
    require_browser()
    with serve(records_db, tmp_path) as url:
        yield url


def test_the_supervisor_approves_hours_on_a_phone(records, users, server: str, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=PAGE_TIMEOUT_MS)
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
