"""CASE packages: the happy path exactly, each real-world quirk accepted, each bad input with its message.

The fixtures in fixtures/case are small hand-made packages: happy_v11.json (a clean CASE 1.1 package,
items listed out of order) and quirks_v10.json (a CASE 1.0 export with what OpenSALT and the Alabama
state server do). Variants are made in the tests by editing a copy of one of them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.importers.case import CaseImport, parse_case, parse_case_data
from catalog.subjects import infer_subject
from core.errors import InputError
from core.schema import Competency, CompetencyLink, Framework, LinkType

FIXTURES = Path(__file__).parent / "fixtures" / "case"
SOURCE = "pkg.json"
DOC = "5e1d0c00-0000-4000-a000-000000000000"


def iid(n: int) -> str:
    """The identifier of item n of the happy package (11 RB.LS, 12-14 RB.LS.1-3, 21 RB.PS, ...)."""
    return f"5e1d0c00-0000-4000-a000-0000000000{n:02d}"


def qid(n: int) -> str:
    """The identifier of item n of the quirks package, lowercased as the importer keeps it."""
    return f"c0ffee00-0000-4000-a000-0000000000{n:02d}"


def happy() -> dict[str, Any]:
    return json.loads((FIXTURES / "happy_v11.json").read_text(encoding="utf-8"))


def node(ident: str, title: str = "") -> dict[str, str]:
    return {"title": title, "identifier": ident, "uri": f"https://case.riverbend.example/uri/{ident}"}


def association(kind: str, origin: str, destination: str, **extra: Any) -> dict[str, Any]:
    return {"identifier": "5e1d0c00-0000-4000-b000-000000000099", "uri": "https://x.example/a/99",
            "associationType": kind, "originNodeURI": node(origin), "destinationNodeURI": node(destination),
            "lastChangeDateTime": "2025-01-15T09:30:00+00:00", **extra}  # fmt: skip


def parsed(data: dict[str, Any]) -> CaseImport:
    return parse_case_data(data, SOURCE)


def warnings_of(data: dict[str, Any]) -> list[str]:
    return [str(w) for w in parsed(data).warnings]


def problems_of(data: object) -> list[str]:
    with pytest.raises(InputError) as exc:
        parse_case_data(data, SOURCE)
    return [str(p) for p in exc.value.problems]


def outline(result: CaseImport) -> list[tuple[str, str | None, bool, list[str]]]:
    """(code, parent code, is_heading, codes it precedes) in the importer's order."""
    code = {c.id: c.code for c in result.competencies}
    return [
        (c.code, code[c.parent] if c.parent else None, c.is_heading, [code[p] for p in c.precedes])
        for c in result.competencies
    ]


# --- the happy path ------------------------------------------------------------------------------


def test_happy_framework():
    result = parse_case(FIXTURES / "happy_v11.json")
    assert result.framework == Framework(
        id=DOC,
        title="Riverbend High School Science Competencies",
        creator="Riverbend School District",
        publisher="Riverbend School District",
        version="2025.1",
        adoption_status="Adopted",
        subjects=["science"],
        source_uri=f"https://case.riverbend.example/ims/case/v1p1/CFDocuments/{DOC}",
        last_changed=dt.datetime(2025, 1, 15, 14, 30),
    )
    assert result.warnings == []


def test_happy_competencies_in_tree_order():
    result = parse_case(FIXTURES / "happy_v11.json")
    assert outline(result) == [
        ("RB.LS", None, True, []),
        ("RB.LS.1", "RB.LS", False, ["RB.LS.2"]),
        ("RB.LS.2", "RB.LS", False, []),
        ("RB.LS.3", "RB.LS", False, []),
        ("RB.PS", None, True, []),
        ("RB.PS.1", "RB.PS", True, []),
        ("RB.PS.1a", "RB.PS.1", False, []),
    ]
    assert result.competencies[1] == Competency(
        id=iid(12),
        code="RB.LS.1",
        statement="Explain how the structure of DNA determines the structure of proteins.",
        subject="science",
        education_levels=["09", "10"],
        framework=DOC,
        parent=iid(11),
        item_type="Standard",
        source_uri=f"https://case.riverbend.example/ims/case/v1p1/CFItems/{iid(12)}",
        is_heading=False,
        precedes=[iid(13)],
    )
    assert [c.item_type for c in result.competencies] == [
        "Domain", "Standard", "Standard", "Standard", "Domain", "Standard", "Component"
    ]  # fmt: skip
    assert {c.framework for c in result.competencies} == {DOC}


