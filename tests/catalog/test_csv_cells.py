"""Every CSV the product writes is safe to open in a spreadsheet, and reads back to the same text."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from catalog import district
from catalog.importers.files import read_csv
from core.csvcells import FORMULA_STARTS, neutralize, restore, write_csv

FORMULA = "=cmd|' /C calc'!A0"


def test_formula_starts_get_a_mark_and_other_text_is_left_alone():
    cells = ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "'=x", "''", "'Tis", "'", "a=b", "", "x-"]
    assert [neutralize(c) for c in cells] == [
        "'=1+1",
        "'+1",
        "'-x",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "''=x",
        "'''",
        "'Tis",
        "'",
        "a=b",
        "",
        "x-",
    ]
    assert [restore(neutralize(c)) for c in cells] == cells


@given(st.text(alphabet=[*FORMULA_STARTS, "'", "a", " ", "1"], max_size=6) | st.text())
def test_every_text_reads_back_exactly_and_no_written_cell_is_a_formula(text):
    assert restore(neutralize(text)) == text
    assert not neutralize(text).startswith(FORMULA_STARTS)


def test_numbers_are_written_as_numbers_and_text_cells_neutralized(tmp_path):
    path = tmp_path / "out.csv"
    write_csv(path, ["name", "hours", "cost"], [{"name": "-x", "hours": -3, "cost": -2.5}, {"name": FORMULA}])
    assert path.read_text(encoding="utf-8") == f"name,hours,cost\n'-x,-3,-2.5\n'{FORMULA},,\n"
    rows = read_csv(path, ["name"], ["name", "hours", "cost"])
    assert rows == [
        ("row 2", {"name": "-x", "hours": "-3", "cost": "-2.5"}),
        ("row 3", {"name": FORMULA, "hours": "", "cost": ""}),
    ]


def test_a_formula_statement_is_exported_neutralized_and_reimports_unchanged(store, tmp_path, tiny_district):
    folder = tmp_path / "district"
    shutil.copytree(tiny_district, folder)
    source = folder / "competencies.csv"
    text = source.read_text(encoding="utf-8")
    text = text.replace("Solve linear equations and explain each step.", f'"{FORMULA}"')
    text = text.replace("Model a situation with a quadratic", "'Tis a model of a quadratic")
    source.write_text(text, encoding="utf-8")
    district.import_district(store, folder)
    statements = {c.id: c.statement for c in store.catalog().competencies}
    assert (statements["MATH-ALG-1"], statements["MATH-ALG-2"][:9]) == (FORMULA, "'Tis a mo")

    out = tmp_path / "export"
    district.export_district(store, out)
    with (out / "competencies.csv").open(encoding="utf-8", newline="") as handle:
        written = {row["id"]: row["statement"] for row in csv.DictReader(handle)}
    assert (written["MATH-ALG-1"], written["MATH-ALG-2"][:9]) == (f"'{FORMULA}", "'Tis a mo")

    from core.store import Store

    other = Store.open(tmp_path / "other.duckdb")
    district.import_district(other, out)
    assert other.catalog() == store.catalog()


PACKAGES = ("core", "catalog", "matcher", "planner", "chat", "present", "records", "ui", "pathways")
WRITE_CALLS = ("csv.writer", "csv.DictWriter", "to_csv(")


def test_every_csv_the_product_writes_goes_through_the_one_writer():
    root = Path(__file__).parents[2]
    writers = [
        str(path.relative_to(root))
        for folder in PACKAGES
        for path in sorted((root / folder).rglob("*.py"))
        if any(call in path.read_text(encoding="utf-8") for call in WRITE_CALLS)
    ]
    assert writers == ["core/csvcells.py"]
