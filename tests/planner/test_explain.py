"""Explanations: exact messages for hand-made impossible cases, why each item is in a plan, the wishes
in plain words, and invalid requests."""

from __future__ import annotations

from plan_builders import catalog, comp, opp, plan, request, starts, student

from core.schema import Competency, PaceLoad, Pathway, PathwayRole, PathwayStep, TimeBlock
from planner.domain import Lock, PlanStatus
from planner.explain import why_in_plan, why_not_plannable
from planner.instance import build_instance

DNA = Competency(
    id="HS-LS1-1",
    code="HS-LS1-1",
    statement="Explain how the structure of DNA determines the structure of proteins.",
    subject="science",
    framework="T",
)


def biology_catalog():
    return catalog(
        [DNA],
        [
            opp("BIO", ["HS-LS1-1"], title="Biology", meetings=["Fri 08:00-09:30"]),
            opp(
                "INT-BIOTECH",
                ["HS-LS1-1"],
                title="Biotech Lab Internship",
                kind="internship",
                hours_per_week=6,
                only_terms=["2027-FA"],
                meetings=["Tue 15:00-18:00"],
            ),
        ],
        ["HS-LS1-1"],
    )


def junior(**fields):
    """A student in grade 11 in 2026: the spring of junior year is Spring 2027."""
    return student(grade=11, target_graduation_term="2027-SP", unavailable=["Fri 00:00-24:00"], **fields)


def test_no_fridays_and_an_early_graduation_together_leave_a_standard_uncoverable():
    result = plan(biology_catalog(), junior())
    assert result.status == PlanStatus.INFEASIBLE
    assert result.explanation.message == (
        'Your wishes "no Fridays" and "graduate by Spring 2027" cannot all hold together. Together they '
        "leave HS-LS1-1 (Explain how the structure of DNA determines the structure of proteins) uncoverable: "
        "HS-LS1-1 can only be earned through Biology (it meets Fri 08:00-09:30) or Biotech Lab Internship "
        "(it ends after Spring 2027). Relax one of them to get a plan."
    )
    assert [w.id for w in result.explanation.conflicting_wishes] == ["unavailable:0", "deadline"]
    assert result.explanation.blocked == ["HS-LS1-1"]


def test_relaxing_one_conflicting_wish_gives_a_plan():
    assert starts(plan(biology_catalog(), junior(), wishes_off=["deadline"])) == {"INT-BIOTECH": "2027-FA"}
    assert starts(plan(biology_catalog(), junior(), wishes_off=["unavailable:0"])) == {"BIO": "2026-FA"}


def test_uncoverable_competencies_and_a_wish_conflict_are_both_reported():
    extra = comp("ART-9", "arts")
    cat = catalog([DNA, extra], biology_catalog().opportunities, ["HS-LS1-1", "ART-9"])
    result = plan(cat, student(unavailable=["Fri 00:00-24:00"], target_graduation_term="2027-SP"))
    assert result.explanation.message == (
        "No opportunity in the catalog earns ART-9 (Statement of ART-9), so no plan can cover it; ask your "
        'advisor about another way to demonstrate it. Your wishes "no Fridays" and "graduate by Spring 2027" '
        "cannot all hold together. Together they leave HS-LS1-1 (Explain how the structure of DNA determines "
        "the structure of proteins) uncoverable: HS-LS1-1 can only be earned through Biology (it meets "
        "Fri 08:00-09:30) or Biotech Lab Internship (it ends after Spring 2027). Relax one of them to get a plan."
    )
    assert result.explanation.uncoverable == ["ART-9"]


def test_a_locked_item_that_clashes_with_an_unavailable_time():
    cat = catalog(
        [DNA],
        [
            opp("BIO", ["HS-LS1-1"], title="Biology"),
            opp("ROBO", ["HS-LS1-1"], title="Robotics", meetings=["Tue 15:00-17:00"]),
        ],
        ["HS-LS1-1"],
    )
    stu = student(unavailable=[TimeBlock(day="Tue", start="14:00", end="18:00", label="job")])
    result = plan(cat, stu, locks=[Lock(opportunity="ROBO", term="2027-SP")])
    assert result.explanation.message == (
        'Your wishes "nothing on Tuesdays 14:00-18:00 (job)" and "take Robotics in Spring 2027" cannot all '
        "hold together. Robotics meets Tue 15:00-17:00. Relax one of them to get a plan."
    )


