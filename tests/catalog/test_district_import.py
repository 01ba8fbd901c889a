"""District files: happy paths, export/re-import, and each kind of bad input with its exact message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from catalog import district
from core.errors import InputError
from core.schema import cycles


def copy_district(tmp_path: Path, source: Path) -> Path:
    folder = tmp_path / "district"
    shutil.copytree(source, folder)
    return folder


def messages(exc: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def refused(store, kind: str, path: Path) -> list[str]:
    """Import one file that must be refused; the catalog must be left exactly as it was."""
    before = store.catalog()
    with pytest.raises(InputError) as exc:
        district.import_file(store, kind, path)
    assert store.catalog() == before
    return messages(exc)


def test_import_district_counts(store, tiny_district):
    report = district.import_district(store, tiny_district)
    assert report.before["opportunities"] == 0
    assert (report.after["frameworks"], report.after["competencies"], report.after["opportunities"]) == (
        1,
        5,
        3,
    )
    assert report.summary() == (
        f"imported {tiny_district}: frameworks 0 -> 1; competencies 0 -> 5; opportunities 0 -> 3; "
        "students 0 -> 1; terms 0 -> 4; requirement_sets 0 -> 1"
    )


def test_export_then_reimport_gives_the_same_catalog(store, tmp_path, tiny_district):
    district.import_district(store, tiny_district)
    out = tmp_path / "export"
    written = district.export_district(store, out)
    assert sorted(p.name for p in written) == [
        "calendar.json",
        "competencies.csv",
        "frameworks.json",
        "opportunities.json",
        "requirements.json",
        "students.json",
    ]
    from core.store import Store

    other = Store.open(tmp_path / "other.duckdb")
    district.import_district(other, out)
    assert other.catalog() == store.catalog()
    assert other.students() == store.students()


def test_reimport_is_idempotent(store, tiny_district):
    district.import_district(store, tiny_district)
    before = store.catalog()
    district.import_district(store, tiny_district)
    assert store.catalog() == before
    assert store.counts()["opportunities"] == 3


def test_opportunities_csv_matches_json(store, tmp_path, tiny_district):
    csv_path = tmp_path / "opportunities.csv"
    csv_path.write_text(
        "id,title,kind,competencies,hours_per_week,seasons,meetings,prerequisites,seats,min_grade\n"
        "INT-BIOTECH,Biotech Lab Internship,internship,HS-LS1-1;HS-PS1-2,6,spring;summer,"
        "Tue 15:00-18:00,BIO-1|comp:HS-LS1-1,3,10\n",
        encoding="utf-8",
    )
    opportunities, where = district.files.load_opportunities(csv_path)
    assert where == {"INT-BIOTECH": "row 2"}
    expected = json.loads((tiny_district / "opportunities.json").read_text())[1]
    got = opportunities[0].model_dump(mode="json")
    for key in (
        "competencies",
        "seasons",
        "meetings",
        "prerequisites",
        "seats",
        "min_grade",
        "hours_per_week",
    ):
        assert got[key] == expected[key]


def test_truncated_json_names_file_and_position(store, tmp_path, tiny_district):
    district.import_district(store, tiny_district)
    before = store.counts()
    path = tmp_path / "opportunities.json"
    text = (tiny_district / "opportunities.json").read_text()
    path.write_text(text[:300], encoding="utf-8")
    with pytest.raises(InputError) as exc:
        district.import_file(store, "opportunities", path)
    assert messages(exc) == [
        f"{path}, line 4, column 71 (character 300): the JSON ends too early (truncated?)"
    ]
    assert store.counts() == before


def test_csv_with_a_missing_column(store, tmp_path):
    path = tmp_path / "competencies.csv"
    path.write_text("id,code,subject,framework\nX,X,science,tiny\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        district.import_file(store, "competencies", path)
    assert messages(exc) == [
        f"{path}, header: missing required column(s) statement; the header has id, code, subject, framework"
    ]
    assert store.counts()["competencies"] == 0


def test_duplicate_id(store, tmp_path, tiny_district):
    folder = copy_district(tmp_path, tiny_district)
    csv_path = folder / "competencies.csv"
    lines = csv_path.read_text().splitlines()
    csv_path.write_text("\n".join([*lines, lines[2]]) + "\n")
    with pytest.raises(InputError) as exc:
        district.import_district(store, folder)
    assert messages(exc) == [f"{csv_path}, row 7: id: duplicate id 'HS-LS1-1' (first at row 3)"]
    assert store.counts()["competencies"] == 0


def test_reference_to_unknown_competency_rolls_back(store, tmp_path, tiny_district):
    district.import_district(store, tiny_district)
    data = json.loads((tiny_district / "opportunities.json").read_text())
    data[2]["competencies"] = ["MATH-ALG-1", "MATH-GEO-9"]
    data[0]["title"] = "Biology (renamed)"
    path = tmp_path / "opportunities.json"
    path.write_text(json.dumps(data))
    assert refused(store, "opportunities", path) == [
        f"{path}, item 2: competency 'MATH-GEO-9' is not in the catalog"
    ]


def test_meeting_at_25_00(store, tmp_path, tiny_district):
    data = json.loads((tiny_district / "opportunities.json").read_text())
    data[0]["meetings"][1]["start"] = "25:00"
    path = tmp_path / "opportunities.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as exc:
        district.import_file(store, "opportunities", path)
    assert messages(exc) == [
        f"{path}, item 0: meetings.1.start: time '25:00' is not a time of day (00:00 to 24:00)"
    ]
    assert store.counts()["opportunities"] == 0


def test_meeting_syntax_in_csv(store, tmp_path):
    path = tmp_path / "opportunities.csv"
    path.write_text(
        "id,title,kind,competencies,hours_per_week,seasons,meetings\n"
        "X,Robotics,after_school,HS-PS1-2,3,fall,Thursday afternoon\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        district.import_file(store, "opportunities", path)
    assert messages(exc) == [
        f"{path}, row 2: meetings: meeting 'Thursday afternoon' is not like 'Mon 15:30-18:30'"
    ]


def test_removing_a_used_competency_is_refused(store, tmp_path, tiny_district):
    """Replacing a framework's items must not orphan an opportunity that earns one of them."""
    district.import_district(store, tiny_district)
    bundle = district.district_bundle(tiny_district)
    kept = [c for c in bundle.competencies if c.id != "HS-PS1-2"]
    replacement = district.Bundle("new-framework.json", competencies=kept, replace_framework="tiny")
    with pytest.raises(InputError) as exc:
        district.apply(store, replacement)
    assert messages(exc) == [
        "new-framework.json, opportunity 'INT-BIOTECH': competency 'HS-PS1-2' is not in the catalog",
        "new-framework.json, requirement set 'tiny-diploma': competency 'HS-PS1-2' is not in the catalog",
    ]
    assert store.counts()["competencies"] == 5


