"""Transcript benchmark: export and sign mastery transcripts for many students, with time and size per
student.

    .venv/bin/python benchmarks/transcript_bench.py                  # 1,000 students (long on a busy machine)
    .venv/bin/python benchmarks/transcript_bench.py --students 100   # a sample, a couple of minutes

The sample district is loaded into a temporary database and its ten students are copied, round robin,
into N students with their own ids (so every transcript has the sample's real mix: 5 to 74 standards,
0 to 15 credits). Each student's transcript is then read through the record service as an admin
(authorized, audited), signed as a CLR 2.0 file (one Open Badges 3.0 credential per standard, each
signed, then the CLR signed), written as JSON, verified, and printed as a PDF. Reported per student:
median and p95 time of each step and the sizes of the files, and the total for all students.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core.settings import DEFAULT_DATA_DIR
from core.store import Store
from credentials.build import clr_credential, credential_bytes
from credentials.keys import issuer
from credentials.verify import verify_credential
from present.transcript_pdf import transcript_pdf
from records.service import Records

PASSWORD = "pinevalley-demo"


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


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--no-verify", action="store_true", help="Skip verifying each CLR.")
    args = parser.parse_args()
    key = issuer(Ed25519PrivateKey.generate())
    timings: dict[str, list[float]] = {"read": [], "sign": [], "verify": [], "pdf": []}
    sizes: dict[str, list[int]] = {"clr": [], "pdf": [], "credentials": []}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        ids = build(db, args.students)
        service = Records(db, throttle=None)
        admin = service.authenticate("admin", PASSWORD)
        start = time.perf_counter()
        for sid in ids:
            t0 = time.perf_counter()
            data = service.transcript(admin, sid)
            t1 = time.perf_counter()
            clr = clr_credential(data, key, dt.datetime.now(dt.UTC), name=data.district)
            content = credential_bytes(clr)
            (Path(folder) / f"{sid}.json").write_bytes(content)
            t2 = time.perf_counter()
            if not args.no_verify:
                verify_credential(json.loads(content))
            t3 = time.perf_counter()
            pdf = transcript_pdf(data, issuer_id=key.id)
            t4 = time.perf_counter()
            for name, value in zip(timings, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                timings[name].append(value)
            sizes["clr"].append(len(content))
            sizes["pdf"].append(len(pdf))
            sizes["credentials"].append(len(data.standards))
        total = time.perf_counter() - start
    print(f"{args.students} students, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'step':<8} {'median ms':>10} {'p95 ms':>10}")
    for name, values in timings.items():
        if values and any(values):
            print(f"{name:<8} {statistics.median(values) * 1000:>10.0f} {p95(values) * 1000:>10.0f}")
    per = [sum(step) for step in zip(*timings.values(), strict=True)]
    print(f"{'total':<8} {statistics.median(per) * 1000:>10.0f} {p95(per) * 1000:>10.0f}")
    print(
        f"credentials per student: median {statistics.median(sizes['credentials']):.0f}, "
        f"max {max(sizes['credentials'])}"
    )
    print(
        f"CLR file: median {statistics.median(sizes['clr']) / 1024:.0f} KiB, max {max(sizes['clr']) / 1024:.0f} KiB; "
        f"PDF: median {statistics.median(sizes['pdf']) / 1024:.0f} KiB, max {max(sizes['pdf']) / 1024:.0f} KiB"
    )
    print(f"all {args.students} students: {total:.1f} s")


if __name__ == "__main__":
    main()
