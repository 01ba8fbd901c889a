"""Solver benchmark: our model vs a textbook CP-SAT formulation vs a greedy set-cover heuristic, on
seeded district-scale instances, plus live re-planning times on the sample district.

    .venv/bin/python benchmarks/solver_bench.py            # the full run (about ten minutes)
    .venv/bin/python benchmarks/solver_bench.py --quick    # a smoke run (well under a minute)
    .venv/bin/python benchmarks/solver_bench.py --sample-only --interests   # the sample district only,
        # each student with the matcher's scores and pathway, as the app plans them (loads the model)

For each instance, every method starts from the request (model building counts). Gaps are measured
against the best plan any method found (the optimum when a method proved it): (plan - best) / best.
Every plan is validated and costed by the independent checker (planner/checker.py). Times are CP-SAT
wall time ("solver time") and the process's CPU time for the whole ``solve`` call (model building,
the solver's threads, reading the plan), with the load average: on a shared machine the wall time
grows with the load, the CPU time much less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from district_gen import generate_district
from greedy import greedy_plan, plan_from_choices
from ortools.sat.python import cp_model
from textbook_model import build_textbook

from catalog.district import district_bundle
from core.schema import Catalog, Mode, Pace, Student, TimeBlock
from core.settings import get_settings
from planner.checker import check_plan, score_plan
from planner.domain import Lock, PlanRequest, PlanResult, PlanStatus, has_plan
from planner.instance import build_instance
from planner.model import build
from planner.program import redundant
from planner.solve import solve

CHECKPOINTS = (1.0, 5.0, 30.0)
"""Seconds at which the benchmark reads each method's gap."""

NEAR_OPTIMAL = 0.01
"""'Within 1% of optimal'."""


def scale(best: int) -> int:
    """What a gap is a share of: the best plan's objective, in absolute value (rewards can make an
    objective small or negative), at least 1."""
    return max(1, abs(best))


def near(best: int) -> float:
    """The objective within NEAR_OPTIMAL of the best."""
    return best + NEAR_OPTIMAL * scale(best)


@dataclass
class Run:
    """One method on one instance: its improving plans as (seconds, objective), and the proof time."""

    method: str
    trajectory: list[tuple[float, int]] = field(default_factory=list)
    proved_at: float | None = None
    bound: float | None = None
    note: str = ""

    def best_at(self, seconds: float) -> int | None:
        found = [obj for t, obj in self.trajectory if t <= seconds]
        return min(found) if found else None

    def first_within(self, target: float) -> float | None:
        return next((t for t, obj in self.trajectory if obj <= target), None)


def run_ours(request: PlanRequest) -> Run:
    run = Run(f"our model, {request.workers} worker{'s' if request.workers != 1 else ''}")
    started = time.perf_counter()
    result = solve(request, on_solution=lambda t, obj: run.trajectory.append((t, obj)))
    if result.status == PlanStatus.OPTIMAL:
        run.proved_at = time.perf_counter() - started
    run.bound = result.best_bound
    _validate(run, request, result)
    return run


def run_default_parameters(request: PlanRequest, limit: float, workers: int) -> Run:
    """Our model with CP-SAT's default parameters: what the LP settings are worth on their own. It is
    solved once, without the redundancy rounds of ``planner.solve``: plans holding a redundant item
    are not counted."""
    run = Run("our model, default parameters")
    started = time.perf_counter()
    inst = build_instance(request)
    m = build(inst)
    return _run_cp_sat(
        run,
        m.model,
        started,
        limit,
        workers,
        keep=lambda value: not redundant(inst, [k for k, lit in m.take.items() if value(lit)]),
    )


def run_textbook(request: PlanRequest, limit: float, workers: int) -> Run:
    run = Run("textbook CP-SAT")
    started = time.perf_counter()
    model, _ = build_textbook(request)
    return _run_cp_sat(run, model, started, limit, workers)


def _run_cp_sat(
    run: Run,
    model: cp_model.CpModel,
    started: float,
    limit: float,
    workers: int,
    keep: Callable[[Callable[[cp_model.IntVar], bool]], bool] | None = None,
) -> Run:

    class Listener(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            if keep is None or keep(self.boolean_value):
                run.trajectory.append((time.perf_counter() - started, round(self.objective_value)))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, limit - (time.perf_counter() - started))
    solver.parameters.num_workers = workers
    status = solver.solve(model, Listener())
    if status == cp_model.OPTIMAL:
        run.proved_at = time.perf_counter() - started
    return run


def run_greedy(request: PlanRequest) -> Run:
    run = Run("greedy set cover")
    started = time.perf_counter()
    plan = plan_from_choices(request, greedy_plan(request))
    elapsed = time.perf_counter() - started
    problems = check_plan(request, plan)
    if problems:
        run.note = f"invalid plan: {problems[0]}"
    else:
        run.trajectory.append((elapsed, sum(score_plan(request, plan).values())))
    return run


