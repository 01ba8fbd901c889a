"""Accounts: users and their roles, argon2 password hashes, sessions that expire, the accounts file.

Every function takes a DuckDB cursor (the service opens it and owns the transaction) and, where time
matters, ``now`` (UTC), so that expiry is tested without waiting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from catalog.importers.files import read_json, validation_problems
from core.errors import InputError, Problem
from core.i18n import LANGUAGES, N_
from core.settings import get_settings
from core.store import Cursor
from records import assessors
from records.errors import AccountError, SessionExpiredError, SignInError, WrongCredentialsError

log = logging.getLogger(__name__)

SESSION_LIFETIME = dt.timedelta(hours=8)
"""How long a sign-in lasts: a school day. After it the user signs in again."""

MAX_PASSWORD_LENGTH = 256
"""Longest password accepted: longer input is refused before hashing, so a huge form field costs nothing."""

TOKEN_BYTES = 32
"""Random bytes in a session token (256 bits; the database keeps only its SHA-256)."""

# argon2id with the OWASP Password Storage Cheat Sheet's first configuration (19 MiB, 2 passes, 1 lane):
# about 45 ms per hash on the 2-core machines we run on, slow enough for guessing, fast enough to sign in.
ARGON2_MEMORY_KIB = 19_456
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1
_hasher = PasswordHasher(
    time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_PARALLELISM
)

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
"""A user name: 2 to 64 lower-case letters, digits, dots, dashes or underscores."""

WRONG_CREDENTIALS = N_("wrong user name or password")  # N_: the sign-in page shows it translated

DEMO_REFUSED = (
    "demo accounts work only with the sample district (pathways setup --demo); "
    "this database holds another district"
)


class Role(StrEnum):
    STUDENT = "student"
    FAMILY = "family"
    ADVISOR = "advisor"
    ADMIN = "admin"
    TEACHER = "teacher"  # a teacher or assessor: sees the students of the opportunities they assess
    SUPERVISOR = "supervisor"  # a work-based learning supervisor: no account, one placement by a link


class User(BaseModel):
    """A signed-in person. ``students`` are the linked records: a student's own, a family member's
    student(s), an advisor's caseload (empty for an admin)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    display_name: str
    role: Role
    email: str | None = None
    active: bool = True
    demo: bool = False
    students: frozenset[str] = frozenset()
    opportunities: frozenset[str] = frozenset()
    """What a teacher assesses (a supervisor: the placement's opportunity)."""
    placements: frozenset[int] = frozenset()
    """A supervisor's one placement (reached by a link)."""
    language: str | None = None
    """The language the account reads the product in ('es', 'vi'); None: not chosen (English)."""


