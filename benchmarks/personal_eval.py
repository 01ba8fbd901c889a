"""Personal pathways (issue #12): how much of each student's plan is in what they said they care about,
measured against the judgement set in data/eval/personal_eval.json.

    .venv/bin/python benchmarks/personal_eval.py                      # every profile, a Markdown report
    .venv/bin/python benchmarks/personal_eval.py --split heldout      # dev | heldout | all
    .venv/bin/python benchmarks/personal_eval.py --student stu-maya --json

Each profile is planned with the product as it is: the sample district imported into an in-memory
store and indexed, the matcher's interest scores for the student's stored interests and career goals
(``pathways.cli_plan.matcher_fit``), and the first-plan request of ``planner.edits.plan_request``,
solved with one CP-SAT worker so runs are reproducible. What the set is and how it was judged:
docs/personal-eval.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from catalog import district
from core.schema import Catalog, Season, Student
from core.settings import DEFAULT_DATA_DIR, get_settings
from core.store import Store
from matcher import default_model
from matcher.index import build_index
from pathways.cli_plan import matcher_fit
from planner.domain import PlanResult, has_plan
from planner.edits import Wishes, plan_request
from planner.solve import solve

EVAL_PATH = DEFAULT_DATA_DIR / "eval" / "personal_eval.json"
SAMPLE_DIR = DEFAULT_DATA_DIR / "sample"
GRADES = (1, 2)
"""2 = clearly relevant (the core of an interest or career goal), 1 = related."""
MIN_HELDOUT = 10
MIN_HELDOUT_SAMPLE = 3


# --- the evaluation set ---------------------------------------------------------------------------


class Split(StrEnum):
    DEV = "dev"
    HELDOUT = "heldout"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Pathway(_Model):
    """A career pathway: courses that introduce and deepen the field, then a work-based capstone."""

    courses: list[str]
    capstones: list[str]


class Profile(_Model):
    """One student and what an advisor judged relevant to what they said. A sample student's profile
    is in data/sample/students.json (``student`` is absent); an added one is written out in full."""

    id: str
    split: Split
    tags: list[str] = Field(default_factory=list)
    student: Student | None = None
    relevant: dict[str, int] = Field(description="opportunity id -> grade (2 clearly relevant, 1 related)")
    note: str = ""
    pathway: Pathway | None = None


class EvalSet(_Model):
    about: str
    profiles: list[Profile]


def read_eval(path: Path = EVAL_PATH) -> EvalSet:
    return EvalSet.model_validate_json(path.read_text(encoding="utf-8"))


def problems(eval_set: EvalSet, catalog: Catalog, sample: list[Student], source: str) -> list[str]:
    """Everything wrong with the set against the sample district, each naming the file, the profile,
    the field and the problem (none when it is well formed)."""
    found: list[str] = []
    opportunities = catalog.opportunity_map()
    sample_ids = {s.id for s in sample}
    seen: set[str] = set()
    for p in eval_set.profiles:
        where = f"{source}: profile {p.id}"
        if p.id in seen:
            found.append(f"{where}, id: appears twice")
        seen.add(p.id)
        if p.student is None and p.id not in sample_ids:
            found.append(f"{where}, student: not a sample student, so the profile must be written out")
        if p.student is not None:
            if p.id in sample_ids:
                found.append(f"{where}, id: a sample student's id; an added profile needs its own")
            if p.student.id != p.id:
                found.append(f"{where}, student.id: {p.student.id!r} differs from the profile's id")
            issues = catalog.reference_issues([p.student])
            found += [f"{where}, student: {message}" for kind, _, message in issues if kind == "student"]
        for opp_id, grade in p.relevant.items():
            if opp_id not in opportunities:
                found.append(f"{where}, relevant: {opp_id!r} is not an opportunity of the sample district")
            if grade not in GRADES:
                found.append(f"{where}, relevant: {opp_id!r} has grade {grade}; grades are 1 or 2")
        if p.pathway is not None:
            for opp_id in [*p.pathway.courses, *p.pathway.capstones]:
                if opp_id not in opportunities:
                    found.append(f"{where}, pathway: {opp_id!r} is not an opportunity of the sample district")
    for sample_id in sorted(sample_ids - seen):
        found.append(f"{source}: sample student {sample_id} has no profile")
    heldout = [p for p in eval_set.profiles if p.split == Split.HELDOUT]
    if len(heldout) < MIN_HELDOUT:
        found.append(f"{source}: split heldout has {len(heldout)} profiles; it needs at least {MIN_HELDOUT}")
    if sum(p.student is None for p in heldout) < MIN_HELDOUT_SAMPLE:
        found.append(f"{source}: split heldout needs at least {MIN_HELDOUT_SAMPLE} sample students")
    if not any(p.split == Split.DEV for p in eval_set.profiles):
        found.append(f"{source}: split dev has no profiles")
    return found


# --- what a plan is measured by -------------------------------------------------------------------


@dataclass
class Row:
    """One profile's plan, measured. Load is weekly hours x terms; shares are of the planned load."""

    id: str
    split: str
    status: str
    judged: int = 0
    items: int = 0
    load: float = 0.0
    relevant_load: float = 0.0
    share: float | None = None
    relevant_items: int = 0
    strong_items: int = 0
    empty_terms: list[str] = field(default_factory=list)
    pace_floor: float = 0.0
    load_vs_pace: float | None = None
    pace_target: float | None = None
    load_vs_target: float | None = None
    pathway_steps: str = ""
    capstone: bool | None = None
    pathway_planned: list[str] = field(default_factory=list)
    seconds: float = 0.0