def test_many_problems_are_all_reported(store, tmp_path):
    path = tmp_path / "students.json"
    path.write_text(json.dumps([{"id": "a"}, {"id": "b", "name": "B", "grade": 30}]))
    with pytest.raises(InputError) as exc:
        district.import_file(store, "students", path)
    assert messages(exc) == [
        f"{path}, item 0: name: Field required",
        f"{path}, item 0: grade: Field required",
        f"{path}, item 0: target_graduation_term: Field required",
        f"{path}, item 0: requirement_set: Field required",
        f"{path}, item 1: grade: Input should be less than or equal to 13",
        f"{path}, item 1: target_graduation_term: Field required",
        f"{path}, item 1: requirement_set: Field required",
    ]


def test_a_precedes_cycle_is_refused_and_rolls_back(store, tmp_path, tiny_district):
    district.import_district(store, tiny_district)
    path = tmp_path / "competencies.csv"
    lines = (tiny_district / "competencies.csv").read_text().splitlines()
    path.write_text("\n".join([*lines[:-1], lines[-1] + "MATH-ALG-1"]) + "\n")
    assert refused(store, "competencies", path) == [
        f"{path}, row 5: precedes makes a cycle: MATH-ALG-1 -> MATH-ALG-2 -> MATH-ALG-1 "
        "(each must be earned before the next), so none can be earned"
    ]


