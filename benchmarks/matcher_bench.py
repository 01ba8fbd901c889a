"""Speed of the matcher: model load, index build for the sample district, and warm query latency at
1k, 10k and 50k opportunities (the sample catalog grown synthetically).

    .venv/bin/python benchmarks/matcher_bench.py [--sizes 1000 10000 50000] [--queries 100]

Targets on 2 cores: p95 <= 30 ms at 1k and <= 150 ms at 50k, once the model is loaded. The grown
catalogs copy the sample's opportunities under new ids with their vectors slightly perturbed (so
that 50k texts need not be embedded); a query does the same work as on a real catalog of that size:
parse, embed the phrases, score every opportunity (semantic and BM25), fit to a student, explain.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from catalog import district
from core.schema import Catalog
from core.settings import DEFAULT_DATA_DIR
from core.store import Store
from matcher import Matcher
from matcher.embeddings import encode, load_model
from matcher.index import VectorIndex, build_index, load_vectors

# Spread of the noise added to copied vectors (unit vectors, 384 dimensions): copies stay near
# their original (cosine about 0.9) but are not identical, so ties do not flatter the ranking.
NOISE = 0.015
QUERIES = [
    "i love animals and want to be a vet",
    "mostly robotics, a bit of music",
    "drawing and anime, nothing with sports",
    "i wanna be a nurse",
    "biolgy and chemistry labs",
    "cooking and baking",
    "coding games",
    "i like cars and fixing stuff",
    "helping little kids",
    "writing stories and poems, not into math",
]


def grow(catalog: Catalog, vectors: VectorIndex, size: int, seed: int = 7) -> tuple[Catalog, VectorIndex]:
    """A catalog of ``size`` opportunities: the sample's, then copies with new ids and noisy vectors."""
    rng = np.random.default_rng(seed)
    base = catalog.opportunities
    opportunities = []
    rows = []
    for i in range(size):
        original = base[i % len(base)]
        copy = i // len(base)
        opportunities.append(
            original if copy == 0 else original.model_copy(update={"id": f"{original.id}~{copy}"})
        )
        rows.append(i % len(base))
    matrix = vectors.opportunities[rows] + rng.normal(0, NOISE, (size, vectors.opportunities.shape[1]))
    matrix = (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)
    grown = catalog.model_copy(update={"opportunities": opportunities})
    index = VectorIndex(
        model=vectors.model,
        opportunity_ids=[o.id for o in opportunities],
        opportunities=matrix,
        competency_ids=vectors.competency_ids,
        competencies=vectors.competencies,
    )
    return grown, index


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=DEFAULT_DATA_DIR / "sample")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--queries", type=int, default=100, help="timed queries per size")
    args = parser.parse_args()

    print(
        f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)"
    )
    started = time.perf_counter()
    model = load_model()
    print(f"model load (sha256 check + weights): {time.perf_counter() - started:.2f} s")

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.duckdb")
        district.import_district(store, args.sample)
        catalog = store.catalog()
        started = time.perf_counter()
        stats = build_index(store, model)
        print(
            f"index build, sample district ({len(catalog.opportunities)} opportunities, "
            f"{len(catalog.competencies)} competencies): {time.perf_counter() - started:.2f} s ({stats})"
        )
        started = time.perf_counter()
        stats = build_index(store, model)
        print(f"index rebuild with nothing changed: {time.perf_counter() - started:.3f} s ({stats})")
        vectors = load_vectors(store, catalog, model)
        students = store.students()
        store.close()

    student = students[0] if students else None
    print(
        f"\nwarm query latency, {args.queries} queries per size, half of them with student {student and student.id}"
    )
    print(
        "| opportunities | matcher ready (s) | median (ms) | p95 (ms) | max (ms) "
        "| embedding alone, median (ms) | embedding alone, p95 (ms) |"
    )
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        grown, index = grow(catalog, vectors, size)
        started = time.perf_counter()
        matcher = Matcher(grown, index, model)
        ready = time.perf_counter() - started
        for text in QUERIES:  # warm up: caches, allocator, first occupation lookups
            matcher.match(text, student=student)
        timings, embedding = [], []
        for i in range(args.queries):
            text = QUERIES[i % len(QUERIES)]
            started = time.perf_counter()
            matcher.match(text, student=student if i % 2 else None, top=10)
            timings.append((time.perf_counter() - started) * 1000)
            # The same query's phrases embedded alone: the part that does not grow with the catalog.
            query = matcher.understand(text, None)
            texts = [p.semantic_text for p in matcher.phrases(query)] + query.negations
            started = time.perf_counter()
            encode(model[1], texts)
            embedding.append((time.perf_counter() - started) * 1000)
        print(
            f"| {size:,} | {ready:.1f} | {statistics.median(timings):.1f} | {percentile(timings, 95):.1f} "
            f"| {max(timings):.1f} | {statistics.median(embedding):.1f} | {percentile(embedding, 95):.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
