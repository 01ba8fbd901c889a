"""Where a student stands against the diploma and the target term, in typed objects for people.

- ``progress_by_subject``: per subject, the competencies the diploma asks for that are demonstrated,
  planned, or still missing.
- ``on_track``: ahead, on pace or behind against the student's target graduation term.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from catalog.subjects import subject_label
from core.i18n import _, ngettext
from core.schema import Catalog, Student, Term
from planner.domain import PlanResult, has_plan
from present.localized import subject_name, term_name


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
    covered = set(plan.coverage) if has_plan(plan) else set()
    counts = requirements.standing(student.demonstrated(), covered, catalog.competencies)
    return [
        SubjectProgress(
            subject=s, label=subject_name(s, subject_label(s)), demonstrated=d, planned=p, missing=m
        )
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


def calendar_terms(catalog: Catalog) -> list[Term]:
    """The catalog's terms, in order (a catalog without a calendar cannot be planned)."""
    if catalog.calendar is None:
        raise ValueError("the catalog has no term calendar")
    return catalog.calendar.terms


def finish_term(plan: PlanResult, catalog: Catalog) -> Term | None:
    """The term the plan's last item ends in (None for a plan with no items)."""
    order = {t.id: i for i, t in enumerate(calendar_terms(catalog))}
    ends = [item.end_term for item in plan.items() if item.end_term in order]
    return calendar_terms(catalog)[max(order[e] for e in ends)] if ends else None


def on_track(student: Student, catalog: Catalog, plan: PlanResult | None) -> TrackStatus:
    """Ahead (the plan ends before the target term), on pace (in it) or behind (after it, or no plan
    reaches graduation with the current wishes). NO_PLAN when nothing has been planned yet."""
    terms = calendar_terms(catalog)
    order = {t.id: i for i, t in enumerate(terms)}
    target = terms[order[student.target_graduation_term]]
    target_name = term_name(target)
    base = {"target_term": target.id, "target_name": target_name}
    if plan is None:
        return TrackStatus(status=OnTrack.NO_PLAN, message=_("There is no plan yet."), **base)
    if not has_plan(plan):
        return TrackStatus(
            status=OnTrack.BEHIND,
            message=_("No plan reaches graduation by {term} with the current wishes.").format(
                term=target_name
            ),
            **base,
        )
    last = finish_term(plan, catalog)
    first = catalog.calendar.first_plannable_term if catalog.calendar else target.id
    end = last or terms[max(order[first] - 1, 0)]
    early = order[target.id] - order[end.id]
    end_name = term_name(end)
    if last is None:
        message = _("Everything the diploma asks for is already demonstrated.")
    elif early > 0:
        message = ngettext(
            "The plan finishes in {end}, {n} term before the target, {target}.",
            "The plan finishes in {end}, {n} terms before the target, {target}.",
            early,
        ).format(end=end_name, n=early, target=target_name)
    elif early == 0:
        message = _("The plan finishes in {end}, the target term.").format(end=end_name)
    else:
        message = ngettext(
            "The plan finishes in {end}, {n} term after the target, {target}.",
            "The plan finishes in {end}, {n} terms after the target, {target}.",
            -early,
        ).format(end=end_name, n=-early, target=target_name)
    status = OnTrack.AHEAD if early > 0 else OnTrack.ON_PACE if early == 0 else OnTrack.BEHIND
    return TrackStatus(
        status=status, finish_term=end.id, finish_name=end_name, terms_early=early, message=message, **base
    )
