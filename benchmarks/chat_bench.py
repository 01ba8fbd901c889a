"""Reply latency of the chat for edits on the sample district, end to end: understanding the message,
re-planning with the solver (the previous plan as a hint), the reasons and the wording.

    .venv/bin/python benchmarks/chat_bench.py                 # every sample student, with interests
    .venv/bin/python benchmarks/chat_bench.py --no-interests --students stu-maya stu-diego
    .venv/bin/python benchmarks/chat_bench.py --torch-threads 2 1   # one pass per torch thread count

The sample district is loaded into a temporary DuckDB (and its search index built, for the matcher's
interest scores). Each student's conversation starts with the opening (its first plan is timed apart)
and then goes through the same edits, written against their own plan. Prints the median, p95 and max
of the edit replies, per edit and overall. The target is p95 <= 1 s on 2 cores.

Encoding one short message is fastest with one torch thread when other work shares the cores (two
threads contend), so ``--torch-threads`` runs the conversations once per thread count given.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import torch

from catalog.district import import_district
from chat.dialogue import ChatSession
from chat.dialogue_engine import ChatEngine
from core.schema import Student
from core.settings import PROJECT_ROOT
from core.store import Store
from matcher import default_model
from matcher.index import build_index

SAMPLE = PROJECT_ROOT / "data" / "sample"
SLOW = 1.0
"""Replies slower than this many seconds are listed (student, message, intents)."""
# The edits every student makes, in order; {first}, {second} and {third} are titles from their plan.
EDITS = [
    "I can't do Fridays anymore",
    "keep {first} no matter what",
    "drop {second}",
    "undo",
    "i can only do like 18 hrs a week",
    "swap {third} for something online",
    "what if I graduate a semester early?",
    "actually I'm free on Fridays again",
]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def line(name: str, values: list[float]) -> str:
    ms = [1000 * v for v in values]
    return (
        f"| {name:<40} | {len(ms):>3} | {statistics.median(ms):>7.0f} | {percentile(ms, 0.95):>7.0f} "
        f"| {max(ms):>7.0f} |"
    )


def run(engine: ChatEngine, students: list[Student]) -> tuple[list[float], dict[str, list[float]]]:
    """Every student's opening and edits; the seconds each reply took."""
    openings: list[float] = []
    edits: dict[str, list[float]] = {edit: [] for edit in EDITS}
    for student in students:
        session = ChatSession.start(engine, student)
        started = time.perf_counter()
        opening = session.opening()
        openings.append(time.perf_counter() - started)
        plan = opening.plan or session.reply("show me my plan").plan  # a student the chat interviews first
        titles = [i.title for i in plan.items()] if plan else []
        if len(titles) < 3:
            print(f"{student.id}: no first plan, skipped")
            continue
        for edit in EDITS:
            message = edit.format(first=titles[0], second=titles[1], third=titles[2])
            started = time.perf_counter()
            reply = session.reply(message)
            took = time.perf_counter() - started
            edits[edit].append(took)
            if took > SLOW:
                print(f"slow: {student.id} {message!r} {took:.2f} s ({', '.join(reply.intents)})")
    return openings, edits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", nargs="*", help="student ids (default: every sample student)")
    parser.add_argument("--no-interests", action="store_true", help="plan without the matcher's scores")
    parser.add_argument("--torch-threads", nargs="*", type=int, default=[], help="torch thread counts")
    args = parser.parse_args()
    model = default_model()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.duckdb")
        import_district(store, SAMPLE)
        if not args.no_interests:
            build_index(store, model)
        students = [store.student(s) for s in args.students] if args.students else store.students()
        for threads in args.torch_threads or [torch.get_num_threads()]:
            # A fresh engine per pass: no interest scores or message vectors cached by an earlier pass.
            torch.set_num_threads(threads)
            engine = ChatEngine.from_store(store, model, interests=not args.no_interests)
            openings, edits = run(engine, students)
            report(threads, students, openings, edits, not args.no_interests)
        store.close()


def report(
    threads: int,
    students: list[Student],
    openings: list[float],
    edits: dict[str, list[float]],
    interests: bool,
) -> None:
    """The table of one pass."""
    load = os.getloadavg()[0]
    print(f"\n{len(students)} students, {os.cpu_count()} cores, {threads} torch threads, ", end="")
    print(f"interest scores {'on' if interests else 'off'}, load average {load:.1f} at the end\n")
    print("| reply (ms)                               |   n |  median |     p95 |     max |")
    print("|------------------------------------------|-----|---------|---------|---------|")
    print(line("opening (first plan)", openings))
    for edit, values in edits.items():
        if values:
            print(line(edit.replace("{", "").replace("}", ""), values))
    print(line("every edit", [v for values in edits.values() for v in values]))


if __name__ == "__main__":
    main()
