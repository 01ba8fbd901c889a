"""A student's mastery transcript read from the record (through the record service: one ``authorize``,
audited as a read of the record with 'transcript' in its detail)."""

from __future__ import annotations

import datetime as dt

from core.schema import Catalog
from core.settings import get_settings
from core.store import Cursor, Store
from planner.domain import has_plan
from present.transcript import TranscriptData, transcript_data
from records import credit, evidence, placements, plans

TRANSCRIPT = "transcript"
"""The audit detail of a transcript read (its action is ``view_record``)."""

DEFAULT_DISTRICT = "Pathways district"


def district_name(catalog: Catalog) -> str:
    """The issuing district's name: PATHWAYS_ISSUER_NAME, else the publisher of the catalog's first
    framework that names one."""
    configured = get_settings().issuer_name.strip()
    if configured:
        return configured
    return next((f.publisher for f in catalog.frameworks if f.publisher), DEFAULT_DISTRICT)


def read_transcript(store: Store, cur: Cursor, student_id: str, *, now: dt.datetime) -> TranscriptData:
    """The transcript of one student as the database holds it now (NotFoundError for no such student)."""
    student = store.student(student_id, cur)
    catalog = store.catalog(cur)
    head = plans.head(cur, student_id)
    plan = head.plan if head else None
    entries = evidence.current(cur, [student_id])
    placed = [(p.opportunity, p.term) for p in placements.of_students(cur, [student_id])]
    items = plan.items() if has_plan(plan) else []
    took = credit.taken(student, entries, items, catalog, placed)
    whole = credit.learner(student, entries, catalog.requirement_set(student.requirement_set))
    return transcript_data(
        whole, catalog, plan, district=district_name(catalog), as_of=now.date(), taken=took
    )
