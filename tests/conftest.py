"""Shared fixtures: every test process gets its own database file; nothing touches var/."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from core.settings import get_settings
from core.store import Store
from records import accounts
from records.accounts import NewUser, Role

CLI_PASSWORD = "command line password"
"""The password of the accounts ``cli_as`` makes (PATHWAYS_PASSWORD in those tests)."""

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


@pytest.fixture
def cli_as(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[str]]:
    """``--as NAME`` for a command-line test: the account (an admin unless told otherwise) is made in
    this test's database when it is missing, and PATHWAYS_PASSWORD holds its password. Call it after
    the test's own store is closed."""

    def make(name: str = "admin", role: Role = Role.ADMIN, students: Sequence[str] = ()) -> list[str]:
        store = Store.open(isolated_db)
        try:
            with store.transaction() as cur:
                if accounts.get_user(cur, name) is None:
                    new = NewUser(id=name, display_name=name, role=role, students=list(students))
                    accounts.create_user(cur, new, password=CLI_PASSWORD)
        finally:
            store.close()
        monkeypatch.setenv("PATHWAYS_PASSWORD", CLI_PASSWORD)
        return ["--as", name]

    return make
