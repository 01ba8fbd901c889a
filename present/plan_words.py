"""The plan as a whole in words a student and a family understand: its two-sentence summary and the
line about the pathway it follows. The student page, the family view, its printable view and PDF, the
advisor page and ``pathways plan`` all read these (one wording, one place).

- ``plan_summary``: what the plan is built around, then what it earns and by when.
- ``pathway_lines``: "Biotechnology: 3 of 3 steps, ending with the Biotech Lab Internship in Fall
  2028", then, for each step the plan does not reach, why (``StepProgress.why_not``).
"""

from __future__ import annotations

from core.i18n import N_, _, join, ngettext, number
from core.phrases import Listing
from core.schema import Catalog, PathwayRole, Student
from matcher.pathways import WORDS_MIN_INTEREST
from planner.domain import PathwayProgress, PlanResult, has_plan
from present.localized import (
    english,
    in_english_marked,
    opportunity_title,
    pathway_name,
    phrase_text,
    term_name,
)
from present.progress import on_track, progress_by_subject

SUMMARY_TITLES = 2
"""How many items the summary names when the plan follows no pathway but matches the student's words."""


ROLE_NAMES = {
    PathwayRole.INTRODUCTION: N_("Introduction"),
    PathwayRole.DEEPENING: N_("Deepening"),
    PathwayRole.CAPSTONE: N_("Capstone"),
}


def _names(catalog: Catalog) -> dict[str, str]:
    return {t.id: term_name(t) for t in catalog.calendar.terms} if catalog.calendar else {}


def _titles(catalog: Catalog) -> dict[str, str]:
    return {o.id: opportunity_title(o) for o in catalog.opportunities}


def _pathway_name(progress: PathwayProgress, catalog: Catalog) -> str:
    declared = next((p for p in catalog.pathways if p.id == progress.pathway), None)
    return pathway_name(declared) if declared is not None and not english() else progress.name


def pathway_lines(progress: PathwayProgress, catalog: Catalog) -> list[str]:
    """The pathway's headline (steps reached, and how it ends), then one line per step not reached."""
    titles = _titles(catalog)
    names = _names(catalog)
    total = len(progress.steps)
    name = _pathway_name(progress, catalog)
    if progress.inferred:
        name = _("{name} (built from what you said)").format(name=name)
    head = ngettext("{name}: {reached} of {total} step", "{name}: {reached} of {total} steps", total).format(
        name=name, reached=progress.reached, total=total
    )
    reached = [s for s in progress.steps if s.reached]
    last = reached[-1] if reached else None
    if last is not None and last.opportunity is not None:
        title = titles.get(last.opportunity, last.opportunity)
        when = names.get(last.term or "", last.term or "")
        if last.completed:
            head += _(", up to {title}, already done").format(title=title)
        elif last.role is PathwayRole.CAPSTONE:
            ending = _(", ending with the {title} in {term}") if when else _(", ending with the {title}")
            head += ending.format(title=title, term=when)
        else:
            upto = _(", up to {title} in {term}") if when else _(", up to {title}")
            head += upto.format(title=title, term=when)
    lines = [head]
    for step in progress.steps:
        if step.reached:
            continue
        why = _("nothing in it fits the plan")
        if step.why_not_phrases:
            why = phrase_text(Listing(items=list(step.why_not_phrases), sep="; "), catalog)
        elif step.why_not:  # a plan stored before reasons were kept as phrases
            why = in_english_marked("; ".join(step.why_not))
        step_name = step.name if step.name and english() else _(ROLE_NAMES[step.role])
        line = _("{step} is not in the plan: {why}.").format(step=step_name, why=why)
        lines.append(line[:1].upper() + line[1:])  # a step named by its role ('capstone')
    return lines


def no_plan_message(plan: PlanResult, catalog: Catalog) -> str:
    """Why a plan request has no plan, in the reader's language (a request kept before its reasons were
    phrases, or refused before planning: the English, marked)."""
    if plan.message_phrase is not None:
        return phrase_text(plan.message_phrase, catalog)
    return in_english_marked(plan.message)


def _built_around(first: str, plan: PlanResult, catalog: Catalog) -> str:
    """The summary's first sentence: the pathway, the student's interests, or the requirements."""
    titles = _titles(catalog)
    names = _names(catalog)
    progress = plan.pathway
    if progress is not None and progress.reached:
        planned = [s for s in progress.steps if s.reached and not s.completed and s.opportunity]
        if planned:
            steps = [
                _("{title} in {term}").format(
                    title=titles.get(s.opportunity or "", s.opportunity), term=names.get(s.term or "", s.term)
                )
                for s in planned
            ]
            ends = any(s.role is PathwayRole.CAPSTONE for s in planned)
            joined = steps[0] if len(steps) == 1 else _(", then ").join(steps)
            sentence = (
                _("{first}'s plan follows the {pathway} pathway, ending with {steps}.")
                if ends and len(steps) == 1
                else _("{first}'s plan follows the {pathway} pathway, with {steps}.")
            )
            return sentence.format(first=first, pathway=_pathway_name(progress, catalog), steps=joined)
    liked = [i for i in plan.items() if i.interest is not None and i.interest >= WORDS_MIN_INTEREST]
    if liked:
        named = join([titles.get(i.opportunity, i.title) for i in liked[:SUMMARY_TITLES]])
        more = len(liked) - SUMMARY_TITLES
        if more > 0:
            named = ngettext("{named} and {more} more", "{named} and {more} more", more).format(
                named=named, more=more
            )
        return _("{first}'s plan makes room for what {first} cares about: {named}.").format(
            first=first, named=named
        )
    return _("{first}'s plan is built around what the diploma still asks for.").format(first=first)


def plan_summary(student: Student, catalog: Catalog, plan: PlanResult | None) -> str:
    """Two sentences: what the plan is built around, then what it earns, by when, at what load."""
    first = student.name.split()[0]
    if plan is None:
        return _("{first} has no plan yet.").format(first=first)
    if not has_plan(plan):
        none_yet = _("There is no plan for {first} yet.").format(first=first)
        return f"{none_yet} {no_plan_message(plan, catalog)}".strip()
    progress = progress_by_subject(student, catalog, plan)
    planned = sum(p.planned for p in progress)
    missing = sum(p.missing for p in progress)
    track = on_track(student, catalog, plan)
    busy = [t.weekly_hours for t in plan.terms if t.weekly_hours > 0]
    hours = round(sum(busy) / len(busy)) if busy else 0
    if track.finish_name is None or planned == 0:
        return f"{_built_around(first, plan, catalog)} {track.message}"
    what = ngettext(
        "It earns the {planned} competency {first} still needs for the diploma",
        "It earns the {planned} competencies {first} still needs for the diploma",
        planned,
    )
    if missing:
        what = ngettext(
            "It earns {planned} of the {total} competency {first} still needs for the diploma",
            "It earns {planned} of the {total} competencies {first} still needs for the diploma",
            planned + missing,
        )
    what = what.format(planned=planned, total=planned + missing, first=first)
    if track.terms_early > 0:
        when = ngettext(
            "by {finish}, {n} term before the {target} target",
            "by {finish}, {n} terms before the {target} target",
            track.terms_early,
        )
    elif track.terms_early == 0:
        when = _("by {finish}, the target term")
    else:
        when = _("by {finish}, after the {target} target")
    when = when.format(finish=track.finish_name, n=track.terms_early, target=track.target_name)
    tail = _("{what} {when}, at about {hours} hours a week.").format(
        what=what, when=when, hours=number(hours)
    )
    return f"{_built_around(first, plan, catalog)} {tail}"