def _validate(run: Run, request: PlanRequest, result: PlanResult) -> None:
    if not has_plan(result):
        run.note = f"status {result.status}"
        return
    problems = check_plan(request, result)
    score = sum(score_plan(request, result).values())
    if problems or score != result.objective:
        run.note = f"CHECKER DISAGREES: {problems[:1]} score {score} vs {result.objective}"


def _fmt_time(seconds: float | None, limit: float) -> str:
    return f"{seconds:.2f} s" if seconds is not None else f"> {limit:g} s"


def _fmt_gap(objective: int | None, best: int) -> str:
    if objective is None:
        return "none"
    return f"{100 * (objective - best) / scale(best):.2f}%"


def report(title: str, runs: list[Run], limit: float) -> None:
    best = min((obj for r in runs for _, obj in r.trajectory), default=None)
    proved = any(r.proved_at is not None for r in runs)
    print(f"\n{title}")
    if best is None:
        print("  no method found a plan")
        return
    print(f"  best plan: {best} ({'proved optimal' if proved else 'optimum not proved'})")
    header = ["method", "first plan"] + [f"gap @{c:g} s" for c in CHECKPOINTS if c <= limit]
    header += ["to 1%", "to best", "proved optimal"]
    rows = [header]
    for r in runs:
        first = r.trajectory[0][0] if r.trajectory else None
        row = [r.method, _fmt_time(first, limit)]
        row += [_fmt_gap(r.best_at(c), best) for c in CHECKPOINTS if c <= limit]
        row += [
            _fmt_time(r.first_within(near(best)), limit),
            _fmt_time(r.first_within(best), limit),
            _fmt_time(r.proved_at, limit) if r.method != "greedy set cover" else "never",
        ]
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    for r in runs:
        if r.note:
            print(f"  note ({r.method}): {r.note}")
        if r.bound is not None and r.trajectory:
            final = r.trajectory[-1][1]
            print(
                f"  {r.method}: final plan {final}, best bound {r.bound:.0f}, gap {_fmt_gap(final, round(r.bound))}"
            )
    ours = runs[0].first_within(near(best))
    textbook = next((r for r in runs if r.method == "textbook CP-SAT"), None)
    if ours and textbook is not None:
        theirs = textbook.first_within(near(best))
        if theirs is None:
            print(f"  to 1%: textbook over {limit / ours:.1f}x slower (not within 1% in {limit:g} s)")
        else:
            print(f"  to 1%: textbook {theirs / ours:.1f}x slower")


def district_scale(
    seeds: list[int], terms: list[int], opportunities: int, limit: float, workers: int
) -> None:
    for seed, n_terms in zip(seeds, terms, strict=True):
        district = generate_district(seed, n_opportunities=opportunities, n_terms=n_terms)
        request = PlanRequest(
            student=district.student,
            catalog=district.catalog,
            interest_scores=district.interest_scores,
            time_limit=limit,
            workers=workers,
        )
        runs = [run_ours(request)]
        if workers != 1:
            runs.append(run_ours(request.model_copy(update={"workers": 1})))
        runs += [
            run_textbook(request, limit, workers),
            run_greedy(request),
            run_default_parameters(request, limit, workers),
        ]
        title = (
            f"district seed {seed}: {opportunities} opportunities, {len(district.catalog.competencies)} "
            f"competencies, {n_terms} terms, {len(request.student.evidence)} demonstrated"
        )
        report(title, runs, limit)


# --- live re-planning on the sample district -----------------------------------------------------


def load_sample(folder: Path) -> tuple[Catalog, list[Student]] | None:
    if not (folder / "opportunities.json").exists() and not (folder / "opportunities.csv").exists():
        return None
    bundle = district_bundle(folder)
    return bundle.catalog(), bundle.students


def replan_changes(catalog: Catalog, student: Student, plan: PlanResult) -> list[tuple[str, PlanRequest]]:
    """The advisor's live edits: lock an item, exclude one, block an afternoon, change pace."""
    base = PlanRequest(student=student, catalog=catalog, previous=plan)
    planned = [i.opportunity for i in plan.items()]
    # The advisor locks an alternative that earns something the student needs and is open to them.
    needed = set(plan.coverage)
    open_ids = [
        o.id
        for o in catalog.opportunities
        if o.id not in planned
        and o.seats != 0
        and o.id not in student.completed_opportunities
        and needed & set(o.competencies)
        and o.min_grade <= student.grade <= o.max_grade
    ]
    changes = []
    if open_ids:
        changes.append(("lock", base.model_copy(update={"locks": [Lock(opportunity=open_ids[0])]})))
    if planned:
        changes.append(("exclude", base.model_copy(update={"exclusions": [planned[-1]]})))
    busy = TimeBlock(day="Thu", start="15:00", end="18:00", label="practice")
    changes.append(
        (
            "availability",
            base.model_copy(
                update={"student": student.model_copy(update={"unavailable": [*student.unavailable, busy]})}
            ),
        )
    )
    other = Pace.EXTENDED if student.pace != Pace.EXTENDED else Pace.STANDARD
    changes.append(("pace", base.model_copy(update={"student": student.model_copy(update={"pace": other})})))
    online = [Mode.ONLINE]
    changes.append(
        ("modes", base.model_copy(update={"student": student.model_copy(update={"preferred_modes": online})}))
    )
    return changes


