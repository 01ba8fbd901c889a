"""Word stems for BM25: the Snowball English stemmer (PyStemmer), so "drawing" and "draw", "animals"
and "animal", "engineering" and "engineer" meet."""

from __future__ import annotations

import threading

import Stemmer

# A PyStemmer stemmer is not thread-safe (and the app serves sessions from several threads): one per
# thread. Each keeps its own cache of stems (a catalog's vocabulary is small and its texts repeat words).
_LOCAL = threading.local()
CACHE_SIZE = 65_536


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        stemmer = _LOCAL.stemmer = Stemmer.Stemmer("english", CACHE_SIZE)
    return stemmer


def stem_words(words: list[str]) -> list[str]:
    """The stem of each word, in order."""
    return _stemmer().stemWords(words)
