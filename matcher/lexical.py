"""The lexical half of the ranking: BM25 (the bm25s library) over the same texts the index embeds.

DuckDB's own full-text search would need its ``fts`` extension, which DuckDB downloads on first use;
the product runs offline, so BM25 runs in memory with bm25s instead. Words are lower-cased, the shared
stop words dropped and the Snowball English stemmer applied (``language.stem``: "drawing" and "draw",
"animals" and "animal", "engineering" and "engineer" meet).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import bm25s
import numpy as np

from language import load_words, stem_words

_TOKEN = re.compile(r"[a-z0-9]+")


def tokenize(text: str, stopwords: frozenset[str] | None = None) -> list[str]:
    """The stems of a text's words, stop words and single characters left out."""
    stop = stopwords if stopwords is not None else _stopwords()
    return stem_words(
        [w for w in _TOKEN.findall(text.lower().replace("'", "")) if w not in stop and len(w) > 1]
    )


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(w.replace("'", "") for w in load_words().stopwords)


class LexicalIndex:
    """BM25 over one text per opportunity, plus which opportunities' titles and descriptions use
    which words (what a negation such as "nothing with sports" is checked against)."""

    def __init__(self, texts: Sequence[str], titles: Sequence[str], descriptions: Sequence[str]) -> None:
        self.size = len(texts)
        self.bm25 = bm25s.BM25()
        tokens = [tokenize(t) for t in texts]
        self.vocabulary = {word for doc in tokens for word in doc}
        self._word_best = np.zeros(0, dtype=np.float32)
        self._words: dict[str, int] = {}
        if self.vocabulary:  # bm25s cannot index a corpus without a single word (an empty catalog)
            self.bm25.index(tokens, show_progress=False)
            self._words = self.bm25.vocab_dict
            # The best score each word reaches in any opportunity: a query's lexical score is measured
            # against an ideal opportunity that matches every query word as well as the best one does,
            # so a hit on a common word alone ("work") stays small.
            indptr = np.asarray(self.bm25.scores["indptr"])
            data = np.asarray(self.bm25.scores["data"], dtype=np.float32)
            self._word_best = np.zeros(len(indptr) - 1, dtype=np.float32)
            filled = np.flatnonzero(np.diff(indptr) > 0)
            if filled.size:
                self._word_best[filled] = np.maximum.reduceat(data, indptr[filled])
        self._postings: dict[str, dict[str, list[int]]] = {"title": {}, "description": {}}
        for field, values in (("title", titles), ("description", descriptions)):
            for row, value in enumerate(values):
                for word in set(tokenize(value)):
                    self._postings[field].setdefault(word, []).append(row)

    def scores(self, query: str) -> np.ndarray:
        """BM25 of every opportunity for a query, 0-1: divided by the BM25 of an ideal opportunity
        that matches each query word as well as the best opportunity does (all zero when no word hits)."""
        words = [w for w in dict.fromkeys(tokenize(query)) if w in self._words]
        if not words or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        raw = np.asarray(self.bm25.get_scores(words), dtype=np.float32)
        ideal = float(sum(self._word_best[self._words[w]] for w in words))
        return np.minimum(raw / ideal, 1.0) if ideal > 0 else np.zeros(self.size, dtype=np.float32)

    def mentions(self, phrase: str, field: str) -> np.ndarray:
        """Rows whose ``field`` ("title" or "description") contains every content word of ``phrase``."""
        words = set(tokenize(phrase))
        if not words:
            return np.zeros(self.size, dtype=bool)
        hit = np.ones(self.size, dtype=bool)
        for word in words:
            rows = np.zeros(self.size, dtype=bool)
            rows[self._postings[field].get(word, [])] = True
            hit &= rows
        return hit

    def words(self) -> Iterable[str]:
        return self.vocabulary
