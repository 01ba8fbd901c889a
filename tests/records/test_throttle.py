"""Password guessing: five wrong passwords for one user name make that name wait out the window."""

from __future__ import annotations

import pytest
from recordkit import PASSWORD, rows

from records.errors import SignInError, WrongCredentialsError
from records.service import Records
from records.throttle import SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_sixth_try_within_fifteen_minutes_waits_for_the_first_failure_to_age_out():
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    for minute in range(5):
        assert throttle.refusal("ana") is None
        clock.now = 1000.0 + 60 * minute
        throttle.failed("ana")
    assert throttle.refusal("ana") == "too many wrong passwords for this user name; try again in 11 minutes"
    clock.now = 1000.0 + 15 * 60 - 1
    assert throttle.refusal("ana") == "too many wrong passwords for this user name; try again in 1 minute"
    clock.now = 1000.0 + 15 * 60
    assert throttle.refusal("ana") is None
    throttle.failed("ana")  # five again within the window (minutes 1 to 4, and now)
    assert throttle.refusal("ana") == "too many wrong passwords for this user name; try again in 1 minute"


def test_names_are_counted_apart_case_and_spaces_aside_real_or_not():
    clock = Clock()
    throttle = SignInThrottle(clock=clock)
    for name in ["Ana", " ana", "ANA ", "ana", "aNa"]:
        throttle.failed(name)
    for name in ["nobody-at-all"] * 5:
        throttle.failed(name)
    assert throttle.refusal("ana") == "too many wrong passwords for this user name; try again in 15 minutes"
    assert throttle.refusal("nobody-at-all") == throttle.refusal("ana")
    assert throttle.refusal("bo") is None


def test_signing_in_forgets_the_failures_and_names_are_kept_only_as_hashes():
    throttle = SignInThrottle(clock=Clock())
    for _ in range(4):
        throttle.failed("fam.reyes")
    assert "fam.reyes" not in repr(throttle._failures)
    throttle.succeeded("fam.reyes")
    for _ in range(4):
        throttle.failed("fam.reyes")
    assert throttle.refusal("fam.reyes") is None


def test_the_record_service_counts_wrong_passwords_only_and_refuses_before_checking(records_db):
    throttle = SignInThrottle(clock=Clock())
    records = Records(records_db, throttle=throttle)
    for _ in range(3):
        with pytest.raises(SignInError, match=r"^enter your user name and password$"):
            records.sign_in("ana", "")  # an empty field is not a guess
    for _ in range(5):
        with pytest.raises(WrongCredentialsError, match=r"^wrong user name or password$"):
            records.sign_in("ana", "not the password")
    with pytest.raises(SignInError) as refused:
        records.sign_in("ana", PASSWORD)
    assert type(refused.value) is SignInError
    assert str(refused.value) == "too many wrong passwords for this user name; try again in 15 minutes"
    assert rows(records_db, "SELECT count(*) FROM sessions WHERE user_id = 'ana'") == [(0,)]
    assert Records(records_db).sign_in("ana", PASSWORD).user.id == "ana"  # the CLI's service: no throttle
    throttle.clear()
    assert records.sign_in("ana", PASSWORD).user.id == "ana"
    assert throttle.refusal("ana") is None
