"""A student's pathway and own words, read from the matcher's ranking of what they said.

- ``InterestFit.words``: per opportunity that matches what the student said, the words it matches
  ("DNA extraction lab", or the career goal "vet"), for its reason in the plan.
- ``InterestFit.pathways``: the district's declared pathways ranked by how well they fit the student
  (``PathwayFit.fit``, 0-1), then the one inferred from the matcher when one can be built.
- ``InterestFit.chosen(choice)``: the pathway a plan follows: the student's or advisor's choice, else
  the best declared one that fits (``PATHWAY_MIN_FIT``), else the inferred one, else none.

A declared pathway's fit is the mean, over its best three steps, of the best interest score among the
step's opportunities the student can attend, plus ``OCCUPATION_BONUS`` when it leads to an occupation the
student named as a career goal. An inferred pathway is an introduction, a deeper course and a
work-based capstone, each matching the student's words, with prerequisites in order. Thresholds and
how they were set: ``docs/matcher.md#pathways``. Nothing here loads the model (it reads a ``Ranking``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypedDict

import numpy as np
from pydantic import BaseModel, Field

from core.schema import Catalog, Opportunity, OpportunityKind, Pathway, PathwayRole, PathwayStep

if TYPE_CHECKING:
    from matcher.ranking import Ranking

PATHWAY_MIN_FIT = 0.35
"""A declared pathway is followed unasked from this fit on (see docs/matcher.md#pathways)."""
WORDS_MIN_INTEREST = 0.30
"""An opportunity is said to match the student's words from this interest score on."""
INFER_MIN_INTEREST = 0.35
"""An opportunity may be a step of an inferred pathway from this interest score on."""
FIT_STEPS = 3
"""A pathway's fit is the mean of its best this many steps: introduction, deepening, capstone (a
district pathway with a fourth, foundation step, e.g. Biology before Chemistry, is not marked down)."""
OCCUPATION_BONUS = 0.15
"""Added to a declared pathway's fit when it leads to an occupation the student named as a goal."""
CALIBRATION_FLOOR_RANK = 20
"""The scores a plan weighs are calibrated per student: the score of this many-th best opportunity the
student can attend becomes 0 (everything below it is not what they asked for)..."""
CALIBRATION_MIN_TOP = 0.35
"""... and their best score becomes 1, unless it is below this (a weak best match stays weak)."""
INFERRED_ID = "inferred"
"""The id of the pathway the matcher builds (a district's own ids are never this)."""

WORK_BASED = frozenset(
    {
        OpportunityKind.INTERNSHIP,
        OpportunityKind.WORK_BASED_LEARNING,
        OpportunityKind.DUAL_ENROLLMENT,
        OpportunityKind.PROJECT,
    }
)
"""Kinds that can end a pathway as its capstone."""
STUDY = frozenset(
    {
        OpportunityKind.COURSE,
        OpportunityKind.ONLINE_COURSE,
        OpportunityKind.INDEPENDENT_STUDY,
        OpportunityKind.DUAL_ENROLLMENT,
    }
)
"""Kinds that can introduce or deepen a pathway."""


class PathwayFit(BaseModel):
    """One candidate pathway for a student and how well it fits what they said."""

    pathway: Pathway
    fit: float = Field(ge=0, le=1)
    words: str = Field(default="", description="The student's words it matches best.")

    @property
    def fits(self) -> bool:
        return self.pathway.inferred or self.fit >= PATHWAY_MIN_FIT


class PlanInputs(TypedDict):
    """What a plan request takes from the matcher (``plan_request(wishes, catalog, **inputs)``)."""

    scores: dict[str, float]
    words: dict[str, str]
    pathway: Pathway | None


class InterestFit(BaseModel):
    """What the student said, read against the catalog: scores, words and pathways."""

    scores: dict[str, float] = Field(default_factory=dict, description="0-1 per opportunity id.")
    words: dict[str, str] = Field(default_factory=dict, description="The student's words per opportunity.")
    pathways: list[PathwayFit] = Field(
        default_factory=list, description="Declared pathways best first, then the inferred one, if any."
    )

    def best(self) -> Pathway | None:
        """The pathway a plan follows unasked: the best declared one that fits, else the inferred one."""
        return next((p.pathway for p in self.pathways if p.fits), None)

    def chosen(self, choice: str | None) -> Pathway | None:
        """The pathway chosen by id (the student's or advisor's choice), or the best when ``choice`` is
        None; an id of no candidate (``planner.edits.NO_PATHWAY``, or one since removed) means none."""
        if choice is None:
            return self.best()
        return next((p.pathway for p in self.pathways if p.pathway.id == choice), None)

    def plan_inputs(self, choice: str | None) -> PlanInputs:
        """The scores, the words and the pathway (``choice`` as in ``chosen``) for a plan request: every
        place that builds a request from what the student said goes through here."""
        return PlanInputs(scores=self.scores, words=self.words, pathway=self.chosen(choice))


def no_fit(catalog: Catalog) -> InterestFit:
    """For a student who said nothing the matcher can read, or a plan made without the matcher: no
    scores and no words; the district's pathways, unranked (fit 0), to choose from by id."""
    return InterestFit(pathways=[PathwayFit(pathway=p, fit=0.0) for p in catalog.pathways])


def interest_fit(ranking: Ranking, catalog: Catalog) -> InterestFit:
    """The scores, the student's words and the ranked pathways for one ranking of what they said."""
    opportunities = catalog.opportunities
    interest = np.asarray(ranking.interest, dtype=np.float64)
    open_to = _open_to(ranking, len(opportunities))
    calibrated = _calibrated(interest, open_to)
    scores = {o.id: round(float(s), 6) for o, s in zip(opportunities, calibrated, strict=True)}
    said = _said(ranking)
    words = {
        o.id: said[row]
        for row, o in enumerate(opportunities)
        if interest[row] >= WORDS_MIN_INTEREST and said[row]
    }
    row = {o.id: i for i, o in enumerate(opportunities)}
    goals = {p.occupation.occupation.code for p in ranking.phrases if p.occupation is not None}
    declared = [_declared_fit(p, interest, open_to, row, said, goals) for p in catalog.pathways]
    declared.sort(key=lambda f: (-f.fit, f.pathway.id))
    inferred = _inferred(ranking, catalog, interest, open_to, said)
    return InterestFit(scores=scores, words=words, pathways=[*declared, *([inferred] if inferred else [])])


def _calibrated(interest: np.ndarray, open_to: np.ndarray) -> np.ndarray:
    """The interest scores stretched per student, 0-1: the ``CALIBRATION_FLOOR_RANK``-th best score
    among what the student can attend becomes 0, the best becomes 1 (or stays where it is when below
    ``CALIBRATION_MIN_TOP``). The raw scores of one student sit close together (Maya's best is 0.57,
    the tenth 0.28, a bystander 0.15), so the planner's reward, in tenths, hardly told them apart;
    measured in docs/personal-eval.md."""
    ranked = np.sort(interest[open_to])[::-1]
    if ranked.size == 0 or ranked[0] <= 0:
        return np.clip(interest, 0.0, 1.0)
    top = max(float(ranked[0]), CALIBRATION_MIN_TOP)
    floor = float(ranked[CALIBRATION_FLOOR_RANK]) if ranked.size > CALIBRATION_FLOOR_RANK else 0.0
    return np.asarray(np.clip((interest - floor) / (top - floor), 0.0, 1.0), dtype=np.float64)


def _said(ranking: Ranking) -> list[str]:
    """Per opportunity, the student's words it matches most closely (the phrase of highest fused score,
    whatever its weight: a specific interest rather than a heavily weighted career goal)."""
    n = len(ranking.interest)
    if not ranking.phrases:
        return [""] * n
    fused = np.where(np.array([p.weight for p in ranking.phrases])[:, None] > 0, ranking.fused, 0.0)
    best = np.argmax(fused, axis=0)
    texts = [p.occupation.goal if p.occupation is not None else p.label for p in ranking.phrases]
    texts = [_as_written(t, ranking.query.text) for t in texts]
    return [texts[b] if fused[b, i] > 0 else "" for i, b in enumerate(best)]


def _as_written(phrase: str, said: str) -> str:
    """The phrase as the student wrote it: their capitals ('DNA labs', not 'dna labs'), and their own
    words where the reading changed one inside it ('DNA extraction lab in bio last year', not '... in
    biology ...'): the span of one sentence from the phrase's first word to its last."""
    found = re.search(re.escape(phrase), said, flags=re.IGNORECASE)
    words = phrase.split()
    if not found and len(words) > 1:
        span = rf"\b{re.escape(words[0])}\b[^.!?;\n]*?\b{re.escape(words[-1])}\b"
        found = re.search(span, said, flags=re.IGNORECASE)
    return found.group(0) if found else phrase


def _open_to(ranking: Ranking, n: int) -> np.ndarray:
    """Which opportunities the student can attend (all, without a student), and is not ruling out."""
    reachable = ~ranking.fit.unreachable if ranking.fit is not None else np.ones(n, dtype=bool)
    return np.asarray(reachable & ~ranking.negated, dtype=bool)


def _declared_fit(
    pathway: Pathway,
    interest: np.ndarray,
    open_to: np.ndarray,
    row: dict[str, int],
    said: list[str],
    goals: set[str],
) -> PathwayFit:
    step_best: list[float] = []
    best_row, best_score = -1, 0.0
    for step in pathway.steps:
        rows = [row[o] for o in step.any_of if o in row and open_to[row[o]]]
        score = max((float(interest[r]) for r in rows), default=0.0)
        step_best.append(score)
        for r in rows:
            if interest[r] > best_score:
                best_row, best_score = r, float(interest[r])
    best_steps = sorted(step_best, reverse=True)[:FIT_STEPS]
    fit = sum(best_steps) / len(best_steps)
    if goals & set(pathway.occupations):
        fit += OCCUPATION_BONUS
    return PathwayFit(
        pathway=pathway, fit=round(min(1.0, fit), 4), words=said[best_row] if best_row >= 0 else ""
    )


def _inferred(
    ranking: Ranking, catalog: Catalog, interest: np.ndarray, open_to: np.ndarray, said: list[str]
) -> PathwayFit | None:
    """An introduction, a deeper course and a work-based capstone that match what the student said,
    prerequisites first; None unless at least two of the three can be found."""
    opportunities = catalog.opportunities
    done = ranking.fit.done if ranking.fit is not None else np.zeros(len(opportunities), dtype=bool)
    usable = open_to & ~done & (interest >= INFER_MIN_INTEREST)
    order = [int(r) for r in np.argsort(-interest, kind="stable") if usable[r]]
    capstone = next((r for r in order if opportunities[r].kind in WORK_BASED), None)
    deeper = _best_study(order, opportunities, {capstone}, _prerequisites(opportunities, capstone))
    intro: list[int] = []
    if deeper is not None:
        needed = _prerequisites(opportunities, deeper)
        row = {o.id: i for i, o in enumerate(opportunities)}
        intro = sorted(
            (row[o] for o in needed if o in row and open_to[row[o]]), key=lambda r: -float(interest[r])
        )
        if not intro:
            first = _best_study(order, opportunities, {capstone, deeper}, set(), fresh=True)
            intro = [first] if first is not None else []
    chosen = [
        (PathwayRole.INTRODUCTION, intro),
        (PathwayRole.DEEPENING, [deeper] if deeper is not None else []),
        (PathwayRole.CAPSTONE, [capstone] if capstone is not None else []),
    ]
    steps = [
        PathwayStep(role=role, any_of=[opportunities[r].id for r in rows], name=opportunities[rows[0]].title)
        for role, rows in chosen
        if rows
    ]
    if len(steps) < 2:
        return None
    firsts = [rows[0] for _, rows in chosen if rows]
    lead = max(firsts, key=lambda r: float(interest[r]))
    words = said[lead]
    pathway = Pathway(
        id=INFERRED_ID,
        name=_name(words),
        description="Built from what you said: " + ", then ".join(s.name for s in steps) + ".",
        steps=steps,
        inferred=True,
    )
    fit = sum(float(interest[r]) for r in firsts) / len(chosen)
    return PathwayFit(pathway=pathway, fit=round(min(1.0, fit), 4), words=words)


def _prerequisites(opportunities: list[Opportunity], row: int | None) -> list[str]:
    """The opportunities of the first prerequisite group of an opportunity (in the file's order)."""
    if row is None or not opportunities[row].prerequisites:
        return []
    return list(opportunities[row].prerequisites[0].any_of_opportunities)


def _best_study(
    order: list[int],
    opportunities: list[Opportunity],
    taken: set[int | None],
    wanted: list[str] | set[str],
    fresh: bool = False,
) -> int | None:
    """The best-matching course-like opportunity not yet taken: one of ``wanted`` (the prerequisites
    of the next step) when any matches, else any; ``fresh``: one without prerequisites of its own."""
    study = [
        r
        for r in order
        if r not in taken
        and opportunities[r].kind in STUDY
        and not (fresh and opportunities[r].prerequisites)
    ]
    return next((r for r in study if opportunities[r].id in wanted), study[0] if study else None)


def _name(words: str) -> str:
    """'DNA labs' -> 'DNA labs'; 'cars' -> 'Cars'."""
    return words[:1].upper() + words[1:] if words else "Your interests"
