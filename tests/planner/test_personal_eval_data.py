"""The personal-pathways evaluation set (data/eval/personal_eval.json) is well formed against the
sample district: ids exist, added profiles are valid students, grades are 1 or 2, both splits hold
profiles. Each check is also shown failing on a damaged copy of the set."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from benchmarks.personal_eval import EVAL_PATH, EvalSet, Profile, Split, problems, read_eval
from core.schema import Catalog, Student

SOURCE = "data/eval/personal_eval.json"


@pytest.fixture(scope="module")
def eval_set() -> EvalSet:
    return read_eval(EVAL_PATH)


def check(eval_set: EvalSet, sample_district: tuple[Catalog, list[Student]]) -> list[str]:
    catalog, students = sample_district
    return problems(eval_set, catalog, students, SOURCE)


def added(eval_set: EvalSet) -> Profile:
    return next(p for p in eval_set.profiles if p.student is not None)


def test_the_set_is_well_formed(eval_set: EvalSet, sample_district: tuple[Catalog, list[Student]]) -> None:
    assert check(eval_set, sample_district) == []
    splits = {split: [p for p in eval_set.profiles if p.split == split] for split in Split}
    assert len(splits[Split.HELDOUT]) >= 10
    assert sum(p.student is None for p in splits[Split.HELDOUT]) >= 3
    assert len(eval_set.profiles) >= 30
    assert "before any tuning" in eval_set.about


def test_an_unknown_opportunity_and_a_grade_outside_1_2_are_named(
    eval_set: EvalSet, sample_district: tuple[Catalog, list[Student]]
) -> None:
    damaged = eval_set.model_copy(deep=True)
    maya = next(p for p in damaged.profiles if p.id == "stu-maya")
    maya.relevant["CTE-BIOTECH"] = 3
    maya.relevant["SCI-MARINE"] = 2
    assert check(damaged, sample_district) == [
        f"{SOURCE}: profile stu-maya, relevant: 'CTE-BIOTECH' has grade 3; grades are 1 or 2",
        f"{SOURCE}: profile stu-maya, relevant: 'SCI-MARINE' is not an opportunity of the sample district",
    ]


def test_a_duplicate_id_and_an_empty_split_are_named(
    eval_set: EvalSet, sample_district: tuple[Catalog, list[Student]]
) -> None:
    damaged = eval_set.model_copy(deep=True)
    damaged.profiles = [p for p in damaged.profiles if p.split == Split.HELDOUT]
    damaged.profiles.append(damaged.profiles[0])
    found = check(damaged, sample_district)
    first = damaged.profiles[0].id
    assert f"{SOURCE}: profile {first}, id: appears twice" in found
    assert f"{SOURCE}: split dev has no profiles" in found
    assert f"{SOURCE}: sample student stu-maya has no profile" in found


def test_an_added_profile_with_unknown_references_is_named(
    eval_set: EvalSet, sample_district: tuple[Catalog, list[Student]]
) -> None:
    damaged = eval_set.model_copy(deep=True)
    profile = added(damaged)
    assert profile.student is not None
    profile.student.requirement_set = "nyc-diploma"
    profile.student.evidence[0].competency = "NO.SUCH.1"
    assert check(damaged, sample_district) == [
        f"{SOURCE}: profile {profile.id}, student: requirement set 'nyc-diploma' is unknown",
        f"{SOURCE}: profile {profile.id}, student: evidence for unknown competency 'NO.SUCH.1'",
    ]


def test_an_added_profile_must_be_a_valid_student(eval_set: EvalSet) -> None:
    record = added(eval_set).model_dump(mode="json")
    record["student"]["grade"] = 4
    with pytest.raises(
        ValidationError, match=r"student\.grade\n  Input should be greater than or equal to 6"
    ):
        Profile.model_validate(record)
