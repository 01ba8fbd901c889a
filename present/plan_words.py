"""The plan as a whole in words a student and a family understand: its two-sentence summary and the
line about the pathway it follows. The student page, the family view, its printable view and PDF, the
advisor page and ``pathways plan`` all read these (one wording, one place).

- ``plan_summary``: what the plan is built around, then what it earns and by when.
- ``pathway_lines``: "Biotechnology: 3 of 3 steps, ending with the Biotech Lab Internship in Fall
  2028", then, for each step the plan does not reach, why (``StepProgress.why_not``).
"""

from __future__ import annotations

from core.schema import Catalog, PathwayRole, Student
from matcher.pathways import WORDS_MIN_INTEREST
from planner.domain import PathwayProgress, PlanResult, has_plan
from planner.explain import join
from present.progress import on_track, progress_by_subject

SUMMARY_TITLES = 2
"""How many items the summary names when the plan follows no pathway but matches the student's words."""


def _names(catalog: Catalog) -> dict[str, str]:
    return {t.id: t.name for t in catalog.calendar.terms} if catalog.calendar else {}


def pathway_lines(progress: PathwayProgress, catalog: Catalog) -> list[str]:
    """The pathway's headline (steps reached, and how it ends), then one line per step not reached."""
    titles = {o.id: o.title for o in catalog.opportunities}
    names = _names(catalog)
    total = len(progress.steps)
    name = progress.name + (" (built from what you said)" if progress.inferred else "")
    head = f"{name}: {progress.reached} of {total} step{'s' if total != 1 else ''}"
    reached = [s for s in progress.steps if s.reached]
    last = reached[-1] if reached else None
    if last is not None and last.opportunity is not None:
        title = titles.get(last.opportunity, last.opportunity)
        when = names.get(last.term or "", last.term or "")
        if last.completed:
            head += f", up to {title}, already done"
        elif last.role is PathwayRole.CAPSTONE:
            head += f", ending with the {title}" + (f" in {when}" if when else "")
        else:
            head += f", up to {title}" + (f" in {when}" if when else "")
    lines = [head]
    for step in progress.steps:
        if step.reached:
            continue
        why = "; ".join(step.why_not) if step.why_not else "nothing in it fits the plan"
        lines.append(f"{step.name or step.role.value.capitalize()} is not in the plan: {why}.")
    return lines


def _built_around(first: str, plan: PlanResult, catalog: Catalog) -> str:
    """The summary's first sentence: the pathway, the student's interests, or the requirements."""
    titles = {o.id: o.title for o in catalog.opportunities}
    names = _names(catalog)
    progress = plan.pathway
    if progress is not None and progress.reached:
        planned = [s for s in progress.steps if s.reached and not s.completed and s.opportunity]
        if planned:
            steps = [
                f"{titles.get(s.opportunity or '', s.opportunity)} in {names.get(s.term or '', s.term)}"
                for s in planned
            ]
            ends = any(s.role is PathwayRole.CAPSTONE for s in planned)
            verb = "ending with" if ends and len(steps) == 1 else "with"
            joined = steps[0] if len(steps) == 1 else ", then ".join(steps)
            return f"{first}'s plan follows the {progress.name} pathway, {verb} {joined}."
    liked = [i for i in plan.items() if i.interest is not None and i.interest >= WORDS_MIN_INTEREST]
    if liked:
        named = join([i.title for i in liked[:SUMMARY_TITLES]])
        more = len(liked) - SUMMARY_TITLES
        extra = f" and {more} more" if more > 0 else ""
        return f"{first}'s plan makes room for what {first} cares about: {named}{extra}."
    return f"{first}'s plan is built around what the diploma still asks for."


def plan_summary(student: Student, catalog: Catalog, plan: PlanResult | None) -> str:
    """Two sentences: what the plan is built around, then what it earns, by when, at what load."""
    first = student.name.split()[0]
    if plan is None:
        return f"{first} has no plan yet."
    if not has_plan(plan):
        return f"There is no plan for {first} yet. {plan.message}".strip()
    progress = progress_by_subject(student, catalog, plan)
    planned = sum(p.planned for p in progress)
    missing = sum(p.missing for p in progress)
    track = on_track(student, catalog, plan)
    busy = [t.weekly_hours for t in plan.terms if t.weekly_hours > 0]
    hours = round(sum(busy) / len(busy)) if busy else 0
    if track.finish_name is None or planned == 0:
        return f"{_built_around(first, plan, catalog)} {track.message}"
    what = f"It earns the {planned} competencies {first} still needs for the diploma"
    if missing:
        what = (
            f"It earns {planned} of the {planned + missing} competencies {first} still needs for the diploma"
        )
    when = f"by {track.finish_name}"
    if track.terms_early > 0:
        when += f", {track.terms_early} term{'s' if track.terms_early > 1 else ''} before the {track.target_name} target"
    elif track.terms_early == 0:
        when += ", the target term"
    else:
        when += f", after the {track.target_name} target"
    return f"{_built_around(first, plan, catalog)} {what} {when}, at about {hours} hours a week."
