"""Fixtures of the solver tests: the sample district loaded from its files (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_builders import SAMPLE_DIR

from catalog.district import district_bundle
from core.schema import Catalog, Student


@pytest.fixture(scope="session")
def sample_district() -> tuple[Catalog, list[Student]]:
    """The sample district read from data/sample with the importers' file readers (no database)."""
    bundle = district_bundle(Path(SAMPLE_DIR))
    return bundle.catalog(), bundle.students