class NewUser(BaseModel):
    """An account to create, as the CLI, the admin page or the accounts file describes it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(description="The sign-in name: 2-64 lower-case letters, digits, '.', '-' or '_'.")
    display_name: str = Field(min_length=1, max_length=200)
    role: Role
    email: str | None = Field(default=None, max_length=320)
    students: list[str] = Field(default_factory=list, description="Linked student ids.")
    demo: bool = False

    @field_validator("id")
    @classmethod
    def _name(cls, value: str) -> str:
        if not USERNAME.match(value):
            raise ValueError("a user name is 2-64 lower-case letters, digits, '.', '-' or '_'")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().lower()
        if value.count("@") != 1 or value.startswith("@") or value.endswith("@"):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value

    @model_validator(mode="after")
    def _links(self) -> NewUser:
        count = len(set(self.students))
        if self.role is Role.STUDENT and count != 1:
            raise ValueError("a student account is linked to exactly one student")
        if self.role is Role.FAMILY and count < 1:
            raise ValueError("a family account is linked to at least one student")
        if self.role in (Role.ADMIN, Role.TEACHER) and count:
            raise ValueError(
                f"an {self.role.value} account is not linked to students"
                if self.role is Role.ADMIN
                else "a teacher account is not linked to students: it sees those of the opportunities it assesses"
            )
        if self.role is Role.SUPERVISOR:
            raise ValueError("a supervisor has no account: they reach one placement through a link")
        return self


def new_user(**fields: Any) -> NewUser:
    """A NewUser from loose fields (CLI options, a form), or AccountError naming each field that is wrong."""
    try:
        return NewUser.model_validate(fields)
    except ValidationError as exc:
        problems = validation_problems(exc, "", "")
        raise AccountError("; ".join(str(p) for p in problems)) from None


class AccountEntry(NewUser):
    """One account of an accounts file (e.g. the sample district's demo accounts)."""

    password_hash: str | None = Field(default=None, description="An argon2 hash; never a password.")


class SignedIn(BaseModel):
    model_config = ConfigDict(frozen=True)

    token: str = Field(repr=False)
    user: User
    expires_at: dt.datetime


def utcnow() -> dt.datetime:
    """Now, in UTC, without a zone (how the database stores times)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# --- passwords ----------------------------------------------------------------------------------


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords (lower case), as the zxcvbn package ships them (MIT licence;
    the list comes from Mark Burnett's ten million leaked passwords, via dropbox/zxcvbn)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


def check_password_policy(password: str) -> None:
    """A new password: at least ``PATHWAYS_MIN_PASSWORD_LENGTH`` characters, at most 256, and not one
    of the common passwords (compared without case)."""
    shortest = get_settings().min_password_length
    if len(password) < shortest:
        raise AccountError(f"a password needs at least {shortest} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"a password has at most {MAX_PASSWORD_LENGTH} characters")
    if password.lower() in common_passwords():
        raise AccountError("that password is one of the 30,000 most common ones; choose another")


def hash_password(password: str) -> str:
    check_password_policy(password)
    return _hasher.hash(password)


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the user is unknown, so that a wrong name costs as long as a
    wrong password and timing does not tell which accounts exist."""
    return _hasher.hash(secrets.token_hex(16))


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --- users --------------------------------------------------------------------------------------

_USER_COLUMNS = "id, display_name, role, email, active, demo, language"


def _user(cur: Cursor, row: tuple[Any, ...]) -> User:
    role = Role(row[2])
    if role is Role.TEACHER:
        opportunities, students = assessors.scope(cur, row[0])
    else:
        links = cur.execute(
            "SELECT student_id FROM user_students WHERE user_id = ? ORDER BY student_id", [row[0]]
        ).fetchall()
        opportunities, students = frozenset(), frozenset(r[0] for r in links)
    return User(
        id=row[0],
        display_name=row[1],
        role=role,
        email=row[3],
        active=row[4],
        demo=row[5],
        language=row[6],
        students=students,
        opportunities=opportunities,
    )


def get_user(cur: Cursor, user_id: str) -> User | None:
    row = cur.execute(f"SELECT {_USER_COLUMNS} FROM users WHERE id = ?", [user_id]).fetchone()
    return _user(cur, row) if row else None


def user_by_email(cur: Cursor, email: str) -> User | None:
    row = cur.execute(
        f"SELECT {_USER_COLUMNS} FROM users WHERE email = ?", [email.strip().lower()]
    ).fetchone()
    return _user(cur, row) if row else None


def list_users(cur: Cursor) -> list[User]:
    rows = cur.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY role, id").fetchall()
    return [_user(cur, row) for row in rows]


def count_users(cur: Cursor) -> int:
    """Every account the database has held, disabled ones too (accounts are never deleted)."""
    row = cur.execute("SELECT count(*) FROM users").fetchone()
    return int(row[0]) if row else 0


def sample_loaded(cur: Cursor) -> bool:
    """True while the database holds the sample district as `pathways setup --demo` loaded it."""
    row = cur.execute("SELECT count(*) FROM sample_district").fetchone()
    return bool(row and row[0])


def mark_sample(cur: Cursor, loaded: bool, *, now: dt.datetime | None = None) -> None:
    """Record that the sample district is (or, after any other import, is no longer) what is loaded."""
    cur.execute("DELETE FROM sample_district")
    if loaded:
        cur.execute("INSERT INTO sample_district VALUES (?)", [now or utcnow()])


def _check_students_exist(cur: Cursor, student_ids: list[str]) -> None:
    rows = cur.execute("SELECT id FROM students WHERE list_contains(?, id)", [student_ids]).fetchall()
    found = {r[0] for r in rows}
    missing = sorted(set(student_ids) - found)
    if missing:
        raise AccountError(f"no student with id {', '.join(repr(m) for m in missing)}")


def create_user(
    cur: Cursor,
    new: NewUser,
    *,
    password: str | None = None,
    password_hash: str | None = None,
    now: dt.datetime | None = None,
) -> User:
    """Insert an account and its links. Give a password (hashed here) or an existing argon2 hash, or
    neither for an account that signs in only through OpenID Connect (it then needs an e-mail)."""
    if get_user(cur, new.id) is not None:
        raise AccountError(f"the user name {new.id!r} is taken")
    if new.email and user_by_email(cur, new.email) is not None:
        raise AccountError(f"another account already uses the e-mail {new.email!r}")
    if password is not None:
        password_hash = hash_password(password)
    elif password_hash is not None and not password_hash.startswith("$argon2"):
        raise AccountError(f"the password hash of {new.id!r} is not an argon2 hash")
    if password_hash is None and not new.email:
        raise AccountError(f"{new.id!r} needs a password or an e-mail for single sign-on")
    _check_students_exist(cur, new.students)
    cur.execute(
        "INSERT INTO users (id, display_name, role, email, password_hash, active, demo, created_at) "
        "VALUES (?, ?, ?, ?, ?, TRUE, ?, ?)",
        [new.id, new.display_name, new.role.value, new.email, password_hash, new.demo, now or utcnow()],
    )
    _insert_links(cur, new.id, new.students)
    log.info("account %s created with role %s", new.id, new.role.value)
    created = get_user(cur, new.id)
    assert created is not None
    return created


def _insert_links(cur: Cursor, user_id: str, student_ids: list[str]) -> None:
    if student_ids:
        cur.executemany(
            "INSERT INTO user_students VALUES (?, ?)", [[user_id, s] for s in sorted(set(student_ids))]
        )


def _existing(cur: Cursor, user_id: str) -> User:
    user = get_user(cur, user_id)
    if user is None:
        raise AccountError(f"no account named {user_id!r}")
    return user


def set_links(cur: Cursor, user_id: str, student_ids: list[str]) -> User:
    """Replace the students an account is linked to (an advisor's caseload, a family's students)."""
    user = _existing(cur, user_id)
    new_user(id=user.id, display_name=user.display_name, role=user.role, students=student_ids)
    _check_students_exist(cur, student_ids)
    cur.execute("DELETE FROM user_students WHERE user_id = ?", [user_id])
    _insert_links(cur, user_id, student_ids)
    return _existing(cur, user_id)


def set_active(cur: Cursor, user_id: str, active: bool) -> User:
    """Enable or disable an account; disabling also ends its sessions."""
    _existing(cur, user_id)
    cur.execute("UPDATE users SET active = ? WHERE id = ?", [active, user_id])
    if not active:
        cur.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])
    return _existing(cur, user_id)


