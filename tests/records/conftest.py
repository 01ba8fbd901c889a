"""Fixtures of the record service: the tiny district with three students and one account per role.

The seeded database is built once per test session and copied for each test (a DuckDB file copy takes
milliseconds; hashing seven passwords with argon2 does not).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from recordkit import ACCOUNTS, EXTRA_STUDENTS, PASSWORD, TINY_DISTRICT

from catalog import district
from core.store import Store
from records import accounts
from records.accounts import NewUser, User
from records.service import Records


@pytest.fixture(scope="session")
def records_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "template.duckdb"
    store = Store.open(path)
    district.import_district(store, TINY_DISTRICT)
    district.import_file(store, "students", EXTRA_STUDENTS)
    with store.transaction() as cur:
        for name, (display, role, students) in ACCOUNTS.items():
            new = NewUser(id=name, display_name=display, role=role, students=students)
            accounts.create_user(cur, new, password=PASSWORD)
    store.close()
    return path


@pytest.fixture
def records_db(isolated_db: Path, records_template: Path) -> Path:
    """This test's own copy of the seeded database, at PATHWAYS_DB."""
    shutil.copyfile(records_template, isolated_db)
    return isolated_db


@pytest.fixture
def records(records_db: Path) -> Records:
    return Records(records_db)


@pytest.fixture
def users(records_db: Path) -> dict[str, User]:
    store = Store.open(records_db)
    try:
        found = {name: accounts.get_user(store.cursor(), name) for name in ACCOUNTS}
    finally:
        store.close()
    return {name: user for name, user in found.items() if user is not None}
