"""1EdTech CASE 1.0 / 1.1 packages (CFPackage JSON) to one framework, its competencies and their links.

Pure parsing: nothing is written. Real exports bend the schema; what is unambiguous is accepted and
reported as a warning (merged per kind: the first place and how many more), what is not raises an
InputError listing every problem. docs/case-import.md describes the rules for district staff.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from catalog.errors import InputError, Problem
from catalog.importers.files import read_json, validation_problems
from catalog.schema import Competency, CompetencyLink, Framework, LinkType

CHILD_OF = "isChildOf"
"""The structural association (origin is a child of destination): it becomes ``parent``, not a link."""
ASSOCIATION_TYPES = [CHILD_OF, *(t.value for t in LinkType)]
EXTENSION_PREFIX = "ext:"
"""CASE 1.1 extension association types (``ext:name``) are valid, but we have nowhere to keep them."""
TOP_LEVEL_KEYS = {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics", "extensions"}
PLACEHOLDER_TITLES = {"origin", "destination"}
"""LinkGenURI titles that some servers (OpenSALT) fill with the field's name instead of a real title."""
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
LEVEL_ALIASES = {"K": "KG", "KINDERGARTEN": "KG", "PREK": "PK", "PRE-K": "PK"}
"""Grade codes written another way, mapped to the CEDS codes CASE uses (``PK``, ``KG``, ``01``..``13``)."""

SUBJECT_PHRASES = {
    "mathematics": "mathematics, math, maths, algebra, geometry, calculus, precalculus, trigonometry, statistics",
    "english": "english, ela, english language arts, language arts, literacy, reading, writing, literature",
    "science": "science, sciences, biology, chemistry, physics, ngss, earth science, life science, "
    "physical science, environmental science",
    "social_studies": "social studies, social science, history, civics, government, economics, geography, "
    "political science",
    "cte": "cte, career and technical education, career technical education, computer science, "
    "digital literacy, engineering, agriculture, business",
    "arts": "arts, art, fine arts, visual arts, music, theatre, theater, dance",
    "health_pe": "health, health education, physical education, wellness",
    "world_languages": "world languages, world language, foreign language, foreign languages, spanish, french, "
    "german, latin, chinese, japanese, arabic",
}
"""Our subject vocabulary, each with the words and phrases of framework titles and CASE subjects that name
it. The longest phrase wins ("computer science" is cte, "english language arts" is english)."""
SUBJECT_WORDS = {phrase: subject for subject, text in SUBJECT_PHRASES.items() for phrase in text.split(", ")}
LONGEST_PHRASE = max(len(phrase.split()) for phrase in SUBJECT_WORDS)


def infer_subject(text: str) -> str:
    """The one subject of our vocabulary that the words of ``text`` name, or "" (none, or several)."""
    words = re.findall(r"[a-z]+", text.lower())
    found: set[str] = set()
    i = 0
    while i < len(words):
        for n in range(min(LONGEST_PHRASE, len(words) - i), 0, -1):
            subject = SUBJECT_WORDS.get(" ".join(words[i : i + n]))
            if subject:
                found.add(subject)
                i += n
                break
        else:
            i += 1
    return found.pop() if len(found) == 1 else ""


@dataclass
class CaseImport:
    """One parsed package: what the store writes (in one transaction) and what to tell the user."""

    framework: Framework
    competencies: list[Competency]
    links: list[CompetencyLink]
    warnings: list[Problem] = field(default_factory=list)


