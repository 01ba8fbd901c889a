"""Fixtures of the transcript tests: the sample district with its demo accounts (built once, copied for
each test), a fixed signing key, and the issuer it makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from transcriptkit import NOW

from core.settings import DEFAULT_DATA_DIR
from credentials.keys import Issuer, issuer
from records.service import Records


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "template.duckdb"
    Records(path, throttle=None).setup_sample(DEFAULT_DATA_DIR / "sample")
    return path


@pytest.fixture
def sample_db(isolated_db: Path, sample_template: Path) -> Path:
    """This test's own copy of the sample district and its demo accounts, at PATHWAYS_DB."""
    shutil.copyfile(sample_template, isolated_db)
    return isolated_db


@pytest.fixture
def sample_records(sample_db: Path) -> Records:
    return Records(sample_db, clock=lambda: NOW)


@pytest.fixture(scope="session")
def district_issuer() -> Issuer:
    """A fixed key (its 32 bytes 0..31) with its did:key as the issuer."""
    return issuer(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
