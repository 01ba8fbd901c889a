"""A personal program: exact plans on tiny catalogs for the target load, interest as a reward,
redundant items, interdisciplinary items, lighter and fuller, and the student's pathway.

The tiny world (plan_builders): Fall 2026, Spring 2027, Summer 2027, Fall 2027, Spring 2028. Here the
student graduates in Spring 2027 unless a test says otherwise, so the program is Fall 2026 and Spring
2027; on the ``TARGET`` pace each of them aims at 10 hours a week.
"""

from __future__ import annotations

from plan_builders import catalog, comp, opp, penalties, plan, plan_of, request, starts, student

from core.schema import PaceLoad, Pathway, PathwayRole, PathwayStep
from planner.checker import check_plan, score_plan
from planner.domain import Fullness, PlanStatus
from planner.instance import target_load
from planner.solve import solve

A, B, C, D, E = (comp(x) for x in "ABCDE")
TARGET = {"standard": PaceLoad(min_hours_per_week=0, max_hours_per_week=30, target_hours_per_week=10)}
LIGHTEST = {"extended": PaceLoad(min_hours_per_week=0, max_hours_per_week=20)}
EARLY = student(target_graduation_term="2027-SP")


def electives() -> list:
    """A required course in the fall and four electives of 5 hours, with the student's interest."""
    return [
        opp("X", ["A"], seasons=["fall"]),
        opp("BIO", ["B"], seasons=["spring"]),
        opp("CHEM", ["C"], seasons=["spring"]),
        opp("ART", ["D"]),
        opp("LAW", ["E"], seasons=["fall"]),
    ]


SCORES = {"BIO": 0.9, "CHEM": 0.7, "LAW": 0.2, "ART": 0.0}


def test_interest_decides_between_two_covers_of_equal_hours():
    cat = catalog([A], [opp("X", ["A"]), opp("Y", ["A"])], ["A"])
    assert starts(plan(cat, interest_scores={"X": 0.1, "Y": 0.8})) == {"Y": "2026-FA"}
    assert starts(plan(cat, interest_scores={"X": 0.8, "Y": 0.1})) == {"X": "2026-FA"}


def test_spare_capacity_goes_to_the_matching_electives():
    cat = catalog([A, B, C, D, E], electives(), ["A"], pace_loads=TARGET)
    result = plan(cat, EARLY, interest_scores=SCORES)
    assert starts(result) == {"X": "2026-FA", "LAW": "2026-FA", "BIO": "2027-SP", "CHEM": "2027-SP"}
    assert [t.weekly_hours for t in result.terms] == [10, 10]
    assert penalties(result) == {
        "match_interests": -20 * (2 + 9 + 7),
        "full_program": 0,
        "no_wasted_hours": 0,
        "earn_sooner": 40,
    }


def test_a_term_left_short_of_the_target_costs_each_missing_quarter_hour():
    cat = catalog(
        [A, B],
        [opp("X", ["A"], seasons=["fall"]), opp("BIO", ["B"], seasons=["fall"])],
        ["A"],
        pace_loads=TARGET,
    )
    result = plan(cat, EARLY)
    assert starts(result) == {"X": "2026-FA", "BIO": "2026-FA"}
    assert penalties(result)["full_program"] == 30 * 40  # Spring 2027 has nothing: 10 hours short


def test_load_above_the_target_and_in_summer_costs_like_wasted_hours():
    cat = catalog(
        [A, B],
        [opp("X", ["A"], hours_per_week=12), opp("S", ["B"], seasons=["summer"])],
        ["A", "B"],
        pace_loads=TARGET,
    )
    result = plan(cat, student(target_graduation_term="2027-FA"))
    assert starts(result) == {"X": "2026-FA", "S": "2027-SU"}
    assert penalties(result)["no_wasted_hours"] == 20 * (8 + 20)  # 2 hours over in the fall, 5 in summer
    assert penalties(result)["full_program"] == 30 * (40 + 40)  # Spring and Fall 2027 are empty


