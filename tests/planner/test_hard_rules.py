"""Two tests per hard rule: one where it holds (the exact plan), one where it cannot (the exact
explanation). Every plan found is also validated by the independent checker."""

from __future__ import annotations

from plan_builders import catalog, comp, opp, plan, request, starts, student

from core.schema import PaceLoad, SubjectMinimum
from planner.checker import check_plan
from planner.domain import Lock, PlanStatus, Weights

A, B = comp("A"), comp("B")


def explained(result) -> str:
    assert result.status == PlanStatus.INFEASIBLE
    assert result.explanation is not None
    return result.explanation.message


# --- coverage ------------------------------------------------------------------------------------


def test_cover_required_competencies_holds_with_the_cheapest_cover():
    cat = catalog(
        [A, B], [opp("X", ["A"]), opp("Y", ["B"]), opp("Z", ["A", "B"], hours_per_week=8)], ["A", "B"]
    )
    result = plan(cat)
    assert starts(result) == {"Z": "2026-FA"}
    assert result.coverage == {"A": "Z", "B": "Z"}
    assert check_plan(request(cat), result) == []


def test_cover_required_competencies_skips_demonstrated_ones():
    cat = catalog([A, B], [opp("X", ["A"]), opp("Y", ["B"], hours_per_week=4)], ["A", "B"])
    assert starts(plan(cat, student(demonstrated=["A"]))) == {"Y": "2026-FA"}


def test_cover_required_competencies_violated_names_the_uncoverable_competency():
    cat = catalog([A, B], [opp("X", ["A"])], ["A", "B"])
    result = plan(cat)
    assert explained(result) == (
        "No opportunity in the catalog earns B (Statement of B), so no plan can cover it; "
        "ask your advisor about another way to demonstrate it."
    )
    assert result.explanation.uncoverable == ["B"]


def test_meet_subject_minimums_holds_with_the_lighter_pool_item():
    arts = [comp("ART-1", "arts"), comp("ART-2", "arts")]
    cat = catalog(
        arts,
        [opp("PAINT", ["ART-1"], hours_per_week=3), opp("SCULPT", ["ART-2"], hours_per_week=4)],
        [],
        minimums=[SubjectMinimum(subject="arts", count=1)],
    )
    result = plan(cat)
    assert starts(result) == {"PAINT": "2026-FA"}
    assert result.coverage == {"ART-1": "PAINT"}
    assert [(m.subject, m.count, m.demonstrated, m.planned) for m in result.minimums] == [("arts", 1, 0, 1)]


def test_meet_subject_minimums_violated_says_how_many_can_be_earned():
    arts = [comp("ART-1", "arts"), comp("ART-2", "arts")]
    cat = catalog(arts, [opp("PAINT", ["ART-1"])], [], minimums=[SubjectMinimum(subject="arts", count=2)])
    assert explained(plan(cat)) == (
        "Even with every wish relaxed, no plan covers what you still need: "
        "you need 2 more arts competencies and only 1 can be earned."
    )


# --- taking opportunities ------------------------------------------------------------------------


def test_take_at_most_once_holds_one_section_of_a_course_is_enough():
    six = {"standard": PaceLoad(min_hours_per_week=6, max_hours_per_week=30)}
    sections = [
        opp("S1", ["A"], hours_per_week=3),
        opp("S2", ["A"], hours_per_week=3),
        opp("F", ["B"], hours_per_week=4),
    ]
    result = plan(catalog([A, B], sections, ["A"], pace_loads=six))
    assert starts(result) == {"S1": "2026-FA", "F": "2026-FA"}


def test_take_at_most_once_violated_by_locking_two_sections():
    cat = catalog([A], [opp("S1", ["A"]), opp("S2", ["A"], hours_per_week=4)], ["A"])
    assert explained(plan(cat, locks=[Lock(opportunity="S1"), Lock(opportunity="S2")])) == (
        'Your wishes "take S1 course" and "take S2 course" cannot all hold together. S1 course and S2 course '
        "earn the same competencies, so only one can be planned. Relax one of them to get a plan."
    )


def test_not_completed_before_holds_by_planning_another_earner():
    cat = catalog([A], [opp("X", ["A"], hours_per_week=4), opp("Y", ["A"], hours_per_week=6)], ["A"])
    assert starts(plan(cat, student(completed_opportunities=["X"]))) == {"Y": "2026-FA"}


