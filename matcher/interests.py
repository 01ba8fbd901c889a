"""Understanding what a student says about their interests, the way teenagers write it.

``parse_interests("mostly robotics, a bit of music, nothing with sports. i wanna be a vet")`` gives
weighted interest phrases (robotics strong, music weak), negations (sports) and career goals
(veterinarian). Slang and abbreviations are rewritten from ``data/matcher/lexicon.json``; typos are
corrected against the words the catalog uses (see ``Speller``). Nothing here needs the model.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from rapidfuzz import fuzz, process

from core.settings import DEFAULT_DATA_DIR

LEXICON_PATH = DEFAULT_DATA_DIR / "matcher" / "lexicon.json"

# What a student can reasonably type in one go. Longer input is refused rather than truncated, so
# that a pasted document never silently stands in for what the student said.
MAX_TEXT_CHARS = 5_000

# Weights of an interest phrase: "mostly robotics" (strong), "robotics" (plain), "a bit of music" (weak).
STRONG_WEIGHT = 1.0
PLAIN_WEIGHT = 0.6
WEAK_WEIGHT = 0.25

# A word the speller does not know is replaced by the closest catalog word when their similarity
# (rapidfuzz ratio, 0-100) is at least this; 80 accepts one dropped or swapped letter in 5+ letters.
TYPO_MIN_SIMILARITY = 80
# Shorter words are never corrected: at 3 letters one edit makes a different word.
TYPO_MIN_LENGTH = 4

_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")
_LONG_REPEAT = re.compile(r"([a-z])\1{2,}")
_SENTENCE = re.compile(r"[.;!?\n]+|\s-\s|\(|\)")
_ARTICLES = re.compile(r"^(?:a|an|the|some kind of|some sort of|kind of|like a|like an|like)\s+")


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
    stopwords: list[str]
    not_interests: list[str]
    mode_words: dict[str, str]

    _compiled: _Patterns | None = PrivateAttr(default=None)
    _words: frozenset[str] | None = PrivateAttr(default=None)

    @property
    def patterns(self) -> _Patterns:
        """The lexicon compiled into regular expressions (once)."""
        if self._compiled is None:
            self._compiled = _Patterns(self)
        return self._compiled

    def words(self) -> frozenset[str]:
        """Every word the lexicon itself uses (never 'corrected' as a typo)."""
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
                found.update(_WORD.findall(phrase))
        self._words = frozenset(found)
        return self._words


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    return Lexicon.model_validate(json.loads(path.read_text(encoding="utf-8")))


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


def _alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of whole-word phrases, longest first so that 'not into' beats 'not'."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(re.escape(p) for p in ordered)


class _Patterns:
    """The lexicon compiled into regular expressions (built once per lexicon)."""

    def __init__(self, lexicon: Lexicon) -> None:
        slang = _alternation(lexicon.slang)
        self.slang = re.compile(rf"(?<![\w'])({slang})(?![\w'])")
        self.vague = re.compile(rf"\b({_alternation(lexicon.vague)})\b")
        self.opener = re.compile(rf"\b({_alternation(lexicon.career_openers)})\b")
        self.clause = re.compile(rf",|\b(?:{_alternation(lexicon.clause_breaks)})\b")
        self.negation = re.compile(rf"(?<![\w'])({_alternation(lexicon.negation_cues)})(?![\w'])")
        self.negation_after = re.compile(rf"\b({_alternation(lexicon.negation_after)})\s*$")
        breaks = _alternation(lexicon.list_breaks)
        self.list_break = re.compile(rf"(?<![\w'])(?:{breaks})(?![\w'])")
        self.strong = re.compile(rf"(?<![\w'])({_alternation(lexicon.strong_cues)})(?![\w'])")
        self.weak = re.compile(rf"(?<![\w'])({_alternation(lexicon.weak_cues)})(?![\w'])")
        filler = _alternation(lexicon.filler + lexicon.strong_cues + lexicon.weak_cues + ["to", "with", "of"])
        self.lead = re.compile(rf"^(?:(?:{filler})(?![\w'])\s*)+")
        self.trail = re.compile(rf"(?:\s*(?<![\w'])(?:{filler}))+$")
        self.stopwords = frozenset(lexicon.stopwords)
        self.not_interest = re.compile(rf"\b({_alternation(lexicon.not_interests)})\b")


def normalize(text: str, lexicon: Lexicon) -> str:
    """Lower case, plain apostrophes, no emoji, 'soooo' -> 'soo', slang rewritten."""
    text = unicodedata.normalize("NFKD", text.lower())  # "tío" -> "ti" + combining accent
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[^a-z0-9'&+/,.;!?\n\-\s]", " ", text)
    text = _LONG_REPEAT.sub(lambda m: _squeeze(m, lexicon), text)
    text = lexicon.patterns.slang.sub(lambda m: lexicon.slang[m.group(1)], text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _squeeze(run: re.Match[str], lexicon: Lexicon) -> str:
    """'loooove' -> 'love' when the lexicon knows the one-letter form, else two letters ('sooo' -> 'soo')."""
    word_match = re.search(r"[a-z']*$", run.string[: run.start()])
    tail_match = re.match(r"[a-z']*", run.string[run.end() :])
    head = word_match.group(0) if word_match else ""
    tail = tail_match.group(0) if tail_match else ""
    single = run.group(1)
    return single if head + single + tail in lexicon.words() else single * 2


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
        weighted = [(speller.correct_phrase(p, corrections), w) for p, w in weighted]
        negations = [speller.correct_phrase(p, corrections) for p in negations]
        goals = [speller.correct_phrase(g, corrections) for g in goals]
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


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class Speller:
    """Corrects words nobody uses ('biolgy', 'robtics') to the closest word the catalog uses.

    ``known`` are words left alone (the catalog's words, the lexicon's, and a general vocabulary such
    as the embedding model's word list); ``targets`` are the words a typo may be corrected to.
    """

    def __init__(self, known: Iterable[str], targets: Iterable[str]) -> None:
        self.targets = sorted({t for t in targets if len(t) >= TYPO_MIN_LENGTH - 1 and t.isalpha()})
        self.known = set(known) | set(self.targets)
        self._cache: dict[str, str] = {}

    def correct_word(self, word: str) -> str:
        if word in self.known or len(word) < TYPO_MIN_LENGTH or not word.isalpha():
            return word
        if word not in self._cache:
            close = process.extract(
                word, self.targets, scorer=fuzz.ratio, score_cutoff=TYPO_MIN_SIMILARITY, limit=5
            )
            # Among equally close words, the one sharing the longest beginning wins: people mistype
            # the ends of words more than their starts ("singin" is "singing", not "signing").
            best = max(close, key=lambda c: (c[1], _shared_prefix(word, c[0])), default=None)
            self._cache[word] = best[0] if best else word
        return self._cache[word]

    def correct_phrase(self, phrase: str, corrections: dict[str, str]) -> str:
        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            fixed = self.correct_word(word)
            if fixed != word:
                corrections[word] = fixed
            return fixed

        return _WORD.sub(fix, phrase)