def set_language(cur: Cursor, user_id: str, language: str | None) -> User:
    """The language the account reads the product in (None: English, the default)."""
    _existing(cur, user_id)
    if language is not None and language not in LANGUAGES:
        raise AccountError(f"{language!r} is not a language Pathways speaks ({', '.join(LANGUAGES)})")
    cur.execute("UPDATE users SET language = ? WHERE id = ?", [language, user_id])
    return _existing(cur, user_id)


def set_password(cur: Cursor, user_id: str, password: str) -> None:
    """A new password; every session of the account ends."""
    _existing(cur, user_id)
    cur.execute("UPDATE users SET password_hash = ? WHERE id = ?", [hash_password(password), user_id])
    cur.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])


# --- sign-in and sessions -----------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(cur: Cursor, user: User, *, now: dt.datetime | None = None) -> SignedIn:
    """A new session for an account already identified (by password or by the identity provider)."""
    now = now or utcnow()
    cur.execute("DELETE FROM sessions WHERE expires_at <= ?", [now])
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires = now + SESSION_LIFETIME
    cur.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", [_token_hash(token), user.id, now, expires])
    return SignedIn(token=token, user=user, expires_at=expires)


def authenticate(cur: Cursor, username: object, password: object) -> User:
    """The account a user name and password belong to. Any failure is the same ``SignInError``."""
    if not isinstance(username, str) or not isinstance(password, str):
        raise WrongCredentialsError(WRONG_CREDENTIALS)
    name = username.strip().lower()
    if not name or not password:
        raise SignInError(N_("enter your user name and password"))
    if not USERNAME.match(name) or len(password) > MAX_PASSWORD_LENGTH:
        raise WrongCredentialsError(WRONG_CREDENTIALS)
    row = cur.execute("SELECT password_hash, active FROM users WHERE id = ?", [name]).fetchone()
    stored = row[0] if row and row[1] else None
    if not _verify(stored, password):
        log.info("sign-in refused")
        raise WrongCredentialsError(WRONG_CREDENTIALS)
    assert stored is not None
    if _hasher.check_needs_rehash(stored):
        cur.execute("UPDATE users SET password_hash = ? WHERE id = ?", [_hasher.hash(password), name])
    log.info("account %s signed in", name)
    return _existing(cur, name)


