"""`pathways users language`: district staff set the language an account reads Pathways in."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from catalog import district
from core.store import Store
from pathways.cli import app
from records import accounts
from records.accounts import Role

runner = CliRunner()


@pytest.fixture(autouse=True)
def tiny(isolated_db, tiny_district):
    store = Store.open(isolated_db)
    district.import_district(store, tiny_district)
    store.close()


def language_of(db, name: str) -> str | None:
    store = Store.open(db)
    try:
        user = accounts.get_user(store.cursor(), name)
        assert user is not None
        return user.language
    finally:
        store.close()


def test_staff_set_a_family_s_language(isolated_db, cli_as):
    cli_as("fam.tran", Role.FAMILY, ["stu-ana"])
    admin = cli_as()
    result = runner.invoke(app, ["users", "language", "fam.tran", "vi", *admin])
    assert (result.exit_code, result.output) == (0, "fam.tran reads Pathways in Tiếng Việt\n")
    assert language_of(isolated_db, "fam.tran") == "vi"
    result = runner.invoke(app, ["users", "language", "fam.tran", "en", *admin])
    assert (result.exit_code, result.output) == (0, "fam.tran reads Pathways in English\n")
    assert language_of(isolated_db, "fam.tran") is None


def test_a_language_pathways_does_not_speak_is_refused_and_nothing_changes(isolated_db, cli_as):
    cli_as("fam.tran", Role.FAMILY, ["stu-ana"])
    admin = cli_as()
    runner.invoke(app, ["users", "language", "fam.tran", "es", *admin])
    result = runner.invoke(app, ["users", "language", "fam.tran", "fr", *admin])
    assert result.exit_code == 1
    assert "'fr' is not a language Pathways speaks (en, es, vi)" in result.output
    assert language_of(isolated_db, "fam.tran") == "es"


def test_only_staff_set_another_account_s_language(isolated_db, cli_as):
    cli_as("fam.tran", Role.FAMILY, ["stu-ana"])
    family = cli_as("fam.nguyen", Role.FAMILY, ["stu-ana"])
    result = runner.invoke(app, ["users", "language", "fam.tran", "vi", *family])
    assert result.exit_code == 1
    assert language_of(isolated_db, "fam.tran") is None
