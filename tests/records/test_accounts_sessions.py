"""Accounts and sessions: the rules for creating accounts, argon2 hashes, sessions that expire, sign-out,
disabling, the first admin, single sign-on identities, and the `pathways users` verbs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from recordkit import PASSWORD, cli_app, rows
from typer.testing import CliRunner

from records.accounts import SESSION_LIFETIME, NewUser, Role, new_user
from records.errors import AccountError, SessionExpiredError, SignInError
from records.service import Records

runner = CliRunner()
MORNING = dt.datetime(2026, 9, 14, 7, 55)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role": "student", "students": []}, "a student account is linked to exactly one student"),
        (
            {"role": "student", "students": ["stu-ana", "stu-bo"]},
            "a student account is linked to exactly one",
        ),
        ({"role": "family", "students": []}, "a family account is linked to at least one student"),
        ({"role": "admin", "students": ["stu-ana"]}, "an admin account is not linked to students"),
        ({"id": "Ana Reyes"}, "id: a user name is 2-64 lower-case letters, digits, '.', '-' or '_'"),
        ({"email": "not-an-address"}, "email: 'not-an-address' is not an e-mail address"),
        (
            {"role": "overlord"},
            "role: Input should be 'student', 'family', 'advisor', 'admin', 'teacher' or 'supervisor'",
        ),
        (
            {"role": "teacher", "students": ["stu-ana"]},
            "a teacher account is not linked to students: it sees those of the opportunities it assesses",
        ),
        ({"role": "supervisor"}, "a supervisor has no account: they reach one placement through a link"),
    ],
)
def test_account_rules(fields, message):
    base = {"id": "new.user", "display_name": "New User", "role": "advisor", "students": []}
    with pytest.raises(AccountError) as refused:
        new_user(**{**base, **fields})
    assert message in str(refused.value)


def test_the_shortest_password_is_a_setting(records, users, monkeypatch):
    from core.settings import get_settings

    monkeypatch.setenv("PATHWAYS_MIN_PASSWORD_LENGTH", "16")
    get_settings.cache_clear()
    new = NewUser(id="x.adv", display_name="X", role=Role.ADVISOR)
    with pytest.raises(AccountError, match=r"^a password needs at least 16 characters$"):
        records.add_user(users["admin"], new, password="fifteen chars!!")
    assert records.add_user(users["admin"], new, password="sixteen chars!!!").id == "x.adv"


@pytest.mark.parametrize(
    ("new", "password", "message"),
    [
        (
            NewUser(id="ana", display_name="Other Ana", role=Role.ADVISOR),
            PASSWORD,
            "the user name 'ana' is taken",
        ),
        (
            NewUser(id="x.fam", display_name="X", role=Role.FAMILY, students=["stu-zz"]),
            PASSWORD,
            "no student with id 'stu-zz'",
        ),
        (
            NewUser(id="x.adv", display_name="X", role=Role.ADVISOR),
            "short",
            "a password needs at least 10 characters",
        ),
        (
            NewUser(id="x.adv", display_name="X", role=Role.ADVISOR),
            "Password123",
            "that password is one of the 30,000 most common ones; choose another",
        ),
        (
            NewUser(id="x.adv", display_name="X", role=Role.ADVISOR),
            "p" * 257,
            "a password has at most 256 characters",
        ),
        (
            NewUser(id="x.adv", display_name="X", role=Role.ADVISOR),
            None,
            "'x.adv' needs a password or an e-mail for single sign-on",
        ),
    ],
)
def test_accounts_that_cannot_be_created(records, users, new, password, message):
    with pytest.raises(AccountError) as refused:
        records.add_user(users["admin"], new, password=password)
    assert str(refused.value) == message
    assert [u.id for u in records.users(users["admin"])].count(new.id) == (1 if new.id == "ana" else 0)


def test_the_database_holds_hashes_never_passwords_or_tokens(records, records_db):
    signed = records.sign_in("Ana ", PASSWORD)
    assert signed.user.id == "ana"
    [(stored,)] = rows(records_db, "SELECT password_hash FROM users WHERE id = 'ana'")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and PASSWORD not in stored
    [(token_hash,)] = rows(records_db, "SELECT token_hash FROM sessions")
    assert token_hash == hashlib.sha256(signed.token.encode()).hexdigest()
    assert signed.token not in repr(signed)


def test_a_wrong_name_and_a_wrong_password_read_the_same(records):
    for name, password in [("nobody", PASSWORD), ("ana", "wrong password!"), ("ana", "")]:
        with pytest.raises(SignInError) as refused:
            records.sign_in(name, password)
        expected = "enter your user name and password" if not password else "wrong user name or password"
        assert str(refused.value) == expected


def test_a_session_lasts_a_school_day(records_db):
    clock = Clock(MORNING)
    records = Records(records_db, clock=clock)
    signed = records.sign_in("adv.lee", PASSWORD)
    assert signed.expires_at == MORNING + SESSION_LIFETIME == dt.datetime(2026, 9, 14, 15, 55)
    clock.now = MORNING + SESSION_LIFETIME - dt.timedelta(seconds=1)
    assert records.session_user(signed.token).id == "adv.lee"
    clock.now = MORNING + SESSION_LIFETIME
    with pytest.raises(SessionExpiredError, match=r"^your session has expired; please sign in again$"):
        records.session_user(signed.token)


def test_signing_out_disabling_and_new_passwords_end_sessions(records, users, records_db):
    first = records.sign_in("fam.reyes", PASSWORD)
    records.sign_out(first.token)
    with pytest.raises(SessionExpiredError, match=r"^you are not signed in$"):
        records.session_user(first.token)
    second = records.sign_in("fam.reyes", PASSWORD)
    records.set_user_active(users["admin"], "fam.reyes", False)
    with pytest.raises(SessionExpiredError):
        records.session_user(second.token)
    with pytest.raises(SignInError, match=r"^wrong user name or password$"):
        records.sign_in("fam.reyes", PASSWORD)
    assert rows(records_db, "SELECT count(*) FROM sessions WHERE user_id = 'fam.reyes'") == [(0,)]
    with pytest.raises(SessionExpiredError):
        records.session_user("made-up-token")


def test_a_disabled_account_loses_access_at_once(records, users):
    family = users["fam.reyes"]
    assert records.plan(family, "stu-ana") is None
    records.set_user_active(users["admin"], "fam.reyes", False)
    with pytest.raises(Exception, match=r"^not allowed: the account fam\.reyes is disabled$"):
        records.plan(family, "stu-ana")


def test_a_changed_caseload_counts_at_once(records, users):
    advisor = users["adv.kim"]
    with pytest.raises(Exception, match="only for their own students"):
        records.plan(advisor, "stu-ana")
    records.set_user_students(users["admin"], "adv.kim", ["stu-ana", "stu-cy"])
    assert records.plan(advisor, "stu-ana") is None


def test_the_first_admin_is_created_once(isolated_db):
    records = Records(isolated_db)
    admin = records.create_first_admin(
        NewUser(id="root", display_name="Root", role=Role.ADMIN), password=PASSWORD
    )
    assert (admin.id, admin.role) == ("root", Role.ADMIN)
    refusal = r"^accounts exist already; an admin adds accounts with --as ADMIN$"
    with pytest.raises(AccountError, match=refusal):
        records.create_first_admin(NewUser(id="root2", display_name="R", role=Role.ADMIN), password=PASSWORD)
    records.set_user_active(admin, "root", False)  # every admin disabled: still no admin without credentials
    with pytest.raises(AccountError, match=refusal):
        records.create_first_admin(NewUser(id="root3", display_name="R", role=Role.ADMIN), password=PASSWORD)


def test_a_single_sign_on_identity_maps_to_its_account(records, users):
    sso = NewUser(id="adv.ruiz", display_name="Ms. Ruiz", role=Role.ADVISOR, email="Ruiz@District.example")
    records.add_user(users["admin"], sso, password=None)
    assert records.identity_user(" ruiz@district.example ").id == "adv.ruiz"
    for email in ("stranger@district.example", None, ""):
        with pytest.raises(SignInError):
            records.identity_user(email)
    records.set_user_active(users["admin"], "adv.ruiz", False)
    with pytest.raises(
        SignInError, match=r"^no active Pathways account uses this e-mail; ask your district's admin$"
    ):
        records.identity_user("ruiz@district.example")


# --- the command line -------------------------------------------------------------------------------


def test_create_admin_then_add_and_list_accounts(isolated_db, monkeypatch):
    app = cli_app()
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    created = runner.invoke(app, ["users", "create-admin", "root", "--name", "District Admin"])
    assert (created.exit_code, created.stdout) == (0, "created admin root\n")
    again = runner.invoke(app, ["users", "create-admin", "root2", "--name", "Another"])
    assert (again.exit_code, again.stderr) == (
        1,
        "error: accounts exist already; an admin adds accounts with --as ADMIN\n",
    )
    monkeypatch.setenv("PATHWAYS_NEW_PASSWORD", "another long password")
    second = runner.invoke(app, ["users", "create-admin", "root2", "--name", "Another", "--as", "root"])
    assert (second.exit_code, second.stdout) == (0, "created admin root2\n"), second.stderr
    added = runner.invoke(
        app, ["users", "add", "adv.diaz", "--role", "advisor", "--name", "Mr. Diaz", "--as", "root"]
    )
    assert (added.exit_code, added.stdout) == (0, "created advisor adv.diaz\n"), added.stderr
    listed = runner.invoke(app, ["users", "list", "--as", "root"])
    assert listed.stdout.splitlines() == [
        "root                 admin    -",
        "root2                admin    -",
        "adv.diaz             advisor  -",
    ]


def test_users_add_by_an_advisor_is_refused(records, monkeypatch):
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    monkeypatch.setenv("PATHWAYS_NEW_PASSWORD", "another long password")
    result = runner.invoke(
        cli_app(),
        [
            "users",
            "add",
            "x.fam",
            "--role",
            "family",
            "--name",
            "X",
            "--student",
            "stu-cy",
            "--as",
            "adv.lee",
        ],
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "error: not allowed: adv.lee (advisor) may not manage accounts\n",
    )


def test_users_link_and_disable(records, users, monkeypatch):
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    app = cli_app()
    linked = runner.invoke(
        app, ["users", "link", "adv.kim", "--student", "stu-cy", "--student", "stu-bo", "--as", "admin"]
    )
    assert (linked.exit_code, linked.stdout) == (0, "adv.kim is linked to stu-bo, stu-cy\n")
    bad = runner.invoke(
        app, ["users", "link", "ana", "--student", "stu-cy", "--student", "stu-bo", "--as", "admin"]
    )
    assert (bad.exit_code, bad.stderr) == (
        1,
        "error: a student account is linked to exactly one student\n",
    )
    disabled = runner.invoke(app, ["users", "disable", "bo", "--as", "admin"])
    assert (disabled.exit_code, disabled.stdout) == (0, "disabled bo\n")
    assert not next(u for u in records.users(users["admin"]) if u.id == "bo").active


def test_an_accounts_file_loads_only_into_an_empty_database_without_credentials(
    records_db, tmp_path, monkeypatch
):
    path = tmp_path / "accounts.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": "x.fam",
                    "display_name": "X",
                    "role": "family",
                    "students": ["stu-cy"],
                    "email": "x@y.org",
                }
            ]
        ),
        encoding="utf-8",
    )
    refused = runner.invoke(cli_app(), ["users", "load", str(path)])
    assert refused.exit_code == 2
    assert "Missing option '--as'" in refused.stderr
    monkeypatch.setenv("PATHWAYS_PASSWORD", PASSWORD)
    refused = runner.invoke(cli_app(), ["users", "load", str(path), "--as", "adv.lee"])
    assert (refused.exit_code, refused.stderr) == (
        1,
        "error: not allowed: adv.lee (advisor) may not manage accounts\n",
    )
    loaded = runner.invoke(cli_app(), ["users", "load", str(path), "--as", "admin"])
    assert (loaded.exit_code, loaded.stdout) == (0, f"created 1 accounts from {path}\n"), loaded.stderr


def test_a_command_signs_in_with_a_session_token_of_the_same_user(records, records_db, monkeypatch):
    signed = records.sign_in("admin", PASSWORD)
    monkeypatch.delenv("PATHWAYS_PASSWORD", raising=False)
    monkeypatch.setenv("PATHWAYS_SESSION", signed.token)
    listed = runner.invoke(cli_app(), ["users", "list", "--as", "admin"])
    assert listed.exit_code == 0, listed.stderr
    other = runner.invoke(cli_app(), ["users", "list", "--as", "adv.lee"])
    assert (other.exit_code, other.stderr) == (1, "error: the session in PATHWAYS_SESSION is not adv.lee's\n")
    records.sign_out(signed.token)
    ended = runner.invoke(cli_app(), ["users", "list", "--as", "admin"])
    assert (ended.exit_code, ended.stderr) == (1, "error: you are not signed in\n")
