"""1EdTech CASE 1.0 / 1.1 packages (CFPackage JSON) to one framework, its competencies and their links.

Pure parsing: nothing is written. Real exports bend the schema; what is unambiguous is accepted and
reported as a warning (merged per kind: the first place and how many more), what is not raises an
InputError listing every problem. docs/case-import.md describes the rules for district staff.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from catalog.importers.case_translations import fold_translations
from catalog.importers.files import gc_paused, read_json, validation_problems
from catalog.importers.lenient import (
    Report,
    json_kind,
    read_identifier,
    read_levels,
    read_required,
    read_text,
    read_text_list,
    read_timestamp,
    read_uri_ref,
    read_whole_number,
    sub_field,
)
from catalog.subjects import infer_subject
from core.errors import InputError, Problem
from core.schema import Competency, CompetencyLink, Framework, LinkType, cycles

CHILD_OF = "isChildOf"
"""The structural association (origin is a child of destination): it becomes ``parent``, not a link."""
ASSOCIATION_TYPES = [CHILD_OF, *(t.value for t in LinkType)]
EXTENSION_PREFIX = "ext:"
"""CASE 1.1 extension association types (``ext:name``) are valid, but we have nowhere to keep them."""
TOP_LEVEL_KEYS = {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics", "extensions"}
LINK_FIELDS = {
    "origin": "originNodeURI.identifier",
    "destination": "destinationNodeURI.identifier",
    "destination_uri": "destinationNodeURI.uri",
    "destination_title": "destinationNodeURI.title",
}
"""A link's fields, by the CASE fields they come from (to name them in problems)."""
PLACEHOLDER_TITLES = {"origin", "destination"}
"""LinkGenURI titles that some servers (OpenSALT) fill with the field's name instead of a real title."""


@dataclass
class CaseImport:
    """One parsed package: what the store writes (in one transaction) and what to tell the user."""

    framework: Framework
    competencies: list[Competency]
    links: list[CompetencyLink]
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Item:
    location: str
    fields: dict[str, Any]
    """Competency fields read from the CFItem (all but those that come from associations)."""
    subjects: list[str]
    list_enumeration: str
    language: str = ""
    """The item's own language (CASE ``language``), when it gives one."""


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


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_HINT = (
    "this file is RDF/JSON, as the Achievement Standards Network publishes standards; "
    "import the framework's CASE package instead"
)


def _looks_like_rdf(data: dict[str, Any]) -> bool:
    """An RDF/JSON document (subject URIs -> predicates), such as an ASN standards export."""
    return (
        bool(data)
        and all(isinstance(key, str) and key.startswith(("http://", "https://")) for key in data)
        and any(isinstance(node, dict) and RDF_TYPE in node for node in data.values())
    )


def _document(data: dict[str, Any], r: Report) -> dict[str, Any] | None:
    """The CFDocument's fields as Framework fields, or None when there is no CFDocument object."""
    doc, loc = data.get("CFDocument"), "CFDocument"
    if not isinstance(doc, dict):
        found = "missing" if doc is None else f"expected an object, found {json_kind(doc)}"
        hint = f" ({RDF_HINT})" if doc is None and _looks_like_rdf(data) else ""
        r.error("", "CFDocument", f"{found}; every CASE package has one{hint}")
        return None
    package_uri = read_uri_ref(doc, "CFPackageURI", r, loc)
    fields = {
        "id": read_identifier(doc, r, loc),
        "title": read_required(doc, "title", r, loc),
        "creator": read_text(doc, "creator", r, loc),
        "publisher": read_text(doc, "publisher", r, loc),
        "version": read_text(doc, "version", r, loc),
        "adoption_status": read_text(doc, "adoptionStatus", r, loc),
        "subjects": read_text_list(doc, "subject", r, loc),
        "source_uri": read_text(doc, "uri", r, loc) or package_uri,
        "last_changed": read_timestamp(doc, "lastChangeDateTime", r, loc),
    }
    if not fields["creator"]:
        r.warn(loc, "creator", "missing (CASE requires it)")
    return fields


def _list(data: dict[str, Any], key: str, r: Report) -> list[Any]:
    value = data.get(key)
    if value is not None and not isinstance(value, list):
        r.error("", key, f"expected a list, found {json_kind(value)}")
        return []
    return value or []


def _items(data: dict[str, Any], doc_id: str, r: Report) -> dict[str, _Item]:
    items: dict[str, _Item] = {}
    for i, raw in enumerate(_list(data, "CFItems", r)):
        loc = f"CFItems[{i}]"
        if not isinstance(raw, dict):
            r.error(loc, "", f"expected an object, found {json_kind(raw)}")
            continue
        ident, code = read_identifier(raw, r, loc), read_text(raw, "humanCodingScheme", r, loc)
        named = f" (item {code or ident})" if code or ident else ""
        statement = read_required(raw, "fullStatement", r, loc, f"; a competency needs a statement{named}")
        key = "CFItemTypeURI"
        type_ref = raw.get(key)
        item_type = read_text(raw, "CFItemType", r, loc) or (
            read_text(sub_field(raw, key, "title"), f"{key}.title", r, loc)
            if isinstance(type_ref, dict)
            else ""
        )
        read_uri_ref(raw, "CFDocumentURI", r, loc)
        fields = {
            "id": ident,
            "code": code,
            "statement": statement,
            "education_levels": read_levels(raw, r, loc),
            "framework": doc_id,
            "item_type": item_type,
            "source_uri": read_text(raw, "uri", r, loc),
        }
        item = _Item(
            loc,
            fields,
            read_text_list(raw, "subject", r, loc),
            read_text(raw, "listEnumeration", r, loc),
            read_text(raw, "language", r, loc),
        )
        if ident in items:
            r.error(loc, "identifier", f"duplicate identifier {ident!r} (first at {items[ident].location})")
        elif ident and ident == doc_id:
            r.error(loc, "identifier", f"{ident!r} is the CFDocument's identifier")
        elif ident:
            items[ident] = item
    return items