def test_not_completed_before_violated_when_the_only_earner_is_done():
    cat = catalog([A], [opp("X", ["A"])], ["A"])
    assert explained(plan(cat, student(completed_opportunities=["X"]))) == (
        "Even with every wish relaxed, no plan covers what you still need: "
        "A can only be earned through X course (it is already completed)."
    )


def test_offered_in_term_holds_by_waiting_for_the_offering():
    cat = catalog([A], [opp("X", ["A"], seasons=["spring"])], ["A"])
    assert starts(plan(cat)) == {"X": "2027-SP"}


def test_offered_in_term_violated_when_the_only_offering_is_past():
    cat = catalog([A], [opp("X", ["A"], only_terms=["2026-FA"])], ["A"], first="2027-SP")
    assert explained(plan(cat)) == (
        "Even with every wish relaxed, no plan covers what you still need: "
        "A can only be earned through X course (it is not offered in any term you have left)."
    )


def test_consecutive_terms_in_calendar_holds_for_a_year_long_course():
    cat = catalog([A], [opp("X", ["A"], length_terms=2, seasons=["fall"])], ["A"])
    result = plan(cat)
    assert starts(result) == {"X": "2026-FA"}
    assert result.items()[0].end_term == "2027-SP"
    spring = result.terms[1]
    assert (spring.term, spring.items, spring.continuing, spring.weekly_hours) == ("2027-SP", [], ["X"], 5.0)


def test_consecutive_terms_in_calendar_violated_when_it_runs_past_the_calendar():
    cat = catalog([A], [opp("X", ["A"], length_terms=3, seasons=["fall"])], ["A"], first="2027-SP")
    assert explained(plan(cat)) == (
        "Even with every wish relaxed, no plan covers what you still need: "
        "A can only be earned through X course (it runs 3 terms, past the end of the calendar)."
    )


def test_grade_allows_holds_by_waiting_for_grade_eleven():
    cat = catalog([A], [opp("X", ["A"], min_grade=11)], ["A"])
    assert starts(plan(cat)) == {"X": "2027-FA"}


def test_grade_allows_violated_for_a_grade_the_student_is_past():
    cat = catalog([A], [opp("X", ["A"], min_grade=9, max_grade=9)], ["A"])
    assert explained(plan(cat)) == (
        "Even with every wish relaxed, no plan covers what you still need: "
        "A can only be earned through X course (it is only for grade 9)."
    )


def test_seats_remain_holds_by_skipping_a_full_opportunity():
    cat = catalog([A], [opp("X", ["A"], seats=0), opp("Y", ["A"], hours_per_week=6, seats=2)], ["A"])
    assert starts(plan(cat)) == {"Y": "2026-FA"}


def test_seats_remain_violated_when_the_only_earner_is_full():
    cat = catalog([A], [opp("X", ["A"], seats=0)], ["A"])
    assert explained(plan(cat)) == (
        "Even with every wish relaxed, no plan covers what you still need: "
        "A can only be earned through X course (it has no seats left)."
    )


# --- time ---------------------------------------------------------------------------------------

NO_BALANCE = Weights(balanced_load=0)


def test_no_overlapping_meetings_holds_adjacent_meetings_share_a_term():
    cat = catalog(
        [A, B],
        [
            opp("X", ["A"], meetings=["Mon 08:00-09:30"]),
            opp("Y", ["B"], hours_per_week=4, meetings=["Mon 09:30-10:30"]),
        ],
        ["A", "B"],
    )
    assert starts(plan(cat, weights=NO_BALANCE)) == {"X": "2026-FA", "Y": "2026-FA"}


def test_no_overlapping_meetings_holds_overlapping_ones_move_apart():
    cat = catalog(
        [A, B],
        [
            opp("X", ["A"], meetings=["Mon 08:00-09:30"]),
            opp("Y", ["B"], hours_per_week=4, meetings=["Mon 09:00-10:00"]),
        ],
        ["A", "B"],
    )
    result = plan(cat, weights=NO_BALANCE)
    assert starts(result) == {"X": "2026-FA", "Y": "2027-SP"}
    assert check_plan(request(cat, weights=NO_BALANCE), result) == []


def test_no_overlapping_meetings_violated_when_both_must_fit_one_term():
    cat = catalog(
        [A, B],
        [opp("X", ["A"], meetings=["Mon 08:00-09:30"]), opp("Y", ["B"], meetings=["Mon 09:00-10:00"])],
        ["A", "B"],
    )
    assert explained(plan(cat, student(target_graduation_term="2026-FA"))) == (
        'Your wish "graduate by Fall 2026" cannot hold. It leaves too few terms (or free times) before '
        "Fall 2026 for everything you still need. Relax it to get a plan."
    )


