"""Spelling correction against a vocabulary: "biolgy" -> "biology", "wensday" -> "wednesday"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

# A word nobody uses is replaced by the closest target word when their similarity (rapidfuzz ratio,
# 0-100) is at least this: 80 accepts one dropped or swapped letter in a word of five or more letters.
TYPO_MIN_SIMILARITY = 80
# Shorter words are never corrected: at three letters one edit makes a different word.
TYPO_MIN_LENGTH = 4
# How many close targets are weighed against each other.
CANDIDATES = 5
# A word of the English word list is general English (never a typo) when it was counted this often
# (pyspellchecker's counts; 47,000 words): "sneaker" (591) and "medic" (4,118) stay, "chemestry" (absent)
# is corrected.
ENGLISH_MIN_COUNT = 100

# A word: letters, with apostrophes or hyphens inside ("don't" and "hands-on" are one word each and,
# not being all letters, are never corrected).
WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class Speller:
    """Corrects words nobody uses to the closest word of a vocabulary.

    ``targets`` are the words a typo may be corrected to (the catalog's words, a word list's);
    ``known`` are further words left alone (a general vocabulary, such as the model's word list).
    Among equally close targets, the one sharing the longest beginning wins: people mistype the ends of
    words more than their starts ("singin" is "singing", not "signing"). Corrections are cached.
    """

    def __init__(
        self,
        targets: Iterable[str],
        known: Iterable[str] = (),
        min_length: int = TYPO_MIN_LENGTH,
        min_similarity: int = TYPO_MIN_SIMILARITY,
    ) -> None:
        self.min_length = min_length
        self.min_similarity = min_similarity
        self.targets = sorted({t for t in targets if len(t) >= min_length - 1 and t.isalpha()})
        self.known = set(known) | set(self.targets)
        self._cache: dict[str, str] = {}

    def correct_word(self, word: str) -> str:
        """The word itself when it is known, short or not all letters; else its closest target, if any."""
        if word in self.known or len(word) < self.min_length or not word.isalpha():
            return word
        if word not in self._cache:
            close = process.extract(
                word, self.targets, scorer=fuzz.ratio, score_cutoff=self.min_similarity, limit=CANDIDATES
            )
            best = max(close, key=lambda c: (c[1], _shared_prefix(word, c[0])), default=None)
            self._cache[word] = best[0] if best else word
        return self._cache[word]

    def correct(self, text: str, corrections: dict[str, str] | None = None) -> str:
        """The text with every word corrected; ``corrections`` (when given) collects typo -> word."""

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            fixed = self.correct_word(word)
            if fixed != word and corrections is not None:
                corrections[word] = fixed
            return fixed

        return WORD.sub(fix, text)


def model_words(model: Any) -> frozenset[str]:
    """The whole words of a sentence-transformers model's vocabulary."""
    tokenizer = getattr(model, "tokenizer", None)
    if tokenizer is None or not hasattr(tokenizer, "get_vocab"):
        return frozenset()
    return frozenset(w for w in tokenizer.get_vocab() if w.isalpha())


@lru_cache(maxsize=1)
def english_words(min_count: int = ENGLISH_MIN_COUNT) -> frozenset[str]:
    """Common English words (pyspellchecker's English word frequencies, counted in film subtitles):
    those seen at least ``min_count`` times. The list also holds frequent misspellings at low counts:
    the threshold leaves out most ("thurs" 50), not all ("programing" 145, which the model reads as
    "program" + "ing" anyway)."""
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    return frozenset(w for w, n in counts.items() if n >= min_count and w.isalpha())


def general_words(model: Any) -> frozenset[str]:
    """Words that are never typos: the model's own whole words and common English words. A word the
    model splits into pieces but English knows ("sneaker", "resale") is left as the student wrote it;
    before, it was "corrected" to the closest catalog word ("speakers", "real")."""
    return model_words(model) | english_words()
