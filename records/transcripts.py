"""A student's mastery transcript read from the record (through the record service: one ``authorize``,
audited as a read of the record with 'transcript' in its detail): the credits and standards
(present/transcript.py), the graduation audit (``records.credit.graduation_audit``, the one audit) and
the work-based placements with their approved hours per term (records/placements.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from catalog.subjects import subject_label
from core.schema import Catalog
from core.settings import get_settings
from core.store import Cursor, Store
from planner.domain import has_plan
from present.progress import on_track
from present.transcript import AuditStatus, TermHours, TranscriptData, WorkPlacement, transcript_data
from records import credit, evidence, placements, plans
from records.credit import GraduationAudit
from records.placements import Placement, TimesheetEntry

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


def _term_names(catalog: Catalog) -> dict[str, str]:
    return {t.id: t.name for t in catalog.calendar.terms} if catalog.calendar else {}


def audit_status(audit: GraduationAudit, catalog: Catalog, plan_message: str) -> AuditStatus:
    """The graduation audit as the transcript's first page says it (subject minimums in words), with
    where the plan ends (``present.progress.on_track``)."""
    names = _term_names(catalog)
    return AuditStatus(
        requirement_set=catalog.requirement_set(audit.requirement_set).name,
        target=names.get(audit.target_term, audit.target_term),
        on_track=audit.on_track,
        required_total=len(audit.required),
        required_done=sum(1 for r in audit.required if r.status == "demonstrated"),
        required_planned=sum(1 for r in audit.required if r.status == "planned"),
        minimums=[_minimum(m.subject, m.demonstrated, m.planned, m.count) for m in audit.minimums],
        short={
            subject_label(m.subject): m.count - m.demonstrated - m.planned
            for m in audit.minimums
            if not m.met
        },
        plan_message=plan_message,
    )


def _minimum(subject: str, shown: int, planned: int, count: int) -> str:
    ahead = f", {planned} planned" if planned and shown < count else ""
    return f"{subject_label(subject)}: {min(shown, count)} of {count} shown{ahead}"


def work_placements(
    found: Sequence[Placement], logged: Sequence[TimesheetEntry], catalog: Catalog
) -> list[WorkPlacement]:
    """Each placement with its approved hours per term (``placements.totals``, the hours report's)."""
    names = _term_names(catalog)
    titles = {o.id: o.title for o in catalog.opportunities}
    totals = placements.totals(found, logged, catalog.calendar)
    return [
        WorkPlacement(
            opportunity=p.opportunity,
            title=titles.get(p.opportunity, p.opportunity),
            site=p.site,
            supervisor=p.supervisor_name,
            term=names.get(p.term, p.term),
            hours=[
                TermHours(term=t.term, label=names.get(t.term, t.term), hours=t.approved)
                for t in totals
                if t.placement_id == p.id and t.approved
            ],
        )
        for p in found
    ]


def read_transcript(
    store: Store,
    cur: Cursor,
    student_id: str,
    *,
    now: dt.datetime,
    visible: Callable[[Placement], bool] = lambda _: True,
) -> TranscriptData:
    """The transcript of one student as the database holds it now (NotFoundError for no such student);
    ``visible``: the placements the reader may see the hours of."""
    student = store.student(student_id, cur)
    catalog = store.catalog(cur)
    head = plans.head(cur, student_id)
    plan = head.plan if head else None
    entries = evidence.current(cur, [student_id])
    placed = placements.of_students(cur, [student_id])
    where = [(p.opportunity, p.term) for p in placed]
    items = plan.items() if has_plan(plan) else []
    took = credit.taken(student, entries, items, catalog, where)
    whole = credit.learner(student, entries, catalog.requirement_set(student.requirement_set))
    audit = credit.graduation_audit(student, entries, items, catalog, where)
    pace = on_track(student, catalog, plan).message if catalog.calendar else ""
    shown = [p for p in placed if visible(p)]
    return transcript_data(
        whole,
        catalog,
        district=district_name(catalog),
        as_of=now.date(),
        taken=took,
        audit=audit_status(audit, catalog, pace),
        work_based=work_placements(shown, placements.entries(cur, [p.id for p in shown]), catalog),
    )