def test_avoid_unavailable_times_holds_with_a_self_paced_alternative():
    cat = catalog(
        [A], [opp("X", ["A"], meetings=["Fri 08:00-09:30"]), opp("Y", ["A"], hours_per_week=6)], ["A"]
    )
    assert starts(plan(cat)) == {"X": "2026-FA"}
    assert starts(plan(cat, student(unavailable=["Fri 00:00-24:00"]))) == {"Y": "2026-FA"}


def test_avoid_unavailable_times_violated_names_the_meeting():
    cat = catalog([A], [opp("X", ["A"], meetings=["Fri 08:00-09:30"])], ["A"])
    assert explained(plan(cat, student(unavailable=["Fri 00:00-24:00"]))) == (
        'Your wish "no Fridays" cannot hold. It leaves A (Statement of A) uncoverable: '
        "A can only be earned through X course (it meets Fri 08:00-09:30). Relax it to get a plan."
    )


def test_allowed_modes_holds_by_choosing_an_in_person_course():
    cat = catalog([A], [opp("X", ["A"], mode="online", hours_per_week=4), opp("Y", ["A"])], ["A"])
    assert starts(plan(cat)) == {"X": "2026-FA"}
    assert starts(plan(cat, student(allowed_modes=["in_person"]))) == {"Y": "2026-FA"}


def test_allowed_modes_violated_names_the_mode():
    cat = catalog([A], [opp("X", ["A"], mode="online")], ["A"])
    assert explained(plan(cat, student(allowed_modes=["in_person", "hybrid"]))) == (
        'Your wish "only in-person or hybrid opportunities" cannot hold. It leaves A (Statement of A) '
        "uncoverable: A can only be earned through X course (it is online). Relax it to get a plan."
    )


def test_finish_by_target_term_holds_for_a_year_long_course():
    cat = catalog([A], [opp("X", ["A"], length_terms=2, seasons=["fall"])], ["A"])
    result = plan(cat, student(target_graduation_term="2027-SP"))
    assert [(i.opportunity, i.start_term, i.end_term) for i in result.items()] == [
        ("X", "2026-FA", "2027-SP")
    ]


def test_finish_by_target_term_violated_when_the_only_earner_ends_later():
    cat = catalog([A], [opp("X", ["A"], seasons=["summer"])], ["A"])
    assert explained(plan(cat, student(target_graduation_term="2027-SP"))) == (
        'Your wish "graduate by Spring 2027" cannot hold. It leaves A (Statement of A) uncoverable: '
        "A can only be earned through X course (it ends after Spring 2027). Relax it to get a plan."
    )


# --- hours ---------------------------------------------------------------------------------------


def test_weekly_hours_within_cap_holds_by_splitting_into_lighter_items():
    cat = catalog(
        [A, B],
        [
            opp("X", ["A", "B"], hours_per_week=16),
            opp("Y", ["A"], hours_per_week=12),
            opp("Z", ["B"], hours_per_week=10),
        ],
        ["A", "B"],
    )
    assert starts(plan(cat)) == {"X": "2026-FA"}
    assert starts(plan(cat, student(max_hours_per_week=15))) == {"Y": "2026-FA", "Z": "2027-SP"}


def test_weekly_hours_within_cap_violated_by_a_heavy_only_earner():
    cat = catalog([A], [opp("X", ["A"], hours_per_week=20)], ["A"])
    assert explained(plan(cat, student(max_hours_per_week=15))) == (
        'Your wish "at most 15 hours a week" cannot hold. It leaves A (Statement of A) uncoverable: '
        "A can only be earned through X course (it takes 20 hours a week). Relax it to get a plan."
    )


STANDARD_SIX = {"standard": PaceLoad(min_hours_per_week=6, max_hours_per_week=30)}


def test_weekly_hours_within_pace_holds_by_topping_up_to_the_minimum():
    cat = catalog(
        [A, B], [opp("X", ["A"]), opp("F", ["B"], hours_per_week=2)], ["A"], pace_loads=STANDARD_SIX
    )
    result = plan(cat)
    assert starts(result) == {"X": "2026-FA", "F": "2026-FA"}
    assert [t.weekly_hours for t in result.terms] == [7.0, 0.0, 0.0, 0.0, 0.0]


