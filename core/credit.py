"""Credit by the proficiency rule: the one rule, read by the graduation audit (records.credit) and the
mastery transcript (present.transcript).

For every opportunity a student took, the share of its outcomes demonstrated is compared with the
requirement set's ``proficiency_share``, per subject when its outcomes span several: a subject's part of
the opportunity earns ``credit_per_term x length_terms x (its outcomes / all outcomes)`` when at least
that share of its outcomes is demonstrated, dated the day the share was reached. Shares are compared as
exact fractions: 7 of 10 at 70% earns the credit, 9 of 13 (69.2%) does not.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from fractions import Fraction

from pydantic import BaseModel, ConfigDict

from core.schema import Catalog, RequirementSet, Student


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Credit(_Model):
    """One subject's part of one opportunity: its outcomes, those demonstrated, and the credit."""

    opportunity: str
    title: str
    subject: str
    outcomes: list[str]
    demonstrated: list[str]
    share: float
    granted: bool
    credits: float
    granted_on: dt.date | None


def _reached_on(dates: list[dt.date], needed: int) -> dt.date | None:
    return sorted(dates)[needed - 1] if 0 < needed <= len(dates) else None


def credits(
    requirements: RequirementSet, catalog: Catalog, taken: Sequence[str], demonstrated: dict[str, dt.date]
) -> list[Credit]:
    """The credit of each opportunity in ``taken`` (in that order), one line per subject of its outcomes."""
    comps = catalog.competency_map()
    opportunities = catalog.opportunity_map()
    share = Fraction(str(requirements.proficiency_share))
    found = []
    for opportunity_id in dict.fromkeys(taken):
        opportunity = opportunities.get(opportunity_id)
        if opportunity is None:
            continue
        outcomes = [
            c for c in dict.fromkeys(opportunity.competencies) if c in comps and not comps[c].is_heading
        ]
        by_subject: dict[str, list[str]] = {}
        for c in outcomes:
            by_subject.setdefault(comps[c].subject, []).append(c)
        worth = Fraction(str(requirements.credit_per_term)) * opportunity.length_terms
        for subject, theirs in by_subject.items():
            shown = [c for c in theirs if c in demonstrated]
            granted = Fraction(len(shown), len(theirs)) >= share
            needed = math.ceil(share * len(theirs))
            found.append(
                Credit(
                    opportunity=opportunity_id,
                    title=opportunity.title,
                    subject=subject,
                    outcomes=theirs,
                    demonstrated=shown,
                    share=round(len(shown) / len(theirs), 4),
                    granted=granted,
                    credits=float(round(worth * len(theirs) / len(outcomes), 4)) if granted else 0.0,
                    granted_on=_reached_on([demonstrated[c] for c in shown], needed) if granted else None,
                )
            )
    return found


def demonstrated_on(student: Student) -> dict[str, dt.date]:
    """Each demonstrated competency of a (``learner``) student, with the first day it was demonstrated."""
    first: dict[str, dt.date] = {}
    for e in student.evidence:
        if e.level.demonstrated and (e.competency not in first or e.date < first[e.competency]):
            first[e.competency] = e.date
    return first
