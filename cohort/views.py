"""What the district sees of a run: the summary, demand per section, CSV course requests, and the
students off track with the reason and the relaxation that would help. The CLI and the staff page
both read these."""

from __future__ import annotations

from pathlib import Path

from cohort.domain import CohortRun, DemandRow, Outcome, StudentRun
from cohort.seats import SeatLimits
from core.csvcells import Cell, write_csv
from core.schema import Catalog

REQUEST_COLUMNS = [
    "student_id",
    "student_name",
    "grade",
    "opportunity_id",
    "title",
    "term",
    "status",
    "backup_for",
]
"""The columns of the course-requests CSV (docs/cohort.md)."""


def summary(run: CohortRun) -> str:
    """'Cohort run ID: 120 students: 112 planned, 6 off track, 2 failed; 9 lost a seat (41.2 s).'"""
    counts = run.counts()
    lost = sum(1 for s in run.students if s.lost)
    return (
        f"Cohort run {run.id}: {len(run.students)} students: {counts[Outcome.PLANNED]} planned, "
        f"{counts[Outcome.OFF_TRACK]} off track, {counts[Outcome.FAILED]} failed; "
        f"{lost} lost a seat ({run.seconds:g} s)."
    )


def limits_of(run: CohortRun, catalog: Catalog) -> SeatLimits:
    """The run's seats: the catalog's, with its what-if changes and cancellations."""
    return SeatLimits(catalog, run.seats, frozenset((k.opportunity, k.term) for k in run.cancelled))


def demand(run: CohortRun, catalog: Catalog) -> list[DemandRow]:
    """Per section (opportunity and start term): the students planned in it, its seats, and the students
    who wanted it and did not get it; sections with demand only, by opportunity then term order."""
    limits = limits_of(run, catalog)
    planned: dict[tuple[str, str], int] = {}
    titles: dict[str, str] = {o.id: o.title for o in catalog.opportunities}
    for one in run.students:
        if one.has_plan and one.plan is not None:
            for item in one.plan.items():
                key = (item.opportunity, item.start_term)
                planned[key] = planned.get(key, 0) + 1
    unmet: dict[tuple[str, str], int] = {}
    for one in run.students:
        held = (
            {(i.opportunity, i.start_term) for i in one.plan.items()} if one.has_plan and one.plan else set()
        )
        for key in {(k.opportunity, k.term) for k in one.lost} - held:
            unmet[key] = unmet.get(key, 0) + 1
    order = {t.id: n for n, t in enumerate(catalog.calendar.terms)} if catalog.calendar else {}
    keys = sorted(set(planned) | set(unmet), key=lambda k: (k[0], order.get(k[1], 0)))
    return [
        DemandRow(
            opportunity=o,
            title=titles.get(o, o),
            term=t,
            planned=planned.get((o, t), 0),
            seats=limits.limit(o, t),
            unmet=unmet.get((o, t), 0),
        )
        for o, t in keys
    ]


def _request(
    one: StudentRun, opportunity: str, title: str, term: str, status: str, backup_for: str = ""
) -> dict[str, Cell]:
    return {
        "student_id": one.student,
        "student_name": one.name,
        "grade": one.grade,
        "opportunity_id": opportunity,
        "title": title,
        "term": term,
        "status": status,
        "backup_for": backup_for,
    }


def write_requests(run: CohortRun, path: Path) -> int:
    """The run as course requests a student information system or master-schedule tool can take: one
    row per planned item ('planned'), per seat wanted and not given ('unmet') and per backup
    ('backup', naming the item it stands in for). Returns the number of rows."""
    rows: list[dict[str, Cell]] = []
    for one in run.students:
        items = one.plan.items() if one.has_plan and one.plan is not None else []
        rows += [_request(one, i.opportunity, i.title, i.start_term, "planned") for i in items]
        held = {i.opportunity for i in items}
        for key in one.lost:
            if key.opportunity not in held:
                wanted = one.first_plan.item(key.opportunity) if one.first_plan else None
                rows.append(_request(one, key.opportunity, wanted.title if wanted else "", key.term, "unmet"))
        rows += [_request(one, b.opportunity, b.title, b.term, "backup", b.instead_of) for b in one.backups]
    write_csv(path, REQUEST_COLUMNS, rows)
    return len(rows)


def off_track_lines(run: CohortRun) -> list[str]:
    """One line per student off track or failed: who, why, and what to relax."""
    lines = []
    for one in run.students:
        if one.outcome == Outcome.PLANNED:
            continue
        line = f"{one.student} ({one.name}, grade {one.grade}): {one.outcome.value}: {one.reason}"
        if one.relax:
            line += " Relaxing one of these would help: " + "; ".join(f"'{w}'" for w in one.relax) + "."
        lines.append(line)
    return lines