def measure(profile: Profile, student: Student, catalog: Catalog, result: PlanResult) -> Row:
    """The plan against the judgements: relevant share and items, empty terms, load against the pace."""
    row = Row(profile.id, profile.split.value, result.status.value, judged=len(profile.relevant))
    row.seconds = result.solve_time
    calendar = catalog.calendar
    assert calendar is not None, "the sample district has a calendar"
    ids = [t.id for t in calendar.terms]
    first, target = ids.index(calendar.first_plannable_term), ids.index(student.target_graduation_term)
    school_terms = [t.id for t in calendar.terms[first : target + 1] if t.season != Season.SUMMER]
    pace = catalog.requirement_set(student.requirement_set).pace_loads[student.pace]
    row.pace_floor = pace.min_hours_per_week * len(school_terms)
    if pace.target_hours_per_week is not None:
        row.pace_target = pace.target_hours_per_week * len(school_terms)
    if not has_plan(result):
        return row
    items = result.items()
    row.items = len(items)
    row.load = sum(i.weekly_hours * i.length_terms for i in items)
    grades = [profile.relevant.get(i.opportunity, 0) for i in items]
    row.relevant_load = sum(i.weekly_hours * i.length_terms for i, g in zip(items, grades, strict=True) if g)
    row.relevant_items = sum(1 for g in grades if g >= 1)
    row.strong_items = sum(1 for g in grades if g == 2)
    if profile.relevant and row.load:
        row.share = row.relevant_load / row.load
    loaded = {t.term for t in result.terms if t.weekly_hours > 0}
    row.empty_terms = [t for t in school_terms if t not in loaded]
    row.load_vs_pace = row.load / row.pace_floor if row.pace_floor else None
    row.load_vs_target = row.load / row.pace_target if row.pace_target else None
    if result.pathway is not None:
        row.pathway_steps = f"{result.pathway.name}: {result.pathway.reached} of {len(result.pathway.steps)}"
    if profile.pathway is not None:
        planned = [i.opportunity for i in items]
        row.pathway_planned = [
            o for o in planned if o in {*profile.pathway.courses, *profile.pathway.capstones}
        ]
        row.capstone = any(o in profile.pathway.capstones for o in planned)
    return row


def summary(rows: Iterable[Row]) -> dict[str, float | int | None]:
    """Means over a group of profiles: shares and item counts over those with judgements and a plan;
    empty terms and load over every plan."""
    rows = list(rows)
    planned = [r for r in rows if r.status in ("optimal", "feasible")]
    judged = [r for r in planned if r.judged]
    pathways = [r for r in planned if r.capstone is not None]

    def mean(values: list[float]) -> float | None:
        return round(statistics.fmean(values), 3) if values else None

    return {
        "profiles": len(rows),
        "plans": len(planned),
        "mean_relevant_share": mean([r.share or 0.0 for r in judged]),
        "plans_with_no_relevant_item": sum(1 for r in judged if r.relevant_items == 0),
        "mean_relevant_items": mean([float(r.relevant_items) for r in judged]),
        "mean_strong_items": mean([float(r.strong_items) for r in judged]),
        "mean_empty_terms": mean([float(len(r.empty_terms)) for r in planned]),
        "plans_with_empty_terms": sum(1 for r in planned if r.empty_terms),
        "mean_load_vs_pace": mean([r.load_vs_pace for r in planned if r.load_vs_pace is not None]),
        "mean_load_vs_target": mean([r.load_vs_target for r in planned if r.load_vs_target is not None]),
        "plans_with_pathway": sum(1 for r in planned if r.pathway_steps),
        "pathway_profiles": len(pathways),
        "capstones_planned": sum(1 for r in pathways if r.capstone),
    }


