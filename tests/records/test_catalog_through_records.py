"""The catalog through the record service: the upload page's check runs the import's own path and
rolls it back; the caseload is one read with one audit entry."""

from __future__ import annotations

import pytest
from recordkit import TINY_DISTRICT, make_plan, rows

from catalog.district import bundle_for
from core.errors import InputError
from records.errors import AccessDenied


def counts(db) -> list[tuple[object, ...]]:
    return rows(db, "SELECT (SELECT count(*) FROM opportunities), (SELECT count(*) FROM students)")


def test_checking_an_import_runs_the_import_and_writes_nothing(records, users, records_db, tmp_path):
    before = counts(records_db)
    good = tmp_path / "opportunities.json"
    good.write_text(
        (TINY_DISTRICT / "opportunities.json").read_text(encoding="utf-8").replace('"BIO-1"', '"BIO-9"', 1),
        encoding="utf-8",
    )
    records.check_catalog_import(users["admin"], bundle_for("opportunities", good))
    assert counts(records_db) == before
    bad = tmp_path / "students.json"
    bad.write_text(
        '[{"id": "stu-x", "name": "X", "grade": 10, "target_graduation_term": "2099-FA", '
        '"requirement_set": "tiny-diploma"}]',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        records.check_catalog_import(users["admin"], bundle_for("students", bad))
    assert [p.message for p in refused.value.problems] == ["target_graduation_term '2099-FA' is not a term"]
    assert counts(records_db) == before
    with pytest.raises(AccessDenied):
        records.check_catalog_import(users["adv.lee"], bundle_for("opportunities", good))


def test_the_caseload_is_one_read_with_one_audit_entry(records, users, records_db):
    adv = users["adv.lee"]
    saved = records.save_plan(adv, "stu-bo", make_plan("stu-bo", [("BIO-1", "2027-SP")]), based_on=0)
    records.save_plan(adv, "stu-bo", make_plan("stu-bo", [("BIO-1", "2027-FA")]), based_on=saved.version)
    start = rows(records_db, "SELECT max(id) FROM audit_log")[0][0]
    found = records.caseload(adv)
    assert [(s.id, head.version if head else None) for s, head in found] == [("stu-ana", None), ("stu-bo", 2)]
    assert found[1][1] == records.plan(adv, "stu-bo")
    assert rows(
        records_db,
        f"SELECT user_id, action, student_id, detail FROM audit_log WHERE id > {start} ORDER BY id",
    )[:1] == [("adv.lee", "view_caseload", None, "2 students: stu-ana, stu-bo")]
