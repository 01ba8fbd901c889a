"""What messages are read against (``Context``), and opportunity references in them:
"the biotech internship", "chem", "the trip" -> catalog ids with confidence.

A phrase is compared with each (id, title) target lexically (rapidfuzz, after expanding abbreviations
such as "chem") and by meaning (the sentence-transformers model), and kind words ("internship", "trip",
"club") favour targets of that kind. One clear winner is a reference; several close ones are candidates
for a clarifying question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, Field, field_validator
from rapidfuzz import fuzz

from chat.intents import Lexicon
from core.schema import Calendar, Competency, Opportunity, OpportunityKind, Student
from language import fold, load_words
from matcher.embeddings import encode

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# The final score mixes lexical overlap and meaning; lexical overlap is the more reliable of the two on
# short titles, meaning catches paraphrases ("the animal hospital one" for a veterinary internship).
LEXICAL_WEIGHT = 0.65
SEMANTIC_WEIGHT = 0.35
# Within the lexical score, how much of the student's words the title covers matters more than how
# much of the title the student said ("biotech internship" for "Biotech Lab Internship").
QUERY_COVERAGE_WEIGHT = 0.7
# A kind word that agrees with the target's kind adds this; one that disagrees takes it away.
KIND_BONUS = 0.15
# A phrase made only of a kind word ("the trip") scores this for every target of that kind.
KIND_ONLY_SCORE = 0.75
# Word similarity: an abbreviation that starts a title word ("robot" for "robotics") counts this much;
# otherwise a rapidfuzz ratio at or above the floor counts as its ratio (typos), below it as nothing.
PREFIX_SIMILARITY = 0.9
WORD_RATIO_FLOOR = 80
# A student's word names a title word when their similarity is at least this.
NAME_WORD_SIMILARITY = 0.8
# A target below this score is not a reference; targets within the margin of the best are candidates.
MIN_REFERENCE_SCORE = 0.6
REFERENCE_MARGIN = 0.08
# A whole phrase whose best title covers at least this share of its words is one reference; otherwise the
# phrase is split at "and" / commas and each part is matched on its own ("drop the trip and the club").
WHOLE_PHRASE_COVERAGE = 0.75
MAX_CANDIDATES = 5
# Query vectors are cached (students repeat themselves); the cache is emptied when it grows past this.
QUERY_CACHE_SIZE = 4096
# Kinds that the same word can mean: a "class" may be a school course, an online course or a college class.
KIND_FAMILY = {
    OpportunityKind.COURSE: {
        OpportunityKind.COURSE,
        OpportunityKind.ONLINE_COURSE,
        OpportunityKind.DUAL_ENROLLMENT,
    },
    OpportunityKind.INTERNSHIP: {OpportunityKind.INTERNSHIP, OpportunityKind.WORK_BASED_LEARNING},
}


class ReferenceTarget(BaseModel):
    """Something a student may name: an opportunity's id and title, and its kind when known."""

    id: str
    title: str
    kind: OpportunityKind | None = None

    @classmethod
    def of(cls, opportunity: Opportunity) -> ReferenceTarget:
        return cls(id=opportunity.id, title=opportunity.title, kind=opportunity.kind)


class CompetencyTarget(BaseModel):
    id: str
    code: str = ""


class Context(BaseModel):
    """What the message is understood against: the catalog titles, the plan, the calendar, the student."""

    opportunities: list[ReferenceTarget] = Field(default_factory=list)
    plan: list[str] = Field(default_factory=list, description="Ids of the opportunities in the current plan.")
    competencies: list[CompetencyTarget] = Field(default_factory=list)
    calendar: Calendar | None = None
    grade: int | None = None
    target_term: str | None = None

    @classmethod
    def of(
        cls,
        opportunities: Sequence[Opportunity],
        competencies: Sequence[Competency] = (),
        calendar: Calendar | None = None,
        student: Student | None = None,
        plan: Sequence[str] = (),
    ) -> Context:
        """A context from catalog objects and, when known, the student and their current plan."""
        return cls(
            opportunities=[ReferenceTarget.of(o) for o in opportunities],
            competencies=[CompetencyTarget(id=c.id, code=c.code) for c in competencies if not c.is_heading],
            calendar=calendar,
            grade=student.grade if student else None,
            target_term=student.target_graduation_term if student else None,
            plan=list(plan),
        )

    @field_validator("opportunities", mode="before")
    @classmethod
    def _title_pairs(cls, value: Any) -> Any:
        """Accept plain (id, title) or (id, title, kind) tuples."""
        if isinstance(value, list):
            keys = ("id", "title", "kind")
            return [dict(zip(keys, v, strict=False)) if isinstance(v, tuple) else v for v in value]
        return value

    @field_validator("competencies", mode="before")
    @classmethod
    def _code_pairs(cls, value: Any) -> Any:
        """Accept plain (id, code) tuples."""
        if isinstance(value, list):
            return [dict(zip(("id", "code"), v, strict=False)) if isinstance(v, tuple) else v for v in value]
        return value


