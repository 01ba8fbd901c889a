"""Password guessing: every failed sign-in is audited (hashed name, time, route), and five wrong passwords
for one user name make that name wait out the window, on the page and on the command line alike (the
count lives in the database: another process, or a restart, sees it)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from recordkit import PASSWORD, cli_app, rows
from typer.testing import CliRunner

from records.errors import SignInError, WrongCredentialsError
from records.service import Records

START = dt.datetime(2026, 11, 3, 8, 0)
HELD_15 = "too many wrong passwords for this user name; try again in 15 minutes"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def minutes(self, n: float) -> None:
        self.now = START + dt.timedelta(minutes=n)


def key(name: str) -> str:
    return "name-sha256:" + hashlib.sha256(name.encode()).hexdigest()


def sign_in_rows(db) -> list[tuple[object, ...]]:
    return rows(
        db,
        "SELECT happened_at, user_id, role, action, allowed, detail FROM audit_log "
        "WHERE action LIKE 'sign_in%' ORDER BY id",
    )


def test_the_sixth_try_within_fifteen_minutes_waits_for_the_first_failure_to_age_out(records_db):
    clock = Clock()
    records = Records(records_db, clock=clock)
    for minute in range(5):
        clock.minutes(minute)
        with pytest.raises(WrongCredentialsError):
            records.sign_in("ana", "not the password")
    with pytest.raises(
        SignInError, match=r"^too many wrong passwords for this user name; try again in 11 minutes$"
    ):
        records.sign_in("ana", PASSWORD)
    clock.minutes(15 - 1 / 60)
    with pytest.raises(
        SignInError, match=r"^too many wrong passwords for this user name; try again in 1 minute$"
    ):
        records.sign_in("ana", PASSWORD)
    clock.minutes(15)
    with pytest.raises(WrongCredentialsError):
        records.sign_in("ana", "not the password")  # five again within the window (minutes 1 to 4, and now)
    with pytest.raises(
        SignInError, match=r"^too many wrong passwords for this user name; try again in 1 minute$"
    ):
        records.sign_in("ana", PASSWORD)
    assert rows(records_db, "SELECT count(*) FROM sessions WHERE user_id = 'ana'") == [(0,)]


def test_names_are_counted_apart_case_and_spaces_aside_real_or_not(records_db):
    records = Records(records_db, clock=Clock())
    for name in ["Ana", " ana", "ANA ", "ana", "aNa", *["nobody-at-all"] * 5]:
        with pytest.raises(WrongCredentialsError):
            records.sign_in(name, "not the password")
    for name in ("ana", "nobody-at-all"):
        with pytest.raises(SignInError, match=f"^{HELD_15}$"):
            records.sign_in(name, PASSWORD)
    assert records.sign_in("bo", PASSWORD).user.id == "bo"


def test_every_failed_sign_in_is_audited_with_the_hashed_name_the_time_and_the_route(records_db):
    clock = Clock()
    records = Records(records_db, clock=clock)
    with pytest.raises(WrongCredentialsError):
        records.sign_in("Fam.Reyes ", "not the password")
    clock.minutes(1)
    with pytest.raises(WrongCredentialsError):
        records.authenticate("nobody-at-all", "not the password")
    clock.minutes(2)
    with pytest.raises(SignInError):
        records.identity_user("stranger@example.org")
    clock.minutes(3)
    records.sign_in("fam.reyes", PASSWORD)
    assert sign_in_rows(records_db) == [
        (START, key("fam.reyes"), "", "sign_in", False, "page"),
        (START + dt.timedelta(minutes=1), key("nobody-at-all"), "", "sign_in", False, "command line"),
        (
            START + dt.timedelta(minutes=2),
            key("stranger@example.org"),
            "",
            "sign_in",
            False,
            "single sign-on",
        ),
        (START + dt.timedelta(minutes=3), "fam.reyes", "family", "sign_in", True, "page"),
    ]


def test_a_sign_in_held_back_is_audited_but_not_counted_and_an_empty_field_is_not_a_guess(records_db):
    records = Records(records_db, clock=Clock())
    for _ in range(3):
        with pytest.raises(SignInError, match=r"^enter your user name and password$"):
            records.sign_in("ana", "")
    for _ in range(5):
        with pytest.raises(WrongCredentialsError, match=r"^wrong user name or password$"):
            records.sign_in("ana", "not the password")
    with pytest.raises(SignInError) as refused:
        records.sign_in("ana", PASSWORD)
    assert type(refused.value) is SignInError
    assert [r[3:] for r in sign_in_rows(records_db)] == [("sign_in", False, "page")] * 5 + [
        ("sign_in_held", False, "page")
    ]


def test_signing_in_starts_the_count_again_and_names_are_kept_only_as_hashes(records_db):
    records = Records(records_db, clock=Clock())
    for _ in range(4):
        with pytest.raises(WrongCredentialsError):
            records.sign_in("fam.reyes", "not the password")
    records.sign_in("fam.reyes", PASSWORD)
    for _ in range(4):
        with pytest.raises(WrongCredentialsError):
            records.sign_in("fam.reyes", "not the password")
    assert records.sign_in("fam.reyes", PASSWORD).user.id == "fam.reyes"
    failed = rows(records_db, "SELECT DISTINCT user_id FROM audit_log WHERE NOT allowed")
    assert failed == [(key("fam.reyes"),)]


def test_the_command_line_is_held_back_like_the_page_and_the_count_outlives_the_service(
    records_db, monkeypatch
):
    """Five wrong passwords on the command line (each command its own service, as each is its own
    process) hold the name back on the command line and on the page."""
    runner = CliRunner()
    monkeypatch.setenv("PATHWAYS_PASSWORD", "not the password")
    for _ in range(5):
        result = runner.invoke(cli_app(), ["audit", "--as", "admin"])
        assert (result.exit_code, result.stderr) == (1, "error: wrong user name or password\n")
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    result = runner.invoke(cli_app(), ["audit", "--as", "admin"])
    assert (result.exit_code, result.stderr) == (1, f"error: {HELD_15}\n")
    with pytest.raises(SignInError, match=f"^{HELD_15}$"):
        Records(records_db).sign_in("admin", PASSWORD)
    assert rows(records_db, "SELECT action, detail, count(*) FROM audit_log GROUP BY ALL ORDER BY ALL") == [
        ("sign_in", "command line", 5),
        ("sign_in_held", "command line", 1),
        ("sign_in_held", "page", 1),
    ]
