"""The record service's district operations: the one import path for the catalog and the students
(the app's upload page and the command line alike), the district export, the first setup of a database
(the sample district and its demo accounts), the first admin, and the check before a reset.

Each is an admin's act, authorized and audited like any other. Two acts need no user, and only while
the database has never held an account: the first setup and the first admin (there is nobody to sign
in yet); they are audited as ``(setup)``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from catalog import district
from catalog.district import Bundle, ImportReport
from records import accounts, audit
from records.access import Action
from records.accounts import NewUser, Role, User
from records.core import Ctx, RecordsBase, T
from records.errors import AccountError

SETUP = "(setup)"
"""Who the audit log names for the acts of a database's first setup (never a user name: no parentheses)."""

DEMO_ACCOUNTS_FILE = "accounts.json"
"""The sample district's demo accounts, in the sample folder."""


class DistrictRecords(RecordsBase):
    # --- the catalog ---------------------------------------------------------------------------------

    def import_catalog(self, user: User, kind: str, path: Path) -> ImportReport:
        """Import a district file (``kind`` as in catalog/district.py, or "district" for a folder): admins
        only, audited. All or nothing (``InputError`` naming each problem, and nothing written); the
        search index is the caller's to refresh. The database no longer counts as the sample district."""
        bundle = _parse(kind, path)
        return self._run(
            user,
            Action.MANAGE_CATALOG,
            None,
            lambda x: _apply(x, bundle, sample=False),
            detail=lambda r: f"import {kind}: {_changes(r)}",
        )

    def check_catalog_import(self, user: User, bundle: Bundle) -> None:
        """Every check of the import of ``bundle`` (the same path as ``import_catalog``), then roll it
        back: ``InputError`` naming each problem, or None when the import would go through."""

        def rehearse(x: Ctx) -> None:
            with x.store.rehearsal():
                district.apply(x.store, bundle)

        self._run(user, Action.MANAGE_CATALOG, None, rehearse, detail=lambda _: "check an import")

    def export_district(self, user: User | None, folder: Path) -> list[Path]:
        """Write the catalog in the documented formats; with an admin, the students too (audited).
        Without a user, the catalog alone (it is not student data)."""
        if user is None:
            with self._transaction() as (store, _):
                return district.export_district(store, folder, students=False)
        return self._run(
            user,
            Action.MANAGE_CATALOG,
            None,
            lambda x: district.export_district(x.store, folder, students=True),
            detail=lambda _: "export the catalog and every student",
        )

    # --- the first setup -------------------------------------------------------------------------------

    def has_accounts(self) -> bool:
        """True once the database has held any account (disabled ones count)."""
        with self._transaction() as (_, cur):
            return accounts.count_users(cur) > 0

    def setup_sample(self, sample_dir: Path) -> tuple[ImportReport | None, list[User]]:
        """For `pathways setup --demo`: the sample district into an empty database (None when it holds
        it already), marked as the sample, and its demo accounts while the database has no account."""
        with self._transaction() as (store, cur):
            is_sample, empty = accounts.sample_loaded(cur), store.counts(cur)["competencies"] == 0
            no_accounts = accounts.count_users(cur) == 0
        if not (is_sample or empty):
            raise AccountError(
                "this database holds another district; the demo accounts go only with the sample "
                "district (use another PATHWAYS_DB, or pathways setup --reset --demo as its admin)"
            )
        report = None
        if empty:
            bundle = _parse("district", sample_dir)
            report = self._first_setup(lambda x: _apply(x, bundle, sample=True), "import the sample district")
        made: list[User] = []
        if no_accounts:
            file = sample_dir / DEMO_ACCOUNTS_FILE
            made = self._first_setup(
                lambda x: accounts.load_accounts(x.cur, file, now=x.now), "load the demo accounts"
            )
        return report, made

    def _first_setup(self, operation: Callable[[Ctx], T], detail: str) -> T:
        """An act of the first setup: refused once the database has held an account; audited."""
        with self._transaction() as (store, cur):
            if accounts.count_users(cur):
                raise AccountError("accounts exist already; sign in as an admin")
            result = operation(Ctx(store, cur, SETUP_USER, self.now()))
            audit.record(cur, SETUP_USER, Action.MANAGE_CATALOG, [None], allowed=True, detail=detail)
        return result

    def create_first_admin(self, new: NewUser, *, password: str) -> User:
        """The first account of a database: an admin, and only while it has never held any account (a
        disabled admin counts: re-enabling needs an admin, not a new one made without credentials)."""
        if new.role is not Role.ADMIN:
            raise AccountError("the first account must be an admin")
        with self._transaction() as (_, cur):
            if accounts.count_users(cur):
                raise AccountError("accounts exist already; an admin adds accounts with --as ADMIN")
            admin = accounts.create_user(cur, new, password=password, now=self.now())
            audit.record(cur, admin, Action.MANAGE_ACCOUNTS, [None], allowed=True, detail="first admin")
        return admin

    def load_accounts(self, user: User, path: Path) -> list[User]:
        """Create the accounts of an accounts file, all or nothing: admins only."""
        return self._run(
            user,
            Action.MANAGE_ACCOUNTS,
            None,
            lambda x: accounts.load_accounts(x.cur, path, now=x.now),
            detail=lambda made: f"loaded {len(made)} accounts from a file",
        )

    def check_reset(self, user: User) -> None:
        """Refused (and audited) unless ``user`` is an admin: before `pathways setup --reset` deletes
        the database, every plan version and comment with it."""
        self._run(user, Action.MANAGE_ACCOUNTS, None, lambda _: None, detail=lambda _: "reset the database")


SETUP_USER = User(id=SETUP, display_name="first setup", role=Role.ADMIN)


def _parse(kind: str, path: Path) -> Bundle:
    return district.district_bundle(path) if kind == "district" else district.bundle_for(kind, path)


def _apply(x: Ctx, bundle: Bundle, *, sample: bool) -> ImportReport:
    report = district.apply(x.store, bundle)
    accounts.mark_sample(x.cur, sample, now=x.now)
    return report


def _changes(report: ImportReport) -> str:
    return report.summary().split(": ", 1)[-1]
