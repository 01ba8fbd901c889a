"""What a re-plan changed, in words for people: one line per item added, removed or moved, and a
status change. The diff itself is ``planner.diff.PlanDiff``; the chat words it in its own voice
(data/chat/replies.json) and the plan history in a terse audit line (records/plans.py)."""

from __future__ import annotations

from core.i18n import N_, _
from planner.diff import PlanDiff
from planner.domain import PlanStatus

STATUS_WORDS = {
    PlanStatus.OPTIMAL: N_("optimal"),
    PlanStatus.FEASIBLE: N_("feasible"),
    PlanStatus.INFEASIBLE: N_("infeasible"),
    PlanStatus.INVALID: N_("invalid"),
    PlanStatus.UNKNOWN: N_("unknown"),
}


def change_lines(diff: PlanDiff) -> list[str]:
    """'Added X (Fall 2027)', 'Removed X', 'Moved X from Spring 2027 to Fall 2027', then a status
    change ('Status changed from optimal to infeasible'), in plan order."""
    lines = [_("Added {title} ({term})").format(title=c.title, term=c.after) for c in diff.added]
    lines += [_("Removed {title}").format(title=c.title) for c in diff.removed]
    lines += [
        _("Moved {title} from {before} to {after}").format(title=c.title, before=c.before, after=c.after)
        for c in diff.moved
    ]
    if (
        diff.status_before is not None
        and diff.status_after is not None
        and diff.status_before != diff.status_after
    ):
        lines.append(
            _("Status changed from {before} to {after}").format(
                before=_(STATUS_WORDS[diff.status_before]), after=_(STATUS_WORDS[diff.status_after])
            )
        )
    return lines
