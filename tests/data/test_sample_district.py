"""The sample district in data/sample/: it loads, it is the size the demos need, and it is plannable.

The files are read here with a small loader of our own (through the pydantic models only), so these
tests check the data and nothing else. "Usable" below follows the planning rules: the mode is allowed,
no meeting falls in the student's unavailable time, seats are not all taken, the student has not
already completed it, and it can start in a plannable term of a season it is offered in, at a grade it
admits, and finish by the student's target graduation term.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from functools import cache
from typing import Any

from ortools.sat.python import cp_model

from core.schema import (
    Calendar,
    Catalog,
    Competency,
    Framework,
    Opportunity,
    OpportunityKind,
    RequirementSet,
    Student,
    Term,
)
from core.settings import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "data" / "sample"
SUBJECTS = {
    "english",
    "mathematics",
    "science",
    "social_studies",
    "cte",
    "arts",
    "health_pe",
    "world_languages",
}
# Weekly hours are doubled to make them integers for CP-SAT (every value in the files is a half hour).
HALF_HOURS = 2
# A safety net, not a timing assertion: each feasibility check takes well under a second.
FEASIBILITY_TIME_LIMIT = 60.0


def _read_json(name: str) -> Any:
    return json.loads((SAMPLE / name).read_text(encoding="utf-8"))


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _competencies() -> list[Competency]:
    with (SAMPLE / "competencies.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = []
    for row in rows:
        record: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
        record["education_levels"] = _split(row["education_levels"])
        record["precedes"] = _split(row["precedes"])
        record["is_heading"] = row["is_heading"] == "true"
        records.append(Competency.model_validate(record))
    return records


@cache
def sample() -> tuple[Catalog, tuple[Student, ...]]:
    """Every file of the sample district, validated by the domain models (read once per session)."""
    catalog = Catalog(
        frameworks=[Framework.model_validate(f) for f in _read_json("frameworks.json")],
        competencies=_competencies(),
        opportunities=[Opportunity.model_validate(o) for o in _read_json("opportunities.json")],
        requirement_sets=[RequirementSet.model_validate(r) for r in _read_json("requirements.json")],
        calendar=Calendar.model_validate(_read_json("calendar.json")),
    )
    students = tuple(Student.model_validate(s) for s in _read_json("students.json"))
    return catalog, students


def start_terms(opp: Opportunity, student: Student, catalog: Catalog) -> list[Term]:
    """Plannable terms in which the student could start this opportunity and finish it by the target."""
    calendar = catalog.calendar
    assert calendar is not None
    target = calendar.index(student.target_graduation_term)
    return [
        term
        for term in calendar.plannable()
        if opp.starts_in(term)
        and calendar.index(term.id) + opp.length_terms - 1 <= target
        and opp.min_grade <= student.grade_in(term, calendar) <= opp.max_grade
    ]


def usable(opp: Opportunity, student: Student, catalog: Catalog) -> bool:
    return (
        opp.mode in student.allowed_modes
        and opp.seats != 0
        and opp.id not in student.completed_opportunities
        and not any(m.overlaps(u) for m in opp.meetings for u in student.unavailable)
        and bool(start_terms(opp, student, catalog))
    )


def needed(student: Student, catalog: Catalog) -> list[str]:
    rs = catalog.requirement_set(student.requirement_set)
    return [c for c in rs.required if c not in student.demonstrated()]


def pool_of(subject: str, pool: list[str], catalog: Catalog) -> list[str]:
    if pool:
        return pool
    return [c.id for c in catalog.competencies if c.subject == subject and not c.is_heading]


def interdisciplinary(catalog: Catalog) -> list[str]:
    comps = catalog.competency_map()
    return [o.id for o in catalog.opportunities if len({comps[c].subject for c in o.competencies}) >= 2]


# --- (a) it loads and every reference resolves -------------------------------------------------


def test_every_file_loads_and_every_reference_resolves() -> None:
    catalog, students = sample()
    assert catalog.reference_problems(list(students)) == []


def test_competencies_use_the_fixed_subjects_and_frameworks() -> None:
    catalog, _ = sample()
    assert {c.subject for c in catalog.competencies} == SUBJECTS
    assert {f.id for f in catalog.frameworks} == {"pvd-district", "pvd-ela", "pvd-math", "pvd-science"}
    comps = catalog.competency_map()
    assert comps["HS-LS1-1"].code == "HS-LS1-1"
    assert comps["HSA-SSE.A.1"].code == "CCSS.Math.Content.HSA-SSE.A.1"
    assert comps["CCSS.ELA-Literacy.W.9-10.1"].framework == "pvd-ela"
    assert comps["PVD.CTE.HLTH.3"].parent == "PVD.CTE"
    headings = [c.id for c in catalog.competencies if c.is_heading]
    assert len(headings) == 22
    assert all(any(c.parent == h for c in catalog.competencies) for h in headings)
    assert "HSA-REI.B.4" in comps["HSA-REI.B.3"].precedes


# --- (b) counts -------------------------------------------------------------------------------


def test_counts() -> None:
    catalog, students = sample()
    opps = catalog.opportunities
    assert 150 <= len(catalog.competencies) <= 300
    assert len(opps) >= 150
    assert sum(o.kind != OpportunityKind.COURSE for o in opps) >= 50
    assert {o.kind for o in opps} == set(OpportunityKind)
    assert len(students) >= 8
    assert len(interdisciplinary(catalog)) >= 5
    assert {"INT-BIOTECH", "INT-VET", "PRJ-SCIILLUS", "PRJ-MURAL", "AS-ROBOTICS"} <= set(
        interdisciplinary(catalog)
    )


def test_requirement_set_and_calendar() -> None:
    catalog, _ = sample()
    rs = catalog.requirement_set("pvd-diploma")
    assert rs.name == "Pine Valley Proficiency-Based Diploma"
    assert 70 <= len(rs.required) <= 110
    assert rs.proficiency_share == 0.7
    assert [(m.subject, m.count) for m in rs.subject_minimums] == [
        ("world_languages", 2),
        ("arts", 3),
        ("cte", 6),
    ]
    calendar = catalog.calendar
    assert calendar is not None
    assert (calendar.current_school_year, calendar.first_plannable_term) == (2026, "2027-SP")
    assert [t.id for t in calendar.terms][:4] == ["2026-FA", "2027-SP", "2027-SU", "2027-FA"]
    assert {t.school_year for t in calendar.terms} == {2026, 2027, 2028, 2029}
    assert Counter(t.season for t in calendar.terms) == {"fall": 4, "spring": 4, "summer": 4}


def test_opportunity_shapes_are_consistent() -> None:
    catalog, _ = sample()
    comps = catalog.competency_map()
    calendar = catalog.calendar
    assert calendar is not None
    seasons = {t.id: t.season for t in calendar.terms}
    problems = []
    for o in catalog.opportunities:
        if o.kind == OpportunityKind.ONLINE_COURSE and (o.mode != "online" or o.meetings):
            problems.append(f"{o.id}: an online course is online and self-paced")
        if o.length_terms > 1 and o.seasons != ["fall"]:
            problems.append(f"{o.id}: a year-long opportunity starts in the fall")
        if any(seasons[t] not in o.seasons for t in o.only_terms):
            problems.append(f"{o.id}: only_terms outside its seasons")
        if sum(m.hours for m in o.meetings) > o.hours_per_week:
            problems.append(f"{o.id}: meets longer than its hours_per_week")
        if any(comps[c].is_heading for c in o.competencies):
            problems.append(f"{o.id}: earns a heading")
        earned = set(o.competencies)
        if any(p in earned for c in o.competencies for p in comps[c].precedes):
            problems.append(f"{o.id}: earns a competency and the one it precedes")
    assert problems == []


# --- the personas the demos rely on ------------------------------------------------------------


def test_the_personas_are_there() -> None:
    _, students = sample()
    by_id = {s.id: s for s in students}
    maya = by_id["stu-maya"]
    assert (maya.grade, [str(u) for u in maya.unavailable]) == (10, ["Tue 14:00-19:00"])
    assert "biotech" in maya.career_goals
    assert "veterinarian" in by_id["stu-diego"].career_goals
    assert "draw" in by_id["stu-imani"].interests
    marcus = by_id["stu-marcus"]
    assert (marcus.grade, marcus.pace, marcus.target_graduation_term) == (12, "extended", "2028-SU")
    priya = by_id["stu-priya"]
    assert (priya.grade, priya.pace, priya.target_graduation_term) == (10, "accelerated", "2028-SP")
    assert by_id["stu-noah"].allowed_modes == ["online"]
    assert [str(u) for u in by_id["stu-sofia"].unavailable] == [
        f"{day} 17:00-21:00" for day in ("Mon", "Tue", "Wed", "Thu", "Fri")
    ]
    jamal = by_id["stu-jamal"]
    assert (jamal.grade, jamal.interests, jamal.career_goals) == (9, "", "")
    assert all(s.demonstrated() for s in students)
    assert all(e.assessor and e.source for s in students for e in s.evidence)


# --- (c) and (d) plannability, one competency at a time -----------------------------------------


def test_every_required_competency_has_two_earners_one_online_and_self_paced() -> None:
    catalog, _ = sample()
    earners: dict[str, list[Opportunity]] = defaultdict(list)
    for o in catalog.opportunities:
        for c in o.competencies:
            earners[c].append(o)
    problems = []
    for c in catalog.requirement_set("pvd-diploma").required:
        if len(earners[c]) < 2 or not any(o.mode == "online" and o.self_paced for o in earners[c]):
            problems.append(f"{c}: earned by {[o.id for o in earners[c]]}")
    assert problems == []


def test_each_student_can_earn_each_needed_competency() -> None:
    catalog, students = sample()
    problems = []
    for s in students:
        earnable = {c for o in catalog.opportunities if usable(o, s, catalog) for c in o.competencies}
        problems += [f"{s.id}: nothing usable earns {c}" for c in needed(s, catalog) if c not in earnable]
    assert problems == []


def test_each_student_can_reach_the_subject_minimums() -> None:
    catalog, students = sample()
    problems = []
    for s in students:
        earnable = {c for o in catalog.opportunities if usable(o, s, catalog) for c in o.competencies}
        for m in catalog.requirement_set(s.requirement_set).subject_minimums:
            pool = pool_of(m.subject, m.pool, catalog)
            reachable = len([c for c in pool if c in s.demonstrated() or c in earnable])
            if reachable < m.count:
                problems.append(f"{s.id}: {m.subject} reaches {reachable} of {m.count}")
    assert problems == []


# --- whole plans: a small CP-SAT model of the planning rules finds one for every student --------


def plan_exists(student: Student, catalog: Catalog) -> bool:
    """Is there a term-by-term plan that covers every need within hours, clashes, prerequisites and
    progressions? A feasibility check of the data, independent of the planner package."""
    calendar = catalog.calendar
    assert calendar is not None
    opps = catalog.opportunity_map()
    rs = catalog.requirement_set(student.requirement_set)
    load = rs.pace_loads[student.pace]
    cap = min(student.max_hours_per_week, load.max_hours_per_week)
    target = calendar.index(student.target_graduation_term)
    terms = [t for t in calendar.plannable() if calendar.index(t.id) <= target]
    position = {t.id: i for i, t in enumerate(terms)}
    demonstrated, done = student.demonstrated(), set(student.completed_opportunities)
    predecessors: dict[str, list[str]] = defaultdict(list)
    for comp in catalog.competencies:
        for later in comp.precedes:
            predecessors[later].append(comp.id)
    model = cp_model.CpModel()

    # take[o, i]: opportunity o starts in term i; each opportunity is taken at most once.
    take = {
        (o.id, position[t.id]): model.new_bool_var(f"take[{o.id},{t.id}]")
        for o in catalog.opportunities
        if usable(o, student, catalog)
        for t in start_terms(o, student, catalog)
    }
    starts: dict[str, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for (o_id, i), var in take.items():
        starts[o_id].append((i, var))
    for pairs in starts.values():
        model.add(sum(var for _, var in pairs) <= 1)

    earned_by: dict[str, set[str]] = defaultdict(set)
    for o_id in starts:
        for c in opps[o_id].competencies:
            earned_by[c].add(o_id)

    def active(o_id: str, i: int) -> list[cp_model.IntVar]:
        return [var for j, var in starts[o_id] if j <= i < j + opps[o_id].length_terms]

    # Weekly hours stay within the cap, and reach the pace minimum in fall and spring.
    for i, term in enumerate(terms):
        hours = sum(int(opps[o].hours_per_week * HALF_HOURS) * v for o in starts for v in active(o, i))
        model.add(hours <= int(cap * HALF_HOURS))
        if term.season != "summer":
            model.add(hours >= int(load.min_hours_per_week * HALF_HOURS))

    # Opportunities whose meetings overlap are never active in the same term.
    timed = [o for o in starts if opps[o].meetings]
    for k, a in enumerate(timed):
        for b in timed[k + 1 :]:
            if any(p.overlaps(q) for p in opps[a].meetings for q in opps[b].meetings):
                for i in range(len(terms)):
                    if active(a, i) and active(b, i):
                        model.add(sum(active(a, i)) + sum(active(b, i)) <= 1)

    # Each prerequisite group, and each progression (A precedes B: an opportunity earning B but not A
    # needs A first), holds from history or from an opportunity finished in an earlier term.
    for (o_id, i), var in take.items():
        own = set(opps[o_id].competencies)
        groups = [(set(g.any_of_opportunities), set(g.any_of_competencies)) for g in opps[o_id].prerequisites]
        groups += [(set(), {a}) for b in own for a in predecessors[b] if a not in own]
        for group_opps, group_comps in groups:
            if demonstrated & group_comps or done & group_opps:
                continue
            sources = group_opps | {p for c in group_comps for p in earned_by[c]}
            earlier = [v for p in sources for j, v in starts.get(p, []) if j + opps[p].length_terms - 1 < i]
            model.add(var <= sum(earlier))

    # Every needed competency is earned, and every subject minimum is reached.
    earners: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for (o_id, _), var in take.items():
        for c in opps[o_id].competencies:
            earners[c].append(var)
    for c in needed(student, catalog):
        model.add(sum(earners[c]) >= 1)
    for minimum in rs.subject_minimums:
        pool = pool_of(minimum.subject, minimum.pool, catalog)
        have = len([c for c in pool if c in demonstrated])
        fresh = []
        for c in pool:
            if c not in demonstrated and earners[c]:
                earned = model.new_bool_var(f"earned[{c}]")
                model.add(earned <= sum(earners[c]))
                fresh.append(earned)
        model.add(have + sum(fresh) >= minimum.count)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = FEASIBILITY_TIME_LIMIT
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_every_student_has_a_whole_plan() -> None:
    catalog, students = sample()
    assert [s.id for s in students if not plan_exists(s, catalog)] == []
