"""The seat policy and the seat sharing, in-process (the solver runs for real, one worker)."""

from __future__ import annotations

from cohort_world import catalog, cohort, contested, same_run, student

from cohort.domain import Outcome, Priority
from cohort.engine import Failed, InProcess, Job
from cohort.run import plan_cohort
from cohort.seats import lottery, priority, sole_earners
from planner.domain import has_plan


def starts(run) -> dict[str, str]:
    return {i.opportunity: i.start_term for i in run.plan.items()} if has_plan(run.plan) else {}


def test_the_lottery_is_the_seed_s_shuffle_of_the_sorted_ids():
    assert lottery(0, ["cy", "ana", "ben"]) == {"ana": 0, "cy": 1, "ben": 2}
    assert lottery(0, ["ben", "ana", "cy"]) == lottery(0, ["cy", "ana", "ben"])
    assert lottery(1, ["ana", "ben", "cy"]) != lottery(0, ["ana", "ben", "cy"])


def test_a_senior_gets_the_last_seat_before_the_lottery_s_first():
    # Seed 0 draws ana first, cy second, ben last; ben is the only senior, so the one seat is his.
    runs = plan_cohort(cohort([student("ana"), student("ben", grade=12), student("cy")]), InProcess(), seed=0)
    assert [starts(r) for r in runs] == [{"PROJ": "2026-FA"}, {"INTERN": "2026-FA"}, {"PROJ": "2026-FA"}]
    assert runs[0].notes == [
        "Vet clinic internship in Fall 2026 was full: its 1 seat went to students ahead in the seat policy "
        "(the group 'senior' is served before 'everyone else').",
        "What changed: Added Animal care project (Fall 2026); Removed Vet clinic internship.",
    ]
    assert [r.lost for r in runs][1] == []
    assert [(k.opportunity, k.term) for k in runs[2].lost] == [("INTERN", "2026-FA")]


def test_needing_it_to_graduate_comes_before_being_a_senior():
    # Only the internship earns LAB-1, which ana's diploma asks; ben (a senior) does not need it.
    stus = [student("ana", requirement_set="lab"), student("ben", grade=12)]
    runs = plan_cohort(cohort(stus), InProcess(), seed=0)
    assert [starts(r) for r in runs] == [{"INTERN": "2026-FA"}, {"PROJ": "2026-FA"}]
    assert runs[1].notes[0] == (
        "Vet clinic internship in Fall 2026 was full: its 1 seat went to students ahead in the seat policy "
        "(the group 'needs it to graduate on time' is served before 'senior')."
    )


def test_within_a_group_the_seeded_lottery_decides():
    stus = [student("ana"), student("cy")]
    by_seed = {}
    for seed in range(4):
        runs = plan_cohort(cohort(stus), InProcess(), seed=seed)
        by_seed[seed] = next(r.student for r in runs if "INTERN" in starts(r))
        first = min(lottery(seed, ["ana", "cy"]).items(), key=lambda kv: kv[1])[0]
        assert by_seed[seed] == first
        loser = next(r for r in runs if r.lost)
        assert loser.notes[0] == (
            "Vet clinic internship in Fall 2026 was full: its 1 seat went to students of the same group "
            "('everyone else') drawn earlier in the seeded lottery."
        )
    assert set(by_seed.values()) == {"ana", "cy"}


def test_seats_are_never_exceeded_and_the_same_seed_gives_the_same_run():
    world = contested(7)
    runs = plan_cohort(world, InProcess(), seed=3)
    taken: dict[tuple[str, str], int] = {}
    for r in runs:
        assert r.outcome == Outcome.PLANNED
        for item in r.plan.items():
            taken[(item.opportunity, item.start_term)] = taken.get((item.opportunity, item.start_term), 0) + 1
    assert taken[("INTERN", "2026-FA")] == 2
    assert all(n <= 1 for (o, _), n in taken.items() if o == "SHADOW")
    again = plan_cohort(world, InProcess(), seed=3)
    assert [same_run(r) for r in again] == [same_run(r) for r in runs]


def test_the_priority_groups_of_one_item():
    cat = catalog()
    sole = sole_earners(cat)
    assert sole == {"LAB-1": "INTERN"}
    runs = plan_cohort(cohort([student("ana", requirement_set="lab")]), InProcess())
    item = runs[0].plan.item("INTERN")
    assert priority(student("ana", requirement_set="lab"), item, cat, sole) == Priority.NEEDS_IT
    assert priority(student("ana", pace="extended"), item.model_copy(update={"needed": []}), cat, sole) == (
        Priority.CREDIT_RECOVERY
    )
    assert (
        priority(student("ana", grade=12), item.model_copy(update={"needed": []}), cat, sole)
        == Priority.SENIOR
    )
    assert priority(student("ana"), item.model_copy(update={"needed": []}), cat, sole) == Priority.OTHER


def test_a_failed_student_is_reported_and_the_run_goes_on(monkeypatch):
    import cohort.engine as engine

    real = engine.solve_job

    def broken(catalog, job: Job, settings=None):
        if job.student.id == "cy":
            raise RuntimeError("the solver crashed")
        return real(catalog, job, settings)

    monkeypatch.setattr(engine, "solve_job", broken)
    seen = []
    runs = plan_cohort(
        cohort([student("ana"), student("cy"), student("dee", grade=12)]),
        InProcess(),
        progress=lambda d, f, r: seen.append((d, f, r)),
    )
    assert [(r.student, r.outcome, r.reason) for r in runs] == [
        ("ana", Outcome.PLANNED, ""),
        ("cy", Outcome.FAILED, "RuntimeError: the solver crashed"),
        ("dee", Outcome.PLANNED, ""),
    ]
    assert seen[:3] == [(1, 0, 2), (1, 1, 1), (2, 1, 0)]
    assert isinstance(engine._answer(catalog(), Job(student("cy")), None), Failed)


def test_an_invalid_student_fails_with_the_solver_s_message_and_an_impossible_one_is_off_track():
    stus = [
        student("ana"),
        student("bo", requirement_set="nope"),
        student("cy", unavailable=[], allowed_modes=["online"]),
    ]
    runs = plan_cohort(cohort(stus), InProcess())
    assert [r.outcome for r in runs] == [Outcome.PLANNED, Outcome.FAILED, Outcome.OFF_TRACK]
    assert runs[1].reason == "requirement set 'nope' is not in the catalog"
    assert runs[2].reason == (
        'Your wish "only online opportunities" cannot hold. It leaves SCI-1 (Statement of SCI-1) '
        "uncoverable: SCI-1 can only be earned through Vet clinic internship (it is in-person) or Animal "
        "care project (it is in-person). Relax it to get a plan."
    )
    assert runs[2].relax == ["only online opportunities"]


def test_a_student_still_without_a_seat_after_the_last_round_fails_and_holds_no_seat(monkeypatch):
    import cohort.run as sharing

    monkeypatch.setattr(sharing, "MAX_ROUNDS", 0)
    runs = plan_cohort(cohort([student("ana"), student("ben", grade=12)]), InProcess(), seed=0)
    assert [(r.student, r.outcome) for r in runs] == [("ana", Outcome.FAILED), ("ben", Outcome.PLANNED)]
    assert runs[0].reason == (
        "no seat left after 0 rounds: Vet clinic internship in Fall 2026 was full: its 1 seat went to "
        "students ahead in the seat policy (the group 'senior' is served before 'everyone else')."
    )
    assert runs[0].backups == [] and runs[0].plan is None
