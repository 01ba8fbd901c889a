"""What the transcript tests share besides fixtures (a module with its own name: `conftest` is not
unique across the test folders)."""

from __future__ import annotations

import datetime as dt

DEMO_PASSWORD = "pinevalley-demo"
ISSUED = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 12, 3, 12, 30, tzinfo=dt.UTC)
