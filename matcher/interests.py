"""Understanding what a student says about their interests, the way teenagers write it.

``parse_interests("mostly robotics, a bit of music, nothing with sports. i wanna be a vet")`` gives
weighted interest phrases (robotics strong, music weak), negations (sports) and career goals
(veterinarian). The text is cleaned and folded by the shared language toolkit (``language/``: shorthand,
abbreviations, stop words in ``data/language/words.json``); the matcher's own phrasing (careers, cue
words) is in ``data/matcher/lexicon.json``; typos are corrected against the words the catalog uses (a
``language.Speller``). Nothing here needs the model.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from core.settings import DEFAULT_DATA_DIR
from language import Rewriter, Speller, WordLists, alternation, clean, load_words, read_word_file
from language import normalize as fold_text
from language.speller import WORD

LEXICON_PATH = DEFAULT_DATA_DIR / "matcher" / "lexicon.json"

# What a student can reasonably type in one go. Longer input is refused rather than truncated, so
# that a pasted document never silently stands in for what the student said.
MAX_TEXT_CHARS = 5_000

# Weights of an interest phrase: "mostly robotics" (strong), "robotics" (plain), "a bit of music" (weak).
STRONG_WEIGHT = 1.0
PLAIN_WEIGHT = 0.6
WEAK_WEIGHT = 0.25

_SENTENCE = re.compile(r"[.;!?\n]+|\s-\s|\(|\)")
_ARTICLES = re.compile(r"^(?:a|an|the|some kind of|some sort of|kind of|like a|like an|like)\s+")
# What is left of a folded text: letters, digits and the marks that split or join phrases (emoji go).
_NOT_TEXT = re.compile(r"[^a-z0-9'&+/,.;!?\n\-\s]")


class QueryError(ValueError):
    """What the student gave the matcher cannot be read: empty, too long, or not text."""


class Lexicon(BaseModel):
    """The word lists of ``data/matcher/lexicon.json``."""

    model_config = ConfigDict(extra="ignore")

    slang: dict[str, str]
    career_aliases: dict[str, str]
    negation_cues: list[str]
    negation_after: list[str]
    strong_cues: list[str]
    weak_cues: list[str]
    filler: list[str]
    vague: list[str]
    career_openers: list[str]
    clause_breaks: list[str]
    list_breaks: list[str]
    not_interests: list[str]

    _compiled: _Patterns | None = PrivateAttr(default=None)
    _slang: Rewriter | None = PrivateAttr(default=None)
    _words: frozenset[str] | None = PrivateAttr(default=None)

    @property
    def patterns(self) -> _Patterns:
        """The lexicon compiled into regular expressions (once)."""
        if self._compiled is None:
            self._compiled = _Patterns(self, load_words())
        return self._compiled

    def rewrite_slang(self, text: str) -> str:
        """The matcher's own phrasing rewritten ("vet" -> "veterinarian", "coding" -> "coding programming")."""
        if self._slang is None:
            self._slang = Rewriter(self.slang)
        return self._slang(text)

    def words(self) -> frozenset[str]:
        """Every word the lexicon and the shared word lists use (never 'corrected' as a typo)."""
        if self._words is not None:
            return self._words
        found: set[str] = set()
        for values in (
            self.slang.values(),
            self.career_aliases,
            self.negation_cues,
            self.negation_after,
            self.strong_cues,
            self.weak_cues,
            self.filler,
            self.vague,
            self.career_openers,
        ):
            for phrase in values:
                found.update(WORD.findall(phrase))
        self._words = frozenset(found | load_words().words())
        return self._words


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    return read_word_file(path, Lexicon)


class Interest(BaseModel):
    """One thing the student cares about, with its relative weight (all weights sum to 1)."""

    phrase: str
    weight: float = Field(ge=0, le=1)


class ParsedQuery(BaseModel):
    """What the matcher understood from a student's words."""

    text: str
    interests: list[Interest] = Field(default_factory=list)
    negations: list[str] = Field(default_factory=list)
    career_goals: list[str] = Field(default_factory=list)
    corrections: dict[str, str] = Field(default_factory=dict, description="typo -> corrected word")

    @property
    def empty(self) -> bool:
        return not (self.interests or self.career_goals)


def check_text(text: object) -> str:
    """The student's text, or a QueryError saying why it cannot be read."""
    if isinstance(text, bytes | bytearray):
        raise QueryError("the interest text must be a string, not bytes; decode it first (e.g. as UTF-8)")
    if not isinstance(text, str):
        raise QueryError(f"the interest text must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise QueryError(
            f"the interest text is {len(text):,} characters long; the matcher reads at most "
            f"{MAX_TEXT_CHARS:,} (a few sentences about what you like)"
        )
    if "\x00" in text:
        raise QueryError("the interest text contains a NUL character; it does not look like text")
    if not text.strip():
        raise QueryError(
            "the interest text is empty; say what you are interested in, e.g. 'animals and drawing'"
        )
    return text