def test_extended_pace_keeps_the_lightest_cover_and_adds_no_elective():
    items = [opp("X", ["A"], hours_per_week=4), opp("Y", ["A"], hours_per_week=6), opp("BIO", ["B"])]
    scores = {"X": 0.0, "Y": 0.6, "BIO": 0.9}
    extended = plan(
        catalog([A, B], items, ["A"], pace_loads=LIGHTEST), student(pace="extended"), interest_scores=scores
    )
    assert starts(extended) == {"X": "2026-FA"}
    full = plan(catalog([A, B], items, ["A"], pace_loads=TARGET), EARLY, interest_scores=scores)
    assert starts(full) == {"Y": "2026-FA", "BIO": "2027-SP"}


def test_fuller_and_lighter_move_the_target_by_four_hours_within_the_pace_and_the_cap():
    pace = TARGET["standard"]
    assert target_load(pace, Fullness.STANDARD, 30) == 10
    assert target_load(pace, Fullness.FULLER, 30) == 14
    assert target_load(pace, Fullness.FULLER, 12) == 12
    assert target_load(pace, Fullness.LIGHTER, 30) == 6
    assert target_load(LIGHTEST["extended"], Fullness.STANDARD, 30) is None
    assert target_load(LIGHTEST["extended"], Fullness.LIGHTER, 30) is None
    assert target_load(LIGHTEST["extended"], Fullness.FULLER, 30) == 4


def test_a_lighter_program_plans_fewer_electives_and_a_fuller_one_more():
    cat = catalog([A, B, C, D, E], electives(), ["A"], pace_loads=TARGET)
    lighter = plan(cat, EARLY, interest_scores=SCORES, fullness=Fullness.LIGHTER)
    assert starts(lighter) == {"X": "2026-FA", "BIO": "2027-SP"}
    fuller = plan(cat, EARLY, interest_scores=SCORES, fullness=Fullness.FULLER)
    assert starts(fuller) == {
        "X": "2026-FA",
        "LAW": "2026-FA",
        "ART": "2026-FA",
        "BIO": "2027-SP",
        "CHEM": "2027-SP",
    }


def test_no_redundant_item_fills_the_program():
    cat = catalog(
        [A, B],
        [opp("X", ["A", "B"], seasons=["fall"]), opp("Y", ["A"], seasons=["spring"])],
        ["A"],
        pace_loads=TARGET,
    )
    result = plan(cat, EARLY)
    assert starts(result) == {"X": "2026-FA"}  # Y would earn only what X earned before it
    assert check_plan(request(cat, EARLY), result) == []


def test_a_redundant_item_the_student_loves_may_fill_the_program():
    cat = catalog(
        [A, B],
        [opp("X", ["A", "B"], seasons=["fall"]), opp("Y", ["A"], seasons=["spring"])],
        ["A"],
        pace_loads=TARGET,
    )
    req = request(cat, EARLY, interest_scores={"Y": 0.6})
    result = solve(req)
    assert starts(result) == {"X": "2026-FA", "Y": "2027-SP"}
    assert check_plan(req, result) == []


def test_the_checker_names_a_redundant_item():
    cat = catalog(
        [A, B],
        [opp("X", ["A", "B"], seasons=["fall"]), opp("Y", ["A"], seasons=["spring"])],
        ["A"],
        pace_loads=TARGET,
    )
    req = request(cat, EARLY)
    assert check_plan(req, plan_of(req, [("X", "2026-FA"), ("Y", "2027-SP")])) == [
        "Y earns nothing that is not demonstrated or earned elsewhere"
    ]


def test_an_interdisciplinary_elective_wins_over_an_equal_one_subject_elective():
    art = comp("ART", "arts")
    cat = catalog(
        [A, B, art],
        [opp("X", ["A"], seasons=["fall"]), opp("ONE", ["B"]), opp("TWO", ["B", "ART"])],
        ["A"],
        pace_loads=TARGET,
    )
    result = plan(cat, student(target_graduation_term="2026-FA"))
    assert starts(result) == {"X": "2026-FA", "TWO": "2026-FA"}
    assert penalties(result)["interdisciplinary"] == -2 * 20