def test_happy_links_keep_crosswalks_and_external_references():
    result = parse_case(FIXTURES / "happy_v11.json")
    assert result.links == [
        CompetencyLink(
            origin=iid(12),
            type=LinkType.EXACT_MATCH_OF,
            destination="6a3b7f2e-2d7c-11e8-a1b2-0242ac120002",
            destination_uri="https://case.example.org/uri/6a3b7f2e-2d7c-11e8-a1b2-0242ac120002",
            destination_title="HS-LS1-1",
        ),
        CompetencyLink(
            origin=iid(14),
            type=LinkType.IS_RELATED_TO,
            destination=iid(22),
            destination_uri=f"https://case.riverbend.example/ims/case/v1p1/CFItems/{iid(22)}",
            destination_title="RB.PS.1",
        ),
        CompetencyLink(
            origin=iid(13),
            type=LinkType.PRECEDES,
            destination="b2-genetics",
            destination_uri="https://riverbend.example/courses/b2-genetics",
            destination_title="Biology 2: Genetics",
        ),
    ]


# --- quirks of real exports, accepted ----------------------------------------------------------------


def test_quirks_package_imports_with_merged_warnings():
    path = FIXTURES / "quirks_v10.json"
    result = parse_case(path)
    assert outline(result) == [
        ("LK.RP", None, True, []),
        ("LK.RP.1", "LK.RP", False, ["LK.RP.2"]),
        ("LK.RP.2", "LK.RP", True, []),
        ("LK.RP.2a", "LK.RP.2", False, []),
        ("LK.RP.2b", "LK.RP.2", False, []),
        ("LK.RP.10", "LK.RP", False, []),
    ]
    assert [str(w) for w in result.warnings] == [
        f"{path}, CFDocument: lastChangeDateTime: a date-time without a time zone; read as UTC",
        f"{path}, CFItems[0] (and 3 more): educationalLevel: spelled educationalLevel (CASE says "
        "educationLevel); accepted",
        f"{path}, CFItems[1] (and 1 more): educationLevel: grade codes rewritten in CEDS form "
        "(e.g. '6' as '06', 'K' as 'KG')",
        f"{path}, CFAssociations[0] (and 7 more): originNodeURI.title: the placeholder title 'Origin'; dropped",
        f"{path}, CFAssociations[0] (and 7 more): destinationNodeURI.title: the placeholder title "
        "'Destination'; dropped",
        f"{path}, CFAssociations[0] (and 2 more): sequenceNumber: a number written as text; read as a number",
    ]


def test_quirks_values_are_normalised():
    result = parse_case(FIXTURES / "quirks_v10.json")
    by_code = {c.code: c for c in result.competencies}
    # Upper-case UUIDs are lowercased, and references to them match without case.
    assert result.framework.id == qid(0)
    assert [c.id for c in result.competencies] == [qid(1), qid(2), qid(3), qid(5), qid(6), qid(4)]
    # educationalLevel as one string ("06", "6", "7") becomes educationLevel-style CEDS lists.
    assert [c.education_levels for c in result.competencies] == [["06"]] * 5 + [["07"]]
    # A single-string document subject is mapped onto our vocabulary and used for every item.
    assert result.framework.subjects == ["mathematics"]
    assert {c.subject for c in result.competencies} == {"mathematics"}
    # A timestamp without a zone is read as UTC; CFPackageURI as a plain string is accepted.
    assert result.framework.last_changed == dt.datetime(2017, 5, 25, 18, 5, 33)
    # Headings are typed "Domain" just like the standards: heading-ness comes from having children.
    assert (by_code["LK.RP"].item_type, by_code["LK.RP.1"].item_type) == ("Domain", "Domain")
    assert (by_code["LK.RP"].is_heading, by_code["LK.RP.1"].is_heading) == (True, False)
    # No CFItemType: the title of its CFItemTypeURI.
    assert by_code["LK.RP.2a"].item_type == "Component"
    # Placeholder node titles are dropped.
    assert result.links == [
        CompetencyLink(
            origin=qid(2),
            type=LinkType.EXACT_MATCH_OF,
            destination="2c75d647-4ed4-56d8-965d-c3affe91643d",
            destination_uri="http://opensalt.example/uri/2c75d647-4ed4-56d8-965d-c3affe91643d",
            destination_title="",
        )
    ]