def test_why_each_item_is_in_the_plan():
    cat = catalog(
        [comp("A"), comp("B")],
        [
            opp("BIO", ["A"], title="Biology"),
            opp("BIO-ONLINE", ["A"], title="Biology Online", hours_per_week=6, mode="online"),
            opp("INT", ["B"], title="Lab Internship", hours_per_week=4, prereqs=[{"opps": ["BIO"]}]),
        ],
        ["A", "B"],
    )
    req = request(cat, interest_scores={"BIO": 0.9, "INT": 0.5, "BIO-ONLINE": 0.9})
    result = plan(cat, interest_scores=req.interest_scores)
    assert starts(result) == {"BIO": "2026-FA", "INT": "2027-SP"}
    assert result.item("BIO").why == (
        "Biology (Fall 2026) is in your plan because it counts toward 1 science requirement you still need, "
        "and it is the lightest way (fewest hours) to meet it. You need it before Lab Internship."
    )
    assert why_in_plan(result, req, "INT") == (
        "Lab Internship (Spring 2027) is in your plan because it counts toward 1 science requirement you "
        "still need, and it is the only way open to you to meet it."
    )
    assert why_in_plan(result, req, "BIO-ONLINE") == "Biology Online is not in your plan."


def test_a_reason_leads_with_the_students_words_and_the_pathway_step_without_codes():
    cat = catalog(
        [comp("A"), comp("B"), comp("M", subject="math"), comp("E", subject="english")],
        [
            opp("BIO", ["A"], title="Biology"),
            opp(
                "INT", ["B", "M", "E"], title="Lab Internship", hours_per_week=4, prereqs=[{"opps": ["BIO"]}]
            ),
        ],
        ["A", "B", "M", "E"],
    )
    lab = Pathway(
        id="lab",
        name="Lab Science",
        steps=[
            PathwayStep(role=PathwayRole.INTRODUCTION, any_of=["BIO"]),
            PathwayStep(role=PathwayRole.CAPSTONE, any_of=["INT"]),
        ],
    )
    words = {"INT": "lab work"}
    result = plan(cat, interest_scores={"BIO": 0.2, "INT": 0.8}, interest_words=words, pathway=lab)
    assert starts(result) == {"BIO": "2026-FA", "INT": "2027-SP"}
    assert result.item("INT").why == (
        "You said “lab work”: Lab Internship (Spring 2027) builds on that. It is step 2 of 2 of your Lab "
        "Science pathway, its capstone. It counts toward 1 English requirement, 1 math requirement and 1 "
        "science requirement you still need, and it is the only way open to you to meet them."
    )
    assert result.item("BIO").why == (
        "Biology (Fall 2026) is in your plan because it is step 1 of 2 of your Lab Science pathway. It counts "
        "toward 1 science requirement you still need, and it is the only way open to you to meet it. You "
        "need it before Lab Internship."
    )
    assert result.item("INT").needed == ["B", "M", "E"]


def test_why_a_filler_a_locked_item_and_a_year_long_course_are_in_the_plan():
    six = {"standard": PaceLoad(min_hours_per_week=6, max_hours_per_week=30)}
    cat = catalog(
        [comp("A"), comp("B")], [opp("X", ["A"]), opp("F", ["B"], hours_per_week=2)], ["A"], pace_loads=six
    )
    result = plan(cat)
    assert starts(result) == {"X": "2026-FA", "F": "2026-FA"}
    assert result.item("F").why == (
        "F course (Fall 2026) is in your plan because it keeps your weekly load at the standard pace's "
        "minimum of 6 hours."
    )
    cat = catalog(
        [comp("A"), comp("B")], [opp("X", ["A"], length_terms=2), opp("ART", ["B"], hours_per_week=1)], ["A"]
    )
    result = plan(cat, locks=[Lock(opportunity="ART", term="2027-FA")])
    assert starts(result) == {"X": "2026-FA", "ART": "2027-FA"}
    assert result.item("ART").why == "Art course (Fall 2027) is in your plan because you locked it."
    assert result.item("X").why == (
        "X course (Fall 2026 to Spring 2027) is in your plan because it counts toward 1 science requirement "
        "you still need, and it is the only way open to you to meet it."
    )


