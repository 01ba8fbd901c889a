"""Fixtures of the record service: the tiny district with three students and one account per role.

The seeded database is built once per test session and copied for each test (a DuckDB file copy takes
milliseconds; hashing seven passwords with argon2 does not).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from recordkit import (
    ACCOUNTS,
    ASSESSES,
    EXTRA_STUDENTS,
    PASSWORD,
    PLACEMENTS,
    SUPERVISOR_TOKEN,
    TINY_DISTRICT,
)

from catalog import district
from core.store import Store
from records import accounts, assessors, links
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
        for name, opportunities in ASSESSES.items():
            assessors.set_opportunities(cur, name, opportunities)
        for student, opportunity, term, site, supervisor in PLACEMENTS.values():  # ids 1, 2, 3 in order
            cur.execute(
                "INSERT INTO placements (student_id, opportunity_id, term_id, site, supervisor_name, supervisor_email, "
                "created_by, created_at) VALUES (?, ?, ?, ?, ?, '', 'admin', TIMESTAMP '2027-01-04 09:00:00')",
                [student, opportunity, term, site, supervisor],
            )
        cur.execute(
            "INSERT INTO supervisor_links (token_hash, placement_id, purpose, created_by, created_at, expires_at) "
            "VALUES (sha256(?), 1, ?, 'admin', TIMESTAMP '2027-01-04 09:00:00', TIMESTAMP '2099-01-01 00:00:00')",
            [SUPERVISOR_TOKEN, links.PURPOSE],
        )
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
