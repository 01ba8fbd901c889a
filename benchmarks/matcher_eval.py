"""Ranking quality of the matcher on the evaluation set: nDCG@10, recall@20 and MRR for lexical only,
semantic only and the hybrid fusions, printed as a Markdown table.

    .venv/bin/python benchmarks/matcher_eval.py [--details] [--eval data/eval/matcher_eval.json]

The evaluation set holds student statements written the way teenagers write, each with graded
relevant opportunities of the sample district (3 = exactly what they asked for, 2 = clearly
relevant, 1 = related). It is read against the sample district in ``data/sample``.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

from pydantic import BaseModel, Field

from catalog import district
from core.settings import DEFAULT_DATA_DIR
from core.store import Store
from matcher import Fusion, Matcher, default_model
from matcher.index import build_index
from matcher.ranking import DEFAULT_FUSION

EVAL_PATH = DEFAULT_DATA_DIR / "eval" / "matcher_eval.json"
NDCG_AT = 10
RECALL_AT = 20


class Case(BaseModel):
    id: str
    text: str
    tags: list[str] = Field(default_factory=list)
    relevant: dict[str, int] = Field(description="opportunity id -> grade 1-3")
    excluded: list[str] = Field(default_factory=list, description="must not appear in the top 10")


class EvalSet(BaseModel):
    about: str
    cases: list[Case]


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = NDCG_AT) -> float:
    gains = [(2 ** relevant.get(o, 0) - 1) / math.log2(i + 2) for i, o in enumerate(ranked[:k])]
    ideal = sorted(relevant.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return sum(gains) / best if best else 0.0


def recall(ranked: list[str], relevant: dict[str, int], k: int = RECALL_AT) -> float:
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranked: list[str], relevant: dict[str, int]) -> float:
    return next((1.0 / (i + 1) for i, o in enumerate(ranked) if o in relevant), 0.0)


def load_cases(path: Path, known: set[str]) -> list[Case]:
    cases = EvalSet.model_validate_json(path.read_text(encoding="utf-8")).cases
    unknown = sorted({o for c in cases for o in [*c.relevant, *c.excluded]} - known)
    if unknown:
        raise SystemExit(f"{path}: opportunity ids not in the sample district: {', '.join(unknown)}")
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL_PATH)
    parser.add_argument("--sample", type=Path, default=DEFAULT_DATA_DIR / "sample")
    parser.add_argument(
        "--db", default=":memory:", help="a DuckDB file to keep the sample and its index between runs"
    )
    parser.add_argument("--details", action="store_true", help="per-statement scores of the default fusion")
    args = parser.parse_args()

    store = Store.open(args.db)
    if store.counts()["opportunities"] == 0:
        district.import_district(store, args.sample)
    catalog = store.catalog()
    cases = load_cases(args.eval, {o.id for o in catalog.opportunities})
    started = time.perf_counter()
    model = default_model()
    if args.db != ":memory:":
        build_index(store, model)
    matcher = Matcher.from_store(store, model)
    print(
        f"{len(cases)} statements, {len(catalog.opportunities)} opportunities "
        f"(matcher ready in {time.perf_counter() - started:.1f} s)\n"
    )
    print("| ranking | nDCG@10 | recall@20 | MRR | excluded in top 10 |")
    print("|---|---|---|---|---|")
    rows = {}
    for fusion in Fusion:
        matcher.fusion = fusion
        scores = []
        leaks = 0
        for case in cases:
            ranked = [m.opportunity_id for m in matcher.match(case.text, top=max(RECALL_AT, NDCG_AT))]
            leaks += len(set(ranked[:NDCG_AT]) & set(case.excluded))
            scores.append(
                (
                    ndcg(ranked, case.relevant),
                    recall(ranked, case.relevant),
                    reciprocal_rank(ranked, case.relevant),
                )
            )
        means = [statistics.fmean(column) for column in zip(*scores, strict=True)]
        rows[fusion] = (means, scores)
        label = {"lexical": "lexical only (BM25)", "semantic": "semantic only (embeddings)"}.get(
            fusion.value, f"hybrid ({fusion.value})"
        )
        print(f"| {label} | {means[0]:.3f} | {means[1]:.3f} | {means[2]:.3f} | {leaks} |")
    if args.details:
        default = DEFAULT_FUSION
        print(f"\nper statement ({default.value}):")
        for case, (n, r, rr) in zip(cases, rows[default][1], strict=True):
            matcher.fusion = default
            top = [m.opportunity_id for m in matcher.match(case.text, top=5)]
            print(f"{case.id:<8} nDCG {n:.2f} R {r:.2f} RR {rr:.2f}  {case.text[:60]!r:<64} {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
