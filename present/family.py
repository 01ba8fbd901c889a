"""Plain-language readings of a plan, for people rather than programs.

- ``progress_by_subject``: per subject, the competencies the diploma asks for that are demonstrated,
  planned, or still missing.
- ``on_track``: ahead, on pace or behind against the student's target graduation term.
- ``family_summary``: what the student does each term, when it meets, what it counts toward and how
  close the student is to graduating (the family page, its printable view and its PDF read this).

Nothing here prints or touches a UI; every function takes typed objects and returns typed objects.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from core.schema import MINUTES_PER_DAY, Catalog, Student, Term, TimeBlock
from core.words import DAY_PLURALS
from planner.domain import PlanItem, PlanResult, has_plan
from planner.explain import join

"""Plan statuses that carry a plan (the others carry only a message)."""

SHORT_WORD = 3
"""Subject words this short are initialisms and are written in capitals: 'cte' -> 'CTE'."""

NOON = 12 * 60


def subject_label(subject: str) -> str:
    """'social_studies' -> 'Social studies', 'health_pe' -> 'Health PE', '' -> 'Other'."""
    if not subject:
        return "Other"
    words = [w.upper() if len(w) <= SHORT_WORD else w for w in subject.split("_")]
    first = words[0]
    return " ".join([first[:1].upper() + first[1:], *words[1:]])


# --- progress and on-track ----------------------------------------------------------------------


class SubjectProgress(BaseModel):
    """The diploma's competencies in one subject: demonstrated, planned by this plan, still missing."""

    subject: str
    label: str
    demonstrated: int
    planned: int
    missing: int

    @property
    def total(self) -> int:
        return self.demonstrated + self.planned + self.missing


def progress_by_subject(student: Student, catalog: Catalog, plan: PlanResult | None) -> list[SubjectProgress]:
    """Each subject's required competencies, plus the extra ones its subject minimum asks for.

    A subject minimum ("3 arts competencies") counts required competencies of its pool too, so it
    adds only the slots the required ones do not fill. Those slots are filled first by demonstrated
    pool competencies, then by planned ones. Without a feasible plan nothing counts as planned.
    """
    requirements = catalog.requirement_set(student.requirement_set)
    comps = catalog.competency_map()
    demonstrated = student.demonstrated()
    covered = set(plan.coverage) if has_plan(plan) else set()
    counts: dict[str, list[int]] = {}

    def add(subject: str, done: int, planned: int, missing: int) -> None:
        row = counts.setdefault(subject, [0, 0, 0])
        row[0] += done
        row[1] += planned
        row[2] += missing

    required = requirements.required_competencies(catalog.competencies)
    for comp in required:
        subject = comps[comp].subject if comp in comps else ""
        add(subject, comp in demonstrated, comp not in demonstrated and comp in covered, 0)
        if comp not in demonstrated and comp not in covered:
            add(subject, 0, 0, 1)
    for minimum in requirements.subject_minimums:
        pool = requirements.pool(minimum, catalog.competencies)
        extra = max(0, minimum.count - sum(1 for c in pool if c in required))
        others = [c for c in pool if c not in required]
        done = min(extra, sum(1 for c in others if c in demonstrated))
        planned = min(extra - done, sum(1 for c in others if c in covered and c not in demonstrated))
        add(minimum.subject, done, planned, extra - done - planned)
    return [
        SubjectProgress(subject=s, label=subject_label(s), demonstrated=d, planned=p, missing=m)
        for s, (d, p, m) in sorted(counts.items(), key=lambda kv: subject_label(kv[0]))
    ]


class OnTrack(StrEnum):
    AHEAD = "ahead"
    ON_PACE = "on pace"
    BEHIND = "behind"
    NO_PLAN = "no plan"


class TrackStatus(BaseModel):
    """Where the plan ends against the target graduation term, in words."""

    status: OnTrack
    target_term: str
    target_name: str
    finish_term: str | None = None
    finish_name: str | None = None
    terms_early: int = Field(default=0, description="Terms before the target the plan ends (< 0: after).")
    message: str


