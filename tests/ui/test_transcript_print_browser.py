"""The transcript's print view printed by a real browser (Debian's chromium through Playwright, the app
served as ``make run`` serves it): the printed pages hold the transcript and nothing of the app around
it (menu, sign-out, the page's own controls), with the student's name as written (accents included)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS, PAGE_TIMEOUT_MS, require_browser, serve, signed_in_page

from core.settings import get_settings
from records.service import Records

pytestmark = pytest.mark.slow


@pytest.fixture
def server(isolated_db: Path, tmp_path: Path) -> Iterator[str]:
    require_browser()
    Records(isolated_db).setup_sample(get_settings().sample_dir)
    with serve(isolated_db, tmp_path) as url:
        yield url


def test_the_print_view_prints_only_the_transcript(server: str, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = signed_in_page(browser, server, "fam.herrera", 1280)
            page.goto(f"{server}/transcript?student=stu-sofia")
            title = page.get_by_role("heading", name="Mastery transcript: Sofía Herrera")
            expect(title).to_be_visible(timeout=PAGE_TIMEOUT_MS)
            expect(page.get_by_role("button", name="Download the mastery transcript (PDF)")).to_be_visible()
            page.screenshot(path=str(tmp_path / "transcript-screen.png"), full_page=True)
            page.emulate_media(media="print")
            expect(page.get_by_test_id("stSidebar")).to_be_hidden()
            expect(page.get_by_role("button", name="Download the mastery transcript (PDF)")).to_be_hidden()
            printed = re.sub(r"\s+", " ", page.locator("body").inner_text()).strip()
            (tmp_path / "transcript-printed.pdf").write_bytes(page.pdf(format="Letter"))
        finally:
            browser.close()
    assert printed.startswith("Mastery transcript: Sofía Herrera")
    assert "What Sofía can do" in printed and "Interdisciplinary credits" in printed
    for app_part in (
        "Sign out",
        "Download the mastery transcript",
        "Print this page",
        "Catalog",
        "Family view",
    ):
        assert app_part not in printed, app_part
