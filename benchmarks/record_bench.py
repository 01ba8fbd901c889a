"""Learning-record benchmark: a class's evidence in one bulk save, and the graduation audit of a cohort.

    .venv/bin/python benchmarks/record_bench.py               # 1,000 students, about a minute to build
    .venv/bin/python benchmarks/record_bench.py --students 300

It builds a district-scale database in a temporary folder (the seeded generator's 1,000 opportunities,
``--students`` students each with 20 verified evidence entries and the same solved plan saved as their
current version, a teacher assessing one opportunity of 10 or more outcomes, 30 of the students placed
there), then measures, through the record service (authorized and audited as in the app):
1. the teacher's grid: 30 students x 10 outcomes (300 entries) in one ``record_class`` save;
2. one student's graduation audit;
3. the audit of every student in one ``graduation_audits`` call (an admin's cohort view).
The load average is printed with every line: the numbers mean little without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from district_gen import generate_district

from core.store import Store
from planner.domain import PlanRequest
from planner.solve import solve
from records import accounts, assessors, evidence, plans
from records.accounts import NewUser, Role
from records.evidence import EvidenceIn, EvidenceState
from records.service import Records

PASSWORD = "benchmark password"
CLASS_SIZE = 30
OUTCOMES = 10
EVIDENCE_PER_STUDENT = 20
RUNS = 5
DAY = dt.date(2026, 10, 1)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} / {five:.1f}"


def build(path: Path, n_students: int) -> tuple[str, list[str]]:
    """The database; the opportunity the teacher assesses and its first 10 outcomes."""
    district = generate_district(7, n_opportunities=1000)
    c = district.catalog
    assert c.calendar is not None
    taught = next(o for o in c.opportunities if len(o.competencies) >= OUTCOMES)
    students = [
        district.student.model_copy(update={"id": f"stu-{i:04d}", "name": f"Student {i}", "evidence": []})
        for i in range(n_students)
    ]
    plan = solve(PlanRequest(student=students[0], catalog=c, interest_scores=district.interest_scores))
    rng = random.Random(7)
    scale = c.requirement_set(students[0].requirement_set).scale
    comps = [x.id for x in c.competencies if not x.is_heading]
    store = Store.open(path)
    with store.transaction() as cur:
        store.put_frameworks(cur, c.frameworks)
        store.put_competencies(cur, c.competencies)
        store.put_requirement_sets(cur, c.requirement_sets)
        store.put_calendar(cur, c.calendar)
        store.put_opportunities(cur, c.opportunities)
        store.put_students(cur, students)
        admin = accounts.create_user(
            cur, NewUser(id="admin", display_name="Admin", role=Role.ADMIN), password=PASSWORD
        )
        accounts.create_user(
            cur, NewUser(id="teacher", display_name="Teacher", role=Role.TEACHER), password=PASSWORD
        )
        assessors.set_opportunities(cur, "teacher", [taught.id])
        for s in students:
            plans.save_draft(cur, s.id, admin, plan.model_copy(update={"student": s.id}), based_on=0)
            for competency in rng.sample(comps, EVIDENCE_PER_STUDENT):
                fields = {"competency": competency, "level": rng.choice(scale.levels), "date": DAY}
                evidence.append(
                    cur,
                    s.id,
                    fields,
                    author=admin,
                    state=EvidenceState.VERIFIED,
                    assessor="Admin",
                    now=dt.datetime(2026, 10, 2),
                )
        for s in students[:CLASS_SIZE]:
            cur.execute(
                "INSERT INTO placements (student_id, opportunity_id, term_id, site, supervisor_name, supervisor_email, "
                "created_by, created_at) VALUES (?, ?, ?, 'Site', 'Supervisor', '', 'admin', ?)",
                [s.id, taught.id, c.calendar.first_plannable_term, dt.datetime(2026, 9, 1)],
            )
    store.close()
    print(
        f"database: {path.stat().st_size / 1e6:.1f} MB, {n_students} students, plan status {plan.status.value}; {load()}"
    )
    return taught.id, taught.competencies[:OUTCOMES]


def timed(label: str, call, runs: int = RUNS) -> None:  # type: ignore[no-untyped-def]
    taken = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        taken.append(time.perf_counter() - start)
    print(
        f"{label}: median {statistics.median(taken) * 1000:.0f} ms, max {max(taken) * 1000:.0f} ms ({runs} runs); {load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        opportunity, outcomes = build(path, args.students)
        records = Records(path)
        teacher = records.authenticate("teacher", PASSWORD)
        admin = records.authenticate("admin", PASSWORD)
        shown = records.class_list(teacher, opportunity)
        assert len(shown.students) == CLASS_SIZE
        levels = ["developing", "proficient", "advanced"]
        grid = [
            (s.id, EvidenceIn(competency=c, level=levels[(i + j) % 3], date=DAY, opportunity=opportunity))
            for i, s in enumerate(shown.students)
            for j, c in enumerate(outcomes)
        ]
        timed(
            f"bulk save, {CLASS_SIZE} students x {OUTCOMES} outcomes ({len(grid)} entries)",
            lambda: records.record_class(teacher, opportunity, grid),
        )
        ids = [f"stu-{i:04d}" for i in range(args.students)]
        timed("graduation audit, one student", lambda: records.graduation_audit(admin, ids[0]), runs=20)
        timed(
            f"graduation audits, {args.students} students in one call",
            lambda: records.graduation_audits(admin, ids),
            runs=3,
        )


if __name__ == "__main__":
    main()
