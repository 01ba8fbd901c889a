"""District files (CSV and JSON) to schema objects, or an InputError naming every problem.

Each loader returns the objects and, for each object id, where it was found ("row 7", "item 3"), so
that problems found later (a dangling reference) can still point at the line to fix.
"""

from __future__ import annotations

import csv
import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from core.csvcells import restore
from core.errors import InputError, Problem
from core.schema import Calendar, Competency, Framework, Opportunity, Pathway, RequirementSet, Student

M = TypeVar("M", bound=BaseModel)
Located = tuple[list[M], dict[str, str]]

COMPETENCY_COLUMNS = [
    "id",
    "code",
    "statement",
    "subject",
    "framework",
    "education_levels",
    "parent",
    "item_type",
    "source_uri",
    "is_heading",
    "precedes",
]
COMPETENCY_REQUIRED = ["id", "statement", "subject", "framework"]
OPPORTUNITY_COLUMNS = [
    "id",
    "title",
    "description",
    "kind",
    "provider",
    "mode",
    "location",
    "competencies",
    "hours_per_week",
    "length_terms",
    "seasons",
    "only_terms",
    "meetings",
    "prerequisites",
    "seats",
    "min_grade",
    "max_grade",
    "cost",
]
OPPORTUNITY_REQUIRED = ["id", "title", "kind", "competencies", "hours_per_week", "seasons"]
COMPETENCY_TRANSLATED = ("statement",)
OPPORTUNITY_TRANSLATED = ("title", "description")
"""Columns a CSV file may also give in other languages, one column per language: ``statement.es``,
``title.vi`` (docs/data-formats.md); they become the row's ``translations`` map."""
TRANSLATED_COLUMN = re.compile(r"^(?P<field>[a-z_]+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$")


def _translated_column(column: str, fields: tuple[str, ...]) -> bool:
    found = TRANSLATED_COLUMN.fullmatch(column)
    return found is not None and found["field"] in fields


def _with_translations(record: dict[str, Any]) -> dict[str, Any]:
    """``{"title.es": "..."}`` cells moved into ``{"translations": {"es": {"title": "..."}}}``."""
    translations: dict[str, dict[str, str]] = {}
    for column in [c for c in record if TRANSLATED_COLUMN.fullmatch(c)]:
        found = TRANSLATED_COLUMN.fullmatch(column)
        assert found is not None
        translations.setdefault(found["lang"], {})[found["field"]] = record.pop(column)
    if translations:
        record["translations"] = translations
    return record


def _field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def validation_problems(exc: ValidationError, file: str, location: str) -> list[Problem]:
    """One Problem per pydantic error, with the field path and pydantic's own message."""
    return [
        Problem(file, location, _field_path(err["loc"]), err["msg"].removeprefix("Value error, "))
        for err in exc.errors()
    ]


MAX_DIGITS = 4300
"""Python reads no integer of more digits from text (``sys.get_int_max_str_digits``)."""
MAX_DEPTH = 200
"""Nesting beyond which a JSON file that Python cannot read is reported as too deep (ours nest < 10)."""
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"\s*:?|[\[\]{},]')


def _json_int(text: str) -> int | float:
    """A JSON integer; one too long to read is an infinity, which every field refuses by name."""
    if len(text) > MAX_DIGITS:
        return float("-inf") if text.startswith("-") else float("inf")
    return int(text)


def json_place(path: list[str | int]) -> tuple[str, str]:
    """A place in parsed JSON as (location, field), the way the importers name places: ``item 3`` in a
    list file or ``CFItems[3]`` in a CASE package, and the first key below it."""
    rest = path
    if path and isinstance(path[0], int):
        location, rest = f"item {path[0]}", path[1:]
    elif len(path) > 1 and isinstance(path[1], int):
        location, rest = f"{path[0]}[{path[1]}]", path[2:]
    else:
        location = ""
    return location, next((part for part in rest if isinstance(part, str)), "")


def _too_deep(text: str) -> tuple[list[str | int], int] | None:
    """The way down to the first bracket nested deeper than MAX_DEPTH, and where it is in the text."""
    path: list[str | int] = []
    lists: list[bool] = []
    for token in _JSON_TOKEN.finditer(text):
        mark = token.group()
        if mark in "[{":
            if len(lists) == MAX_DEPTH:
                return path, token.start()
            lists.append(mark == "[")
            path.append(0 if mark == "[" else "")
        elif mark in "]}" and lists:
            lists.pop()
            path.pop()
        elif mark == "," and lists and lists[-1]:
            path[-1] = int(path[-1]) + 1
        elif mark.endswith(":") and lists and not lists[-1]:
            path[-1] = mark[1 : mark.rindex('"')]  # the key as written (escapes are rare in keys)
    return None


