"""CASE import benchmark: parse and import times of generated valid CASE packages, by size.

    .venv/bin/python benchmarks/case_bench.py                  # 10,000 / 20,000 / 40,000 items
    .venv/bin/python benchmarks/case_bench.py --sizes 10000 --profile

Each package is one CFDocument, a tree of items (a heading per 20 standards, several subjects, grade
codes written as CASE 1.0 allows, e.g. "9"), an isChildOf per item, a precedes chain inside each
heading and an exactMatchOf crosswalk out of the package for every fifth item. It is valid: parsing
gives warnings (grade codes rewritten) and no error. "parse" is reading the file and
``parse_case``; "import" is ``district.import_file(store, "case", path)`` into a new DuckDB file
(parse again, then one transaction). The load average is printed with every line: the numbers mean
little without it.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from catalog import district
from catalog.importers.case import parse_case
from core.store import Store

SUBJECTS = ["Science", "Mathematics", "English Language Arts", "Social Studies"]
PER_HEADING = 20


def _id(n: int) -> str:
    return str(uuid.UUID(int=0x5E1D0C00_0000_4000_A000_000000000000 + n))


def _node(ident: str, title: str) -> dict[str, str]:
    return {"title": title, "identifier": ident, "uri": f"https://case.example/CFItems/{ident}"}


def generate_package(n_items: int) -> dict[str, Any]:
    """A valid CASE 1.1 package of ``n_items`` items (headings included)."""
    doc_id = _id(0)
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []

    def associate(n: int, kind: str, origin: str, dest: dict[str, str], seq: int | None = None) -> None:
        a: dict[str, Any] = {
            "identifier": _id(10_000_000 + n),
            "associationType": kind,
            "originNodeURI": _node(origin, "Origin"),
            "destinationNodeURI": dest,
            "lastChangeDateTime": "2025-01-15T09:30:00-05:00",
        }
        if seq is not None:
            a["sequenceNumber"] = seq
        associations.append(a)

    heading = doc_id
    for i in range(1, n_items + 1):
        ident = _id(i)
        is_heading = (i - 1) % (PER_HEADING + 1) == 0
        subject = SUBJECTS[(i // (PER_HEADING + 1)) % len(SUBJECTS)]
        items.append(
            {
                "identifier": ident,
                "uri": f"https://case.example/CFItems/{ident}",
                "fullStatement": f"Competency {i}: explain how the parts of system {i % 97} work together.",
                "humanCodingScheme": f"GEN.{i // (PER_HEADING + 1)}.{i % (PER_HEADING + 1)}",
                "CFItemType": "Domain" if is_heading else "Standard",
                "educationLevel": [str(9 + i % 4)],
                "subject": [subject],
                "lastChangeDateTime": "2025-01-15T09:30:00-05:00",
            }
        )
        if is_heading:
            heading = ident
            associate(len(associations), "isChildOf", ident, _node(doc_id, "Document"), i)
            continue
        associate(len(associations), "isChildOf", ident, _node(heading, "Heading"), i % (PER_HEADING + 1))
        if _id(i - 1) != heading:
            associate(len(associations), "precedes", _id(i - 1), _node(ident, "Next"))
        if i % 5 == 0:
            outside = str(uuid.UUID(int=0xABCDEF00_0000_4000_A000_000000000000 + i))
            associate(len(associations), "exactMatchOf", ident, _node(outside, f"Other {i}"))
    return {
        "CFDocument": {
            "identifier": doc_id,
            "uri": f"https://case.example/CFDocuments/{doc_id}",
            "creator": "Benchmark District",
            "title": "Generated Competencies",
            "lastChangeDateTime": "2025-01-15T09:30:00-05:00",
            "subject": ["Science"],
        },
        "CFItems": items,
        "CFAssociations": associations,
    }


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    parser.add_argument("--no-import", action="store_true", help="only parse")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest is printed")
    parser.add_argument("--profile", action="store_true", help="cProfile the parse, top 15 by own time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"case_{n}.json"
            path.write_text(json.dumps(generate_package(n), indent=1), encoding="utf-8")
            size = path.stat().st_size / 1e6
            parse_s, import_s = [], []
            for run in range(args.repeat):
                start = time.perf_counter()
                if args.profile:
                    with cProfile.Profile() as prof:
                        parsed = parse_case(path)
                else:
                    parsed = parse_case(path)
                parse_s.append(time.perf_counter() - start)
                if not args.no_import:
                    store = Store.open(Path(tmp) / f"case_{n}_{run}.duckdb")
                    start = time.perf_counter()
                    district.import_file(store, "case", path)
                    import_s.append(time.perf_counter() - start)
                    store.close()
            line = f"{n:>6} items ({size:.1f} MB): parse {min(parse_s):6.2f} s"
            if import_s:
                line += f", import {min(import_s):6.2f} s"
            print(
                f"{line}; {len(parsed.competencies)} competencies, {len(parsed.warnings)} warnings; {load()}"
            )
            if args.profile:
                pstats.Stats(prof).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
