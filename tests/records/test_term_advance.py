"""Plans move with time: advancing the term turns the items of the term that ended into completed,
incomplete or missed, and the next re-plan keeps what is done and proposes a catch-up, in words."""

from __future__ import annotations

import datetime as dt

import pytest
from recordkit import make_plan, rows

from core.errors import InputError
from core.store import Store
from records.errors import AccessDenied
from records.evidence import EvidenceIn
from records.progress import ItemStatus, replan


def _by_demonstration(competency: str) -> EvidenceIn:
    return EvidenceIn(competency=competency, level="proficient", date=dt.date(2026, 11, 2))


def test_a_missed_item_becomes_a_catch_up_in_the_next_plan(records, users):
    adviser, admin = users["adv.lee"], users["admin"]
    first = records.save_plan(
        adviser, "stu-bo", make_plan("stu-bo", [("INT-BIOTECH", "2027-SP")]), based_on=0
    )
    for competency in ("MATH-ALG-1", "MATH-ALG-2"):
        records.record_evidence(admin, "stu-bo", _by_demonstration(competency))
    assert [(i.opportunity, i.status) for i in records.progress(adviser, "stu-bo")] == [
        ("INT-BIOTECH", ItemStatus.IN_PROGRESS)
    ]
    with pytest.raises(AccessDenied):
        records.advance_term(adviser)
    moved = records.advance_term(admin)
    assert (moved.before, moved.after) == ("2027-SP", "2027-SU")
    [item] = records.progress(adviser, "stu-bo")
    assert (item.status, item.demonstrated, item.missing) == (
        ItemStatus.INCOMPLETE,
        ["HS-LS1-1"],
        ["HS-PS1-2"],
    )
    store = Store.open(records.db)
    try:
        catalog = store.catalog()
    finally:
        store.close()
    learner = records.learner(adviser, "stu-bo")
    found = replan(learner, first.plan, first.edits, catalog)
    assert [(i.opportunity, i.start_term) for i in found.plan.items()] == [("INT-BIOTECH", "2027-SU")]
    assert found.catch_up == [
        "Catch-up for Biotech Lab Internship (incomplete in Spring 2027): taken again in Summer 2027."
    ]
    assert found.plan.coverage == {"HS-PS1-2": "INT-BIOTECH"}  # what is done is not planned again


def test_the_last_term_does_not_advance(records, users):
    for _ in range(2):
        records.advance_term(users["admin"])
    with pytest.raises(InputError) as raised:
        records.advance_term(users["admin"])
    assert (
        str(raised.value)
        == "calendar: terms: 2027-FA is the calendar's last term; import the next terms first"
    )
    assert rows(records.db, "SELECT first_plannable_term FROM calendar_settings") == [("2027-FA",)]
