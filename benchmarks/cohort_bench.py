"""Cohort benchmark: a generated district (benchmarks/district_gen.py, 1,000 opportunities, 12 terms)
and a generated cohort beside it (benchmarks/cohort_gen.py), planned with shared seats, with 1 and 2
workers; then the cancellation what-if on the busiest seat-limited sections.

    .venv/bin/python benchmarks/cohort_bench.py --students 100              # 1 and 2 workers
    .venv/bin/python benchmarks/cohort_bench.py --students 2000 --workers 2  # the district run

It reports wall time, CPU time (summed over the processes that solved), CPU per student, peak memory
per worker, seats respected (violations must be 0), the share of students with a plan, unmet demand,
and for the cancellations the share of their students recovered with at most one change. Interest
scores come from the generator (the matcher is not part of this measurement). Give the load average
(printed) with any number quoted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time

from cohort_gen import generate_cohort

from cohort.domain import CohortRun, CohortSettings, Outcome
from cohort.engine import Engine, InProcess, RayEngine
from cohort.run import Cohort, new_run
from cohort.views import demand, limits_of
from cohort.whatif import Change, ChangeKind, report, what_if
from core.settings import get_settings

NOW = dt.datetime(2026, 12, 3)


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def violations(run: CohortRun, cohort: Cohort) -> int:
    """Sections with more students planned than seats."""
    return sum(1 for row in demand(run, cohort.catalog) if row.seats is not None and row.planned > row.seats)


def measure(cohort: Cohort, engine: Engine, seed: int, effort: float | None) -> CohortRun:
    settings = CohortSettings(seed=seed, workers=engine.workers, effort=effort, interests=True)
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    done: list[tuple[int, int, int]] = []

    def tell(*counts: int) -> None:
        done.append(counts)
        if len(done) % 100 == 0:
            print(f"  ... {len(done)} solves, {time.perf_counter() - wall0:.0f} s ({load()})", flush=True)

    run = new_run("bench", "bench", settings, cohort, engine, created=NOW, progress=tell)
    wall = time.perf_counter() - wall0
    driver = time.process_time() - cpu0
    n = len(cohort.students)
    counts = run.counts()
    rows = demand(run, cohort.catalog)
    cpu = engine.cpu_seconds + (driver if not isinstance(engine, InProcess) else 0.0)
    print(f"\n{engine.workers} worker(s), {n} students ({load()})")
    print(f"  wall {wall:.1f} s, CPU {cpu:.1f} s ({cpu / n:.2f} s per student), solves {len(done)}")
    print(f"  peak memory per worker (MB): {sorted(round(mb) for mb in engine.peak_rss_mb.values())}")
    print(
        f"  planned {counts[Outcome.PLANNED]} ({100 * counts[Outcome.PLANNED] / n:.1f}%), off track "
        f"{counts[Outcome.OFF_TRACK]}, failed {counts[Outcome.FAILED]}; lost a seat: "
        f"{sum(1 for s in run.students if s.lost)}"
    )
    limited = [r for r in rows if r.seats is not None]
    print(
        f"  seat violations {violations(run, cohort)}; seat-limited sections used {len(limited)}, full "
        f"{sum(1 for r in limited if r.planned >= (r.seats or 0))}; unmet demand {sum(r.unmet for r in rows)}"
    )
    failures: dict[str, int] = {}
    for one in run.students:
        if one.outcome == Outcome.FAILED:
            failures[one.reason[:60]] = failures.get(one.reason[:60], 0) + 1
    for reason, count in sorted(failures.items(), key=lambda kv: -kv[1])[:3]:
        print(f"  failed x{count}: {reason}")
    return run


def cancellations(run: CohortRun, cohort: Cohort, engine: Engine, count: int) -> None:
    """Cancel each of the ``count`` busiest seat-limited sections in turn (each from the run itself)."""
    limits = limits_of(run, cohort.catalog)
    rows = [r for r in demand(run, cohort.catalog) if limits.limit(r.opportunity, r.term) is not None]
    busiest = sorted(rows, key=lambda r: (-r.planned, r.opportunity, r.term))[:count]
    affected = recovered = 0
    wall0 = time.perf_counter()
    for row in busiest:
        change = Change(kind=ChangeKind.CANCEL, opportunity=row.opportunity, term=row.term)
        child = what_if(run, change, cohort, engine, run_id="whatif", created=NOW, created_by="bench")
        result = report(run, child, change, cohort.catalog)
        affected += result.affected
        recovered += result.recovered
        print(f"  {result.lines()[0]}")
        assert violations(child, cohort) == 0
    share = 100 * recovered / affected if affected else 0.0
    print(
        f"  cancellations: {recovered} of {affected} students recovered with <= 1 change ({share:.1f}%), "
        f"{time.perf_counter() - wall0:.1f} s ({load()})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--effort",
        type=float,
        default=None,
        help="work per solve, CP-SAT deterministic seconds (default: PATHWAYS_COHORT_EFFORT)",
    )
    parser.add_argument(
        "--seats-for",
        type=int,
        default=None,
        help="size the seats for this many students (default: the cohort; 2000: busy sections, no contention)",
    )
    parser.add_argument("--cancel", type=int, default=3, help="sections to cancel in the what-if")
    args = parser.parse_args()
    catalog, students, scores = generate_cohort(args.seed, args.students, seats_for=args.seats_for)
    cohort = Cohort(catalog, students, scores)
    effort = args.effort or get_settings().cohort_effort
    print(
        f"{len(catalog.opportunities)} opportunities, {len(students)} students, seed {args.seed}, "
        f"seats for {args.seats_for or args.students} students, {effort:g} units of work per solve ({load()})"
    )
    last: tuple[CohortRun, Engine] | None = None
    for workers in args.workers:
        if workers == 1:
            engine: Engine = InProcess()
        else:
            started = time.perf_counter()
            engine = RayEngine(workers)
            print(f"\nRay local cluster of {workers} CPUs started in {time.perf_counter() - started:.1f} s")
        last = (measure(cohort, engine, args.seed, args.effort), engine)
    if last is not None and args.cancel:
        cancellations(last[0], cohort, last[1], args.cancel)


if __name__ == "__main__":
    main()