def test_weekly_hours_within_pace_violated_by_the_pace_maximum():
    small = {"standard": PaceLoad(min_hours_per_week=0, max_hours_per_week=4)}
    cat = catalog([A], [opp("X", ["A"])], ["A"], pace_loads=small)
    assert explained(plan(cat)) == (
        'Your wish "the standard pace (0 to 4 hours a week in fall and spring)" cannot hold. '
        "It leaves A (Statement of A) uncoverable: A can only be earned through X course "
        "(it takes 5 hours a week). Relax it to get a plan."
    )


# --- prerequisites --------------------------------------------------------------------------------


def test_prerequisites_met_earlier_holds_the_internship_follows_the_course():
    cat = catalog(
        [A, B],
        [opp("BIO", ["A"]), opp("INT", ["B"], hours_per_week=4, prereqs=[{"opps": ["BIO"]}])],
        ["A", "B"],
    )
    assert starts(plan(cat)) == {"BIO": "2026-FA", "INT": "2027-SP"}


def test_prerequisites_met_earlier_violated_when_the_deadline_leaves_no_room():
    cat = catalog(
        [A, B],
        [opp("BIO", ["A"], seasons=["spring"]), opp("INT", ["B"], prereqs=[{"opps": ["BIO"]}])],
        ["A", "B"],
    )
    assert explained(plan(cat, student(target_graduation_term="2027-SP"))) == (
        'Your wish "graduate by Spring 2027" cannot hold. It leaves B (Statement of B) uncoverable: '
        "B can only be earned through Int course (it needs Bio course first, or ends after Spring 2027). "
        "Relax it to get a plan."
    )


def test_progression_holds_the_later_competency_comes_in_a_later_term():
    first, second = comp("ALG-1", "mathematics", precedes=("ALG-2",)), comp("ALG-2", "mathematics")
    cat = catalog(
        [first, second], [opp("X", ["ALG-1"], hours_per_week=4), opp("Y", ["ALG-2"])], ["ALG-1", "ALG-2"]
    )
    assert starts(plan(cat, weights=NO_BALANCE)) == {"X": "2026-FA", "Y": "2027-SP"}


def test_progression_holds_one_opportunity_may_teach_both_steps():
    first, second = comp("ALG-1", "mathematics", precedes=("ALG-2",)), comp("ALG-2", "mathematics")
    cat = catalog([first, second], [opp("Z", ["ALG-1", "ALG-2"])], ["ALG-2"])
    assert starts(plan(cat)) == {"Z": "2026-FA"}


def test_progression_violated_when_nothing_earns_the_first_step():
    first, second = comp("ALG-1", "mathematics", precedes=("ALG-2",)), comp("ALG-2", "mathematics")
    cat = catalog([first, second], [opp("Y", ["ALG-2"])], ["ALG-2"])
    assert explained(plan(cat)) == (
        "Even with every wish relaxed, no plan covers what you still need: "
        "ALG-2 can only be earned through Y course (it needs ALG-1 first)."
    )


# --- locks and exclusions -------------------------------------------------------------------------


def test_hold_locks_holds_a_locked_elective_in_its_term():
    cat = catalog([A, B], [opp("X", ["A"]), opp("ART", ["B"], hours_per_week=2)], ["A"])
    result = plan(cat, locks=[Lock(opportunity="ART", term="2027-SP")])
    assert starts(result) == {"X": "2026-FA", "ART": "2027-SP"}
    assert result.item("ART").locked


def test_hold_locks_violated_by_a_full_opportunity():
    cat = catalog([A, B], [opp("X", ["A"]), opp("ART", ["B"], seats=0)], ["A"])
    assert explained(plan(cat, locks=[Lock(opportunity="ART")])) == (
        'Your wish "take Art course" cannot hold. Art course has no seats left. Relax it to get a plan.'
    )


def test_respect_exclusions_holds_by_taking_the_next_best():
    cat = catalog([A], [opp("X", ["A"]), opp("Y", ["A"], hours_per_week=6)], ["A"])
    assert starts(plan(cat, exclusions=["X"])) == {"Y": "2026-FA"}


def test_respect_exclusions_violated_when_the_only_earner_is_excluded():
    cat = catalog([A], [opp("X", ["A"])], ["A"])
    assert explained(plan(cat, exclusions=["X"])) == (
        'Your wish "not take X course" cannot hold. It leaves A (Statement of A) uncoverable: '
        "A can only be earned through X course (it is excluded). Relax it to get a plan."
    )
