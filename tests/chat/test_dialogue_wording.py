"""The chat's wording file: every template the code asks for exists, and a broken file is an error
that names what is wrong (no model needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chat.replies import DEFAULT_REPLIES, default_wording, load_wording
from core.errors import InputError
from core.settings import PROJECT_ROOT

CHAT = PROJECT_ROOT / "chat"
SAY = re.compile(r"""say\(\s*f?["']([a-z_]+)(?:\.[a-z_{}.]+)?["']""")


def test_every_template_the_code_asks_for_exists() -> None:
    sources = [*CHAT.glob("dialogue*.py"), CHAT / "replies.py"]
    asked = {key for path in sources for key in SAY.findall(path.read_text(encoding="utf-8"))}
    assert len(asked) > 60
    templates = default_wording().templates
    assert sorted(asked - set(templates)) == []


def test_templates_fill_in_and_groups_are_complete() -> None:
    wording = default_wording()
    assert wording.say("noted_hours", hours="12") == "Got it: up to 12 hours a week."
    assert wording.say("which.exclude", title="Chemistry") == (
        'Which item do you mean? Name it, for example "drop Chemistry".'
    )
    assert wording.ordinal("second") == 2 and wording.ordinal("last") == -1 and wording.ordinal("one") is None


def test_a_broken_file_names_the_entry(tmp_path: Path) -> None:
    raw = json.loads(DEFAULT_REPLIES.read_text(encoding="utf-8"))
    del raw["ask"]["hours"]
    raw["greeting"] = 3
    broken = tmp_path / "replies.json"
    broken.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_wording(broken)
    assert str(caught.value).splitlines() == [
        f"{broken}: greeting: must be text",
        f"{broken}: ask.hours: is missing or not text",
    ]


def test_a_file_that_is_not_json(tmp_path: Path) -> None:
    broken = tmp_path / "replies.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the replies"):
        load_wording(broken)