def personal_inputs(folder: Path, students: list[Student]) -> dict[str, dict[str, Any]]:
    """What the app adds to each student's request: the matcher's interest scores, the student's words
    and the chosen pathway (``pathways.cli_plan.matcher_fit``). Loads the model (torch)."""
    from catalog import district
    from core.store import Store
    from matcher import default_model
    from matcher.index import build_index
    from pathways.cli_plan import matcher_fit

    store = Store.open(":memory:")
    district.import_district(store, folder)
    build_index(store, default_model())
    inputs = {}
    for student in students:
        fit = matcher_fit(store, student).plan_inputs(None)
        inputs[student.id] = {
            "interest_scores": fit["scores"],
            "interest_words": fit["words"],
            "pathway": fit["pathway"],
        }
    return inputs


def timed(request: PlanRequest) -> tuple[PlanResult, float]:
    """The plan and the CPU seconds the whole ``solve`` call took (every thread of this process)."""
    started = time.process_time()
    result = solve(request)
    return result, time.process_time() - started


def _spread(label: str, seconds: list[float]) -> str:
    p95 = statistics.quantiles(seconds, n=20, method="inclusive")[-1] if len(seconds) >= 2 else seconds[0]
    return (
        f"{label} p50 {statistics.median(seconds) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {max(seconds) * 1000:.0f} ms"
    )


def replanning(folder: Path, workers: int, interests: bool) -> None:
    sample = load_sample(folder)
    personal = "with the matcher's scores and pathway" if interests else "without interests"
    print(f"\nlive re-planning on the sample district ({folder}), {workers} worker(s), {personal}")
    if sample is None:
        print("  the sample district is not there yet")
        return
    catalog, students = sample
    inputs = personal_inputs(folder, students) if interests else {}
    print(f"  load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    first_times: list[float] = []
    first_cpu: list[float] = []
    times: dict[str, list[float]] = {}
    cpu: list[float] = []
    statuses: dict[str, int] = {}
    for student in students:
        extra = inputs.get(student.id, {})
        request = PlanRequest(student=student, catalog=catalog, workers=workers, **extra)
        plan, spent = timed(request)
        first_times.append(plan.solve_time)
        first_cpu.append(spent)
        statuses[plan.status.value] = statuses.get(plan.status.value, 0) + 1
        if not has_plan(plan):
            continue
        for change, edited in replan_changes(catalog, student, plan):
            result, spent = timed(edited.model_copy(update={"workers": workers, **extra}))
            times.setdefault(change, []).append(result.solve_time)
            cpu.append(spent)
    print(f"  first plans: {len(students)} students, statuses {statuses}")
    print("  first plans: " + _spread("solver time", first_times) + "; " + _spread("CPU", first_cpu))
    every = [t for ts in times.values() for t in ts]
    if len(every) >= 2:
        print(
            f"  re-plans: {len(every)} ({', '.join(f'{k} {len(v)}' for k, v in times.items())}); "
            + _spread("solver time", every)
            + "; "
            + _spread("CPU", cpu)
        )
    print(f"  load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small, short smoke run")
    parser.add_argument("--limit", type=float, default=None, help="seconds per method and instance")
    parser.add_argument("--seeds", default="1,2,3", help="district seeds (their terms: 8, 10, 12, ...)")
    parser.add_argument("--sample-only", action="store_true", help="only the sample district")
    parser.add_argument("--district-only", action="store_true", help="only the generated districts")
    parser.add_argument(
        "--interests", action="store_true", help="plan the sample students with the matcher's scores"
    )
    args = parser.parse_args()
    workers = get_settings().solver_workers
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.sample_only:
        pass
    elif args.quick:
        district_scale([1], [8], 300, args.limit or 3.0, workers)
    else:
        seeds = [int(s) for s in args.seeds.split(",")]
        terms = [{1: 8, 2: 10}.get(seed, 12) for seed in seeds]
        district_scale(seeds, terms, 1000, args.limit or 30.0, workers)
    if args.district_only:
        return
    for count in sorted({workers, 1}, reverse=True):
        replanning(get_settings().sample_dir, count, args.interests)


if __name__ == "__main__":
    main()