def test_a_prerequisite_cycle_is_refused_but_an_any_of_way_out_is_not(store, tmp_path, tiny_district):
    district.import_district(store, tiny_district)
    data = json.loads((tiny_district / "opportunities.json").read_text())
    data[0]["prerequisites"] = [{"any_of_opportunities": ["INT-BIOTECH"]}]
    data[1]["prerequisites"] = [{"any_of_opportunities": ["BIO-1"]}]
    path = tmp_path / "opportunities.json"
    path.write_text(json.dumps(data))
    assert refused(store, "opportunities", path) == [
        f"{path}, item 0: prerequisites make a cycle: BIO-1 -> INT-BIOTECH -> BIO-1 "
        "(each needs the next first), so none can be taken"
    ]
    # With another way in (HS-LS1-1 shown by evidence), the loop can be entered: it is accepted.
    data[1]["prerequisites"] = [{"any_of_opportunities": ["BIO-1"], "any_of_competencies": ["HS-LS1-1"]}]
    path.write_text(json.dumps(data))
    district.import_file(store, "opportunities", path)
    assert store.opportunity("BIO-1").prerequisites[0].any_of_opportunities == ["INT-BIOTECH"]


def test_the_cycle_finder_names_each_loop_from_its_smallest_node():
    edges = {"x": ["x"], "c": ["b"], "b": ["c", "d"], "d": ["b"], "e": ["a"], "a": []}
    assert cycles(edges) == [["b", "c", "b"], ["b", "d", "b"], ["x", "x"]]
    assert cycles({"a": ["b"], "b": ["c"]}) == []
    many = cycles({f"n{i:03d}": [f"n{i:03d}"] for i in range(300)})
    assert (len(many), many[0], many[-1]) == (100, ["n000", "n000"], ["n099", "n099"])


# --- files no importer can read: each is refused by name, never with a traceback ----------------

BIG = "1" * 5000
"""A number Python refuses to read from text (more than 4,300 digits)."""
TOO_LARGE = "a number too large to read (more than 4,300 digits, or beyond 1.8e308)"
DEEP = "[" * 200_000 + "]" * 200_000


def happy_case(case_fixtures: Path) -> dict:
    return json.loads((case_fixtures / "happy_v11.json").read_text(encoding="utf-8"))


def with_raw(data: object, raw: str) -> str:
    """The JSON of ``data`` with the placeholder string "@RAW@" replaced by raw JSON text."""
    return json.dumps(data).replace('"@RAW@"', raw)


def deep_at(text: str) -> str:
    """Where the nesting of ``text`` passes 200 levels (its only deep part is DEEP)."""
    start = text.index(DEEP)
    depth = sum(text.count(mark, 0, start) * step for mark, step in zip("[{]}", (1, 1, -1, -1), strict=True))
    pos = start + 200 - depth
    return f"line 1, column {pos + 1} (character {pos})"


def test_a_case_package_with_a_huge_number_or_deep_nesting_names_the_item_and_field(
    store, tmp_path, case_fixtures
):
    path = tmp_path / "case.json"
    data = happy_case(case_fixtures)
    data["CFAssociations"][1]["sequenceNumber"] = "@RAW@"
    data["CFItems"][2]["educationLevel"] = ["@RAW@"]
    data["CFItems"][3]["humanCodingScheme"] = "@RAW@"
    path.write_text(with_raw(data, BIG), encoding="utf-8")
    assert refused(store, "case", path) == [
        f"{path}, CFItems[2]: educationLevel[0]: {TOO_LARGE}",
        f"{path}, CFItems[3]: humanCodingScheme: {TOO_LARGE}",
        f"{path}, CFAssociations[1]: sequenceNumber: {TOO_LARGE}",
    ]
    data = happy_case(case_fixtures)
    data["CFItems"][1]["educationLevel"] = ["@RAW@"]
    text = with_raw(data, f'"{BIG}"')
    path.write_text(text, encoding="utf-8")
    shown = f"'{BIG[:60]}'... (5,000 characters)"
    assert refused(store, "case", path) == [
        f"{path}, CFItems[1]: educationLevel: {shown} is not a grade level (CEDS codes are PK, KG, 01 to 13...)"
    ]
    data["CFItems"][1]["educationLevel"] = "@RAW@"
    text = with_raw(data, DEEP)
    path.write_text(text, encoding="utf-8")
    assert refused(store, "case", path) == [
        f"{path}, CFItems[1]: educationLevel: nested more than 200 levels deep at {deep_at(text)}; "
        "no Pathways file nests so deep"
    ]


