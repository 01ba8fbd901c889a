"""The fixed instants of the transcript tests (a module of its own: test files import it by name,
which ``conftest`` is not safe for when several test folders have one)."""

from __future__ import annotations

import datetime as dt

ISSUED = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 12, 3, 12, 30, tzinfo=dt.UTC)
