"""The exemplar file and the evaluation set: shape, size, and no verbatim overlap (no model needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from catalog.district import district_bundle
from chat import Intent, load_lexicon
from core.schema import Mode, Pace, TimeBlock
from core.settings import PROJECT_ROOT

EVAL_FILE = PROJECT_ROOT / "data" / "eval" / "chat_eval.json"
SAMPLE = PROJECT_ROOT / "data" / "sample"
SLOT_KEYS = {
    "intent", "busy", "free", "hours_per_week", "pace", "term", "modes", "avoid_modes", "opportunities",
    "replacement", "choices", "interests", "career_goal", "topic", "subjects", "competencies", "fullness",
}  # fmt: skip
MIN_EVAL_MESSAGES = 150


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    return json.loads(EVAL_FILE.read_text(encoding="utf-8"))["items"]


def test_every_intent_has_a_few_to_a_dozen_distinct_exemplars() -> None:
    lexicon = load_lexicon()
    for intent in Intent:
        exemplars = lexicon.intents[intent].exemplars
        assert 3 <= len(exemplars) <= 15, intent
        assert len({_plain(e) for e in exemplars}) == len(exemplars), intent


def test_the_eval_set_is_large_and_well_formed(items: list[dict[str, Any]]) -> None:
    assert len(items) >= MIN_EVAL_MESSAGES
    subjects = set(load_lexicon().subjects)
    for item in items:
        assert item["text"].strip() and item["expect"], item
        for want in item["expect"]:
            assert set(want) <= SLOT_KEYS, want
            Intent(want["intent"])
            for block in want.get("busy", []) + want.get("free", []):
                day, span = block.split()
                start, end = span.split("-")
                assert str(TimeBlock(day=day, start=start, end=end)) == block
            for mode in want.get("modes", []) + want.get("avoid_modes", []):
                Mode(mode)
            if "pace" in want:
                Pace(want["pace"])
            assert set(want.get("subjects", [])) <= subjects, want


def test_the_eval_set_covers_every_intent_and_several_requests_at_once(items: list[dict[str, Any]]) -> None:
    seen = {want["intent"] for item in items for want in item["expect"]}
    assert seen == {i.value for i in Intent}
    assert sum(len(item["expect"]) > 1 for item in items) >= 15


def test_no_eval_message_is_an_exemplar(items: list[dict[str, Any]]) -> None:
    exemplars = {_plain(e) for spec in load_lexicon().intents.values() for e in spec.exemplars}
    overlap = sorted({_plain(item["text"]) for item in items} & exemplars)
    assert overlap == []


def test_eval_references_exist_in_the_sample_district(items: list[dict[str, Any]]) -> None:
    plans = json.loads(EVAL_FILE.read_text(encoding="utf-8"))["plans"]
    bundle = district_bundle(Path(SAMPLE))
    opportunities = {o.id for o in bundle.opportunities}
    competencies = {c.id for c in bundle.competencies}
    assert bundle.calendar is not None
    terms = {t.id for t in bundle.calendar.terms}
    for item in items:
        assert item["split"] in ("dev", "heldout1", "heldout2"), item
        assert set(plans[item["plan"]] if "plan" in item else []) <= opportunities, item
        for want in item["expect"]:
            named = want.get("opportunities", []) + want.get("replacement", []) + want.get("choices", [])
            assert set(named) <= opportunities, want
            assert set(want.get("competencies", [])) <= competencies, want
            assert want.get("term", next(iter(terms))) in terms, want
