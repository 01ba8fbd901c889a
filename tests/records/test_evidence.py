"""Evidence of mastery through the record service: append-only (a correction keeps the original), the
states submitted -> verified / returned, the district's scale, artifacts, a class saved in bulk, and the
teacher's scope."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from recordkit import rows

from core.errors import InputError
from records.errors import AccessDenied
from records.evidence import MAX_ARTIFACT_BYTES, Artifact, ArtifactIn, EvidenceIn, EvidenceState

DAY = dt.date(2026, 11, 20)


def _shown(competency: str = "HS-LS1-1", level: str = "proficient", **more: object) -> EvidenceIn:
    return EvidenceIn(competency=competency, level=level, date=DAY, opportunity="INT-BIOTECH", **more)  # type: ignore[arg-type]


def test_a_correction_is_a_new_entry_and_the_original_stays(records, users):
    teacher = users["teach.ode"]
    first = records.record_evidence(teacher, "stu-ana", _shown(level="developing"))
    fixed = records.correct_evidence(
        teacher, "stu-ana", first.id, _shown(level="proficient"), "scored the wrong row"
    )
    assert (fixed.supersedes, fixed.level, fixed.state, fixed.reason) == (
        first.id,
        "proficient",
        EvidenceState.VERIFIED,
        "scored the wrong row",
    )
    assert [e.id for e in records.evidence(users["admin"], "stu-ana")] == [fixed.id]
    history = records.evidence_history(users["admin"], "stu-ana")
    assert [(e.id, e.level, e.supersedes) for e in history] == [
        (first.id, "developing", None),
        (fixed.id, "proficient", first.id),
    ]
    with pytest.raises(InputError) as raised:
        records.correct_evidence(teacher, "stu-ana", first.id, _shown(level="advanced"), "again")
    assert str(raised.value) == f"evidence {first.id}: it was superseded; change the newest entry"


def test_a_submitted_piece_is_verified_or_returned_with_a_reason(records, users):
    piece = records.submit_evidence(
        users["ana"],
        "stu-ana",
        _shown(comment="my lab notebook", artifacts=[ArtifactIn(name="gel.png", content=b"PNG")]),
    )
    assert (piece.state, piece.assessor, piece.artifacts) == (
        EvidenceState.SUBMITTED,
        "",
        [Artifact(name="gel.png", sha256=hashlib.sha256(b"PNG").hexdigest(), size=3)],
    )
    assert records.learner(users["admin"], "stu-ana").demonstrated() == {"MATH-ALG-1"}  # not yet counted
    returned = records.return_evidence(users["teach.ode"], "stu-ana", piece.id, "label the bands")
    assert (returned.state, returned.reason, returned.comment, returned.artifacts) == (
        EvidenceState.RETURNED,
        "label the bands",
        "my lab notebook",
        piece.artifacts,
    )
    again = records.submit_evidence(users["ana"], "stu-ana", _shown(comment="labelled"))
    verified = records.verify_evidence(users["teach.ode"], "stu-ana", again.id)
    assert (verified.state, verified.assessor, verified.supersedes) == (
        EvidenceState.VERIFIED,
        "Mr. Ode",
        again.id,
    )
    assert records.learner(users["admin"], "stu-ana").demonstrated() == {"MATH-ALG-1", "HS-LS1-1"}
    with pytest.raises(InputError) as raised:
        records.verify_evidence(users["teach.ode"], "stu-ana", returned.id)
    assert str(raised.value) == f"evidence {returned.id}: state: it is returned, not waiting to be verified"
    with pytest.raises(InputError) as raised:
        records.return_evidence(
            users["teach.ode"], "stu-ana", records.submit_evidence(users["ana"], "stu-ana", _shown()).id, " "
        )
    assert str(raised.value).endswith("reason: say why it is returned")
    assert records.artifact(users["ana"], "stu-ana", hashlib.sha256(b"PNG").hexdigest()) == b"PNG"


def test_bad_evidence_names_the_row_and_field_and_writes_nothing(records, users):
    grid = [
        ("stu-ana", _shown(level="excellent")),
        (
            "stu-ana",
            EvidenceIn(competency="MATH-ALG-1", level="proficient", date=DAY, opportunity="INT-BIOTECH"),
        ),
        ("stu-ana", _shown()),
    ]
    with pytest.raises(InputError) as raised:
        records.record_class(users["teach.ode"], "INT-BIOTECH", grid)
    assert str(raised.value).splitlines() == [
        "row 1 (stu-ana, HS-LS1-1): level: 'excellent' is not a level of this scale (emerging, developing, proficient, advanced)",
        "row 2 (stu-ana, MATH-ALG-1): competency: 'MATH-ALG-1' is not an outcome of 'INT-BIOTECH'",
    ]
    assert rows(records.db, "SELECT count(*) FROM evidence_entries") == [(0,)]
    future = EvidenceIn(
        competency="HS-LS1-1", level="proficient", date=dt.date(2099, 1, 1), opportunity="INT-BIOTECH"
    )
    with pytest.raises(InputError) as raised:
        records.record_evidence(users["teach.ode"], "stu-ana", future)
    assert str(raised.value) == "evidence for stu-ana: date: 2099-01-01 is in the future"


def test_a_file_over_the_limit_and_a_link_that_is_not_a_web_link_are_refused():
    with pytest.raises(ValueError, match=f"the file 'big.mov' is {MAX_ARTIFACT_BYTES + 1:,} bytes"):
        ArtifactIn(name="big.mov", content=b"x" * (MAX_ARTIFACT_BYTES + 1))
    with pytest.raises(ValueError, match="'javascript:alert' is not a web link"):
        ArtifactIn(name="x", url="javascript:alert")


def test_a_teacher_records_only_for_the_opportunities_they_assess(records, users):
    teacher = users["teach.ode"]
    assert teacher.students == frozenset({"stu-ana"})  # placed at INT-BIOTECH
    bio = EvidenceIn(competency="HS-LS1-1", level="proficient", date=DAY, opportunity="BIO-1")
    with pytest.raises(AccessDenied) as raised:
        records.record_evidence(teacher, "stu-ana", bio)
    assert (
        str(raised.value)
        == "not allowed: teach.ode (teacher) may record evidence only for the opportunities they assess"
    )
    by_demonstration = EvidenceIn(competency="HS-LS1-1", level="proficient", date=DAY)
    with pytest.raises(AccessDenied):
        records.record_evidence(teacher, "stu-ana", by_demonstration)
    entry = records.record_evidence(users["admin"], "stu-ana", by_demonstration)
    assert (entry.opportunity, entry.assessor) == (None, "Dana Whitfield")
    assert records.evidence(teacher, "stu-ana") == []  # not from what they assess
    with pytest.raises(AccessDenied):
        records.record_class(teacher, "INT-BIOTECH", [("stu-ana", _shown()), ("stu-cy", _shown())])
    assert rows(records.db, "SELECT count(*) FROM evidence_entries") == [(1,)]


def test_a_class_in_one_save(records, users):
    saved = records.record_class(
        users["teach.ode"],
        "INT-BIOTECH",
        [("stu-ana", _shown("HS-LS1-1", "advanced")), ("stu-ana", _shown("HS-PS1-2", "developing"))],
    )
    assert [(e.competency, e.level, e.state) for e in saved] == [
        ("HS-LS1-1", "advanced", EvidenceState.VERIFIED),
        ("HS-PS1-2", "developing", EvidenceState.VERIFIED),
    ]
    assert rows(
        records.db, "SELECT action, student_id, detail FROM audit_log WHERE action = 'record_evidence'"
    ) == [("record_evidence", "stu-ana", "2 evidence entries")]


def test_a_longer_scale_from_the_requirement_set(records, users, records_db):
    from core.schema import PerformanceScale
    from core.store import Store

    ten = PerformanceScale(levels=[f"L{i}" for i in range(1, 11)], proficient=["L7", "L8", "L9", "L10"])
    store = Store.open(records_db)
    try:
        with store.transaction() as cur:
            rs = store.requirement_sets(cur)[0]
            store.put_requirement_sets(cur, [rs.model_copy(update={"scale": ten})])
        assert store.requirement_sets()[0].scale == ten
    finally:
        store.close()
    records.record_evidence(users["teach.ode"], "stu-ana", _shown(level="L6"))
    assert "HS-LS1-1" not in records.learner(users["admin"], "stu-ana").demonstrated()
    records.record_evidence(users["teach.ode"], "stu-ana", _shown(level="L7"))
    assert "HS-LS1-1" in records.learner(users["admin"], "stu-ana").demonstrated()
    with pytest.raises(InputError, match="'proficient' is not a level of this scale \\(L1, L2"):
        records.record_evidence(users["teach.ode"], "stu-ana", _shown(level="proficient"))


def test_a_learner_written_back_keeps_the_profiles_own_evidence(records, users):
    records.record_evidence(users["teach.ode"], "stu-ana", _shown())
    learner = records.learner(users["adv.lee"], "stu-ana")
    assert [e.competency for e in learner.evidence] == ["MATH-ALG-1", "HS-LS1-1"]
    records.update_student(users["adv.lee"], learner.model_copy(update={"max_hours_per_week": 12.0}))
    stored = records.student(users["adv.lee"], "stu-ana")
    assert ([e.competency for e in stored.evidence], stored.max_hours_per_week) == (["MATH-ALG-1"], 12.0)
    assert rows(records.db, "SELECT count(*) FROM evidence_entries") == [(1,)]
