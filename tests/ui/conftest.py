"""Fixtures of the app tests: the seeded database (``uikit.seed_database``: the tiny district with two
more opportunities and a second student, one account per role, the search index, and an approved plan
for Ana), built once per test session and copied for each test.

Pages run headlessly with Streamlit's AppTest against that copy (PATHWAYS_DB points at it). A page
is opened signed in by putting a real session token (from the record service) in the session state.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from uikit import seed_database

from records.service import Records
from ui.resources import forget_database


@pytest.fixture(scope="session")
def ui_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded database: district, index, accounts, and Ana's plan approved by Mr. Lee."""
    return seed_database(tmp_path_factory.mktemp("ui") / "template.duckdb")


@pytest.fixture
def ui_db(isolated_db: Path, ui_template: Path) -> Path:
    """This test's own copy of the seeded database, at PATHWAYS_DB."""
    shutil.copyfile(ui_template, isolated_db)
    return isolated_db


@pytest.fixture
def records(ui_db: Path) -> Records:
    return Records(ui_db)


@pytest.fixture(autouse=True)
def fresh_streamlit_caches() -> Iterator[None]:
    """Cached stores and catalogs from one test's database must not leak into the next (the
    embedding model is kept: loading it takes seconds and it does not depend on the database; the
    sign-in throttle counts in each test's own database)."""
    forget_database()
    yield
    forget_database()
