"""What the real-browser tests share: Debian's chromium (skipped, or failed with
``PATHWAYS_REQUIRE_BROWSER=1``, when it is missing) and the app served as ``make run`` serves it
(``ui/serve.py``) on a free local port against a given database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
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