def test_a_case_package_with_a_5000_digit_code_sorts_and_a_too_long_link_end_is_named(
    store, tmp_path, case_fixtures
):
    path = tmp_path / "case.json"
    data = happy_case(case_fixtures)
    data["CFItems"][3]["humanCodingScheme"] = BIG
    path.write_text(json.dumps(data), encoding="utf-8")
    district.import_file(store, "case", path)
    assert [c.code for c in store.catalog().competencies].count(BIG) == 1
    data["CFAssociations"][7]["destinationNodeURI"]["identifier"] = "x" * 201
    path.write_text(json.dumps(data), encoding="utf-8")
    assert refused(store, "case", path) == [
        f"{path}, CFAssociations[7]: destinationNodeURI.identifier: String should have at most 200 characters"
    ]


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_a_date_time_outside_the_years_1_to_9999_in_utc_is_refused(store, tmp_path, case_fixtures, when):
    path = tmp_path / "case.json"
    data = happy_case(case_fixtures)
    data["CFDocument"]["lastChangeDateTime"] = when
    path.write_text(json.dumps(data), encoding="utf-8")
    outside = f"{when} is outside the years 1 to 9999 once converted to UTC"
    assert refused(store, "case", path) == [f"{path}, CFDocument: lastChangeDateTime: {outside}"]
    path = tmp_path / "frameworks.json"
    path.write_text(json.dumps([{"id": "tiny", "title": "Tiny", "last_changed": when}]), encoding="utf-8")
    assert refused(store, "frameworks", path) == [f"{path}, item 0: last_changed: {outside}"]


def test_district_files_with_a_huge_number_or_deep_nesting_name_the_item_and_field(
    store, tmp_path, tiny_district
):
    district.import_district(store, tiny_district)
    path = tmp_path / "opportunities.json"
    data = json.loads((tiny_district / "opportunities.json").read_text(encoding="utf-8"))
    data[0]["hours_per_week"], data[1]["cost"], data[2]["seats"] = "@RAW@", "@RAW@", 10**30
    path.write_text(with_raw(data, BIG), encoding="utf-8")
    assert refused(store, "opportunities", path) == [
        f"{path}, item 0: hours_per_week: Input should be a finite number",
        f"{path}, item 1: cost: Input should be a finite number",
        f"{path}, item 2: seats: Input should be less than or equal to 1000000",
    ]
    data[0]["hours_per_week"], data[1]["cost"], data[2]["meetings"] = 4, 0, "@RAW@"
    text = with_raw(data, DEEP)
    path.write_text(text, encoding="utf-8")
    assert refused(store, "opportunities", path) == [
        f"{path}, item 2: meetings: nested more than 200 levels deep at {deep_at(text)}; "
        "no Pathways file nests so deep"
    ]
    path = tmp_path / "opportunities.csv"
    path.write_text(
        f"id,title,kind,competencies,hours_per_week,seasons\nX,T,course,HS-LS1-1,{BIG},fall\n"
        f"Y,T,course,HS-LS1-1,-{BIG},fall\n",
        encoding="utf-8",
    )
    assert refused(store, "opportunities", path) == [
        f"{path}, row 2: hours_per_week: Input should be a finite number",
        f"{path}, row 3: hours_per_week: Input should be a finite number",
    ]


def test_a_students_school_is_optional_stored_and_exported(store, tmp_path, tiny_district):
    folder = copy_district(tmp_path, tiny_district)
    path = folder / "students.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0]["school"] = "North High"
    rows.append({**rows[0], "id": "stu-2", "name": "Second Student"})
    del rows[1]["school"]
    path.write_text(json.dumps(rows), encoding="utf-8")
    district.import_district(store, folder)
    assert [(s.id, s.school) for s in store.students()] == [(rows[0]["id"], "North High"), ("stu-2", "")]
    out = tmp_path / "export"
    district.export_district(store, out)
    exported = json.loads((out / "students.json").read_text(encoding="utf-8"))
    assert [s["school"] for s in exported] == ["North High", ""]
