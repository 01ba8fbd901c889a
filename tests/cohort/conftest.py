"""Fixtures of the cohort tests: the tiny cohort world in a database with an admin and an advisor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cohort_world import PASSWORD, catalog, student

from core.store import Store
from records import accounts
from records.accounts import NewUser, Role, User


@pytest.fixture
def cohort_db(isolated_db: Path) -> Iterator[tuple[Path, dict[str, User]]]:
    """The tiny world's catalog and four students in this test's database; an admin and an advisor."""
    cat = catalog()
    store = Store.open(isolated_db)
    try:
        with store.transaction() as cur:
            assert cat.calendar is not None
            store.put_frameworks(cur, cat.frameworks)
            store.put_competencies(cur, cat.competencies)
            store.put_opportunities(cur, cat.opportunities)
            store.put_requirement_sets(cur, cat.requirement_sets)
            store.put_calendar(cur, cat.calendar)
            store.put_students(
                cur, [student("ana"), student("ben", grade=12), student("cy"), student("dee", grade=11)]
            )
            users = {}
            for name, role in (("admin", Role.ADMIN), ("adv", Role.ADVISOR)):
                new = NewUser(
                    id=name, display_name=name, role=role, students=["ana"] if name == "adv" else []
                )
                users[name] = accounts.create_user(cur, new, password=PASSWORD)
    finally:
        store.close()
    yield isolated_db, users
