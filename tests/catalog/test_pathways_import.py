"""Declared pathways (pathways.json): import beside a catalog, export, and each bad input with its
exact message, the stored data untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from catalog import district
from catalog.importers.files import RESERVED_PATHWAY_IDS
from core.errors import InputError
from core.schema import Pathway, PathwayRole, PathwayStep
from matcher.pathways import INFERRED_ID
from planner.edits import NO_PATHWAY

BIOTECH = {
    "id": "biotech",
    "name": "Biotechnology",
    "description": "Biology, then a lab internship.",
    "occupations": ["19-4021.00"],
    "steps": [
        {"role": "introduction", "name": "Biology", "any_of": ["BIO-1"]},
        {"role": "capstone", "any_of": ["INT-BIOTECH"]},
    ],
}


def write(tmp_path: Path, data: object, name: str = "pathways.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def refused(store, path: Path) -> list[str]:
    before = store.catalog()
    with pytest.raises(InputError) as exc:
        district.import_file(store, "pathways", path)
    assert store.catalog() == before
    return [str(p) for p in exc.value.problems]


def test_pathways_import_beside_the_catalog_and_read_back(store, tiny_district, tmp_path):
    district.import_district(store, tiny_district)
    report = district.import_file(store, "pathways", write(tmp_path, [BIOTECH]))
    assert report.summary() == f"imported {tmp_path / 'pathways.json'}: pathways 0 -> 1"
    assert store.catalog().pathways == [
        Pathway(
            id="biotech",
            name="Biotechnology",
            description="Biology, then a lab internship.",
            occupations=["19-4021.00"],
            steps=[
                PathwayStep(role=PathwayRole.INTRODUCTION, name="Biology", any_of=["BIO-1"]),
                PathwayStep(role=PathwayRole.CAPSTONE, any_of=["INT-BIOTECH"]),
            ],
        )
    ]


def test_a_district_folder_with_pathways_exports_and_reimports_the_same(store, tiny_district, tmp_path):
    folder = tmp_path / "district"
    shutil.copytree(tiny_district, folder)
    write(folder, [BIOTECH])
    district.import_district(store, folder)
    out = tmp_path / "export"
    written = district.export_district(store, out, students=False)
    assert out / "pathways.json" in written
    assert json.loads((out / "pathways.json").read_text(encoding="utf-8")) == [
        BIOTECH
        | {
            "steps": [
                {"role": "introduction", "name": "Biology", "any_of": ["BIO-1"]},
                {"role": "capstone", "name": "", "any_of": ["INT-BIOTECH"]},
            ]
        }
    ]
    other = type(store).open(tmp_path / "other.duckdb")
    try:
        district.import_district(other, out)
        assert other.catalog().pathways == store.catalog().pathways
    finally:
        other.close()


def test_a_step_naming_an_unknown_opportunity_names_file_pathway_step_and_id(store, tiny_district, tmp_path):
    district.import_district(store, tiny_district)
    bad = BIOTECH | {
        "steps": [
            {"role": "introduction", "name": "Biology", "any_of": ["BIO-1"]},
            {"role": "deepening", "name": "Lab course", "any_of": ["LAB-9"]},
            {"role": "capstone", "any_of": ["INT-BIOTECH", "INT-GONE"]},
        ]
    }
    path = write(tmp_path, [BIOTECH | {"id": "fine"}, bad])
    assert refused(store, path) == [
        f"{path}, item 1, pathway 'biotech': step 2 (Lab course): opportunity 'LAB-9' is not in the catalog",
        f"{path}, item 1, pathway 'biotech': step 3 (capstone): opportunity 'INT-GONE' is not in the catalog",
    ]
    assert store.catalog().pathways == []


def test_a_pathway_without_steps_or_marked_inferred_is_refused(store, tiny_district, tmp_path):
    district.import_district(store, tiny_district)
    path = write(tmp_path, [BIOTECH | {"steps": []}, BIOTECH | {"id": "x", "inferred": True}])
    assert refused(store, path) == [
        f"{path}, item 0: steps: List should have at least 1 item after validation, not 0"
    ]
    path = write(tmp_path, [BIOTECH | {"id": "x", "inferred": True}])
    assert refused(store, path) == [
        f"{path}, item 0: inferred: a district file declares pathways; leave 'inferred' out"
    ]


def test_pathways_before_their_opportunities_are_refused(store, tmp_path):
    path = write(tmp_path, [BIOTECH])
    assert refused(store, path) == [
        f"{path}, item 0, pathway 'biotech': step 1 (Biology): opportunity 'BIO-1' is not in the catalog",
        f"{path}, item 0, pathway 'biotech': step 2 (capstone): opportunity 'INT-BIOTECH' is not in the catalog",
    ]


def test_the_sample_district_declares_pathways_over_its_own_catalog():
    bundle = district.district_bundle(Path(__file__).parents[2] / "data" / "sample")
    catalog = bundle.catalog()
    assert catalog.reference_problems() == []
    assert [p.name for p in catalog.pathways][:3] == ["Biotechnology", "Animal Science", "Health Sciences"]
    kinds = catalog.opportunity_map()
    for pathway in catalog.pathways:
        assert pathway.steps[0].role is PathwayRole.INTRODUCTION
        assert pathway.steps[-1].role is PathwayRole.CAPSTONE
        assert all(kinds[o].kind.value != "course" for o in pathway.steps[-1].any_of), pathway.id


def test_the_ids_none_and_inferred_are_reserved(store, tiny_district, tmp_path):
    assert set(RESERVED_PATHWAY_IDS) == {NO_PATHWAY, INFERRED_ID}
    district.import_district(store, tiny_district)
    path = write(tmp_path, [BIOTECH | {"id": "none"}, BIOTECH | {"id": "inferred"}])
    assert refused(store, path) == [
        f"{path}, item 0: id: 'none' is reserved (it means no pathway); choose another id",
        f"{path}, item 1: id: 'inferred' is reserved (it means the pathway the matcher builds); choose another id",
    ]
