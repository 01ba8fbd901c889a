"""The fingerprint of an opening's inputs (chat/opening.py): the same for the same record, plan,
catalog, settings and code; another for any change that could change the first plan or its words."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import district
from chat.opening import opening_inputs
from core.schema import Catalog, Evidence, Student
from core.settings import Settings
from core.store import Store
from planner.domain import Lock, PlanResult, PlanStatus
from planner.edits import PlanEdits, Wishes


@pytest.fixture
def tiny(store: Store, tiny_district: Path) -> tuple[Catalog, Student]:
    district.import_district(store, tiny_district)
    return store.catalog(), store.student("stu-ana")


def key(catalog: Catalog, wishes: Wishes, plan: PlanResult | None = None, **settings: object) -> str:
    return opening_inputs(catalog, wishes, plan, Settings(**settings))


def test_the_same_inputs_give_the_same_fingerprint(tiny):
    catalog, ana = tiny
    first = key(catalog, Wishes(student=ana))
    assert key(catalog.model_copy(deep=True), Wishes(student=ana.model_copy(deep=True))) == first
    assert key(catalog, Wishes(student=ana), db=Path("/elsewhere.duckdb")) == first  # where, not how


def test_any_change_that_could_change_the_plan_changes_the_fingerprint(tiny):
    catalog, ana = tiny
    wishes = Wishes(student=ana)
    first = key(catalog, wishes)
    renamed = [
        o.model_copy(update={"title": o.title + " II"}) if i == 0 else o
        for i, o in enumerate(catalog.opportunities)
    ]
    proof = Evidence(
        competency=catalog.competencies[-1].id, level="proficient", date="2026-05-01", source="", assessor=""
    )
    changed = {
        "interests": key(catalog, Wishes(student=ana.model_copy(update={"interests": "animals"}))),
        "evidence": key(catalog, Wishes(student=ana.model_copy(update={"evidence": [*ana.evidence, proof]}))),
        "a lock": key(catalog, Wishes(student=ana, edits=PlanEdits(locks=[Lock(opportunity="BIO-1")]))),
        "a saved plan": key(catalog, wishes, PlanResult(status=PlanStatus.OPTIMAL, student=ana.id)),
        "the catalog": key(catalog.model_copy(update={"opportunities": renamed}), wishes),
        "a setting": key(catalog, wishes, solver_time_limit=3.0),
    }
    assert [what for what, fingerprint in changed.items() if fingerprint == first] == []
    assert len(set(changed.values())) == len(changed)
