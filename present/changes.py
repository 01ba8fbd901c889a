"""What a re-plan changed, in words for people: one line per item added, removed or moved, and a
status change. The diff itself is ``planner.diff.PlanDiff``; the chat words it in its own voice
(data/chat/replies.json) and the plan history in a terse audit line (records/plans.py)."""

from __future__ import annotations

from planner.diff import PlanDiff


def change_lines(diff: PlanDiff) -> list[str]:
    """'Added X (Fall 2027)', 'Removed X', 'Moved X from Spring 2027 to Fall 2027', then a status
    change ('Status changed from optimal to infeasible'), in plan order."""
    lines = [f"Added {c.title} ({c.after})" for c in diff.added]
    lines += [f"Removed {c.title}" for c in diff.removed]
    lines += [f"Moved {c.title} from {c.before} to {c.after}" for c in diff.moved]
    if (
        diff.status_before is not None
        and diff.status_after is not None
        and diff.status_before != diff.status_after
    ):
        lines.append(f"Status changed from {diff.status_before.value} to {diff.status_after.value}")
    return lines
