"""The database file on disk: readable by its owner only, and migrated once per process."""

from __future__ import annotations

import stat
from pathlib import Path

import duckdb

from core import store as store_module
from core.db import connected
from core.store import Store
from records.service import Records


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_write_ahead_log_are_readable_by_their_owner_only(tmp_path):
    db = tmp_path / "new.duckdb"
    store = Store.open(db)
    with store.transaction() as cur:
        cur.execute("CREATE TABLE t AS SELECT 1 AS x")
    wal = Path(f"{db}.wal")
    assert wal.exists()
    assert (mode(db), mode(wal)) == (0o600, 0o600)
    store.close()
    assert mode(db) == 0o600


def test_a_database_created_readable_by_all_is_narrowed_on_open(tmp_path):
    db = tmp_path / "old.duckdb"
    duckdb.connect(str(db)).close()
    db.chmod(0o644)
    with connected(db):
        pass
    assert mode(db) == 0o600


def test_migrations_run_once_per_process_and_again_for_a_replaced_file(records_db, users, monkeypatch):
    calls: list[str] = []
    migrate = Store.migrate

    def counting(self: Store) -> list[str]:
        calls.append(self.path)
        return migrate(self)

    monkeypatch.setattr(Store, "migrate", counting)
    monkeypatch.setattr(store_module, "_migrated", set())
    records = Records(records_db)
    for _ in range(3):
        assert records.plan(users["ana"], "stu-ana") is None
    assert calls == [str(records_db)]
    records_db.unlink()
    Store.open(records_db).close()  # a new, empty file at the same path
    assert calls == [str(records_db)] * 2
    assert Store.open(records_db).schema_version() == store_module._migrations()[-1][0]