# --- running it -----------------------------------------------------------------------------------


def run(profiles: list[Profile], store: Store, time_limit: float | None) -> list[Row]:
    catalog = store.catalog()
    settings = get_settings()
    rows = []
    for profile in profiles:
        student = profile.student or store.student(profile.id)
        request = plan_request(
            Wishes(student=student),
            catalog,
            **matcher_fit(store, student).plan_inputs(None),
            explain=False,
            settings=settings,
        ).model_copy(update={"workers": 1, "time_limit": time_limit or settings.solver_time_limit})
        rows.append(measure(profile, student, catalog, solve(request)))
    return rows


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def report(rows: list[Row], summaries: dict[str, dict[str, float | int | None]]) -> str:
    lines = [
        "| student | split | status | items | relevant load | relevant items (strong) | empty terms | "
        "load / pace floor | load / pace target | capstone | pathway items planned | pathway steps |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        capstone = "" if r.capstone is None else ("yes" if r.capstone else "no")
        judged = f"{r.relevant_items} ({r.strong_items})" if r.judged else "not judged"
        lines.append(
            f"| {r.id} | {r.split} | {r.status} | {r.items} | {_pct(r.share)} | {judged} | "
            f"{len(r.empty_terms)} {' '.join(r.empty_terms)} | {r.load:g} / {r.pace_floor:g} | "
            f"{_ratio(r.load_vs_target)} | {capstone} | {' '.join(r.pathway_planned)} | {r.pathway_steps} |"
        )
    lines += [
        "",
        "| split | profiles | plans | mean relevant share | no relevant item | relevant items | strong items | "
        "empty terms | plans with empty terms | load / pace floor | load / pace target | capstones |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in summaries.items():
        lines.append(
            f"| {name} | {s['profiles']} | {s['plans']} | {_pct(s['mean_relevant_share'])} | "
            f"{s['plans_with_no_relevant_item']} | {s['mean_relevant_items']} | {s['mean_strong_items']} | "
            f"{s['mean_empty_terms']} | {s['plans_with_empty_terms']} | {s['mean_load_vs_pace']} | "
            f"{s['mean_load_vs_target']} | "
            f"{s['capstones_planned']} of {s['pathway_profiles']} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL_PATH)
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--student", help="plan and measure this profile only")
    parser.add_argument("--json", action="store_true", help="print the rows and means as JSON")
    parser.add_argument("--time-limit", type=float, help="seconds per solve (default: the setting)")
    args = parser.parse_args()

    started = time.perf_counter()
    store = Store.open(":memory:")
    district.import_district(store, SAMPLE_DIR)
    build_index(store, default_model())
    eval_set = read_eval(args.eval)
    found = problems(eval_set, store.catalog(), store.students(), str(args.eval))
    if found:
        print("\n".join(found), file=sys.stderr)
        return 2
    chosen = [p for p in eval_set.profiles if args.split == "all" or p.split.value == args.split]
    if args.student:
        chosen = [p for p in chosen if p.id == args.student]
        if not chosen:
            print(f"{args.eval}: no profile {args.student!r} in split {args.split}", file=sys.stderr)
            return 2
    rows = run(chosen, store, args.time_limit)
    groups = {
        "dev": [r for r in rows if r.split == "dev"],
        "heldout": [r for r in rows if r.split == "heldout"],
    }
    summaries = {name: summary(group) for name, group in groups.items() if group}
    summaries["all"] = summary(rows)
    seconds = time.perf_counter() - started
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if args.json:
        out = {"load_average": load, "seconds": round(seconds, 1), "rows": [asdict(r) for r in rows]}
        print(json.dumps({**out, "summary": summaries}, indent=1))
    else:
        print(report(rows, summaries))
        print(f"\n{len(rows)} profiles in {seconds:.0f} s (one solver worker), load average {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
