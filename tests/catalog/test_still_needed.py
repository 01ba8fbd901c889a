"""``RequirementSet.still_needed``: one answer to "what does the student still need", which the solver
and the matcher share (the matcher's own copy used to keep headings as needed)."""

from __future__ import annotations

from core.schema import Competency, RequirementSet, SubjectMinimum


def comp(ident: str, subject: str, heading: bool = False) -> Competency:
    return Competency(
        id=ident, code=ident, statement=f"{ident}.", subject=subject, framework="T", is_heading=heading
    )


COMPS = [
    comp("SCI", "science", heading=True),
    comp("BIO-1", "science"),
    comp("BIO-2", "science"),
    comp("ART-1", "arts"),
    comp("ART-2", "arts"),
    comp("ART-3", "arts"),
    comp("ART-H", "arts", heading=True),
    comp("MUS-1", "arts"),
]
DIPLOMA = RequirementSet(
    id="D",
    name="Diploma",
    required=["SCI", "BIO-1", "BIO-2", "BIO-1"],
    subject_minimums=[
        SubjectMinimum(subject="arts", count=2),
        SubjectMinimum(subject="arts", count=1, pool=["MUS-1", "ART-H"]),
    ],
)


def test_required_competencies_are_once_each_in_order_without_headings() -> None:
    assert DIPLOMA.required_competencies(COMPS) == ["BIO-1", "BIO-2"]


def test_still_needed_drops_what_is_demonstrated_and_counts_each_minimum() -> None:
    still = DIPLOMA.still_needed({"BIO-1", "ART-2"}, COMPS)
    assert still.required == ["BIO-2"]
    assert [(m.subject, m.count, m.demonstrated, m.pool, m.remaining) for m in still.minimums] == [
        ("arts", 2, 1, ["ART-1", "ART-3", "MUS-1"], 1),
        ("arts", 1, 0, ["MUS-1"], 1),
    ]
    assert still.competencies() == {"BIO-2", "ART-1", "ART-3", "MUS-1"}


def test_a_met_minimum_adds_nothing_and_a_heading_is_never_needed() -> None:
    still = DIPLOMA.still_needed({"BIO-1", "BIO-2", "ART-1", "ART-2", "MUS-1"}, COMPS)
    assert still.required == []
    assert [m.remaining for m in still.minimums] == [0, 0]
    assert still.competencies() == set()


def test_standing_counts_a_minimum_s_slots_not_every_pool_competency_a_plan_covers() -> None:
    """A plan that covers three arts competencies for a minimum of two earns two toward the diploma:
    the count the progress chart, the plan's summary and the chat's first plan all give."""
    covered = {"BIO-2", "ART-1", "ART-3", "MUS-1"}
    assert DIPLOMA.standing({"BIO-1", "ART-2"}, covered, COMPS) == {
        "science": (1, 1, 0),
        "arts": (1 + 0, 1 + 1, 0),
    }
    assert DIPLOMA.standing(set(), {"ART-1", "ART-2", "ART-3"}, COMPS) == {
        "science": (0, 0, 2),
        "arts": (0, 2 + 0, 0 + 1),
    }
