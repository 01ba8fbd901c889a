"""Text as a student types it, made plain and folded, for everything that reads it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

from language.words import WordLists

_APOSTROPHES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"'}
)
_LONG_REPEAT = re.compile(r"([a-z])\1{2,}")


def clean(message: str) -> str:
    """Untrusted text to plain text: Unicode-normalized (NFKC), plain apostrophes and quotes, control
    characters removed, spaces collapsed. Case and markup stay as they were ("<b>" is text)."""
    text = unicodedata.normalize("NFKC", message).translate(_APOSTROPHES)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def fold(text: str) -> str:
    """Lower case without accents: "Tío's Café" -> "tio's cafe"."""
    text = unicodedata.normalize("NFKD", text.lower())
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def squeeze(text: str, known: Container[str]) -> str:
    """Stretched words squeezed: a letter written three or more times in a row becomes one letter when
    that makes a known word ("loooove" -> "love"), else two ("sooooo" -> "soo")."""

    def one_or_two(run: re.Match[str]) -> str:
        head = re.search(r"[a-z']*$", text[: run.start()])
        tail = re.match(r"[a-z']*", text[run.end() :])
        single = run.group(1)
        word = (head.group(0) if head else "") + single + (tail.group(0) if tail else "")
        return single if word in known else single * 2

    return _LONG_REPEAT.sub(one_or_two, text)


def normalize(text: str, words: WordLists, known: Container[str] = frozenset()) -> str:
    """A cleaned text folded for reading: lower case, no accents, stretched words squeezed (to a word of
    ``known`` or of the word lists when one fits) and texting shorthand written out ("wanna" -> "want to")."""
    folded = fold(text)
    if _LONG_REPEAT.search(folded):
        shared = words.words()
        folded = squeeze(folded, _Either(known, shared))
    return re.sub(r" {2,}", " ", words.fold_shorthand(folded)).strip()


class _Either:
    """Membership in either of two containers (without copying a large vocabulary into a new set)."""

    def __init__(self, first: Container[str], second: Container[str]) -> None:
        self.first, self.second = first, second

    def __contains__(self, item: object) -> bool:
        return item in self.first or item in self.second