def _line_column(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - text.rfind(chr(10), 0, pos)} (character {pos})"


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a large file becomes objects: each collection walks every
    object made so far (parsing 40,000 CASE items: 6.2 s with it, 2.0 s without). Reference counting
    still frees what is dropped; the collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_json(path: Path) -> Any:
    """Parse a JSON file; a truncated or malformed file names the line, column and character, a file
    nested too deeply names the item and field. An integer too long to read becomes an infinity."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(name, "", "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, f"byte {exc.start}", "", "not UTF-8 text")]) from None
    if not text.strip():
        raise InputError([Problem(name, "", "", "the file is empty")])
    try:
        return json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        truncated = exc.pos >= len(text.rstrip())
        what = "the JSON ends too early (truncated?)" if truncated else f"invalid JSON: {exc.msg}"
        where = f"line {exc.lineno}, column {exc.colno} (character {exc.pos})"
        raise InputError([Problem(name, where, "", what)]) from None
    except RecursionError:
        deep = _too_deep(text)
        location, fld = json_place(deep[0]) if deep else ("", "")
        at = f" at {_line_column(text, deep[1])}" if deep else ""
        message = f"nested more than {MAX_DEPTH} levels deep{at}; no Pathways file nests so deep"
        raise InputError([Problem(name, location, fld, message)]) from None


def _build(model: type[M], data: Any, file: str, location: str, problems: list[Problem]) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, file, location))
        return None


def _collect(
    model: type[M], records: list[tuple[str, Any]], file: str, problems: list[Problem]
) -> Located[M]:
    """Validate each (location, data) record; flag duplicate ids; never stop at the first problem."""
    items: list[M] = []
    where: dict[str, str] = {}
    for location, data in records:
        item = _build(model, data, file, location, problems)
        if item is None:
            continue
        ident = str(getattr(item, "id", ""))
        if ident in where:
            problems.append(
                Problem(file, location, "id", f"duplicate id {ident!r} (first at {where[ident]})")
            )
            continue
        where[ident] = location
        items.append(item)
    return items, where


def _json_list(path: Path, problems: list[Problem]) -> list[tuple[str, Any]]:
    data = read_json(path)
    if not isinstance(data, list):
        raise InputError([Problem(str(path), "", "", f"expected a JSON list, found {type(data).__name__}")])
    return [(f"item {i}", item) for i, item in enumerate(data)]


def _load_json_list(model: type[M], path: Path) -> Located[M]:
    problems: list[Problem] = []
    located = _collect(model, _json_list(path, problems), str(path), problems)
    if problems:
        raise InputError(problems)
    return located


def load_frameworks(path: Path) -> Located[Framework]:
    return _load_json_list(Framework, path)


def load_requirement_sets(path: Path) -> Located[RequirementSet]:
    return _load_json_list(RequirementSet, path)


def load_students(path: Path) -> Located[Student]:
    return _load_json_list(Student, path)


RESERVED_PATHWAY_IDS = {"none": "no pathway", "inferred": "the pathway the matcher builds"}
"""Pathway ids a district may not use, and what they mean: 'none' is the choice of no pathway (``planner.edits.NO_PATHWAY``),
'inferred' the matcher's own pathway (``matcher.pathways.INFERRED_ID``)."""


def load_pathways(path: Path) -> Located[Pathway]:
    """The district's declared pathways; ``inferred`` is the matcher's to set, never a file's."""
    pathways, where = _load_json_list(Pathway, path)
    problems = [
        Problem(str(path), where[p.id], "inferred", "a district file declares pathways; leave 'inferred' out")
        for p in pathways
        if p.inferred
    ]
    problems += [
        Problem(str(path), where[p.id], "id", f"{p.id!r} is reserved (it means {meaning}); choose another id")
        for p in pathways
        if (meaning := RESERVED_PATHWAY_IDS.get(p.id))
    ]
    if problems:
        raise InputError(problems)
    return pathways, where


def load_calendar(path: Path) -> Calendar:
    problems: list[Problem] = []
    calendar = _build(Calendar, read_json(path), str(path), "", problems)
    if problems or calendar is None:
        raise InputError(problems)
    return calendar


