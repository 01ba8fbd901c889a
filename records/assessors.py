"""Whom a teacher or assessor sees: the students enrolled in (planned for) the opportunities they assess.

A student is enrolled in an opportunity when the current version of their plan holds it, when they
completed it, or when they have a placement at it. The account's opportunities are linked by an admin
(``pathways users assess``); its students follow from the plans, so a re-plan that drops a course drops
the student from its teacher's list at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.store import Cursor

_ENROLLED = """
WITH heads AS (
    SELECT student_id, plan_json FROM plan_versions
    QUALIFY version = max(version) OVER (PARTITION BY student_id)
)
SELECT DISTINCT student_id FROM (
    SELECT student_id FROM heads
    WHERE len(list_intersect(json_extract_string(plan_json, '$.terms[*].items[*].opportunity'), ?)) > 0
    UNION ALL SELECT id FROM students WHERE len(list_intersect(completed_opportunities, ?)) > 0
    UNION ALL SELECT student_id FROM placements WHERE list_contains(?, opportunity_id)
)
"""


def opportunities(cur: Cursor, user_id: str) -> list[str]:
    """The opportunities an account assesses, by id."""
    rows = cur.execute(
        "SELECT opportunity_id FROM user_opportunities WHERE user_id = ? ORDER BY opportunity_id", [user_id]
    ).fetchall()
    return [r[0] for r in rows]


def enrolled(cur: Cursor, opportunity_ids: Sequence[str]) -> frozenset[str]:
    """The students enrolled in any of these opportunities (see the module's words)."""
    if not opportunity_ids:
        return frozenset()
    wanted = list(opportunity_ids)
    return frozenset(r[0] for r in cur.execute(_ENROLLED, [wanted, wanted, wanted]).fetchall())


def scope(cur: Cursor, user_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """A teacher's opportunities and the students enrolled in them."""
    assessed = opportunities(cur, user_id)
    return frozenset(assessed), enrolled(cur, assessed)


def set_opportunities(cur: Cursor, user_id: str, opportunity_ids: Sequence[str]) -> None:
    """Replace the opportunities an account assesses (the caller checks the account and the ids)."""
    cur.execute("DELETE FROM user_opportunities WHERE user_id = ?", [user_id])
    if opportunity_ids:
        cur.executemany(
            "INSERT INTO user_opportunities VALUES (?, ?)",
            [[user_id, o] for o in sorted(set(opportunity_ids))],
        )