def _terms(catalog: Catalog) -> list[Term]:
    if catalog.calendar is None:
        raise ValueError("the catalog has no term calendar")
    return catalog.calendar.terms


def finish_term(plan: PlanResult, catalog: Catalog) -> Term | None:
    """The term the plan's last item ends in (None for a plan with no items)."""
    order = {t.id: i for i, t in enumerate(_terms(catalog))}
    ends = [item.end_term for item in plan.items() if item.end_term in order]
    return _terms(catalog)[max(order[e] for e in ends)] if ends else None


def on_track(student: Student, catalog: Catalog, plan: PlanResult | None) -> TrackStatus:
    """Ahead (the plan ends before the target term), on pace (in it) or behind (after it, or no plan
    reaches graduation with the current wishes). NO_PLAN when nothing has been planned yet."""
    terms = _terms(catalog)
    order = {t.id: i for i, t in enumerate(terms)}
    target = terms[order[student.target_graduation_term]]
    base = {"target_term": target.id, "target_name": target.name}
    if plan is None:
        return TrackStatus(status=OnTrack.NO_PLAN, message="There is no plan yet.", **base)
    if not has_plan(plan):
        return TrackStatus(
            status=OnTrack.BEHIND,
            message=f"No plan reaches graduation by {target.name} with the current wishes.",
            **base,
        )
    last = finish_term(plan, catalog)
    first = catalog.calendar.first_plannable_term if catalog.calendar else target.id
    end = last or terms[max(order[first] - 1, 0)]
    early = order[target.id] - order[end.id]
    if last is None:
        message = "Everything the diploma asks for is already demonstrated."
    elif early > 0:
        message = (
            f"The plan finishes in {end.name}, {early} term{'s' if early > 1 else ''} "
            f"before the target, {target.name}."
        )
    elif early == 0:
        message = f"The plan finishes in {end.name}, the target term."
    else:
        message = (
            f"The plan finishes in {end.name}, {-early} term{'s' if early < -1 else ''} "
            f"after the target, {target.name}."
        )
    status = OnTrack.AHEAD if early > 0 else OnTrack.ON_PACE if early == 0 else OnTrack.BEHIND
    return TrackStatus(
        status=status, finish_term=end.id, finish_name=end.name, terms_early=early, message=message, **base
    )


# --- times in words -----------------------------------------------------------------------------


def clock_text(minutes: int) -> str:
    """Minutes since midnight on a 12-hour clock: 900 -> '3:00 pm'."""
    hour, minute = divmod(minutes % MINUTES_PER_DAY, 60)
    suffix = "am" if hour < NOON // 60 else "pm"
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {suffix}"


def span_text(block: TimeBlock) -> str:
    """'8:00-9:30 am', or '11:00 am-1:00 pm' when the span crosses noon."""
    start, end = clock_text(block.start), clock_text(block.end)
    if start[-2:] == end[-2:]:
        return f"{start[:-3]}-{end}"
    return f"{start}-{end}"


def meeting_text(meetings: list[TimeBlock]) -> str:
    """'Mondays and Wednesdays 8:00-9:30 am; Tuesdays 3:00-6:00 pm', or a sentence for self-paced."""
    if not meetings:
        return "self-paced: no fixed meeting times"
    by_span: dict[tuple[int, int], list[str]] = {}
    for block in sorted(meetings, key=lambda b: (b.start, b.end, b.day.index)):
        by_span.setdefault((block.start, block.end), []).append(DAY_PLURALS[str(block.day)])
    parts = []
    for (start, end), days in by_span.items():
        parts.append(f"{join(days)} {span_text(TimeBlock(day='Mon', start=start, end=end))}")
    return "; ".join(parts)