def test_siblings_without_sequence_numbers_order_by_list_enumeration_then_code():
    data = happy()
    for a in data["CFAssociations"]:
        a.pop("sequenceNumber", None)
    enumerations = {iid(12): "b.", iid(13): "a."}  # RB.LS.3 has none: it comes after those that have one
    for item in data["CFItems"]:
        if item["identifier"] in enumerations:
            item["listEnumeration"] = enumerations[item["identifier"]]
    codes = [c.code for c in parsed(data).competencies]
    assert codes == ["RB.LS", "RB.LS.2", "RB.LS.1", "RB.LS.3", "RB.PS", "RB.PS.1", "RB.PS.1a"]


def test_version_1_0_shapes_are_accepted():
    data = happy()
    data["CFDefinitions"] = []
    data["CFDocument"]["CFPackageURI"] = f"https://case.riverbend.example/uri/{DOC}"
    data["CFDocument"]["subject"] = "Science"
    data["CFItems"][0]["CFDocumentURI"] = f"https://case.riverbend.example/uri/{DOC}"
    data["CFItems"][1]["CFDocumentURI"] = node(DOC, "Riverbend Science")
    data["CFItems"][2]["educationLevel"] = "09"
    data["CFItems"][3]["identifier"] = iid(11).upper()
    result = parsed(data)
    assert result.warnings == []
    assert result.competencies[0].id == iid(11)
    assert result.competencies[1].education_levels == ["09"]


def test_second_parent_first_wins_with_a_warning():
    data = happy()
    data["CFAssociations"].append(association("isChildOf", iid(14), iid(21)))
    result = parsed(data)
    assert [str(w) for w in result.warnings] == [
        "pkg.json, CFAssociations[11]: destinationNodeURI: a second parent; the first (CFAssociations[2]) is kept"
    ]
    assert outline(result)[3] == ("RB.LS.3", "RB.LS", False, [])


def test_items_outside_the_tree_go_to_the_top_level():
    data = happy()
    data["CFAssociations"][2]["destinationNodeURI"] = node("99999999-0000-4000-a000-000000000000")
    del data["CFAssociations"][6]  # RB.PS.1a loses its only isChildOf
    result = parsed(data)
    assert outline(result) == [
        ("RB.LS", None, True, []),
        ("RB.LS.1", "RB.LS", False, ["RB.LS.2"]),
        ("RB.LS.2", "RB.LS", False, []),
        ("RB.PS", None, True, []),
        ("RB.PS.1", "RB.PS", False, []),
        ("RB.LS.3", None, False, []),
        ("RB.PS.1a", None, False, []),
    ]
    assert warnings_of(data) == [
        "pkg.json, CFAssociations[2]: destinationNodeURI: the parent is not in this package; top level",
        "pkg.json, CFItems[6]: no isChildOf association; placed at the top level",
    ]


