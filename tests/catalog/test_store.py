"""The DuckDB repository: migrations, round trips of every model, transactions."""

from __future__ import annotations

import pytest

from catalog import district
from core.errors import NotFoundError
from core.store import Store


def test_open_applies_migrations_once(isolated_db):
    first = Store.open(isolated_db)
    assert first.schema_version() >= 1
    first.close()
    again = Store.open(isolated_db)
    assert again.migrate() == []
    again.close()


def test_models_round_trip_through_the_database(store, tiny_district):
    bundle = district.district_bundle(tiny_district)
    district.apply(store, bundle)
    assert store.competencies() == bundle.competencies
    assert store.opportunities() == bundle.opportunities
    assert store.students() == bundle.students
    assert store.requirement_sets() == bundle.requirement_sets
    assert store.calendar() == bundle.calendar
    assert store.frameworks() == bundle.frameworks


def test_bulk_rows_are_written_by_column_name_not_position(store):
    with store.transaction() as cur:
        cur.execute("CREATE TABLE scratch (b VARCHAR, position INTEGER, a VARCHAR)")
        Store._insert_rows(cur, "scratch", "a b position", [["first", "x", 0], ["second", "y", 1]])
        assert cur.execute("SELECT a, b, position FROM scratch ORDER BY position").fetchall() == [
            ("first", "x", 0),
            ("second", "y", 1),
        ]
        with pytest.raises(ValueError, match=r"scratch: 2 values for 3 columns \(a b position\)"):
            Store._insert_rows(cur, "scratch", "a b position", [["first", "x"]])


def test_student_lookup(store, tiny_district):
    district.import_district(store, tiny_district)
    ana = store.student("stu-ana")
    assert ana.name == "Ana Reyes"
    assert ana.demonstrated() == {"MATH-ALG-1"}
    with pytest.raises(NotFoundError, match="no student with id 'nobody'"):
        store.student("nobody")


def test_transaction_rolls_back_on_error(store, tiny_district):
    district.import_district(store, tiny_district)
    before = store.counts()
    with pytest.raises(RuntimeError), store.transaction() as cur:
        cur.execute("DELETE FROM opportunities")
        raise RuntimeError("interrupted")
    assert store.counts() == before


def test_counts_by_kind(store, tiny_district):
    district.import_district(store, tiny_district)
    counts = store.counts()
    assert counts["opportunities_by_kind"] == {"course": 1, "internship": 1, "online_course": 1}
    assert (counts["competencies"], counts["students"], counts["terms"], counts["evidence"]) == (5, 1, 4, 1)
