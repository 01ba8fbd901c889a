"""Shared fixtures: every test process gets its own database file; nothing touches var/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import get_settings
from core.store import Store

FIXTURES = Path(__file__).parent / "catalog" / "fixtures"
TINY_DISTRICT = FIXTURES / "district"


@pytest.fixture(autouse=True)
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """PATHWAYS_DB points at a fresh file under the test's own temporary folder."""
    path = tmp_path / "pathways.duckdb"
    monkeypatch.setenv("PATHWAYS_DB", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


@pytest.fixture
def store(isolated_db: Path) -> Iterator[Store]:
    opened = Store.open(isolated_db)
    yield opened
    opened.close()


@pytest.fixture
def tiny_district() -> Path:
    """The folder of the tiny district written for these tests."""
    return TINY_DISTRICT


@pytest.fixture
def case_fixtures() -> Path:
    """The CASE packages written for these tests (happy, quirky, truncated, not JSON)."""
    return FIXTURES / "case"
