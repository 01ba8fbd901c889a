"""Transcript benchmark: export and sign mastery transcripts for many students, with time and size per
student.

    .venv/bin/python benchmarks/transcript_bench.py                  # 1,000 students (long on a busy machine)
    .venv/bin/python benchmarks/transcript_bench.py --students 100   # a sample, a few minutes

The sample district is loaded into a temporary database and its ten students are copied, round robin,
into N students with their own ids (so every transcript has the sample's real mix: 5 to 74 standards,
0 to 15 credits). Each student's transcript is read through the record service as an admin
(authorized, audited; one process, as the database has one writer) and handed at once to a pool of
``--workers`` processes, where it is signed as a CLR 2.0 file (one Open Badges 3.0 credential per
standard, each signed, then the CLR signed), written as JSON, verified, and printed as a PDF. Reported per student: median and p95 of
each step, in wall time and in CPU time (the CPU time does not depend on how busy the machine is), the
sizes of the files, and the total for all students with the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core.settings import DEFAULT_DATA_DIR
from core.store import Store
from credentials.build import clr_credential, credential_bytes
from credentials.keys import issuer
from credentials.verify import verify_credential
from present.transcript import TranscriptData
from present.transcript_pdf import transcript_pdf
from records.service import Records

PASSWORD = "pinevalley-demo"
KEY = bytes(range(32))
STEPS = ("read", "sign", "verify", "pdf")


@dataclass(frozen=True)
class Measured:
    """One student's steps: (wall, cpu) seconds each, and the sizes written."""

    times: dict[str, tuple[float, float]]
    clr_bytes: int
    pdf_bytes: int
    credentials: int


def build(path: Path, n: int) -> list[str]:
    """The sample district with ``n`` students copied from its ten; their ids."""
    Records(path, throttle=None).setup_sample(DEFAULT_DATA_DIR / "sample")
    store = Store.open(path)
    try:
        sample = store.students()
        copies = [
            s.model_copy(update={"id": f"bench-{i:04d}", "name": f"{s.name} {i}"})
            for i, s in ((i, sample[i % len(sample)]) for i in range(n))
        ]
        with store.transaction() as cur:
            store.put_students(cur, copies)
    finally:
        store.close()
    return [c.id for c in copies]


def clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = clocks()
    return wall - start[0], cpu - start[1]


def export_one(data: TranscriptData, folder: Path, verify: bool) -> Measured:
    """Sign, write, verify and print one transcript (in a worker process)."""
    key = issuer(Ed25519PrivateKey.from_private_bytes(KEY))
    times: dict[str, tuple[float, float]] = {}
    start = clocks()
    content = credential_bytes(clr_credential(data, key, dt.datetime.now(dt.UTC), name=data.district))
    (folder / f"{data.student_id}.json").write_bytes(content)
    times["sign"] = since(start)
    start = clocks()
    if verify:
        verify_credential(json.loads(content))
    times["verify"] = since(start)
    start = clocks()
    pdf = transcript_pdf(data, issuer_id=key.id)
    times["pdf"] = since(start)
    return Measured(times, len(content), len(pdf), len(data.standards))


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-verify", action="store_true", help="Skip verifying each CLR.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        ids = build(db, args.students)
        print(f"{args.students} students, {args.workers} workers; load average at the start {load()}")
        service = Records(db, throttle=None)
        admin = service.authenticate("admin", PASSWORD)
        began = time.perf_counter()
        reads: list[tuple[float, float]] = []
        work = partial(export_one, folder=Path(folder), verify=not args.no_verify)
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            pending = []
            for sid in ids:  # each transcript goes to the pool as soon as it is read
                start = clocks()
                data = service.transcript(admin, sid)
                reads.append(since(start))
                pending.append(pool.submit(work, data))
            measured = [f.result() for f in pending]
        total = time.perf_counter() - began
    rows = {"read": reads} | {step: [m.times[step] for m in measured] for step in STEPS[1:]}
    print(f"load average at the end {load()}")
    print(f"{'step':<8} {'median ms':>10} {'p95 ms':>10} {'CPU median':>11} {'CPU p95':>10}")
    per_student = zip(*rows.values(), strict=True)
    rows["total"] = [(sum(w for w, _ in steps), sum(c for _, c in steps)) for steps in per_student]
    for name, pairs in rows.items():
        wall = [w for w, _ in pairs]
        cpu = [c for _, c in pairs]
        print(
            f"{name:<8} {statistics.median(wall) * 1000:>10.0f} {p95(wall) * 1000:>10.0f}"
            f" {statistics.median(cpu) * 1000:>11.0f} {p95(cpu) * 1000:>10.0f}"
        )
    credentials = [m.credentials for m in measured]
    clr = [m.clr_bytes / 1024 for m in measured]
    pdf = [m.pdf_bytes / 1024 for m in measured]
    print(f"credentials per student: median {statistics.median(credentials):.0f}, max {max(credentials)}")
    print(
        f"CLR file: median {statistics.median(clr):.0f} KiB, max {max(clr):.0f} KiB; "
        f"PDF: median {statistics.median(pdf):.0f} KiB, max {max(pdf):.0f} KiB"
    )
    print(
        f"all {args.students} students: {total:.1f} s wall ({total / args.students * 1000:.0f} ms per student)"
    )


if __name__ == "__main__":
    main()
