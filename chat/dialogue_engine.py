"""What every chat session shares: the catalog, the understanding layer, the matcher, the wording.

Build one ``ChatEngine`` per process (it holds the loaded model through the NLU and the matcher; the
Streamlit page caches it with ``st.cache_resource``) and one ``ChatSession`` per student conversation.
"""

from __future__ import annotations

import logging

from chat import NLU, CompetencyTarget, Context, ReferenceTarget
from chat.llm import Rephraser
from chat.replies import Wording, default_wording
from core.schema import Catalog, Student
from core.settings import Settings, get_settings
from core.store import Store
from matcher import Matcher
from matcher.embeddings import ModelError
from matcher.index import LoadedModel
from matcher.interests import QueryError
from matcher.pathways import InterestFit, no_fit
from planner.domain import PlanRequest, PlanResult, has_plan
from planner.edits import Wishes, plan_request
from planner.instance import Instance, build_instance
from planner.solve import solve

log = logging.getLogger(__name__)

SCORE_CACHE_SIZE = 256
"""Interest scores kept per engine (one entry per student and wording of their interests)."""


def interests_key(student: Student) -> str:
    """What the interest scores depend on: the student's own words about interests and goals."""
    return f"{student.interests.strip()}\n{student.career_goals.strip()}"


class ChatEngine:
    """The catalog and the loaded models, ready for many conversations."""

    def __init__(
        self,
        catalog: Catalog,
        nlu: NLU,
        matcher: Matcher | None = None,
        settings: Settings | None = None,
        wording: Wording | None = None,
    ) -> None:
        if catalog.calendar is None:
            raise ValueError("the catalog has no term calendar, so no plan can be made; import one first")
        self.catalog = catalog
        self.calendar = catalog.calendar
        self.nlu = nlu
        self.matcher = matcher
        self.settings = settings or get_settings()
        self.wording = wording or default_wording()
        self.opps = catalog.opportunity_map()
        self.comps = catalog.competency_map()
        self.titles = {o.id: o.title for o in catalog.opportunities}
        self.term_names = {t.id: t.name for t in self.calendar.terms}
        self.targets = [ReferenceTarget.of(o) for o in catalog.opportunities]
        self.codes = [
            CompetencyTarget(id=c.id, code=c.code) for c in catalog.competencies if not c.is_heading
        ]
        names = [*self.titles.values(), *self.term_names.values()]
        names += [c.code for c in catalog.competencies if c.code]
        self.rephraser = Rephraser.from_settings(self.settings, self.wording.say("llm_prompt"), names)
        self._fits: dict[tuple[str, str], InterestFit] = {}
        nlu.prepare(Context(opportunities=self.targets))

    @classmethod
    def from_store(
        cls, store: Store, model: LoadedModel, settings: Settings | None = None, interests: bool = True
    ) -> ChatEngine:
        """An engine over the store's catalog; with ``interests`` the matcher weighs the plan (it reads
        the store's search index, built by `pathways setup`)."""
        catalog = store.catalog()
        matcher = Matcher.from_store(store, model) if interests else None
        return cls(catalog, NLU(model[1]), matcher, settings)

    def context(self, student: Student, plan: PlanResult | None) -> Context:
        """What a message is read against: every title, the plan's items, the calendar, the student."""
        return Context(
            opportunities=self.targets,
            competencies=self.codes,
            calendar=self.calendar,
            grade=student.grade,
            target_term=student.target_graduation_term,
            plan=[i.opportunity for i in plan.items()] if has_plan(plan) else [],
        )

    def fit(self, student: Student) -> InterestFit:
        """What the matcher reads in what the student said: scores, their words per opportunity and
        the pathways that fit (without a matcher or words: the district's pathways, unranked)."""
        key = interests_key(student)
        if self.matcher is None or not key.strip():
            return no_fit(self.catalog)
        cached = self._fits.get((student.id, key))
        if cached is not None:
            return cached
        try:
            fit = self.matcher.interest_fit(student=student)
        except (ModelError, QueryError) as exc:
            log.warning("planning without interest scores: %s", type(exc).__name__)
            return no_fit(self.catalog)
        if len(self._fits) >= SCORE_CACHE_SIZE:
            self._fits.clear()
        self._fits[(student.id, key)] = fit
        return fit

    def scores(self, student: Student) -> dict[str, float]:
        """The matcher's interest scores for what the student said (none without a matcher or words)."""
        return self.fit(student).scores

    def request(
        self,
        wishes: Wishes,
        scores: dict[str, float],
        previous: PlanResult | None = None,
        explain: bool = True,
        rethink: bool = False,
    ) -> PlanRequest:
        """The request for these wishes: the pathway chosen in the edits (or the best fit), and with
        scores (the student's, from ``scores``) their words per item. Without scores the matcher is not
        asked (``instance`` needs no interests); a pathway chosen by id is still followed."""
        fit = self.fit(wishes.student) if scores else no_fit(self.catalog)
        inputs = fit.plan_inputs(wishes.edits.pathway)
        return plan_request(
            wishes,
            self.catalog,
            scores=scores,
            words=inputs["words"],
            pathway=inputs["pathway"],
            previous=previous,
            explain=explain,
            settings=self.settings,
            rethink=rethink,
        )

    def solve(
        self,
        wishes: Wishes,
        scores: dict[str, float],
        previous: PlanResult | None = None,
        explain: bool = True,
        rethink: bool = False,
    ) -> PlanResult:
        """The solver's plan for these wishes, re-planned from ``previous`` when there is one
        (``rethink``: made again for new interests, keeping ``previous`` where nothing is lost by it)."""
        return solve(self.request(wishes, scores, previous, explain, rethink))

    def instance(self, wishes: Wishes) -> Instance:
        """The solver's indexed view of these wishes (what is needed, what blocks what)."""
        return build_instance(self.request(wishes, {}))
