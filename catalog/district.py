"""Import and export of a district: every import is one transaction, checked whole before commit.

An import writes its objects, then compares the dangling references of the whole database with those
it had before: any new one (an opportunity naming an unknown competency, a framework re-import that
orphans an opportunity) rolls the transaction back and is reported against the file and row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from catalog.importers import files
from catalog.importers.case import parse_case
from core.csvcells import write_csv
from core.errors import InputError, Problem
from core.schema import (
    Calendar,
    Catalog,
    Competency,
    CompetencyLink,
    Framework,
    Opportunity,
    Pathway,
    RequirementSet,
    Student,
)
from core.store import Store

FILE_NAMES = {
    "frameworks": "frameworks.json",
    "competencies": "competencies.csv",
    "requirements": "requirements.json",
    "calendar": "calendar.json",
    "opportunities": "opportunities.json",
    "students": "students.json",
    "links": "links.json",
    "pathways": "pathways.json",
}
_links = TypeAdapter(list[CompetencyLink])


@dataclass
class Bundle:
    """What one import writes, and where each object came from (for messages)."""

    source: str
    frameworks: list[Framework] = field(default_factory=list)
    competencies: list[Competency] = field(default_factory=list)
    links: list[CompetencyLink] = field(default_factory=list)
    replace_framework: str | None = None
    opportunities: list[Opportunity] = field(default_factory=list)
    requirement_sets: list[RequirementSet] = field(default_factory=list)
    calendar: Calendar | None = None
    students: list[Student] = field(default_factory=list)
    pathways: list[Pathway] = field(default_factory=list)
    locations: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def catalog(self) -> Catalog:
        """The bundle as a catalog snapshot, without a database (the solver's tests and benchmarks)."""
        return Catalog(
            frameworks=self.frameworks,
            competencies=self.competencies,
            links=self.links,
            opportunities=self.opportunities,
            requirement_sets=self.requirement_sets,
            calendar=self.calendar,
            pathways=self.pathways,
        )

    def locate(self, kind: str, located: dict[str, str], file: Path) -> None:
        for ident, where in located.items():
            self.locations[(kind, ident)] = (str(file), where)


@dataclass
class ImportReport:
    source: str
    before: dict[str, Any]
    after: dict[str, Any]
    warnings: list[Problem]

    def summary(self) -> str:
        keys = (
            "frameworks",
            "competencies",
            "opportunities",
            "students",
            "terms",
            "requirement_sets",
            "pathways",
        )
        changed = [
            f"{k} {self.before[k]} -> {self.after[k]}" for k in keys if self.before[k] != self.after[k]
        ]
        return f"imported {self.source}: " + ("; ".join(changed) if changed else "no count changed")


def apply(store: Store, bundle: Bundle) -> ImportReport:
    """Write a bundle in one transaction; roll back and raise InputError on any new dangling reference."""
    before_counts = store.counts()
    with files.gc_paused(), store.transaction() as cur:
        before = set(store.catalog(cur).reference_issues(store.students(cur)))
        store.put_frameworks(cur, bundle.frameworks)
        if bundle.replace_framework is not None:
            store.replace_framework_items(cur, bundle.replace_framework, bundle.competencies, bundle.links)
        else:
            store.put_competencies(cur, bundle.competencies)
            store.put_links(cur, bundle.links)
        store.put_requirement_sets(cur, bundle.requirement_sets)
        if bundle.calendar is not None:
            store.put_calendar(cur, bundle.calendar)
        store.put_opportunities(cur, bundle.opportunities)
        store.put_students(cur, bundle.students)
        store.put_pathways(cur, bundle.pathways)
        after = store.catalog(cur).reference_issues(store.students(cur))
        new = [issue for issue in after if issue not in before]
        if new:
            problems = []
            for kind, ident, message in new:
                file, where = bundle.locations.get((kind, ident), (bundle.source, ""))
                problems.append(Problem(file, where or f"{kind} {ident!r}", "", message))
            raise InputError(problems)
    return ImportReport(bundle.source, before_counts, store.counts(), bundle.warnings)


# --- one file at a time -------------------------------------------------------------------------


def bundle_for(kind: str, path: Path) -> Bundle:
    """Parse one file of a given kind (see FILE_NAMES, plus 'case') into a bundle."""
    bundle = Bundle(str(path))
    if kind == "case":
        parsed = parse_case(path)
        bundle.frameworks = [parsed.framework]
        bundle.competencies = parsed.competencies
        bundle.links = parsed.links
        bundle.replace_framework = parsed.framework.id
        bundle.warnings = parsed.warnings
    elif kind == "frameworks":
        bundle.frameworks, _ = files.load_frameworks(path)
    elif kind == "competencies":
        bundle.competencies, where = files.load_competencies_csv(path)
        bundle.locate("competency", where, path)
    elif kind == "links":
        try:
            bundle.links = _links.validate_python(files.read_json(path))
        except ValidationError as exc:
            raise InputError(files.validation_problems(exc, str(path), "")) from None
    elif kind == "requirements":
        bundle.requirement_sets, where = files.load_requirement_sets(path)
        bundle.locate("requirement set", where, path)
    elif kind == "calendar":
        bundle.calendar = files.load_calendar(path)
    elif kind == "opportunities":
        bundle.opportunities, where = files.load_opportunities(path)
        bundle.locate("opportunity", where, path)
    elif kind == "pathways":
        bundle.pathways, where = files.load_pathways(path)
        bundle.locate("pathway", {ident: f"{at}, pathway {ident!r}" for ident, at in where.items()}, path)
    elif kind == "students":
        bundle.students, where = files.load_students(path)
        bundle.locate("student", where, path)
    else:
        raise ValueError(f"unknown import kind {kind!r}")
    return bundle


def import_file(store: Store, kind: str, path: Path) -> ImportReport:
    return apply(store, bundle_for(kind, path))


def district_bundle(folder: Path) -> Bundle:
    """Every district file present in a folder, parsed into one bundle (problems from all files)."""
    if not folder.is_dir():
        raise InputError([Problem(str(folder), "", "", "not a folder")])
    merged = Bundle(str(folder))
    problems: list[Problem] = []
    for kind, name in FILE_NAMES.items():
        path = folder / name
        if kind == "opportunities" and not path.exists() and (folder / "opportunities.csv").exists():
            path = folder / "opportunities.csv"
        if not path.exists():
            continue
        try:
            part = bundle_for(kind, path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        merged.frameworks += part.frameworks
        merged.competencies += part.competencies
        merged.links += part.links
        merged.requirement_sets += part.requirement_sets
        merged.calendar = part.calendar or merged.calendar
        merged.opportunities += part.opportunities
        merged.students += part.students
        merged.pathways += part.pathways
        merged.locations.update(part.locations)
    if problems:
        raise InputError(problems)
    return merged


def import_district(store: Store, folder: Path) -> ImportReport:
    return apply(store, district_bundle(folder))


# --- export -------------------------------------------------------------------------------------


def _json_dump(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def export_district(store: Store, folder: Path, *, students: bool = True) -> list[Path]:
    """Write the catalog (and the students, unless ``students`` is false) in the documented formats;
    they re-import to the same content."""
    folder.mkdir(parents=True, exist_ok=True)
    cur = store.cursor()
    catalog = store.catalog(cur)
    written = []

    def out(kind: str) -> Path:
        path = folder / FILE_NAMES[kind]
        written.append(path)
        return path

    _json_dump(out("frameworks"), [f.model_dump(mode="json") for f in catalog.frameworks])
    languages = sorted({lang for c in catalog.competencies for lang in c.translations})
    write_csv(
        out("competencies"),
        files.COMPETENCY_COLUMNS + [f"statement.{lang}" for lang in languages],
        [
            {
                "id": c.id,
                "code": c.code,
                "statement": c.statement,
                "subject": c.subject,
                "framework": c.framework,
                "education_levels": ";".join(c.education_levels),
                "parent": c.parent or "",
                "item_type": c.item_type,
                "source_uri": c.source_uri,
                "is_heading": "true" if c.is_heading else "false",
                "precedes": ";".join(c.precedes),
                **{
                    f"statement.{lang}": c.translations.get(lang, {}).get("statement", "")
                    for lang in languages
                },
            }
            for c in catalog.competencies
        ],
    )
    if catalog.links:
        _json_dump(out("links"), [k.model_dump(mode="json") for k in catalog.links])
    _json_dump(out("requirements"), [r.model_dump(mode="json") for r in catalog.requirement_sets])
    if catalog.calendar is not None:
        _json_dump(out("calendar"), catalog.calendar.model_dump(mode="json"))
    _json_dump(out("opportunities"), [o.model_dump(mode="json") for o in catalog.opportunities])
    if catalog.pathways:
        _json_dump(
            out("pathways"), [p.model_dump(mode="json", exclude={"inferred"}) for p in catalog.pathways]
        )
    if students:
        _json_dump(out("students"), [s.model_dump(mode="json") for s in store.students(cur)])
    return written
