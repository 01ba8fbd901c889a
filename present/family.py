"""Plain-language readings of a plan, for people rather than programs.

- ``progress_by_subject`` and ``on_track`` (present/progress.py): where the student stands.
- ``plan_summary`` and ``pathway_lines`` (present/plan_words.py): the plan as a whole, in words.
- ``family_summary``: what the student does each term, when it meets, what it counts toward and how
  close the student is to graduating (the family page, its printable view and its PDF read this).

Nothing here prints or touches a UI; every function takes typed objects and returns typed objects.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from catalog.subjects import subject_label
from core.i18n import _, join, ngettext, number, short_date, time_text
from core.schema import MINUTES_PER_DAY, Catalog, Student, Term, TimeBlock
from planner.domain import PlanItem, PlanResult, has_plan
from present.localized import (
    days_name,
    english,
    kind_name,
    mode_name,
    opportunity_title,
    subject_name,
    term_name,
)
from present.plan_words import no_plan_message, pathway_lines, plan_summary
from present.progress import SubjectProgress, TrackStatus, calendar_terms, on_track, progress_by_subject

NOON = 12 * 60


# --- times in words -----------------------------------------------------------------------------


def clock_text(minutes: int) -> str:
    """Minutes since midnight on a 12-hour clock: 900 -> '3:00 pm' (other languages: their own clock,
    '15:00')."""
    if not english():
        return time_text(minutes)
    hour, minute = divmod(minutes % MINUTES_PER_DAY, 60)
    suffix = "am" if hour < NOON // 60 else "pm"
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {suffix}"


def span_text(block: TimeBlock) -> str:
    """'8:00-9:30 am', or '11:00 am-1:00 pm' when the span crosses noon ('8:00-9:30' in Spanish)."""
    start, end = clock_text(block.start), clock_text(block.end)
    if not english():
        return f"{start}-{end}"
    if start[-2:] == end[-2:]:
        return f"{start[:-3]}-{end}"
    return f"{start}-{end}"


def meeting_text(meetings: list[TimeBlock]) -> str:
    """'Mondays and Wednesdays 8:00-9:30 am; Tuesdays 3:00-6:00 pm', or a sentence for self-paced."""
    if not meetings:
        return _("self-paced: no fixed meeting times")
    by_span: dict[tuple[int, int], list[str]] = {}
    for block in sorted(meetings, key=lambda b: (b.start, b.end, b.day.index)):
        by_span.setdefault((block.start, block.end), []).append(days_name(block.day))
    parts = []
    for (start, end), days in by_span.items():
        span = span_text(TimeBlock(day="Mon", start=start, end=end))
        parts.append(_("{days} {time}").format(days=join(days), time=span))
    return "; ".join(parts)


def dates_text(term: Term) -> str:
    """'Jan 11 - Jun 11, 2027' (both years when the term spans a new year; '11 ene - 11 jun 2027')."""
    start = short_date(term.start, with_year=term.start.year != term.end.year)
    return f"{start} - {short_date(term.end, with_year=True)}"


# --- the family summary ------------------------------------------------------------------------


class Activity(BaseModel):
    """One thing the student does in a term, in words."""

    opportunity: str
    title: str
    kind: str = Field(description="'internship', 'online course', ...")
    where: str
    schedule: str
    counts_toward: str
    continuing: bool = Field(description="Started in an earlier term and still running.")
    until: str = Field(default="", description="The term it ends in, when it runs past this one.")


class TermSummary(BaseModel):
    term: str
    name: str
    dates: str
    weekly_hours: float
    activities: list[Activity]

    @property
    def load(self) -> str:
        """'about 9 hours a week', or 'nothing planned'."""
        if not self.activities:
            return _("nothing planned")
        return _("about {hours} hours a week").format(hours=number(self.weekly_hours))


class FamilySummary(BaseModel):
    """Everything the family view says, ready to print."""

    student_name: str
    headline: str = Field(description="How close the student is to graduating, in one or two sentences.")
    summary: str = Field(default="", description="The plan in two sentences (present/plan_words.py).")
    pathway: list[str] = Field(
        default_factory=list, description="The pathway the plan follows, and why a step is missing."
    )
    track: TrackStatus
    progress: list[SubjectProgress]
    terms: list[TermSummary]
    state_note: str = ""
    plan_message: str = Field(default="", description="Why there is no plan, when there is none.")


def counts_toward(item: PlanItem, catalog: Catalog) -> str:
    """'graduation in Science (2) and Mathematics (1)', or what the item earns beyond requirements."""
    comps = catalog.competency_map()

    def by_subject(ids: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for c in ids:
            subject = comps[c].subject if c in comps else ""
            label = subject_name(subject, subject_label(subject))
            found[label] = found.get(label, 0) + 1
        return dict(sorted(found.items()))

    if item.needed:
        parts = [f"{label} ({n})" for label, n in by_subject(item.needed).items()]
        return _("graduation in {subjects}").format(subjects=join(parts))
    labels = list(by_subject(item.competencies))
    return _("skills in {subjects} beyond what graduation asks").format(subjects=join(labels))


def _where(item: PlanItem, catalog: Catalog) -> str:
    opp = catalog.opportunity_map().get(item.opportunity)
    mode = mode_name(item.mode)
    if opp is None:
        return mode
    parts = [opp.location] if opp.provider and opp.provider in opp.location else [opp.provider, opp.location]
    place = ", ".join(p for p in parts if p)
    return f"{mode}, {place}" if place else mode


def item_title(item: PlanItem, catalog: Catalog) -> str:
    """The item's title in the reader's language (the district's translation, or its English marked)."""
    opp = catalog.opportunity_map().get(item.opportunity)
    return item.title if english() or opp is None else opportunity_title(opp)


def _activity(item: PlanItem, catalog: Catalog, names: dict[str, str], term: str) -> Activity:
    return Activity(
        opportunity=item.opportunity,
        title=item_title(item, catalog),
        kind=kind_name(item.kind),
        where=_where(item, catalog),
        schedule=meeting_text(item.meetings),
        counts_toward=counts_toward(item, catalog),
        continuing=item.start_term != term,
        until=names.get(item.end_term, item.end_term) if item.end_term != term else "",
    )


def family_summary(
    student: Student, catalog: Catalog, plan: PlanResult | None, state_note: str = ""
) -> FamilySummary:
    """The plan as a family reads it: per term, what the student does, when, and what it counts toward."""
    terms = {t.id: t for t in calendar_terms(catalog)}
    names = {t.id: term_name(t) for t in terms.values()}
    track = on_track(student, catalog, plan)
    progress = progress_by_subject(student, catalog, plan)
    done = sum(p.demonstrated for p in progress)
    planned = sum(p.planned for p in progress)
    missing = sum(p.missing for p in progress)
    first = student.name.split()[0]
    total = done + planned + missing
    headline = ngettext(
        "{first} has shown {done} of the {total} competency the diploma asks for.",
        "{first} has shown {done} of the {total} competencies the diploma asks for.",
        total,
    ).format(first=first, done=done, total=total)
    if has_plan(plan):  # what the plan covers and by when: its summary (present/plan_words.py)
        if missing:
            headline += " " + ngettext(
                "{missing} still needs another way to be shown; the advisor can help.",
                "{missing} still need another way to be shown; the advisor can help.",
                missing,
            ).format(missing=missing)
    else:
        headline += f" {track.message}"
    summaries = []
    if has_plan(plan):
        items = {i.opportunity: i for i in plan.items()}
        for term_plan in plan.terms:
            running = [items[o] for o in term_plan.continuing if o in items] + term_plan.items
            summaries.append(
                TermSummary(
                    term=term_plan.term,
                    name=names.get(term_plan.term, term_plan.name),
                    dates=dates_text(terms[term_plan.term]) if term_plan.term in terms else "",
                    weekly_hours=term_plan.weekly_hours,
                    activities=[_activity(i, catalog, names, term_plan.term) for i in running],
                )
            )
    return FamilySummary(
        student_name=student.name,
        headline=headline,
        summary=plan_summary(student, catalog, plan) if has_plan(plan) else "",
        pathway=pathway_lines(plan.pathway, catalog) if plan is not None and plan.pathway else [],
        track=track,
        progress=progress,
        terms=summaries,
        state_note=state_note,
        plan_message="" if plan is None or has_plan(plan) else no_plan_message(plan, catalog),
    )


def activity_lines(activity: Activity) -> list[str]:
    """An activity as lines of plain text (the printable view and the PDF share them)."""
    notes = [activity.kind, *([_("continued")] if activity.continuing else [])]
    notes += [_("until {term}").format(term=activity.until)] if activity.until else []
    head = f"{activity.title} ({', '.join(notes)})"
    return [
        head,
        _("When: {schedule}").format(schedule=activity.schedule),
        _("Where: {place}").format(place=activity.where),
        _("Counts toward: {what}").format(what=activity.counts_toward),
    ]


def plan_title(student_name: str) -> str:
    """The heading of the family page, its printable view and its PDF."""
    return _("Learning plan for {name}").format(name=student_name)


def summary_text(summary: FamilySummary) -> str:
    """The whole summary as plain text, one term after another."""
    lines = [plan_title(summary.student_name), "", summary.headline]
    lines += ["", summary.summary] if summary.summary else []
    lines += ["", *summary.pathway] if summary.pathway else []
    if summary.state_note:
        lines += ["", summary.state_note]
    if summary.plan_message:
        lines += ["", summary.plan_message]
    for term in summary.terms:
        lines += ["", f"{term.name} ({term.dates}): {term.load}"]
        for activity in term.activities:
            first, *rest = activity_lines(activity)
            lines += [f"- {first}", *(f"  {line}" for line in rest)]
    lines += ["", _("Progress by subject (demonstrated / planned / still missing):")]
    lines += [f"- {p.label}: {p.demonstrated} / {p.planned} / {p.missing}" for p in summary.progress]
    return "\n".join(lines)