def test_every_wish_in_plain_words():
    cat = catalog([comp("A")], [opp("X", ["A"]), opp("Y", ["A"])], ["A"])
    stu = student(
        unavailable=["Fri 00:00-24:00", TimeBlock(day="Sat", start="09:00", end="17:00", label="job")],
        max_hours_per_week=20,
        allowed_modes=["in_person", "hybrid"],
    )
    result = plan(cat, stu, locks=[Lock(opportunity="X", term="2027-SP")], exclusions=["Y"])
    assert [(w.id, w.text) for w in result.wishes] == [
        ("unavailable:0", "no Fridays"),
        ("unavailable:1", "nothing on Saturdays 09:00-17:00 (job)"),
        ("deadline", "graduate by Spring 2028"),
        ("hours_cap", "at most 20 hours a week"),
        ("pace_load", "the standard pace (0 to 30 hours a week in fall and spring)"),
        ("modes", "only in-person or hybrid opportunities"),
        ("lock:X", "take X course in Spring 2027"),
        ("exclude:Y", "not take Y course"),
    ]


def test_an_unknown_opportunity_or_wish_makes_the_request_invalid():
    cat = catalog([comp("A")], [opp("X", ["A"])], ["A"])
    result = plan(cat, locks=[Lock(opportunity="NOPE")], exclusions=["GONE"])
    assert result.status == PlanStatus.INVALID
    assert result.message == (
        "locked opportunity 'NOPE' is not in the catalog; excluded opportunity 'GONE' is not in the catalog"
    )
    other = plan(cat, wishes_off=["no-fridays"])
    assert other.status == PlanStatus.INVALID
    assert other.message == ("no wish with id 'no-fridays'; the wishes are deadline, hours_cap, pace_load")


def test_why_an_opportunity_cannot_be_planned_names_the_prerequisite_or_the_wish():
    cat = catalog(
        [comp("A"), comp("B")],
        [
            opp("LAB", ["A"], only_terms=["2028-SP"]),
            opp("INT", ["B"], prereqs=[{"opps": ["LAB"]}], meetings=["Tue 15:00-18:00"]),
            opp("BIO", ["A"], meetings=["Fri 08:00-09:30"]),
        ],
        ["A"],
    )
    inst = build_instance(request(cat, student(unavailable=["Fri 00:00-24:00"])))
    why = why_not_plannable(inst)
    assert why("LAB") is None
    assert why("INT") == ["needs Lab course first"]
    assert why("BIO") == ["meets Fri 08:00-09:30"]


def test_two_planned_items_of_one_step_never_both_claim_to_be_the_step():
    """Maya's plan held Biotechnology Lab Skills and General Biology I, both of the pathway's third step,
    and both said "step 3 of 4" where the plan's pathway line names one: the other adds to the step."""
    cat = catalog(
        [comp("A"), comp("B")],
        [
            opp("LAB", ["A"], title="Lab Skills"),
            opp("BIO101", ["B"], title="General Biology I"),
        ],
        ["A", "B"],
    )
    lab = Pathway(
        id="lab",
        name="Lab Science",
        steps=[PathwayStep(role=PathwayRole.DEEPENING, any_of=["LAB", "BIO101"])],
    )
    result = plan(cat, pathway=lab)
    assert result.pathway is not None
    assert [s.opportunity for s in result.pathway.steps] == ["LAB"]
    assert starts(result) == {"LAB": "2026-FA", "BIO101": "2027-SP"}
    assert result.item("LAB").why == (
        "Lab Skills (Fall 2026) is in your plan because it is step 1 of 1 of your Lab Science pathway. It "
        "counts toward 1 science requirement you still need, and it is the only way open to you to meet it."
    )
    assert result.item("BIO101").why == (
        "General Biology I (Spring 2027) is in your plan because it adds to step 1 of 1 of your Lab Science "
        "pathway. It counts toward 1 science requirement you still need, and it is the only way open to you "
        "to meet it."
    )
