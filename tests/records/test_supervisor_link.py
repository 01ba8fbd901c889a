"""The supervisor's link and the timesheet: a token for one placement only, expiry and revocation, an
approved entry locked, a rejection's reason, totals per term, ratings that become evidence, the CSV."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from recordkit import SUPERVISOR_TOKEN, rows

from core.errors import InputError
from records.errors import AccessDenied
from records.evidence import EvidenceIn, EvidenceState
from records.placements import HoursState, TimesheetIn
from records.service import Records

DAY = TimesheetIn(date=dt.date(2027, 1, 20), start="14:00", end="17:30", tasks="Ran the gel electrophoresis")


def test_a_link_opens_its_placement_and_nothing_else(records, users):
    supervisor = records.supervisor(SUPERVISOR_TOKEN)
    assert (supervisor.id, supervisor.display_name, supervisor.students, supervisor.placements) == (
        "link:1",
        "Dr. Okafor",
        frozenset({"stu-ana"}),
        frozenset({1}),
    )
    assert records.hours(supervisor, 1).placement.site == "Riverside Biotech Lab"
    with pytest.raises(AccessDenied) as raised:
        records.hours(supervisor, 3)  # the same student's other placement
    assert (
        str(raised.value)
        == "not allowed: link:1 (supervisor) may view hours only for the placement of their link"
    )
    with pytest.raises(AccessDenied):
        records.hours(supervisor, 2)  # another student's
    for read in (records.student, records.plan, records.evidence):
        with pytest.raises(AccessDenied):
            read(supervisor, "stu-ana")


def test_an_unknown_token_is_refused_and_audited(records):
    for token in ("sv1.guess", "not-a-token", None, SUPERVISOR_TOKEN + "x"):
        with pytest.raises(AccessDenied) as raised:
            records.supervisor(token)
        assert str(raised.value) == "this link is not valid; ask the school for a new one"
    assert (
        rows(records.db, "SELECT user_id, allowed FROM audit_log WHERE action = 'open_link'")
        == [("link:?", False)] * 4
    )


def test_a_revoked_link_stops_at_once(records, users):
    supervisor = records.supervisor(SUPERVISOR_TOKEN)
    revoked = records.revoke_link(users["adv.lee"], 1, 1)
    assert revoked.revoked_at is not None
    when = f"{revoked.revoked_at:%Y-%m-%d}"
    with pytest.raises(AccessDenied) as raised:
        records.hours(supervisor, 1)  # a page opened before the revocation
    assert str(raised.value) == f"not allowed: this link was revoked on {when}; ask the school for a new one"
    with pytest.raises(AccessDenied):
        records.supervisor(SUPERVISOR_TOKEN)


def test_an_expired_link_is_refused(records_db, users):
    issuer = Records(records_db, clock=lambda: dt.datetime(2027, 1, 5, 8, 0, tzinfo=dt.UTC))
    token, link = issuer.issue_link(users["adv.lee"], 1, lifetime=dt.timedelta(days=30))
    assert token.startswith("sv1.") and rows(
        records_db, f"SELECT count(*) FROM supervisor_links WHERE token_hash = '{token}'"
    ) == [(0,)]
    assert issuer.supervisor(token).placements == frozenset({1})
    later = Records(records_db, clock=lambda: dt.datetime(2027, 2, 4, 8, 0, tzinfo=dt.UTC))
    with pytest.raises(AccessDenied) as raised:
        later.supervisor(token)
    assert str(raised.value) == "this link expired on 2027-02-04; ask the school for a new one"
    assert link.expires_at == dt.datetime(2027, 2, 4, 8, 0)


def test_an_approved_entry_is_locked_and_a_rejection_says_why(records, users):
    supervisor = records.supervisor(SUPERVISOR_TOKEN)
    entry = records.log_hours(users["ana"], 1, DAY)
    assert (entry.state, entry.worked) == (HoursState.SUBMITTED, 3.5)
    approved = records.decide_hours(supervisor, entry.id, approve=True)
    assert (approved.state, approved.decided_by) == (HoursState.APPROVED, "Dr. Okafor")
    with pytest.raises(InputError) as raised:
        records.correct_hours(users["ana"], entry.id, DAY.model_copy(update={"end": 20 * 60}))
    assert (
        str(raised.value)
        == f"timesheet entry {entry.id}: it was approved on {approved.decided_at:%Y-%m-%d} and is locked"
    )
    second = records.log_hours(users["ana"], 1, DAY.model_copy(update={"date": dt.date(2027, 1, 21)}))
    with pytest.raises(InputError, match="reason: say why it is rejected"):
        records.decide_hours(supervisor, second.id, approve=False)
    rejected = records.decide_hours(supervisor, second.id, approve=False, reason="You left at 16:00 that day")
    assert (rejected.state, rejected.reason) == (HoursState.REJECTED, "You left at 16:00 that day")
    fixed = records.correct_hours(
        users["ana"], second.id, DAY.model_copy(update={"date": dt.date(2027, 1, 21), "end": 16 * 60})
    )
    assert (fixed.state, fixed.reason, fixed.worked) == (HoursState.SUBMITTED, "", 2.0)
    hours = records.hours(users["fam.reyes"], 1)
    assert [(t.term, t.approved, t.waiting) for t in hours.totals] == [("2027-SP", 3.5, 2.0)]


def test_a_supervisors_rating_becomes_evidence(records, users):
    supervisor = records.supervisor(SUPERVISOR_TOKEN)
    shown = EvidenceIn(
        competency="HS-PS1-2", level="proficient", date=dt.date(2026, 11, 20), opportunity="INT-BIOTECH"
    )
    rating = records.rate(supervisor, 1, shown)
    assert (rating.placement_id, rating.assessor, rating.state, rating.author_id) == (
        1,
        "Dr. Okafor",
        EvidenceState.VERIFIED,
        "link:1",
    )
    assert "HS-PS1-2" in records.learner(users["admin"], "stu-ana").demonstrated()
    assert records.placement_ratings(supervisor, 1) == [rating]


def test_the_hours_csv_holds_approved_hours_only(records, users, tmp_path):
    supervisor = records.supervisor(SUPERVISOR_TOKEN)
    records.decide_hours(supervisor, records.log_hours(users["ana"], 1, DAY).id, approve=True)
    records.log_hours(
        users["ana"], 1, DAY.model_copy(update={"date": dt.date(2027, 1, 22), "tasks": "=HYPERLINK(1)"})
    )
    out = tmp_path / "hours.csv"
    assert records.hours_report(users["admin"], out) == 1
    with out.open(encoding="utf-8") as handle:
        found = list(csv.DictReader(handle))
    assert [
        (
            r["student_id"],
            r["placement"],
            r["term"],
            r["date"],
            r["start"],
            r["end"],
            r["hours"],
            r["approved_by"],
        )
        for r in found
    ] == [("stu-ana", "1", "2027-SP", "2027-01-20", "14:00", "17:30", "3.5", "Dr. Okafor")]
    assert records.hours_report(users["adv.kim"], out) == 0  # stu-cy's placement has no approved hours
