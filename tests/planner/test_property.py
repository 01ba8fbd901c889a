"""Property: on random small instances, every plan the solver returns passes the independent checker,
its reported penalties are the checker's, and it is as cheap as the best plan found by brute force
(enumerating every start of every opportunity and keeping the plans the checker accepts); when the
solver says no plan exists, brute force finds none either, and the explanation names a reason."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_builders import calendar, catalog, comp, opp, penalties, plan_of, request, student

from core.schema import PaceLoad, SubjectMinimum
from planner.checker import check_plan, score_plan
from planner.domain import Explanation, Lock, PlanRequest, PlanStatus
from planner.solve import solve

COMPS = ["C0", "C1", "C2", "C3"]
MEETINGS = ["Mon 08:00-09:30", "Mon 09:00-10:00", "Tue 15:00-17:00", "Fri 08:00-09:00"]
TERM_IDS = [t.id for t in calendar().terms][:4]


@st.composite
def instances(draw: Any) -> PlanRequest:
    comps = [
        comp("C0", precedes=("C1",) if draw(st.integers(0, 2)) == 0 else ()),
        comp("C1"),
        comp("C2"),
        comp("C3", "arts"),
    ]
    opps = []
    for i in range(draw(st.integers(3, 4))):
        earned = draw(st.lists(st.sampled_from(COMPS), min_size=1, max_size=3, unique=True))
        prereqs = []
        if i and draw(st.integers(0, 5)) == 0:
            prereqs.append({"opps": [f"O{draw(st.integers(0, i - 1))}"]})
        elif draw(st.integers(0, 7)) == 0:
            prereqs.append({"comps": [draw(st.sampled_from(COMPS))]})
        opps.append(
            opp(
                f"O{i}",
                earned,
                hours_per_week=draw(st.sampled_from([2, 3, 4.5, 5, 8])),
                length_terms=draw(st.sampled_from([1, 1, 2])),
                seasons=draw(
                    st.lists(st.sampled_from(["fall", "spring", "summer"]), min_size=1, unique=True)
                ),
                meetings=draw(st.lists(st.sampled_from(MEETINGS), max_size=1)),
                prereqs=prereqs,
                seats=draw(st.sampled_from([None, None, None, 0, 3])),
                min_grade=draw(st.sampled_from([9, 9, 9, 11])),
                mode=draw(st.sampled_from(["in_person", "online", "hybrid"])),
            )
        )
    earned_somewhere = sorted({c for o in opps for c in o.competencies if c != "C3"}) or ["C0"]
    required = draw(st.lists(st.sampled_from(earned_somewhere), min_size=1, max_size=3, unique=True))
    minimums = [SubjectMinimum(subject="arts", count=1)] if draw(st.integers(0, 2)) == 0 else []
    low = draw(st.sampled_from([0, 0, 0, 3, 6]))
    pace = draw(st.sampled_from(["standard", "accelerated"]))
    cat = catalog(
        comps,
        opps,
        required,
        minimums,
        pace_loads={pace: PaceLoad(min_hours_per_week=low, max_hours_per_week=20)},
    )
    cat.calendar.terms = cat.calendar.terms[:4]
    stu = student(
        grade=draw(st.sampled_from([9, 10, 11])),
        target_graduation_term=draw(st.sampled_from([TERM_IDS[1], TERM_IDS[3], TERM_IDS[3]])),
        unavailable=draw(st.sampled_from([[], [], ["Mon 09:15-09:45"], ["Fri 00:00-24:00"]])),
        max_hours_per_week=draw(st.sampled_from([8, 12, 30, 30])),
        pace=pace,
        demonstrated=draw(st.lists(st.sampled_from(COMPS), max_size=2, unique=True)),
        completed_opportunities=draw(st.sampled_from([[], [], [], ["O0"]])),
        allowed_modes=draw(
            st.sampled_from([["in_person", "online", "hybrid"]] * 3 + [["in_person", "online"]])
        ),
        preferred_modes=draw(st.sampled_from([[], ["online"]])),
    )
    ids = [o.id for o in opps]
    locks = [Lock(opportunity=draw(st.sampled_from(ids)))] if draw(st.integers(0, 5)) == 0 else []
    exclusions = [draw(st.sampled_from(ids))] if draw(st.integers(0, 5)) == 0 else []
    scores = {o: draw(st.sampled_from([0.0, 0.35, 1.0])) for o in ids} if draw(st.booleans()) else {}
    return request(cat, stu, locks=locks, exclusions=exclusions, interest_scores=scores)


def assert_conflict_is_minimal(req: PlanRequest, explanation: Explanation) -> None:
    """The conflicting wishes alone (every other wish off) leave no plan, and dropping any one of them
    does; with no conflicting wish and nothing uncoverable, no plan exists even with every wish off."""
    everything = [w.id for w in solve(req.model_copy(update={"explain": False})).wishes]
    core = [w.id for w in explanation.conflicting_wishes]

    def status_with(on: list[str]) -> PlanStatus:
        off = [w for w in everything if w not in on]
        return solve(req.model_copy(update={"wishes_off": off, "explain": False})).status

    if not core:
        assert explanation.uncoverable or status_with([]) == PlanStatus.INFEASIBLE
        return
    assert status_with(core) == PlanStatus.INFEASIBLE
    for wish in core:
        assert status_with([w for w in core if w != wish]) == PlanStatus.OPTIMAL


REDUNDANT = "earns nothing that is not demonstrated or earned elsewhere"


def brute_force_best(req: PlanRequest, redundancy: bool = True) -> int | None:
    """The cheapest plan the checker accepts among every way to start every opportunity (or none);
    without ``redundancy``, a plan holding redundant items counts too."""
    cal = req.catalog.calendar
    assert cal is not None
    options = []
    for o in req.catalog.opportunities:
        fits = [
            t.id for i, t in enumerate(cal.terms) if o.starts_in(t) and i + o.length_terms <= len(cal.terms)
        ]
        options.append([None, *fits])
    best = None
    for choice in itertools.product(*options):
        chosen = [(o.id, t) for o, t in zip(req.catalog.opportunities, choice, strict=True) if t is not None]
        candidate = plan_of(req, chosen)
        if not [p for p in check_plan(req, candidate) if redundancy or not p.endswith(REDUNDANT)]:
            cost = sum(score_plan(req, candidate).values())
            best = cost if best is None else min(best, cost)
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_plan_passes_the_checker_and_is_optimal(req: PlanRequest) -> None:
    result = solve(req)
    best = brute_force_best(req)
    if result.status == PlanStatus.INFEASIBLE:
        assert best is None
        assert result.explanation is not None and result.explanation.message
        assert_conflict_is_minimal(req, result.explanation)
        return
    assert result.status == PlanStatus.OPTIMAL
    if best is None:
        # No plan keeps the redundancy rule: it gives way, and the plan is the best one without it.
        best = brute_force_best(req, redundancy=False)
        assert [p for p in check_plan(req, result) if not p.endswith(REDUNDANT)] == []
    else:
        assert check_plan(req, result) == []
    assert score_plan(req, result) == penalties(result)
    assert result.objective == best
