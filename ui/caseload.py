"""An advisor's caseload: every student they may see, each with the state of their plan, read in one
call of the record service."""

from __future__ import annotations

import pandas as pd
from pydantic import BaseModel

from core.schema import Catalog
from planner.domain import has_plan
from records.accounts import User
from records.plans import PlanState, PlanVersion
from ui.login import get_records


class CaseRow(BaseModel):
    student: str
    name: str
    grade: int
    target: str
    status: str
    version: int
    last_change: str


def case_status(head: PlanVersion | None) -> str:
    """no plan, infeasible, draft, needs approval or approved (acknowledged counts as approved)."""
    if head is None:
        return "no plan"
    if not has_plan(head.plan):
        return "infeasible"
    if head.state is PlanState.DRAFT:
        return "draft"
    if head.state is PlanState.PROPOSED:
        return "needs approval"
    return "approved"


def caseload(user: User, catalog: Catalog) -> list[CaseRow]:
    """The students this user may see, each with the state of their plan."""
    records = get_records()
    names = {t.id: t.name for t in catalog.calendar.terms} if catalog.calendar else {}
    rows = []
    for student, head in records.caseload(user):
        rows.append(
            CaseRow(
                student=student.id,
                name=student.name,
                grade=student.grade,
                target=names.get(student.target_graduation_term, student.target_graduation_term),
                status=case_status(head),
                version=head.version if head else 0,
                last_change=f"{head.summary}, {head.saved_at:%Y-%m-%d}" if head else "",
            )
        )
    return sorted(rows, key=lambda r: (r.name, r.student))


def caseload_table(rows: list[CaseRow]) -> pd.DataFrame:
    """The caseload as people read it: names, not ids; headers in words; no "version 0"."""
    return pd.DataFrame(
        [
            {
                "student": r.name,
                "grade": r.grade,
                "target": r.target,
                "status": r.status,
                "version": str(r.version) if r.version else "none yet",
                "last change": r.last_change,
            }
            for r in rows
        ],
        columns=["student", "grade", "target", "status", "version", "last change"],
    )