def test_associations_we_cannot_keep_are_warned_about():
    data = happy()
    data["CFAssociations"] += [
        association("exactMatchOf", "external-node", iid(12)),
        association("ext:hasCourse", iid(12), "b2-genetics"),
        association("IsRelatedTo", iid(14), iid(22)),
        association("exemplar", iid(12), "https://x.example/task", sequenceNumber=1.0),
    ]
    result = parsed(data)
    assert [str(w) for w in result.warnings] == [
        "pkg.json, CFAssociations[12]: associationType: an extension type (ext:...); not imported",
        "pkg.json, CFAssociations[13]: associationType: written in another letter case; accepted",
        "pkg.json, CFAssociations[11]: originNodeURI: the origin is not an item of this package; not imported",
        "pkg.json, CFAssociations[13]: the same association appears twice; kept once",
    ]
    assert [(k.type, k.destination) for k in result.links][-1] == (
        LinkType.EXEMPLAR,
        "https://x.example/task",
    )
    assert len(result.links) == 4


def test_levels_and_text_in_other_shapes():
    data = happy()
    data["CFItems"][0]["educationLevel"] = "K, 1,02"
    data["CFItems"][0]["humanCodingScheme"] = 7
    data["CFItems"][1]["educationLevel"] = ["pre-k", "kindergarten", "10", "10"]
    data["unexpected"] = {}
    result = parsed(data)
    by_id = {c.id: c for c in result.competencies}
    assert (by_id[iid(14)].education_levels, by_id[iid(14)].code) == (["KG", "01", "02"], "7")
    assert by_id[iid(21)].education_levels == ["PK", "KG", "10"]
    assert [str(w) for w in result.warnings] == [
        "pkg.json: unexpected: not part of a CASE package; ignored",
        "pkg.json, CFItems[0]: humanCodingScheme: a number where CASE has text; read as text",
        "pkg.json, CFItems[0]: educationLevel: comma-separated text where CASE has a list; split at the commas",
        "pkg.json, CFItems[0] (and 1 more): educationLevel: grade codes rewritten in CEDS form "
        "(e.g. '6' as '06', 'K' as 'KG')",
    ]


# --- subjects --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Mathematics: Algebra with Finance (2015)", "mathematics"),
        ("English Language Arts (2021)", "english"),
        ("Digital Literacy and Computer Science (2025)", "cte"),
        ("Physical Education", "health_pe"),
        ("Social Studies 2024", "social_studies"),
        ("World Languages", "world_languages"),
        ("Science (2023)", "science"),
        ("Arts Education: Music", "arts"),
        ("School Counseling (2026)", ""),
        ("What Standards Could Be", ""),
        ("Mathematics and Science", ""),
    ],
)
def test_subject_inferred_from_words_when_unambiguous(text, subject):
    assert infer_subject(text) == subject


def test_subject_from_the_title_when_the_package_names_none():
    data = happy()
    del data["CFDocument"]["subject"]
    data["CFDocument"]["title"] = "Biology Competencies"
    result = parsed(data)
    assert result.framework.subjects == ["science"]
    assert {c.subject for c in result.competencies} == {"science"}
    data["CFDocument"]["title"] = "Riverbend Competencies"
    result = parsed(data)
    assert (result.framework.subjects, {c.subject for c in result.competencies}) == ([], {""})


def test_item_subject_overrides_the_document_subject():
    data = happy()
    data["CFItems"][0]["subject"] = ["Chemistry"]
    data["CFItems"][1]["subject"] = ["Robotics"]
    data["CFItems"][2]["subject"] = ["Math", "Physics"]
    by_id = {c.id: c.subject for c in parsed(data).competencies}
    assert (by_id[iid(14)], by_id[iid(21)], by_id[iid(12)], by_id[iid(11)]) == (
        "science",
        "Robotics",
        "",
        "science",
    )
    assert warnings_of(data) == [
        "pkg.json, CFItems[2]: subject: names several subjects; the competency's subject is left empty"
    ]


# --- errors, each with its message ---------------------------------------------------------------------


def test_not_json():
    path = FIXTURES / "not_json.json"
    with pytest.raises(InputError) as exc:
        parse_case(path)
    assert str(exc.value) == f"{path}, line 1, column 1 (character 0): invalid JSON: Expecting value"