def dates_text(term: Term) -> str:
    """'Jan 11 - Jun 11, 2027' (both years when the term spans a new year)."""
    if term.start.year == term.end.year:
        return f"{term.start:%b} {term.start.day} - {term.end:%b} {term.end.day}, {term.end.year}"
    return (
        f"{term.start:%b} {term.start.day}, {term.start.year} - {term.end:%b} {term.end.day}, {term.end.year}"
    )


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
        return f"about {self.weekly_hours:g} hours a week" if self.activities else "nothing planned"


class FamilySummary(BaseModel):
    """Everything the family view says, ready to print."""

    student_name: str
    headline: str = Field(description="How close the student is to graduating, in one or two sentences.")
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
            label = subject_label(comps[c].subject if c in comps else "")
            found[label] = found.get(label, 0) + 1
        return dict(sorted(found.items()))

    if item.needed:
        parts = [f"{label} ({n})" for label, n in by_subject(item.needed).items()]
        return f"graduation in {join(parts)}"
    labels = list(by_subject(item.competencies))
    return f"skills in {join(labels)} beyond what graduation asks"


def _where(item: PlanItem, catalog: Catalog) -> str:
    opp = catalog.opportunity_map().get(item.opportunity)
    mode = item.mode.value.replace("_", " ")
    if opp is None:
        return mode
    parts = [opp.location] if opp.provider and opp.provider in opp.location else [opp.provider, opp.location]
    place = ", ".join(p for p in parts if p)
    return f"{mode}, {place}" if place else mode


def _activity(item: PlanItem, catalog: Catalog, names: dict[str, str], term: str) -> Activity:
    return Activity(
        opportunity=item.opportunity,
        title=item.title,
        kind=item.kind.value.replace("_", " "),
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
    terms = {t.id: t for t in _terms(catalog)}
    names = {t.id: t.name for t in terms.values()}
    track = on_track(student, catalog, plan)
    progress = progress_by_subject(student, catalog, plan)
    done = sum(p.demonstrated for p in progress)
    planned = sum(p.planned for p in progress)
    missing = sum(p.missing for p in progress)
    first = student.name.split()[0]
    headline = (
        f"{first} has shown {done} of the {done + planned + missing} competencies the diploma asks for."
    )
    if has_plan(plan):
        headline += f" The plan covers the other {planned}. {track.message}"
        if missing:
            headline += f" {missing} still need another way to be shown; the advisor can help."
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
                    name=term_plan.name,
                    dates=dates_text(terms[term_plan.term]) if term_plan.term in terms else "",
                    weekly_hours=term_plan.weekly_hours,
                    activities=[_activity(i, catalog, names, term_plan.term) for i in running],
                )
            )
    return FamilySummary(
        student_name=student.name,
        headline=headline,
        track=track,
        progress=progress,
        terms=summaries,
        state_note=state_note,
        plan_message="" if plan is None or has_plan(plan) else plan.message,
    )


def activity_lines(activity: Activity) -> list[str]:
    """An activity as lines of plain text (the printable view and the PDF share them)."""
    notes = [activity.kind, *(["continued"] if activity.continuing else [])]
    notes += [f"until {activity.until}"] if activity.until else []
    head = f"{activity.title} ({', '.join(notes)})"
    return [
        head,
        f"When: {activity.schedule}",
        f"Where: {activity.where}",
        f"Counts toward: {activity.counts_toward}",
    ]


def summary_text(summary: FamilySummary) -> str:
    """The whole summary as plain text, one term after another."""
    lines = [f"Learning plan for {summary.student_name}", "", summary.headline]
    if summary.state_note:
        lines += ["", summary.state_note]
    if summary.plan_message:
        lines += ["", summary.plan_message]
    for term in summary.terms:
        lines += ["", f"{term.name} ({term.dates}): {term.load}"]
        for activity in term.activities:
            first, *rest = activity_lines(activity)
            lines += [f"- {first}", *(f"  {line}" for line in rest)]
    lines += ["", "Progress by subject (demonstrated / planned / still missing):"]
    lines += [f"- {p.label}: {p.demonstrated} / {p.planned} / {p.missing}" for p in summary.progress]
    return "\n".join(lines)