BIOTECH = Pathway(
    id="biotech",
    name="Biotechnology",
    steps=[
        PathwayStep(role=PathwayRole.INTRODUCTION, any_of=["INTRO"]),
        PathwayStep(role=PathwayRole.DEEPENING, any_of=["DEEP"], name="Lab course"),
        PathwayStep(role=PathwayRole.CAPSTONE, any_of=["CAP"]),
    ],
)


def pathway_catalog(**cap: object) -> object:
    return catalog(
        [A, B, C, D],
        [
            opp("X", ["A"], hours_per_week=4),
            opp("INTRO", ["B"], hours_per_week=4),
            opp("DEEP", ["C"], hours_per_week=4, prereqs=[{"opps": ["INTRO"]}]),
            opp("CAP", ["D"], hours_per_week=4, **cap),
        ],
        ["A"],
    )


def test_a_declared_pathway_is_followed_in_order():
    result = plan(pathway_catalog(), pathway=BIOTECH)
    # The steps in order, one a term, so no term carries more than one item. The required X and the
    # capstone cost the same in Fall 2027 or Spring 2028: the fixed tie order puts the capstone last.
    assert starts(result) == {"INTRO": "2026-FA", "DEEP": "2027-SP", "X": "2027-FA", "CAP": "2028-SP"}
    progress = result.pathway
    assert progress is not None and progress.reached == 3
    assert [(s.role.value, s.name, s.opportunity, s.term) for s in progress.steps] == [
        ("introduction", "introduction", "INTRO", "2026-FA"),
        ("deepening", "Lab course", "DEEP", "2027-SP"),
        ("capstone", "capstone", "CAP", "2028-SP"),
    ]
    assert penalties(result)["follow_pathway"] == -400 * 3
    req = request(pathway_catalog(), pathway=BIOTECH)
    assert score_plan(req, result) == penalties(result)


def test_a_pathway_step_made_before_the_plan_and_one_that_does_not_fit():
    busy = student(completed_opportunities=["INTRO"], unavailable=["Tue 15:00-18:00"])
    result = plan(pathway_catalog(meetings=["Tue 15:00-17:00"]), busy, pathway=BIOTECH)
    assert result.status is PlanStatus.OPTIMAL
    assert starts(result) == {"X": "2026-FA", "DEEP": "2027-SP"}
    progress = result.pathway
    assert progress is not None
    assert [(s.opportunity, s.term, s.completed, s.why_not) for s in progress.steps] == [
        ("INTRO", None, True, []),
        ("DEEP", "2027-SP", False, []),
        (None, None, False, ["Cap course meets Tue 15:00-17:00, during a busy time"]),
    ]


def test_no_pathway_no_progress():
    assert plan(pathway_catalog()).pathway is None


def test_the_redundancy_rounds_share_the_budget(monkeypatch):
    """The first round plans Y (it fills the program), the second posts the rule for it: that round gets
    what the first left of the budget of 3 units of work and of the 5 s safety net, not as much again
    (at least ``LATER_ROUND_EFFORT`` and ``LATER_ROUND_SECONDS``)."""
    import planner.solve as solving

    made = []
    original = solving.make_solver

    def recording(req, **kwargs):
        made.append(original(req, **kwargs))
        return made[-1]

    monkeypatch.setattr(solving, "make_solver", recording)
    cat = catalog(
        [A, B],
        [opp("X", ["A", "B"], seasons=["fall"]), opp("Y", ["A"], seasons=["spring"])],
        ["A"],
        pace_loads=TARGET,
    )
    result = solve(request(cat, EARLY, effort=3, time_limit=5))
    assert starts(result) == {"X": "2026-FA"}
    first, second = made[:2]
    assert (first.parameters.max_deterministic_time, first.parameters.max_time_in_seconds) == (3, 5)
    assert second.parameters.max_deterministic_time == max(
        solving.LATER_ROUND_EFFORT, 3 - first.deterministic_time
    )
    assert second.parameters.max_time_in_seconds == max(solving.LATER_ROUND_SECONDS, 5 - first.wall_time)