def test_truncated_json():
    path = FIXTURES / "truncated.json"
    with pytest.raises(InputError) as exc:
        parse_case(path)
    assert (
        str(exc.value) == f"{path}, line 43, column 4 (character 1500): the JSON ends too early (truncated?)"
    )


@pytest.mark.parametrize(
    ("data", "found"), [([], "a list"), ("CFDocument", "text"), (None, "null"), (3, "a number")]
)
def test_top_level_not_an_object(data, found):
    assert problems_of(data) == [f"pkg.json: expected a CASE package (a JSON object), found {found}"]


def test_no_cfdocument():
    data = happy()
    del data["CFDocument"]
    assert problems_of(data) == ["pkg.json: CFDocument: missing; every CASE package has one"]
    data["CFDocument"] = ["not", "an", "object"]
    assert problems_of(data) == [
        "pkg.json: CFDocument: expected an object, found a list; every CASE package has one"
    ]


def test_an_rdf_json_standards_file_is_named_as_such():
    # The shape of an Achievement Standards Network export: subject URIs -> predicates -> values.
    data = {
        "http://asn.jesandco.org/resources/D100": {
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": [
                {"value": "http://purl.org/ASN/schema/core/StandardDocument", "type": "uri"}
            ],
            "http://purl.org/dc/elements/1.1/title": [{"value": "Mathematics", "type": "literal"}],
        }
    }
    assert problems_of(data) == [
        "pkg.json: CFDocument: missing; every CASE package has one (this file is RDF/JSON, as the "
        "Achievement Standards Network publishes standards; import the framework's CASE package instead)"
    ]


def test_cfdocument_without_identifier_or_title():
    data = happy()
    del data["CFDocument"]["identifier"]
    data["CFDocument"]["title"] = "  "
    assert problems_of(data) == [
        "pkg.json, CFDocument: identifier: missing",
        "pkg.json, CFDocument: title: is empty",
    ]


def test_item_without_identifier_or_statement():
    data = happy()
    del data["CFItems"][0]["identifier"]
    del data["CFItems"][1]["fullStatement"]
    data["CFItems"][2]["fullStatement"] = ""
    data["CFItems"][3]["fullStatement"] = ["Life", "Science"]
    data["CFItems"][4]["identifier"] = None
    assert problems_of(data) == [
        "pkg.json, CFItems[0]: identifier: missing",
        "pkg.json, CFItems[1]: fullStatement: missing; a competency needs a statement (item RB.PS)",
        "pkg.json, CFItems[2]: fullStatement: is empty; a competency needs a statement (item RB.LS.1)",
        "pkg.json, CFItems[3]: fullStatement: expected text, found a list",
        "pkg.json, CFItems[4]: identifier: missing",
    ]


def test_duplicate_item_identifiers():
    data = happy()
    data["CFItems"][4]["identifier"] = iid(12).upper()  # the same UUID as CFItems[2], in capitals
    data["CFItems"][5]["identifier"] = DOC
    assert problems_of(data) == [
        f"pkg.json, CFItems[4]: identifier: duplicate identifier '{iid(12)}' (first at CFItems[2])",
        f"pkg.json, CFItems[5]: identifier: '{DOC}' is the CFDocument's identifier",
    ]


def test_unknown_association_type():
    data = happy()
    data["CFAssociations"][7]["associationType"] = "isParentOf"
    assert problems_of(data) == [
        "pkg.json, CFAssociations[7]: associationType: unknown associationType 'isParentOf'; CASE defines "
        "isChildOf, precedes, exactMatchOf, isRelatedTo, isPartOf, isPeerOf, replacedBy, exemplar, "
        "hasSkillLevel, isTranslationOf (and ext:<name> in CASE 1.1)"
    ]


