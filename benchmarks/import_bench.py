"""District-scale import benchmark: `pathways import district` of a generated district (5,000
opportunities and 600 competencies by default, benchmarks/district_gen.py), search index included,
run as the command a district admin runs, in a fresh database; then the same folder again (nothing
to embed) and once more with one opportunity's description changed (one text to embed).

    .venv/bin/python benchmarks/import_bench.py                       # 5,000 opportunities
    .venv/bin/python benchmarks/import_bench.py --opportunities 1000 --profile

Each run prints its wall time, the CPU time of the command (all its threads), what the index did
and the load average (give it with any number quoted). ``--profile`` runs the first import once more
in this process under cProfile and prints where the time went.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from district_gen import generate_district

from catalog import district
from core.store import Store

PASSWORD = "import-bench-password"


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def write_district(folder: Path, seed: int, opportunities: int, comps_per_course: int) -> None:
    """The generated district in the documented file formats (through a scratch database's export)."""
    catalog = generate_district(
        seed, n_opportunities=opportunities, comps_per_course=comps_per_course
    ).catalog
    bundle = district.Bundle("generated")
    bundle.frameworks = catalog.frameworks
    bundle.competencies = catalog.competencies
    bundle.opportunities = catalog.opportunities
    bundle.requirement_sets = catalog.requirement_sets
    bundle.calendar = catalog.calendar
    scratch = Store.open(folder.parent / "scratch.duckdb")
    try:
        district.apply(scratch, bundle)
        district.export_district(scratch, folder, students=False)
    finally:
        scratch.close()


def pathways(env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """Run the CLI; wall seconds, CPU seconds of the command, its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pathways.cli", *args], env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"pathways {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return wall, cpu, done.stdout.strip()


def timed_import(label: str, env: dict[str, str], folder: Path) -> None:
    wall, cpu, out = pathways(env, "import", "district", str(folder), "--as", "admin")
    index = [line for line in out.splitlines() if line.startswith("search index")]
    print(f"{label}: wall {wall:.1f} s, CPU {cpu:.1f} s ({load()})")
    print(f"  {index[0] if index else out}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opportunities", type=int, default=5000)
    parser.add_argument("--comps-per-course", type=int, default=20, help="20 gives 600 competencies")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "district"
        write_district(folder, args.seed, args.opportunities, args.comps_per_course)
        opportunities = json.loads((folder / "opportunities.json").read_text(encoding="utf-8"))
        print(
            f"generated district: {len(opportunities)} opportunities, "
            f"{sum(1 for _ in (folder / 'competencies.csv').open(encoding='utf-8')) - 1} competencies "
            f"({load()})"
        )
        env = {**os.environ, "PATHWAYS_DB": str(work / "bench.duckdb"), "PATHWAYS_PASSWORD": PASSWORD}
        env["PYTHONPATH"] = os.pathsep.join(
            [str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]
        )
        pathways(env, "users", "create-admin", "admin", "--name", "Bench Admin")
        timed_import("first import (fresh database)", env, folder)
        timed_import("same folder again", env, folder)
        opportunities[0]["description"] = "A changed description, to be embedded again."
        (folder / "opportunities.json").write_text(json.dumps(opportunities), encoding="utf-8")
        timed_import("one description changed", env, folder)
        if args.profile:
            profile(work, folder)


def profile(work: Path, folder: Path) -> None:
    """The first import again, in this process, in a fresh database, under cProfile."""
    from matcher import default_model
    from matcher.index import build_index

    model = default_model()
    store = Store.open(work / "profiled.duckdb")
    profiler = cProfile.Profile()
    profiler.enable()
    district.import_district(store, folder)
    stats = build_index(store, model)
    profiler.disable()
    store.close()
    print(f"\nprofiled (in process, model loaded before): {stats} ({load()})")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
