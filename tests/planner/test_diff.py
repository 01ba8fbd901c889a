"""``PlanDiff``: the one comparison of two plans (chat, advisor page, student page, plan history)."""

from __future__ import annotations

from plan_builders import catalog, comp, opp, plan_of, request

from planner.diff import ItemChange, PlanDiff
from planner.domain import PlanResult, PlanStatus
from present.changes import change_lines

REQ = request(
    catalog(
        [comp("B"), comp("C"), comp("A", "arts")],
        [opp("BIO", ["B"]), opp("CHEM", ["C"]), opp("ART", ["A"])],
        required=["B", "C"],
    )
)


def placed(chosen: list[tuple[str, str]]) -> PlanResult:
    return plan_of(REQ, chosen)


def test_added_removed_and_moved_items_with_term_ids_and_names() -> None:
    old = placed([("BIO", "2026-FA"), ("CHEM", "2027-SP")])
    new = placed([("CHEM", "2027-FA"), ("ART", "2026-FA")])
    diff = PlanDiff.between(old, new)
    assert diff.added == [
        ItemChange(opportunity="ART", title="Art course", after="Fall 2026", after_term="2026-FA")
    ]
    assert diff.removed == [
        ItemChange(opportunity="BIO", title="Bio course", before="Fall 2026", before_term="2026-FA")
    ]
    assert diff.moved == [
        ItemChange(
            opportunity="CHEM",
            title="Chem course",
            before="Spring 2027",
            after="Fall 2027",
            before_term="2027-SP",
            after_term="2027-FA",
        )
    ]
    assert change_lines(diff) == [
        "Added Art course (Fall 2026)",
        "Removed Bio course",
        "Moved Chem course from Spring 2027 to Fall 2027",
    ]


def test_the_same_items_in_the_same_terms_is_no_change() -> None:
    plan = placed([("BIO", "2026-FA")])
    assert PlanDiff.between(plan, placed([("BIO", "2026-FA")])).empty


def test_a_plan_that_was_not_found_has_no_items_but_its_status_counts() -> None:
    old = placed([("BIO", "2026-FA")])
    impossible = PlanResult(status=PlanStatus.INFEASIBLE, student=old.student)
    diff = PlanDiff.between(old, impossible)
    assert [c.opportunity for c in diff.removed] == ["BIO"]
    assert not diff.empty
    assert change_lines(diff) == ["Removed Bio course", "Status changed from feasible to infeasible"]
    first = PlanDiff.between(None, old)
    assert [c.opportunity for c in first.added] == ["BIO"] and change_lines(first) == [
        "Added Bio course (Fall 2026)"
    ]