def test_ischildof_cycle():
    data = happy()
    data["CFAssociations"][0]["destinationNodeURI"] = node(iid(12))  # RB.LS under its own child RB.LS.1
    data["CFAssociations"][5]["destinationNodeURI"] = node(iid(22))  # RB.PS.1 under itself
    assert problems_of(data) == [
        "pkg.json, CFAssociations[0]: destinationNodeURI: isChildOf makes a cycle: "
        "RB.LS -> RB.LS.1 -> RB.LS (each is a child of the next)",
        "pkg.json, CFAssociations[5]: destinationNodeURI: isChildOf makes a cycle: "
        "RB.PS.1 -> RB.PS.1 (each is a child of the next)",
    ]


def test_values_that_cannot_be_read():
    data = happy()
    data["CFDocument"]["lastChangeDateTime"] = "15/01/2025"
    data["CFItems"][0]["educationalLevel"] = ["11"]
    data["CFAssociations"][1]["sequenceNumber"] = "second"
    del data["CFAssociations"][2]["destinationNodeURI"]
    data["CFAssociations"][3]["originNodeURI"] = f"https://case.riverbend.example/uri/{iid(12)}"
    data["CFAssociations"][4]["originNodeURI"] = {"title": "RB.LS.2"}
    data["CFAssociations"][5]["sequenceNumber"] = float("inf")  # Python's json reads Infinity
    assert problems_of(data) == [
        "pkg.json, CFDocument: lastChangeDateTime: '15/01/2025' is not a date-time such as "
        "2024-01-31T12:00:00+00:00",
        "pkg.json, CFItems[0]: educationLevel: educationLevel and educationalLevel are both given and differ",
        "pkg.json, CFAssociations[1]: sequenceNumber: 'second' is not a whole number",
        "pkg.json, CFAssociations[2]: destinationNodeURI: missing",
        "pkg.json, CFAssociations[3]: originNodeURI: expected a LinkGenURI object, found text",
        "pkg.json, CFAssociations[4]: originNodeURI.identifier: missing",
        "pkg.json, CFAssociations[5]: sequenceNumber: a number too large to read (more than 4,300 digits, "
        "or beyond 1.8e308)",
    ]


def test_parts_of_the_wrong_shape():
    data = happy()
    data["CFItems"] = {"items": []}
    data["CFAssociations"] = [42]
    data["CFDefinitions"] = "none"
    data["CFDocument"]["CFPackageURI"] = 7
    del data["CFDocument"]["uri"]
    assert problems_of(data) == [
        "pkg.json: CFDefinitions: expected an object, found text",
        "pkg.json, CFDocument: CFPackageURI: expected a URI or a LinkURI object, found a number",
        "pkg.json: CFItems: expected a list, found an object",
        "pkg.json, CFAssociations[0]: expected an object, found a number",
    ]


def test_every_problem_is_reported_at_once():
    data = happy()
    del data["CFDocument"]["title"]
    data["CFItems"][6]["fullStatement"] = " "
    data["CFAssociations"][9]["associationType"] = "contains"
    with pytest.raises(InputError) as exc:
        parse_case_data(data, SOURCE)
    assert [(p.location, p.field) for p in exc.value.problems] == [
        ("CFDocument", "title"),
        ("CFItems[6]", "fullStatement"),
        ("CFAssociations[9]", "associationType"),
    ]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
FIELDS = [
    "identifier", "uri", "title", "fullStatement", "humanCodingScheme", "listEnumeration", "educationLevel",
    "educationalLevel", "subject", "CFItemType", "CFItemTypeURI", "CFDocumentURI", "CFPackageURI",
    "lastChangeDateTime", "associationType", "originNodeURI", "destinationNodeURI", "sequenceNumber",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    part=st.sampled_from(["CFDocument", "CFItems", "CFAssociations"]),
    index=st.integers(0, 6),
    key=st.sampled_from(FIELDS),
    value=JSON_VALUES,
)
def test_any_value_in_any_field_is_accepted_or_reported(part, index, key, value):
    data = happy()
    (data[part] if part == "CFDocument" else data[part][index])[key] = value
    try:
        result = parsed(data)
    except InputError as exc:
        assert exc.problems and all(p.file == SOURCE for p in exc.problems)
    else:
        assert len(result.competencies) == 7
