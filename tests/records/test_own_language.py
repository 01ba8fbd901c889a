"""A family's own language choice (the page's switch) goes through the one authorization check and is
audited, like every other change an account makes."""

from __future__ import annotations

import pytest

from records import audit
from records.errors import AccessDenied
from records.service import Records


def _last(records: Records, user_id: str) -> tuple[str, str | None, bool, str]:
    with records._transaction() as (_, cur):
        entry = audit.entries(cur, user_id=user_id, limit=1)[0]
    return entry.action, entry.student_id, entry.allowed, entry.detail


def test_a_family_s_language_choice_is_kept_and_audited(records, users):
    chosen = records.set_own_language(users["fam.reyes"], "vi")
    assert chosen.language == "vi"
    assert _last(records, "fam.reyes") == ("choose_language", None, True, "set its own language to vi")
    assert records.set_own_language(users["fam.reyes"], None).language is None
    assert _last(records, "fam.reyes") == ("choose_language", None, True, "set its own language to en")


def test_another_role_is_refused_audited_and_nothing_changes(records, users):
    with pytest.raises(AccessDenied, match=r"^not allowed: ana \(student\) may not choose language$"):
        records.set_own_language(users["ana"], "es")
    assert _last(records, "ana") == ("choose_language", None, False, "")
    with records._transaction() as (_, cur):
        assert cur.execute("SELECT language FROM users WHERE id = 'ana'").fetchone() == (None,)