def sign_in(cur: Cursor, username: object, password: object, *, now: dt.datetime | None = None) -> SignedIn:
    """Check a user name and password and open a session."""
    return open_session(cur, authenticate(cur, username, password), now=now)


def session_user(cur: Cursor, token: object, *, now: dt.datetime | None = None) -> User:
    """The account of a live session; an unknown, ended or expired session is ``SessionExpiredError``."""
    if not isinstance(token, str) or not token or len(token) > 4 * TOKEN_BYTES:
        raise SessionExpiredError("you are not signed in")
    row = cur.execute(
        "SELECT s.user_id, s.expires_at, u.active FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = ?",
        [_token_hash(token)],
    ).fetchone()
    if row is None or not row[2]:
        raise SessionExpiredError("you are not signed in")
    if row[1] <= (now or utcnow()):
        raise SessionExpiredError("your session has expired; please sign in again")
    user = _existing(cur, row[0])
    if user.demo and not sample_loaded(cur):
        raise SessionExpiredError(DEMO_REFUSED)
    return user


def sign_out(cur: Cursor, token: str) -> None:
    cur.execute("DELETE FROM sessions WHERE token_hash = ?", [_token_hash(token)])


# --- the accounts file --------------------------------------------------------------------------


def read_accounts_file(path: Path) -> list[AccountEntry]:
    """Parse an accounts file (a JSON list of accounts, hashes only), or an InputError naming each problem."""
    data = read_json(path)
    name = str(path)
    if not isinstance(data, list):
        raise InputError([Problem(name, "", "", f"expected a JSON list, found {type(data).__name__}")])
    entries: list[AccountEntry] = []
    problems: list[Problem] = []
    for i, item in enumerate(data):
        try:
            entries.append(AccountEntry.model_validate(item))
        except ValidationError as exc:
            problems.extend(validation_problems(exc, name, f"item {i}"))
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry.id in seen:
            problems.append(Problem(name, f"item {i}", "id", f"duplicate user name {entry.id!r}"))
        seen.add(entry.id)
    if problems:
        raise InputError(problems)
    return entries


def load_accounts(cur: Cursor, path: Path, *, now: dt.datetime | None = None) -> list[User]:
    """Create every account of an accounts file (call inside a transaction: all or nothing)."""
    created = []
    for i, entry in enumerate(read_accounts_file(path)):
        new = NewUser.model_validate(entry.model_dump(exclude={"password_hash"}))
        try:
            created.append(create_user(cur, new, password_hash=entry.password_hash, now=now))
        except AccountError as exc:
            raise InputError([Problem(str(path), f"item {i}", "", str(exc))]) from None
    return created
