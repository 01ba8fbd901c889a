"""Hybrid ranking: what a student says, scored against every opportunity, then fitted to the student.

For each phrase the student said (an interest, or a career goal widened with its O*NET occupation's
description) every opportunity gets a semantic score (cosine similarity of embeddings, scaled to 0-1)
and a lexical score (BM25, scaled so the best is 1); the two are fused (see ``Fusion``). The interest
score is the weighted sum over phrases, so an opportunity matching "animals" *and* "drawing" beats
one matching either. Negated phrases remove what they name. With a student, opportunities that earn
competencies still needed and that span two or more subjects get a bonus; what is done or cannot be
attended (grade, mode) is ranked down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

from core.schema import Catalog, Student
from language import Speller, general_words, load_words
from matcher.embeddings import encode
from matcher.index import LoadedModel, VectorIndex, documents, embed_catalog, load_vectors
from matcher.interests import ParsedQuery, QueryError, load_lexicon, parse_interests
from matcher.lexical import LexicalIndex
from matcher.onet import OccupationFinder, OccupationMatch
from matcher.pathways import InterestFit, interest_fit
from matcher.results import Match, ScoreParts
from matcher.student import CatalogFacts, StudentFit, fit

if TYPE_CHECKING:
    import torch

    from core.store import Store

# Cosine similarity of all-MiniLM-L6-v2 between a short phrase and an unrelated opportunity is
# about 0.1, and about 0.6 for a clear match: that span is stretched to 0-1.
SEMANTIC_FLOOR = 0.10
SEMANTIC_CEILING = 0.60
# Convex fusion: the semantic score's share; the lexical score gets the rest.
SEMANTIC_SHARE = 0.7
# Reciprocal-rank fusion constant (Cormack et al. 2009 use 60).
RRF_K = 60
# Career-goal query vectors kept per matcher (one per occupation text; 1,016 occupations exist).
GOAL_CACHE_SIZE = 2048
# When a student names both interests and career goals, the goals together get this share of weight.
GOAL_SHARE = 0.5
# An opportunity is taken out when its text is this similar to something the student ruled out
# ("nothing with sports"), when its title names it, when it is in a mode the student ruled out
# ("nothing online"), or when its description names it and its text is at least somewhat similar
# (so that Statistics, whose description mentions "sports stats", survives "nothing with sports").
NEGATION_MIN_SIMILARITY = 0.45
NEGATION_MENTION_SIMILARITY = 0.30
# Bonuses on top of the 0-1 interest score, when a student is given.
NEED_WEIGHT = 0.15  # times the share of its competencies the student still needs
INTERDISCIPLINARY_WEIGHT = 0.10  # when it spans two or more subjects
# Factors that rank down what the student has done or cannot attend.
DONE_FACTOR = 0.1
UNREACHABLE_FACTOR = 0.05


class Fusion(StrEnum):
    """How the semantic and lexical scores of one phrase are combined."""

    SEMANTIC = "semantic"
    LEXICAL = "lexical"
    RRF = "rrf"
    CONVEX = "convex"


DEFAULT_FUSION = Fusion.CONVEX


@dataclass
class Phrase:
    """One thing to search for: what to show, what to embed, what to match words against, its weight."""

    label: str
    semantic_text: str
    lexical_text: str
    weight: float
    occupation: OccupationMatch | None = None


@dataclass
class Ranking:
    """Scores of every opportunity for one request (arrays in catalog order)."""

    query: ParsedQuery
    phrases: list[Phrase]
    semantic: np.ndarray  # (phrases, opportunities)
    lexical: np.ndarray  # (phrases, opportunities)
    fused: np.ndarray  # (phrases, opportunities)
    interest: np.ndarray  # (opportunities,), 0 where negated
    negated: np.ndarray  # (opportunities,) bool
    final: np.ndarray  # (opportunities,)
    fit: StudentFit | None


class Matcher:
    """A catalog ready to be searched: vectors, BM25, per-opportunity facts and the model."""

    def __init__(
        self, catalog: Catalog, vectors: VectorIndex, model: LoadedModel, fusion: Fusion = DEFAULT_FUSION
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        self.model = model
        self.fusion = fusion
        self.lexicon = load_lexicon()
        texts = [text for kind, _, text in documents(catalog) if kind == "opportunity"]
        self.lexical = LexicalIndex(
            texts, [o.title for o in catalog.opportunities], [o.description for o in catalog.opportunities]
        )
        self._modes = np.array([o.mode.value for o in catalog.opportunities], dtype=object)
        self.mode_words = load_words().modes
        self.facts = CatalogFacts.of(catalog)
        self.occupations = OccupationFinder(lexicon=self.lexicon, model=model[1], vectors=vectors.occupations)
        self._goal_vectors: dict[str, np.ndarray] = {}
        import torch  # here, not at the top: a plan that skips the matcher never loads torch

        self._opportunity_rows = torch.from_numpy(
            np.ascontiguousarray(vectors.opportunities, dtype=np.float32)
        )
        self.speller = _speller(texts, self.lexicon.words(), model)

    @classmethod
    def from_catalog(cls, catalog: Catalog, model: LoadedModel, fusion: Fusion = DEFAULT_FUSION) -> Matcher:
        """A matcher over a catalog held in memory (every vector is embedded now)."""
        return cls(catalog, embed_catalog(catalog, model), model, fusion)

    @classmethod
    def from_store(cls, store: Store, model: LoadedModel, fusion: Fusion = DEFAULT_FUSION) -> Matcher:
        """A matcher over what the store holds now, with its stored vectors (stale rows are embedded
        in memory; ``build_index`` stores them)."""
        catalog = store.catalog()
        return cls(catalog, load_vectors(store, catalog, model), model, fusion)

    # --- understanding ---------------------------------------------------------------------------

    def understand(self, text: str | None, student: Student | None) -> ParsedQuery:
        """The student's text parsed; without text, their stored interests and career goals."""
        if text is not None:
            return parse_interests(text, self.lexicon, self.speller)
        if student is None:
            raise QueryError("give the interest text or a student (or both)")
        empty = ParsedQuery(text="")
        interests = (
            parse_interests(student.interests, self.lexicon, self.speller)
            if student.interests.strip()
            else empty
        )
        goals = (
            parse_interests(student.career_goals, self.lexicon, self.speller)
            if student.career_goals.strip()
            else empty
        )
        # In the career-goals field, a phrase that names an occupation ("get certified as a mechanic")
        # is a goal even without "I want to be"; the rest ("open my own food truck") are interests.
        named = [i for i in goals.interests if self.occupations.find(i.phrase, nearest=False)]
        weighted = [*interests.interests, *(i for i in goals.interests if i not in named)]
        total = sum(i.weight for i in weighted)
        return ParsedQuery(
            text="\n".join(p for p in (student.interests, student.career_goals) if p.strip()),
            interests=[i.model_copy(update={"weight": i.weight / total}) for i in weighted],
            negations=[*interests.negations, *goals.negations],
            career_goals=[*goals.career_goals, *(i.phrase for i in named)],
            corrections={**interests.corrections, **goals.corrections},
        )

    def phrases(self, query: ParsedQuery) -> list[Phrase]:
        """What to search for: the interests, then the career goals widened with their occupation
        (one phrase per occupation). A goal no occupation fits is searched as one more interest."""
        phrases = [Phrase(i.phrase, i.phrase, i.phrase, i.weight) for i in query.interests]
        goals: dict[str, Phrase] = {}
        for goal in query.career_goals:
            found = self.occupations.find(goal)
            if found and found.occupation.code not in goals:
                label = f"{goal} (career goal: {found.occupation.title})"
                text = found.query_text()
                goals[found.occupation.code] = Phrase(
                    label, text, f"{goal} {found.occupation.title}", 1.0, found
                )
            elif not found:
                average = sum(p.weight for p in phrases) / len(phrases) if phrases else 1.0
                phrases.append(Phrase(goal, goal, goal, average))
        total = sum(p.weight for p in phrases)
        share = GOAL_SHARE if goals and phrases else (0.0 if phrases else 1.0)
        for phrase in phrases:
            phrase.weight = phrase.weight / total * (1.0 - share)
        for phrase in goals.values():
            phrase.weight = share / len(goals)
        return [*phrases, *goals.values()]

    # --- scoring ------------------------------------------------------------------------------------

    def rank(self, text: str | None = None, student: Student | None = None) -> Ranking:
        query = self.understand(text, student)
        phrases = self.phrases(query)
        n = len(self.catalog.opportunities)
        embedded = [p.semantic_text for p in phrases] + query.negations
        vectors = self._encode(embedded, {p.semantic_text for p in phrases if p.occupation})
        similarity = _product(vectors, self._opportunity_rows.T) if embedded else np.zeros((0, n))
        semantic = np.clip(
            (similarity[: len(phrases)] - SEMANTIC_FLOOR) / (SEMANTIC_CEILING - SEMANTIC_FLOOR), 0.0, 1.0
        )
        lexical = np.array([self.lexical.scores(p.lexical_text) for p in phrases]).reshape(len(phrases), n)
        fused = self._fuse(semantic, lexical)
        weights = np.array([p.weight for p in phrases], dtype=np.float32)
        interest = _product(weights[None, :], fused)[0] if phrases else np.zeros(n, dtype=np.float32)
        negated = np.zeros(n, dtype=bool)
        for i, negation in enumerate(query.negations):
            close = similarity[len(phrases) + i]
            negated |= close >= NEGATION_MIN_SIMILARITY
            negated |= self.lexical.mentions(negation, "title")
            negated |= self.lexical.mentions(negation, "description") & (close >= NEGATION_MENTION_SIMILARITY)
            if negation in self.mode_words:
                negated |= self._modes == self.mode_words[negation].value
        interest = np.where(negated, 0.0, interest)
        final: np.ndarray = interest.astype(np.float32)
        student_fit = fit(student, self.catalog, self.facts) if student is not None else None
        if student_fit is not None:
            final = final + NEED_WEIGHT * student_fit.need_share
            final = final + INTERDISCIPLINARY_WEIGHT * (self.facts.span >= 2)
            final = final * np.where(student_fit.done, DONE_FACTOR, 1.0)
            final = final * np.where(student_fit.unreachable, UNREACHABLE_FACTOR, 1.0)
            final = np.where(negated, 0.0, final)
        return Ranking(query, phrases, semantic, lexical, fused, interest, negated, final, student_fit)

    def _encode(self, texts: list[str], reusable: set[str]) -> np.ndarray:
        """Embed the texts in one batch; career-goal texts (an occupation's description, long and
        often asked again) are kept, up to GOAL_CACHE_SIZE of them."""
        if not texts:
            return np.zeros((0, self.vectors.opportunities.shape[1]), dtype=np.float32)
        todo = [t for t in dict.fromkeys(texts) if t not in self._goal_vectors]
        fresh = dict(zip(todo, encode(self.model[1], todo), strict=True)) if todo else {}
        for text in reusable & fresh.keys():
            if len(self._goal_vectors) < GOAL_CACHE_SIZE:
                self._goal_vectors[text] = fresh[text]
        return np.vstack([self._goal_vectors[t] if t in self._goal_vectors else fresh[t] for t in texts])

    def _fuse(self, semantic: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        if self.fusion is Fusion.SEMANTIC:
            return semantic
        if self.fusion is Fusion.LEXICAL:
            return lexical
        if self.fusion is Fusion.CONVEX:
            return SEMANTIC_SHARE * semantic + (1.0 - SEMANTIC_SHARE) * lexical
        fused = np.zeros_like(semantic)
        for row in range(semantic.shape[0]):
            for scores in (semantic[row], lexical[row]):
                ranks = np.empty(scores.size, dtype=np.float32)
                ranks[np.argsort(-scores, kind="stable")] = np.arange(1, scores.size + 1)
                fused[row] += np.where(scores > 0, 1.0 / (RRF_K + ranks), 0.0)
        return fused * (RRF_K + 1) / 2.0

    # --- answers --------------------------------------------------------------------------------

    def match(self, text: str | None = None, student: Student | None = None, top: int = 10) -> list[Match]:
        """The ``top`` best opportunities for what the student says and who they are, explained."""
        if top < 1:
            raise QueryError(f"top must be at least 1, not {top}")
        ranking = self.rank(text, student)
        final = ranking.final
        candidates = np.flatnonzero(final > 0)
        if candidates.size > top:
            keep = np.argpartition(-final[candidates], top - 1)[:top]
            candidates = candidates[keep]
        order = candidates[np.lexsort((candidates, -final[candidates]))]
        return [self._explain(ranking, int(row)) for row in order]

    def explain(
        self, opportunity_ids: list[str], text: str | None = None, student: Student | None = None
    ) -> dict[str, Match]:
        """The explained match of each named opportunity (one ranking, only these explained): for a
        caller that already chose what to show, e.g. the advisor's swap alternatives."""
        ranking = self.rank(text, student)
        rows = {o.id: row for row, o in enumerate(self.catalog.opportunities)}
        return {o: self._explain(ranking, rows[o]) for o in opportunity_ids if o in rows}

    def interest_scores(self, text: str | None = None, student: Student | None = None) -> dict[str, float]:
        """How well each opportunity matches what the student says, 0-1 (0 when ruled out), calibrated
        per student as a plan weighs them (``InterestFit.scores``)."""
        return self.interest_fit(text, student).scores

    def interest_fit(self, text: str | None = None, student: Student | None = None) -> InterestFit:
        """The interest scores, the student's words per opportunity and the pathways that fit them,
        from one ranking (``matcher/pathways.py``)."""
        return interest_fit(self.rank(text, student), self.catalog)

    def _explain(self, ranking: Ranking, row: int) -> Match:
        opportunity = self.catalog.opportunities[row]
        phrase_index = None
        if ranking.phrases:
            contributions = [p.weight * ranking.fused[i, row] for i, p in enumerate(ranking.phrases)]
            best = int(np.argmax(contributions))
            if contributions[best] > 0:
                phrase_index = best
        parts = ScoreParts(
            semantic=_r(ranking.semantic[phrase_index, row]) if phrase_index is not None else 0.0,
            lexical=_r(ranking.lexical[phrase_index, row]) if phrase_index is not None else 0.0,
            interest=_r(ranking.interest[row]),
        )
        needed: list[str] = []
        notes: list[str] = []
        student_fit = ranking.fit
        if student_fit is not None:
            comps = self.catalog.competency_map()
            needed = [
                comps[c].label for c in opportunity.competencies if c in student_fit.needed and c in comps
            ]
            parts.needed = _r(NEED_WEIGHT * student_fit.need_share[row])
            parts.interdisciplinary = INTERDISCIPLINARY_WEIGHT if self.facts.span[row] >= 2 else 0.0
            if student_fit.done[row]:
                parts.penalty *= DONE_FACTOR
                notes.append("ranked down: already done")
            if student_fit.unreachable[row]:
                parts.penalty *= UNREACHABLE_FACTOR
                notes.append("ranked down: not open to your grade or learning mode")
        return Match(
            opportunity_id=opportunity.id,
            title=opportunity.title,
            kind=opportunity.kind,
            score=_r(ranking.final[row]),
            matched_phrase=ranking.phrases[phrase_index].label if phrase_index is not None else None,
            subjects=self.facts.subjects[row],
            needed_competencies=needed,
            parts=parts,
            notes=notes,
        )


def _product(left: np.ndarray, right: torch.Tensor | np.ndarray) -> np.ndarray:
    """A matrix product on torch's thread pool, the one the encoder uses, rather than numpy's
    OpenBLAS pool: two pools of busy threads on a 2-core machine slow each other down."""
    import torch

    if not isinstance(right, torch.Tensor):
        right = torch.from_numpy(np.ascontiguousarray(right, dtype=np.float32))
    return (torch.from_numpy(np.ascontiguousarray(left, dtype=np.float32)) @ right).numpy()


def _r(value: float) -> float:
    return round(float(value), 4)


def _speller(texts: list[str], lexicon_words: frozenset[str], model: LoadedModel) -> Speller:
    """Typos are corrected to words of the catalog or the lexicon; general English (the model's whole
    words and common English words: ``language.general_words``) is left alone."""
    catalog_words = {w for text in texts for w in re.findall(r"[a-z]+", text.lower())}
    return Speller(targets=catalog_words | lexicon_words, known=general_words(model[1]) | lexicon_words)