class _Patterns:
    """The lexicon compiled into regular expressions (built once per lexicon)."""

    def __init__(self, lexicon: Lexicon, shared: WordLists) -> None:
        self.vague = re.compile(rf"\b({alternation(lexicon.vague)})\b")
        self.opener = re.compile(rf"\b({alternation(lexicon.career_openers)})\b")
        self.clause = re.compile(rf",|\b(?:{alternation(lexicon.clause_breaks)})\b")
        self.negation = re.compile(rf"(?<![\w'])({alternation(lexicon.negation_cues)})(?![\w'])")
        self.negation_after = re.compile(rf"\b({alternation(lexicon.negation_after)})\s*$")
        breaks = alternation(lexicon.list_breaks)
        self.list_break = re.compile(rf"(?<![\w'])(?:{breaks})(?![\w'])")
        self.strong = re.compile(rf"(?<![\w'])({alternation(lexicon.strong_cues)})(?![\w'])")
        self.weak = re.compile(rf"(?<![\w'])({alternation(lexicon.weak_cues)})(?![\w'])")
        filler = alternation(lexicon.filler + lexicon.strong_cues + lexicon.weak_cues + ["to", "with", "of"])
        self.lead = re.compile(rf"^(?:(?:{filler})(?![\w'])\s*)+")
        self.trail = re.compile(rf"(?:\s*(?<![\w'])(?:{filler}))+$")
        self.stopwords = frozenset(shared.stopwords)
        self.not_interest = re.compile(rf"\b({alternation(lexicon.not_interests)})\b")


def normalize(text: str, lexicon: Lexicon) -> str:
    """The shared folding (lower case, no accents, 'soooo' -> 'soo', shorthand), then no emoji, the
    matcher's own slang and the shared subject abbreviations ("bio" -> "biology")."""
    shared = load_words()
    text = _NOT_TEXT.sub(" ", fold_text(clean(text), shared, lexicon.words()))
    text = shared.expand_abbreviations(lexicon.rewrite_slang(text))
    return re.sub(r"[ \t]+", " ", text).strip()


def _clean(fragment: str, patterns: _Patterns) -> str:
    """Strip filler, cue words and articles from both ends of a fragment; '' when nothing is left."""
    previous = None
    fragment = fragment.strip(" ,'-/&+")
    while previous != fragment:
        previous = fragment
        fragment = patterns.lead.sub("", fragment).strip(" ,'-/&+")
        fragment = patterns.trail.sub("", fragment).strip(" ,'-/&+")
        fragment = _ARTICLES.sub("", fragment)
    words = fragment.split()
    while words and words[0] in patterns.stopwords:
        words.pop(0)
    while words and words[-1] in patterns.stopwords:
        words.pop()
    fragment = " ".join(words)
    if patterns.not_interest.search(fragment) or not re.search(r"[a-z]{2,}", fragment):
        return ""
    return fragment


def _split_list(fragment: str, patterns: _Patterns) -> list[str]:
    return [part for part in patterns.list_break.split(fragment) if part.strip()]


def _career_goals(sentence: str, patterns: _Patterns) -> tuple[list[str], str]:
    """Career goals named in a sentence ('i wanna be a vet or a nurse') and the sentence without them."""
    goals: list[str] = []
    rest = sentence
    while match := patterns.opener.search(rest):
        tail = rest[match.end() :]
        inner = patterns.opener.search(tail)
        while inner and inner.start() < 4:  # "future ... i want to be": keep the innermost opener
            tail = tail[inner.end() :]
            inner = patterns.opener.search(tail)
        stop = patterns.clause.search(tail)
        goal_text = tail[: stop.start()] if stop else tail
        for part in re.split(r"\b(?:or|and|/)\b", goal_text):
            goal = _clean(part, patterns)
            if goal:
                goals.append(goal)
        rest = rest[: match.start()] + " , " + (tail[stop.start() :] if stop else "")
    return goals, rest


def parse_interests(text: str, lexicon: Lexicon | None = None, speller: Speller | None = None) -> ParsedQuery:
    """Split what a student says into weighted interests, negations and career goals."""
    lexicon = lexicon or load_lexicon()
    patterns = lexicon.patterns
    normalized = patterns.vague.sub(" ", normalize(check_text(text), lexicon))
    weighted: list[tuple[str, float]] = []
    negations: list[str] = []
    goals: list[str] = []
    for sentence in _SENTENCE.split(normalized):
        found, sentence = _career_goals(sentence, patterns)
        goals.extend(found)
        for clause in patterns.clause.split(sentence):
            positive, negated = clause, ""
            if cue := patterns.negation.search(clause):
                positive, negated = clause[: cue.start()], clause[cue.end() :]
            elif after := patterns.negation_after.search(clause):
                positive, negated = "", clause[: after.start()]
            negations.extend(p for p in (_clean(x, patterns) for x in _split_list(negated, patterns)) if p)
            weight = PLAIN_WEIGHT
            for part in _split_list(positive, patterns):
                if patterns.strong.search(part):
                    weight = STRONG_WEIGHT
                elif patterns.weak.search(part):
                    weight = WEAK_WEIGHT
                phrase = _clean(part, patterns)
                if phrase:
                    weighted.append((phrase, weight))
    corrections: dict[str, str] = {}
    if speller is not None:
        weighted = [(speller.correct(p, corrections), w) for p, w in weighted]
        negations = [speller.correct(p, corrections) for p in negations]
        goals = [speller.correct(g, corrections) for g in goals]
    return ParsedQuery(
        text=text,
        interests=_merge(weighted),
        negations=list(dict.fromkeys(negations)),
        career_goals=list(dict.fromkeys(goals)),
        corrections=corrections,
    )


def _merge(weighted: list[tuple[str, float]]) -> list[Interest]:
    """One entry per phrase (its largest weight), weights scaled to sum to 1, in the order said."""
    best: dict[str, float] = {}
    for phrase, weight in weighted:
        best[phrase] = max(weight, best.get(phrase, 0.0))
    total = sum(best.values())
    return [Interest(phrase=p, weight=round(w / total, 4)) for p, w in best.items()] if total else []
