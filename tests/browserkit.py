"""What the real-browser tests share: Debian's chromium (skipped, or failed with
``PATHWAYS_REQUIRE_BROWSER=1``, when it is missing) and the app served as ``make run`` serves it
(``ui/serve.py``) on a free local port against a given database."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT = 120
"""Seconds the server may take to answer its health check (a shared 2-core machine is slow)."""
ENABLE_HINT = (
    "chromium is not installed at /usr/bin/chromium: install it with "
    "`apt-get update && apt-get install -y chromium` (or run .ci/run) to run the browser test; "
    "PATHWAYS_REQUIRE_BROWSER=1 makes a missing browser a failure"
)


def require_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("PATHWAYS_REQUIRE_BROWSER") == "1":
        pytest.fail(ENABLE_HINT)
    pytest.skip(ENABLE_HINT)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(db: Path, logs: Path) -> Iterator[str]:
    """The app served as ``make run`` serves it (``ui/serve.py``: ``streamlit run app.py`` with the model
    and the matcher loading as the server starts) over ``db`` on a free port (its log in ``logs``); its
    address, and it stops afterwards."""
    port = free_port()
    log = (logs / "streamlit.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "ui.serve", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "PATHWAYS_DB": str(db)}, stdout=log, stderr=subprocess.STDOUT,
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
                    raise RuntimeError(f"the app did not start; see {logs / 'streamlit.log'}") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded machine: the warm-up may still hold the interpreter
            process.kill()
            process.wait(timeout=30)
        log.close()


# --- a page in the served app ---------------------------------------------------------------------------

DEMO_PASSWORD = "pinevalley-demo"  # published in docs/accounts.md; demo accounts only
PAGE_TIMEOUT_MS = 240_000
"""How long a page may take: the first student page loads the model, the matcher and the chat engine
and makes a first plan, on a loaded machine."""
SETTLED = """() => document.querySelectorAll("[data-stale='true']").length === 0
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState === 'finished')"""
"""Streamlit marks the previous run's elements stale, and shows its running widget, until a run ends;
then its elements fade back in (a CSS transition of their opacity, during which axe measures a lower
contrast than the page settles at)."""


def signed_in_page(browser, server: str, username: str | None, width: int):  # type: ignore[no-untyped-def]
    """A new browser context's page at ``width`` px, signed in as the demo account ``username`` (None:
    nobody)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=PAGE_TIMEOUT_MS)  # a first plan on a loaded machine takes its time
    page = browser.new_context(viewport={"width": width, "height": 1000}).new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    if username is not None:
        page.goto(f"{server}/sign-in")
        page.get_by_label("User name").fill(username)
        page.get_by_role("textbox", name="Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_function("() => document.cookie.includes('pathways_session=')")
    return page


def settled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit's run has ended and its elements are shown as they stay (``SETTLED``)."""
    page.wait_for_function(SETTLED)


# --- axe-core, the accessibility checker ----------------------------------------------------------------

AXE_VERSION = "4.14.1"
AXE_INTEGRITY = (
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)
"""axe-core from the npm registry, pinned: the tarball's integrity as the registry publishes it."""
AXE_CACHE = ROOT / "var" / "cache"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""The rules axe runs: WCAG 2.0 and 2.1, levels A and AA."""


def axe_script() -> str:
    """The source of ``axe.min.js``, fetched once into ``var/cache`` (``npm pack axe-core@AXE_VERSION``,
    checked against ``AXE_INTEGRITY``); ``make test`` fetches it first (``python tests/browserkit.py``)."""
    script = AXE_CACHE / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if not script.exists():
        tarball = AXE_CACHE / f"axe-core-{AXE_VERSION}.tgz"
        if not tarball.exists():
            AXE_CACHE.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                ["npm", "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(AXE_CACHE)],
                check=True, capture_output=True,
            )  # fmt: skip
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if digest != AXE_INTEGRITY:
            tarball.unlink()
            raise RuntimeError(f"{tarball}: integrity {digest} is not the pinned {AXE_INTEGRITY}")
        with tarfile.open(tarball) as archive:
            source = archive.extractfile("package/axe.min.js")
            assert source is not None
            script.parent.mkdir(exist_ok=True)
            script.write_bytes(source.read())
    return script.read_text(encoding="utf-8")


if __name__ == "__main__":  # `make test` fetches axe-core before the tests: python tests/browserkit.py
    print(f"axe-core {AXE_VERSION}: {len(axe_script())} characters in {AXE_CACHE}")
