"""The wish objects (planner/wishes.py): each says itself in words and relaxes into the concrete change
a student would make; the solver's tests (test_hard_rules.py) cover each one's constraint held and
violated, and test_checker.py each one's checker clause."""

from __future__ import annotations

from plan_builders import catalog, comp, meet, opp, student

from core.schema import Mode
from planner.domain import Lock, PlanRequest
from planner.edits import PlanEdits, Wishes
from planner.instance import build_instance
from planner.wishes import relax, student_wishes

CAT = catalog([comp("B")], [opp("BIO", ["B"]), opp("ART", ["B"])], required=["B"])
SAM = student(
    unavailable=[meet("Fri 00:00-24:00"), {"day": "Tue", "start": "15:00", "end": "18:00", "label": "job"}],
    allowed_modes=["in_person"],
    max_hours_per_week=12,
)
EDITS = PlanEdits(locks=[Lock(opportunity="BIO", term="2027-SP")], exclusions=["ART"])
WISHES = Wishes(student=SAM, edits=EDITS)


def test_every_wish_in_words_with_its_stable_id() -> None:
    inst = build_instance(
        PlanRequest(
            student=SAM, catalog=CAT, locks=EDITS.locks, exclusions=EDITS.exclusions, wishes_off=["modes"]
        )
    )
    assert [(w.id, w.kind.value, w.text, w.on) for w in inst.wishes] == [
        ("unavailable:0", "unavailable", "no Fridays", True),
        ("unavailable:1", "unavailable", "nothing on Tuesdays 15:00-18:00 (job)", True),
        ("deadline", "deadline", "graduate by Spring 2028", True),
        ("hours_cap", "hours_cap", "at most 12 hours a week", True),
        ("pace_load", "pace_load", "the standard pace (0 to 30 hours a week in fall and spring)", True),
        ("modes", "modes", "only in-person opportunities", False),
        ("lock:BIO", "lock", "take Bio course in Spring 2027", True),
        ("exclude:ART", "exclusion", "not take Art course", True),
    ]


def test_each_wish_relaxes_into_the_change_a_student_would_make() -> None:
    freed = relax(WISHES, "unavailable:0")
    assert freed is not None and [str(b) for b in freed.student.unavailable] == ["Tue 15:00-18:00"]
    modes = relax(WISHES, "modes")
    assert modes is not None and modes.student.allowed_modes == list(Mode)
    unlocked = relax(WISHES, "lock:BIO")
    assert unlocked is not None and (unlocked.edits.locks, unlocked.edits.exclusions) == ([], ["ART"])
    allowed = relax(WISHES, "exclude:ART")
    assert allowed is not None and (allowed.edits.locks, allowed.edits.exclusions) == (EDITS.locks, [])
    for switched in ("deadline", "hours_cap", "pace_load"):
        off = relax(WISHES, switched)
        assert off is not None and off.edits.wishes_off == [switched] and off.student == SAM
    assert relax(WISHES, "lock:ART") is None


def test_the_wish_list_follows_the_profile_and_the_edits() -> None:
    plain = student_wishes(student(), PlanEdits(), (6, 20))
    assert [w.id for w in plain] == ["deadline", "hours_cap", "pace_load"]