class OpportunityRef(BaseModel):
    id: str
    title: str
    confidence: float = Field(ge=0, le=1)


class Scored(BaseModel):
    target: ReferenceTarget
    score: float
    coverage: float


def _words(text: str, lexicon: Lexicon) -> list[str]:
    """Lower-case words, contractions whole ("don't"), initials joined ("D.C." -> "dc"), abbreviations
    expanded ("chem" -> "chemistry"); single letters other than digits are dropped."""
    text = re.sub(r"(?<=\b[a-z])\.", "", fold(text))
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", load_words().expand_abbreviations(text))
    return [w for w in words if len(w) > 1 or w.isdigit()]


def _similarity(query: str, word: str) -> float:
    if query == word:
        return 1.0
    if len(query) >= 3 and word.startswith(query):
        return PREFIX_SIMILARITY
    ratio = fuzz.ratio(query, word)
    return ratio / 100 if ratio >= WORD_RATIO_FLOOR else 0.0


class ReferenceMatcher:
    """Resolves phrases against (id, title) targets; title vectors are cached by title."""

    def __init__(self, model: SentenceTransformer, lexicon: Lexicon) -> None:
        self.model = model
        self.lexicon = lexicon
        self.stopwords = set(lexicon.reference_stopwords)
        phrases = [(p, kind) for kind, ps in lexicon.kinds.items() for p in ps]
        self.kind_phrases = sorted(phrases, key=lambda pk: -len(pk[0]))
        self.kind_words = {w for p, _ in phrases for w in p.split()}
        # "online" or "in person" alone names a mode, not a title.
        self.mode_words = {w for phrase in load_words().modes for w in re.findall(r"[a-z]+", phrase)}
        self._vectors: dict[str, np.ndarray] = {}
        self._queries: dict[str, np.ndarray] = {}
        self._titles: dict[str, tuple[list[str], list[list[str]]]] = {}

    def title_vectors(self, titles: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(titles) if t not in self._vectors]
        if missing:
            for title, vector in zip(missing, encode(self.model, missing), strict=True):
                self._vectors[title] = vector
        return np.stack([self._vectors[t] for t in titles]) if titles else np.zeros((0, 384), np.float32)

    def kinds_in(self, phrase: str) -> tuple[set[OpportunityKind], str]:
        """Kind words in the phrase, and the phrase without them."""
        kinds: set[OpportunityKind] = set()
        for words, kind in self.kind_phrases:
            pattern = rf"\b{re.escape(words)}\b"
            if re.search(pattern, phrase):
                kinds.add(kind)
                phrase = re.sub(pattern, " ", phrase)
        return kinds, phrase

    def content(self, phrase: str) -> list[str]:
        return [w for w in _words(phrase, self.lexicon) if w not in self.stopwords]

    def query(self, phrase: str) -> tuple[set[OpportunityKind], list[str]]:
        """The kinds a phrase names and its content words ("the biotech internship" -> internship, biotech)."""
        kinds, rest = self.kinds_in(phrase.lower())
        return kinds, self.content(rest)

    def prepare(self, phrases: list[str], known: frozenset[str]) -> None:
        """Encode the queries of several phrases in one batch, so that scoring them costs no model call."""
        self._encode([" ".join(self.naming(self.query(p)[1], known)) for p in phrases])

    def _encode(self, queries: list[str]) -> None:
        missing = [q for q in dict.fromkeys(queries) if q and q not in self._queries]
        if len(self._queries) + len(missing) > QUERY_CACHE_SIZE:
            self._queries.clear()
        if missing:
            self._queries.update(zip(missing, encode(self.model, missing), strict=True))

    def _title_words(self, title: str) -> tuple[list[str], list[list[str]]]:
        """All the words a student may use for a title, and the names it goes by: the whole title and,
        when it has one, the part before a subtitle or a bracket ("Biology: Cells, Genes and
        Ecosystems" is also just "Biology"). Kind words ("Internship", "Online") are not part of a name."""
        if title not in self._titles:
            words = [w for w in _words(title, self.lexicon) if w not in self.stopwords]
            names = []
            for part in (title, re.split(r"[:(]", title)[0]):
                name = [
                    w
                    for w in _words(part, self.lexicon)
                    if w not in self.stopwords and w not in self.kind_words
                ]
                if name and name not in names:
                    names.append(name)
            self._titles[title] = (words, names or [words])
        return self._titles[title]

    def vocabulary(self, targets: list[ReferenceTarget]) -> frozenset[str]:
        """Every word of every title: a student's word that is in none of them is not part of a name."""
        return frozenset(w for t in targets for w in self._title_words(t.title)[0])

    def naming(self, words: list[str], known: frozenset[str]) -> list[str]:
        """The words that may be part of a title: close to a title word, and not all digits or mode words."""
        named = [q for q in words if any(_similarity(q, w) >= NAME_WORD_SIMILARITY for w in known)]
        meaningful = [q for q in named if not q.isdigit() and q not in self.mode_words]
        return named if meaningful else []

    def score(
        self, phrase: str, targets: list[ReferenceTarget], known: frozenset[str] | None = None
    ) -> list[Scored]:
        """Every target scored against the phrase, best first (``known``: the catalog's title words)."""
        kinds, words = self.query(phrase)
        query = self.naming(words, known if known is not None else self.vocabulary(targets))
        if not query and not kinds:
            return []
        family = set().union(*(KIND_FAMILY.get(k, {k}) for k in kinds)) if kinds else set()
        scored = []
        for target in targets:
            adjust = 0.0
            if kinds and target.kind is not None:
                adjust = KIND_BONUS if target.kind in family else -KIND_BONUS
            if not query:
                value = KIND_ONLY_SCORE if target.kind in family else 0.0
                scored.append(Scored(target=target, score=value, coverage=1.0))
                continue
            title, names = self._title_words(target.title)
            best = [max((_similarity(q, w) for w in title), default=0.0) for q in query]
            coverage = sum(best) / len(best)
            said = max(
                sum(any(_similarity(q, w) >= NAME_WORD_SIMILARITY for q in query) for w in n) / len(n)
                for n in names
            )
            lexical = QUERY_COVERAGE_WEIGHT * coverage + (1 - QUERY_COVERAGE_WEIGHT) * said
            scored.append(Scored(target=target, score=LEXICAL_WEIGHT * lexical + adjust, coverage=coverage))
        if query and scored and max(s.score for s in scored) + SEMANTIC_WEIGHT >= MIN_REFERENCE_SCORE:
            # Meaning can still lift a target over the bar: add it (one cached model call per query).
            text = " ".join(query)
            if text not in self._queries:
                self._encode([text])
            semantic = self.title_vectors([t.title for t in targets]) @ self._queries[text]
            for item, similarity in zip(scored, semantic, strict=True):
                item.score += SEMANTIC_WEIGHT * max(0.0, float(similarity))
        for item in scored:
            item.score = round(min(1.0, max(0.0, item.score)), 4)
        scored.sort(key=lambda s: -s.score)
        return scored

    def candidates(
        self, phrase: str, targets: list[ReferenceTarget], known: frozenset[str] | None = None
    ) -> list[Scored]:
        """The targets close to the best one, when the best is good enough."""
        scored = self.score(phrase, targets, known)
        if not scored or scored[0].score < MIN_REFERENCE_SCORE:
            return []
        top = scored[0].score
        return [s for s in scored if s.score >= top - REFERENCE_MARGIN][:MAX_CANDIDATES]

    def resolve(
        self, phrase: str, targets: list[ReferenceTarget], known: frozenset[str] | None = None
    ) -> list[list[Scored]]:
        """One list of candidates per thing named; a list of one is a clear reference."""
        whole = self.candidates(phrase, targets, known)
        if whole and whole[0].coverage >= WHOLE_PHRASE_COVERAGE:
            return [whole]
        parts = [p for p in re.split(r"\s*(?:,|\band\b|&|\bplus\b|\bor\b)\s*", phrase) if p.strip()]
        if len(parts) < 2:
            return [whole] if whole else []
        found = [c for c in (self.candidates(p, targets, known) for p in parts) if c]
        unique: list[list[Scored]] = []
        for group in found:
            if not any(group[0].target.id == g[0].target.id for g in unique):
                unique.append(group)
        return unique or ([whole] if whole else [])


def as_refs(group: list[Scored]) -> list[OpportunityRef]:
    return [OpportunityRef(id=s.target.id, title=s.target.title, confidence=s.score) for s in group]