class _Report:
    """Errors and warnings for one file. Warnings with the same field and message are merged."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[Problem] = []
        self._warnings: dict[tuple[str, str], list[str]] = {}

    def error(self, location: str, fld: str, message: str) -> None:
        self.errors.append(Problem(self.source, location, fld, message))

    def warn(self, location: str, fld: str, message: str) -> None:
        places = self._warnings.setdefault((fld, message), [])
        if location not in places:
            places.append(location)

    def warnings(self) -> list[Problem]:
        def where(places: list[str]) -> str:
            return places[0] if len(places) == 1 else f"{places[0]} (and {len(places) - 1} more)"

        return [Problem(self.source, where(places), f, m) for (f, m), places in self._warnings.items()]


def _part(obj: dict[str, Any], key: str, sub: str) -> dict[str, Any]:
    """``obj[key][sub]`` keyed ``key.sub``, so that problems name the field in full."""
    return {f"{key}.{sub}": obj[key].get(sub)}


def _kind(value: object) -> str:
    """A JSON value's kind, in the words of the JSON format."""
    if isinstance(value, bool):
        return "true/false"
    names = {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number"}
    return names.get(type(value), "null")


# --- field readers: each accepts the unambiguous variants and reports the rest --------------------


def _text(obj: dict[str, Any], key: str, r: _Report, loc: str) -> str:
    """Optional text; a number is read as text (with a warning), anything else is an error."""
    value = obj.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        r.warn(loc, key, "a number where CASE has text; read as text")
        return str(value)
    if value is not None and not isinstance(value, str):
        r.error(loc, key, f"expected text, found {_kind(value)}")
        return ""
    return (value or "").strip()


def _required(obj: dict[str, Any], key: str, r: _Report, loc: str, why: str = "") -> str:
    text, value = _text(obj, key, r, loc), obj.get(key)
    if not text and (value is None or isinstance(value, str)):
        r.error(loc, key, ("missing" if value is None else "is empty") + why)
    return text


def _identifier(obj: dict[str, Any], r: _Report, loc: str) -> str:
    """A CASE identifier, lowercased (CASE 1.0 allows upper-case UUIDs; we compare without case)."""
    ident = _required(obj, "identifier", r, loc).lower()
    if ident and not UUID.match(ident):
        r.warn(loc, "identifier", "not a UUID; kept as given (lowercased)")
    return ident


def _text_list(obj: dict[str, Any], key: str, r: _Report, loc: str) -> list[str]:
    """A list of text; a single string (allowed by CASE 1.0) is one entry, or several if comma-separated."""
    value = obj.get(key)
    if isinstance(value, str):
        if "," in value:
            r.warn(loc, key, "comma-separated text where CASE has a list; split at the commas")
        return [part.strip() for part in value.split(",") if part.strip()]
    if value is not None and not isinstance(value, list):
        r.error(loc, key, f"expected a list of text, found {_kind(value)}")
        return []
    out = []
    for i, entry in enumerate(value or []):
        text = _text({f"{key}[{i}]": entry}, f"{key}[{i}]", r, loc)
        if text:
            out.append(text)
    return out


def _uri_ref(obj: dict[str, Any], key: str, r: _Report, loc: str) -> str:
    """A URI given as a plain string (as real exports do) or as a LinkURI object: the URI."""
    value = obj.get(key)
    if isinstance(value, dict) and isinstance(value.get("uri", ""), str):
        return str(value.get("uri", "")).strip()
    if value is not None and not isinstance(value, str):
        r.error(loc, key, f"expected a URI or a LinkURI object, found {_kind(value)}")
        return ""
    return (value or "").strip()


def _levels(obj: dict[str, Any], r: _Report, loc: str) -> list[str]:
    """Grade codes from ``educationLevel`` (or the misspelling ``educationalLevel``), in CEDS form."""
    key = "educationLevel"
    raw = _text_list(obj, key, r, loc)
    if "educationalLevel" in obj:
        spelled = _text_list(obj, "educationalLevel", r, loc)
        if key in obj and raw != spelled:
            r.error(loc, key, "educationLevel and educationalLevel are both given and differ")
        r.warn(loc, "educationalLevel", "spelled educationalLevel (CASE says educationLevel); accepted")
        raw = raw or spelled
    levels: list[str] = []
    for code in raw:
        upper = code.upper()
        level = f"{int(upper):02d}" if upper.isdecimal() else LEVEL_ALIASES.get(upper, upper)
        if level != code:
            r.warn(loc, key, "grade codes rewritten in CEDS form (e.g. '6' as '06', 'K' as 'KG')")
        if level not in levels:
            levels.append(level)
    return levels


def _whole_number(obj: dict[str, Any], key: str, r: _Report, loc: str) -> int | None:
    value = obj.get(key)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        r.warn(loc, key, "a number written as text; read as a number")
        return int(value)
    r.error(loc, key, f"{value!r} is not a whole number")
    return None


def _timestamp(obj: dict[str, Any], key: str, r: _Report, loc: str) -> dt.datetime | None:
    """A date-time in UTC without a zone (as the store keeps it); a time without a zone is read as UTC."""
    text = _text(obj, key, r, loc)
    if not text:
        r.warn(loc, key, "missing (CASE requires it)")
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        r.error(loc, key, f"{text!r} is not a date-time such as 2024-01-31T12:00:00+00:00")
        return None
    if when.tzinfo is None:
        r.warn(loc, key, "a date-time without a time zone; read as UTC")
        return when
    return when.astimezone(dt.UTC).replace(tzinfo=None)


# --- the three parts of a package -----------------------------------------------------------------


@dataclass
class _Item:
    location: str
    fields: dict[str, Any]
    """Competency fields read from the CFItem (all but those that come from associations)."""
    subjects: list[str]
    list_enumeration: str


@dataclass
class _Association:
    index: int
    location: str
    type: str
    origin: str
    destination: str
    destination_uri: str
    destination_title: str
    sequence: int | None


def _document(data: dict[str, Any], r: _Report) -> dict[str, Any] | None:
    """The CFDocument's fields as Framework fields, or None when there is no CFDocument object."""
    doc, loc = data.get("CFDocument"), "CFDocument"
    if not isinstance(doc, dict):
        found = "missing" if doc is None else f"expected an object, found {_kind(doc)}"
        r.error("", "CFDocument", f"{found}; every CASE package has one")
        return None
    package_uri = _uri_ref(doc, "CFPackageURI", r, loc)
    fields = {
        "id": _identifier(doc, r, loc),
        "title": _required(doc, "title", r, loc),
        "creator": _text(doc, "creator", r, loc),
        "publisher": _text(doc, "publisher", r, loc),
        "version": _text(doc, "version", r, loc),
        "adoption_status": _text(doc, "adoptionStatus", r, loc),
        "subjects": _text_list(doc, "subject", r, loc),
        "source_uri": _text(doc, "uri", r, loc) or package_uri,
        "last_changed": _timestamp(doc, "lastChangeDateTime", r, loc),
    }
    if not fields["creator"]:
        r.warn(loc, "creator", "missing (CASE requires it)")
    return fields


def _list(data: dict[str, Any], key: str, r: _Report) -> list[Any]:
    value = data.get(key)
    if value is not None and not isinstance(value, list):
        r.error("", key, f"expected a list, found {_kind(value)}")
        return []
    return value or []


def _items(data: dict[str, Any], doc_id: str, r: _Report) -> dict[str, _Item]:
    items: dict[str, _Item] = {}
    for i, raw in enumerate(_list(data, "CFItems", r)):
        loc = f"CFItems[{i}]"
        if not isinstance(raw, dict):
            r.error(loc, "", f"expected an object, found {_kind(raw)}")
            continue
        ident, code = _identifier(raw, r, loc), _text(raw, "humanCodingScheme", r, loc)
        named = f" (item {code or ident})" if code or ident else ""
        statement = _required(raw, "fullStatement", r, loc, f"; a competency needs a statement{named}")
        key = "CFItemTypeURI"
        type_ref = raw.get(key)
        item_type = _text(raw, "CFItemType", r, loc) or (
            _text(_part(raw, key, "title"), f"{key}.title", r, loc) if isinstance(type_ref, dict) else ""
        )
        _uri_ref(raw, "CFDocumentURI", r, loc)
        fields = {
            "id": ident,
            "code": code,
            "statement": statement,
            "education_levels": _levels(raw, r, loc),
            "framework": doc_id,
            "item_type": item_type,
            "source_uri": _text(raw, "uri", r, loc),
        }
        item = _Item(loc, fields, _text_list(raw, "subject", r, loc), _text(raw, "listEnumeration", r, loc))
        if ident in items:
            r.error(loc, "identifier", f"duplicate identifier {ident!r} (first at {items[ident].location})")
        elif ident and ident == doc_id:
            r.error(loc, "identifier", f"{ident!r} is the CFDocument's identifier")
        elif ident:
            items[ident] = item
    return items


def _node(obj: dict[str, Any], key: str, r: _Report, loc: str) -> tuple[str, str, str] | None:
    """A LinkGenURI as (identifier, uri, title). Its identifier may point outside CASE: no UUID check."""
    node = obj.get(key)
    if not isinstance(node, dict):
        r.error(loc, key, "missing" if node is None else f"expected a LinkGenURI object, found {_kind(node)}")
        return None
    ident = _required(_part(obj, key, "identifier"), f"{key}.identifier", r, loc)
    if not ident:
        return None
    title = _text(_part(obj, key, "title"), f"{key}.title", r, loc)
    if title.lower() in PLACEHOLDER_TITLES:
        r.warn(loc, f"{key}.title", f"the placeholder title {title!r}; dropped")
        title = ""
    return ident, _text(_part(obj, key, "uri"), f"{key}.uri", r, loc), title


def _association_type(raw: dict[str, Any], r: _Report, loc: str) -> str | None:
    kind = _required(raw, "associationType", r, loc)
    if not kind or kind in ASSOCIATION_TYPES:
        return kind or None
    by_lower = {t.lower(): t for t in ASSOCIATION_TYPES}
    if kind.lower() in by_lower:
        r.warn(loc, "associationType", "written in another letter case; accepted")
        return by_lower[kind.lower()]
    if kind.startswith(EXTENSION_PREFIX):
        r.warn(loc, "associationType", "an extension type (ext:...); not imported")
        return None
    known = f"{', '.join(ASSOCIATION_TYPES)} (and ext:<name> in CASE 1.1)"
    r.error(loc, "associationType", f"unknown associationType {kind!r}; CASE defines {known}")
    return None


def _associations(data: dict[str, Any], known: Callable[[str], str], r: _Report) -> list[_Association]:
    out = []
    for i, raw in enumerate(_list(data, "CFAssociations", r)):
        loc = f"CFAssociations[{i}]"
        if not isinstance(raw, dict):
            r.error(loc, "", f"expected an object, found {_kind(raw)}")
            continue
        kind = _association_type(raw, r, loc)
        origin = _node(raw, "originNodeURI", r, loc)
        dest = _node(raw, "destinationNodeURI", r, loc)
        sequence = _whole_number(raw, "sequenceNumber", r, loc)
        if kind and origin and dest:
            ends = known(origin[0]), known(dest[0]), dest[1], dest[2]
            out.append(_Association(i, loc, kind, *ends, sequence))
    return out


# --- the tree and the links ------------------------------------------------------------------------


@dataclass
class _Graph:
    """What the associations say: kept parents (None = top level), headings, progressions, links."""

    parent: dict[str, str | None] = field(default_factory=dict)
    via: dict[str, _Association] = field(default_factory=dict)
    """The isChildOf association that placed each item."""
    headings: set[str] = field(default_factory=set)
    precedes: dict[str, list[str]] = field(default_factory=dict)
    links: dict[tuple[str, str, str], CompetencyLink] = field(default_factory=dict)


def _graph(associations: list[_Association], items: dict[str, _Item], doc_id: str, r: _Report) -> _Graph:
    g = _Graph(precedes={ident: [] for ident in items})
    for a in associations:
        if a.origin not in items:
            r.warn(a.location, "originNodeURI", "the origin is not an item of this package; not imported")
        elif a.type == CHILD_OF:
            up = a.destination if a.destination in items else None
            if up:
                g.headings.add(up)
            elif a.destination != doc_id:
                r.warn(a.location, "destinationNodeURI", "the parent is not in this package; top level")
            if a.origin not in g.via:
                g.parent[a.origin], g.via[a.origin] = up, a
            elif g.parent[a.origin] != up:
                first = g.via[a.origin].location
                r.warn(a.location, "destinationNodeURI", f"a second parent; the first ({first}) is kept")
        elif a.type == LinkType.PRECEDES and a.destination in items:
            if a.destination not in g.precedes[a.origin]:
                g.precedes[a.origin].append(a.destination)
        elif (a.origin, a.type, a.destination) in g.links:
            r.warn(a.location, "", "the same association appears twice; kept once")
        else:
            g.links[(a.origin, a.type, a.destination)] = CompetencyLink(
                origin=a.origin,
                type=LinkType(a.type),
                destination=a.destination,
                destination_uri=a.destination_uri,
                destination_title=a.destination_title,
            )
    for ident, item in items.items():
        if ident not in g.via:
            r.warn(item.location, "", "no isChildOf association; placed at the top level")
    return g


def _check_cycles(g: _Graph, items: dict[str, _Item], r: _Report) -> None:
    """Each isChildOf loop once, at the association of the loop that comes first in the file."""
    done: set[str] = set()
    for start in g.parent:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in done and node not in path:
            path.append(node)
            node = g.parent.get(node)
        if node is not None and node in path:
            loop = path[path.index(node) :]
            first = loop.index(min(loop, key=lambda n: g.via[n].index))
            loop = [*loop[first:], *loop[:first], loop[first]]
            labels = " -> ".join(items[n].fields["code"] or n for n in loop)
            message = f"isChildOf makes a cycle: {labels} (each is a child of the next)"
            r.error(g.via[loop[0]].location, "destinationNodeURI", message)
        done.update(path)


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key that puts '2.' before '10.' and 'a' before 'b'."""
    return tuple(
        (0, int(p), "") if p.isdecimal() else (1, 0, p.lower()) for p in re.findall(r"\d+|\D+", text)
    )


def _tree_order(items: dict[str, _Item], g: _Graph) -> list[str]:
    """Depth first; siblings by sequenceNumber, then listEnumeration, then humanCodingScheme, then file order."""
    children: dict[str | None, list[str]] = {}
    for ident in items:
        children.setdefault(g.parent.get(ident), []).append(ident)

    def key(ident: str) -> tuple[Any, ...]:
        seq = g.via[ident].sequence if ident in g.via else None
        enum, code = items[ident].list_enumeration, items[ident].fields["code"]
        return (seq is None, seq or 0, not enum, _natural(enum), not code, _natural(code))

    order: list[str] = []
    stack = sorted(children.get(None, []), key=key, reverse=True)
    while stack:
        ident = stack.pop()
        order.append(ident)
        stack.extend(sorted(children.get(ident, []), key=key, reverse=True))
    return order


def _subject_rule(doc: dict[str, Any], r: _Report) -> Callable[[list[str], str], str]:
    """Item subject, else document subject, mapped onto our vocabulary; else inferred from the title.
    Also sets the framework's subjects: the document's, in our vocabulary where they map onto it."""

    def resolve(given: list[str], where: str) -> str:
        mapped = {infer_subject(s) for s in given}
        if len(mapped) == 1 and "" not in mapped:
            return mapped.pop()
        if len(given) == 1:
            return given[0]
        r.warn(where, "subject", "names several subjects; the competency's subject is left empty")
        return ""

    given = doc["subjects"]
    default = resolve(given, "CFDocument") if given else infer_subject(doc["title"])
    named = [infer_subject(s) or s for s in given] or ([default] if default else [])
    doc["subjects"] = list(dict.fromkeys(named))
    return lambda subjects, loc: resolve(subjects, loc) if subjects else default


def parse_case_data(data: object, source: str) -> CaseImport:
    """Parse an already-loaded CASE package; ``source`` names it in every problem."""
    if not isinstance(data, dict):
        found = _kind(data)
        raise InputError([Problem(source, "", "", f"expected a CASE package (a JSON object), found {found}")])
    r = _Report(source)
    for key in sorted(set(data) - TOP_LEVEL_KEYS):
        r.warn("", key, "not part of a CASE package; ignored")
    if not isinstance(data.get("CFDefinitions", {}), dict | list):
        r.error("", "CFDefinitions", f"expected an object, found {_kind(data['CFDefinitions'])}")
    doc = _document(data, r)
    doc_id = doc["id"] if doc else ""
    items = _items(data, doc_id, r)

    def known(ident: str) -> str:
        """In-package identifiers compare without case; external ones are kept as given."""
        lower = ident.lower()
        return lower if lower in items or lower == doc_id else ident

    g = _graph(_associations(data, known, r), items, doc_id, r)
    _check_cycles(g, items, r)
    if r.errors or doc is None:
        raise InputError(r.errors)
    subject_of = _subject_rule(doc, r)
    competencies = []
    for ident in _tree_order(items, g):
        item = items[ident]
        try:
            competencies.append(
                Competency(
                    **item.fields,
                    subject=subject_of(item.subjects, item.location),
                    parent=g.parent.get(ident),
                    is_heading=ident in g.headings,
                    precedes=g.precedes[ident],
                )
            )
        except ValidationError as exc:
            r.errors.extend(validation_problems(exc, source, item.location))
    try:
        framework = Framework(**doc)
    except ValidationError as exc:
        r.errors.extend(validation_problems(exc, source, "CFDocument"))
    if r.errors:
        raise InputError(r.errors)
    return CaseImport(framework, competencies, list(g.links.values()), r.warnings())


def parse_case(path: Path) -> CaseImport:
    """Parse a CASE package file (see ``parse_case_data``); a malformed file names line and column."""
    return parse_case_data(read_json(path), str(path))
