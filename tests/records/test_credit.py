"""Credit by the proficiency rule (69% / 70% / 100%, per subject) and the graduation audit."""

from __future__ import annotations

import datetime as dt

import pytest
from recordkit import make_plan

from core.schema import Catalog, Competency, Framework, Opportunity, RequirementSet, Season
from records.credit import credits
from records.evidence import EvidenceIn

START = dt.date(2026, 9, 1)


def _catalog(science: int, math: int = 0, length: int = 1) -> Catalog:
    comps = [
        Competency(id=f"{subject}-{i}", statement=f"{subject} outcome {i}", subject=subject, framework="f")
        for subject, count in (("science", science), ("mathematics", math))
        for i in range(count)
    ]
    lab = Opportunity(
        id="LAB",
        title="Field lab",
        kind="project",
        competencies=[c.id for c in comps],
        hours_per_week=4,
        length_terms=length,
        seasons=[Season.FALL],
    )
    return Catalog(frameworks=[Framework(id="f", title="F")], competencies=comps, opportunities=[lab])


def _shown(prefix: str, count: int) -> dict[str, dt.date]:
    return {f"{prefix}-{i}": START + dt.timedelta(days=i) for i in range(count)}


RULE = RequirementSet(id="d", name="Diploma", proficiency_share=0.7, credit_per_term=0.5)


@pytest.mark.parametrize(
    ("shown", "granted", "credit", "on"),
    [
        (69, False, 0.0, None),
        (70, True, 0.5, START + dt.timedelta(days=69)),
        (100, True, 0.5, START + dt.timedelta(days=69)),
    ],
)
def test_credit_at_69_70_and_100_percent_of_the_outcomes(shown, granted, credit, on):
    [line] = credits(RULE, _catalog(100), ["LAB"], _shown("science", shown))
    assert (line.share, line.granted, line.credits, line.granted_on) == (shown / 100, granted, credit, on)


def test_an_opportunity_spanning_two_subjects_earns_each_subjects_part_on_its_own():
    demonstrated = _shown("science", 7) | _shown("mathematics", 6)
    lines = credits(RULE, _catalog(10, 10, length=2), ["LAB"], demonstrated)
    assert [(c.subject, c.share, c.granted, c.credits) for c in lines] == [
        ("science", 0.7, True, 0.5),
        ("mathematics", 0.6, False, 0.0),
    ]


def test_9_of_13_is_below_70_percent_as_an_exact_fraction():
    [line] = credits(RULE, _catalog(13), ["LAB"], _shown("science", 9))
    assert (line.share, line.granted) == (0.6923, False)


def test_the_audit_says_what_is_demonstrated_planned_and_missing(records, users):
    admin = users["admin"]
    audit = records.graduation_audit(admin, "stu-ana")
    assert [(r.competency, r.status, r.date) for r in audit.required] == [
        ("HS-LS1-1", "missing", None),
        ("HS-PS1-2", "missing", None),
        ("MATH-ALG-1", "demonstrated", dt.date(2026, 6, 1)),
        ("MATH-ALG-2", "missing", None),
    ]
    assert audit.on_track is False
    assert audit.reasons == [
        "required HS-LS1-1 is neither demonstrated nor planned by 2027-FA",
        "required HS-PS1-2 is neither demonstrated nor planned by 2027-FA",
        "required MATH-ALG-2 is neither demonstrated nor planned by 2027-FA",
        "science: 0 demonstrated and 0 planned of the 2 needed",
    ]
    plan = make_plan("stu-ana", [("INT-BIOTECH", "2027-SP"), ("ALG-ONLINE", "2027-FA")])
    records.save_plan(users["adv.lee"], "stu-ana", plan, based_on=0)
    shown = EvidenceIn(
        competency="HS-LS1-1", level="advanced", date=dt.date(2026, 11, 20), opportunity="INT-BIOTECH"
    )
    records.record_evidence(users["teach.ode"], "stu-ana", shown)
    audit = records.graduation_audit(admin, "stu-ana")
    assert [(r.competency, r.status, r.date, r.term) for r in audit.required] == [
        ("HS-LS1-1", "demonstrated", dt.date(2026, 11, 20), None),
        ("HS-PS1-2", "planned", None, "2027-SP"),
        ("MATH-ALG-1", "demonstrated", dt.date(2026, 6, 1), None),
        ("MATH-ALG-2", "planned", None, "2027-FA"),
    ]
    assert [(m.subject, m.demonstrated, m.planned, m.met) for m in audit.minimums] == [
        ("science", 1, 1, True)
    ]
    assert (audit.on_track, audit.reasons) == (True, [])
    # INT-BIOTECH is planned and placed this term (1 of its 2 outcomes: 50%); ALG-ONLINE is the source of
    # the imported evidence (1 of 2). BIO-1's placement is next term: not taken yet.
    assert [(c.opportunity, c.subject, c.share, c.credits) for c in audit.credits] == [
        ("INT-BIOTECH", "science", 0.5, 0.0),
        ("ALG-ONLINE", "mathematics", 0.5, 0.0),
    ]


def test_the_audit_feeds_the_planners_still_needed(records, users):
    from core.store import Store

    store = Store.open(records.db)
    try:
        catalog = store.catalog()
    finally:
        store.close()
    learner = records.learner(users["admin"], "stu-ana")
    still = catalog.requirement_set("tiny-diploma").still_needed(learner.demonstrated(), catalog.competencies)
    audit = records.graduation_audit(users["admin"], "stu-ana")
    assert still.required == [r.competency for r in audit.required if r.status != "demonstrated"]