# --- CSV ----------------------------------------------------------------------------------------


def _split(value: str, sep: str = ";") -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


def read_csv(
    path: Path, required: list[str], known: list[str], translated: tuple[str, ...] = ()
) -> list[tuple[str, dict[str, str]]]:
    """Rows as (location, {column: text}); the header must hold every required column, and only known
    ones or a ``translated`` field in another language (``title.es``). A cell written neutralized
    (``'=...``, see core.csvcells) reads as the text it stands for."""
    name = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            if not header:
                raise InputError([Problem(name, "", "", "the file is empty (no header row)")])
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(
                    [
                        Problem(
                            name,
                            "header",
                            "",
                            f"missing required column(s) {', '.join(missing)}; "
                            f"the header has {', '.join(header)}",
                        )
                    ]
                )
            unknown = [c for c in header if c not in known and not _translated_column(c, translated)]
            if unknown:
                raise InputError(
                    [
                        Problem(
                            name,
                            "header",
                            "",
                            f"unknown column(s) {', '.join(unknown)}; known columns are {', '.join(known)}",
                        )
                    ]
                )
            rows = []
            for row in reader:
                location = f"row {reader.line_num}"
                if None in row:
                    raise InputError([Problem(name, location, "", "more values than header columns")])
                rows.append((location, {k.strip(): restore((v or "").strip()) for k, v in row.items()}))
            return rows
    except FileNotFoundError:
        raise InputError([Problem(name, "", "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(name, f"byte {exc.start}", "", "not UTF-8 text")]) from None
    except csv.Error as exc:
        raise InputError([Problem(name, "", "", f"not a readable CSV file: {exc}")]) from None


def _competency_record(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
    for column in ("education_levels", "precedes"):
        record[column] = _split(row.get(column, ""))
    if "is_heading" in record:
        record["is_heading"] = record["is_heading"].lower() in ("true", "yes", "1")
    record["code"] = row.get("code") or row["id"]
    return _with_translations(record)


def load_competencies_csv(path: Path) -> Located[Competency]:
    problems: list[Problem] = []
    rows = read_csv(path, COMPETENCY_REQUIRED, COMPETENCY_COLUMNS, COMPETENCY_TRANSLATED)
    located = _collect(Competency, [(loc, _competency_record(row)) for loc, row in rows], str(path), problems)
    if problems:
        raise InputError(problems)
    return located


def parse_meetings(text: str) -> list[dict[str, str]]:
    """'Mon 15:30-18:30; Wed 15:30-18:30' to meeting dicts (times are validated by the schema)."""
    meetings = []
    for part in _split(text):
        day, _, span = part.partition(" ")
        start, dash, end = span.strip().partition("-")
        if not dash or not day:
            raise ValueError(f"meeting {part!r} is not like 'Mon 15:30-18:30'")
        meetings.append({"day": day.strip(), "start": start.strip(), "end": end.strip()})
    return meetings


def parse_prerequisites(text: str) -> list[dict[str, list[str]]]:
    """'SCI-BIO-1|SCI-BIO-H; comp:HS-LS1-1' to any-of groups."""
    groups = []
    for part in _split(text):
        opportunities, competencies = [], []
        for option in _split(part, "|"):
            if option.startswith("comp:"):
                competencies.append(option.removeprefix("comp:").strip())
            else:
                opportunities.append(option)
        groups.append({"any_of_opportunities": opportunities, "any_of_competencies": competencies})
    return groups


def _opportunity_record(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
    for column in ("competencies", "seasons", "only_terms"):
        record[column] = _split(row.get(column, ""))
    record["meetings"] = parse_meetings(row.get("meetings", ""))
    record["prerequisites"] = parse_prerequisites(row.get("prerequisites", ""))
    return _with_translations(record)


def load_opportunities(path: Path) -> Located[Opportunity]:
    """Opportunities from a JSON list or a CSV file (by the file's ending)."""
    if path.suffix.lower() != ".csv":
        return _load_json_list(Opportunity, path)
    problems: list[Problem] = []
    records = []
    for location, row in read_csv(path, OPPORTUNITY_REQUIRED, OPPORTUNITY_COLUMNS, OPPORTUNITY_TRANSLATED):
        try:
            records.append((location, _opportunity_record(row)))
        except ValueError as exc:
            problems.append(Problem(str(path), location, "meetings", str(exc)))
    located = _collect(Opportunity, records, str(path), problems)
    if problems:
        raise InputError(problems)
    return located