def _node(obj: dict[str, Any], key: str, r: Report, loc: str) -> tuple[str, str, str] | None:
    """A LinkGenURI as (identifier, uri, title). Its identifier may point outside CASE: no UUID check."""
    node = obj.get(key)
    if not isinstance(node, dict):
        r.error(
            loc, key, "missing" if node is None else f"expected a LinkGenURI object, found {json_kind(node)}"
        )
        return None
    ident = read_required(sub_field(obj, key, "identifier"), f"{key}.identifier", r, loc)
    if not ident:
        return None
    title = read_text(sub_field(obj, key, "title"), f"{key}.title", r, loc)
    if title.lower() in PLACEHOLDER_TITLES:
        r.warn(loc, f"{key}.title", f"the placeholder title {title!r}; dropped")
        title = ""
    return ident, read_text(sub_field(obj, key, "uri"), f"{key}.uri", r, loc), title


def _association_type(raw: dict[str, Any], r: Report, loc: str) -> str | None:
    kind = read_required(raw, "associationType", r, loc)
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


def _associations(data: dict[str, Any], known: Callable[[str], str], r: Report) -> list[_Association]:
    out = []
    for i, raw in enumerate(_list(data, "CFAssociations", r)):
        loc = f"CFAssociations[{i}]"
        if not isinstance(raw, dict):
            r.error(loc, "", f"expected an object, found {json_kind(raw)}")
            continue
        kind = _association_type(raw, r, loc)
        origin = _node(raw, "originNodeURI", r, loc)
        dest = _node(raw, "destinationNodeURI", r, loc)
        sequence = read_whole_number(raw, "sequenceNumber", r, loc)
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


def _graph(associations: list[_Association], items: dict[str, _Item], doc_id: str, r: Report) -> _Graph:
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
            try:
                g.links[(a.origin, a.type, a.destination)] = CompetencyLink(
                    origin=a.origin,
                    type=LinkType(a.type),
                    destination=a.destination,
                    destination_uri=a.destination_uri,
                    destination_title=a.destination_title,
                )
            except ValidationError as exc:
                for problem in validation_problems(exc, r.source, a.location):
                    r.error(a.location, LINK_FIELDS.get(problem.field, problem.field), problem.message)
    for ident, item in items.items():
        if ident not in g.via:
            r.warn(item.location, "", "no isChildOf association; placed at the top level")
    return g


def _check_cycles(g: _Graph, items: dict[str, _Item], r: Report) -> None:
    """Each isChildOf loop once, at the association of the loop that comes first in the file."""
    for closed in cycles({child: [up] for child, up in g.parent.items() if up is not None}):
        loop = closed[:-1]
        first = loop.index(min(loop, key=lambda n: g.via[n].index))
        loop = [*loop[first:], *loop[:first], loop[first]]
        labels = " -> ".join(items[n].fields["code"] or n for n in loop)
        message = f"isChildOf makes a cycle: {labels} (each is a child of the next)"
        r.error(g.via[loop[0]].location, "destinationNodeURI", message)


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key that puts '2.' before '10.' and 'a' before 'b'. Digits compare by their count, then
    as text (leading zeros aside): the order of numbers, with no limit on their length."""
    return tuple(
        (0, len(p.lstrip("0")), p.lstrip("0")) if p.isdecimal() else (1, 0, p.lower())
        for p in re.findall(r"\d+|\D+", text)
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


def _subject_rule(doc: dict[str, Any], r: Report) -> Callable[[list[str], str], str]:
    """Item subject, else document subject, mapped onto our vocabulary; else inferred from the title.
    Also sets the framework's subjects: the document's, in our vocabulary where they map onto it."""
    infer = cache(infer_subject)  # a package names a few subjects, on each of its thousands of items

    def resolve(given: list[str], where: str) -> str:
        mapped = {infer(s) for s in given}
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
        found = json_kind(data)
        raise InputError([Problem(source, "", "", f"expected a CASE package (a JSON object), found {found}")])
    r = Report(source)
    for key in sorted(set(data) - TOP_LEVEL_KEYS):
        r.warn("", key, "not part of a CASE package; ignored")
    if not isinstance(data.get("CFDefinitions", {}), dict | list):
        r.error("", "CFDefinitions", f"expected an object, found {json_kind(data['CFDefinitions'])}")
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
    language = read_text(data["CFDocument"], "language", r, "CFDocument")
    folded = fold_translations(items, g.links, g.parent, language, r)
    subject_of = _subject_rule(doc, r)
    competencies = []
    for ident in _tree_order(items, g):
        if ident in folded.items:
            continue
        item = items[ident]
        try:
            competencies.append(
                Competency(
                    **item.fields,
                    subject=subject_of(item.subjects, item.location),
                    parent=g.parent.get(ident),
                    is_heading=ident in g.headings,
                    precedes=[p for p in g.precedes[ident] if p not in folded.items],
                    translations=folded.translations.get(ident, {}),
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
    with gc_paused():
        return parse_case_data(read_json(path), str(path))
