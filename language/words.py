"""Word lists as data: the shared lists of ``data/language/words.json``, how a word file is read
(any of them: the chat's and the matcher's too), and the ``Rewriter`` that applies a list to a text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from core.errors import InputError, Problem
from core.schema import Mode
from core.settings import DEFAULT_DATA_DIR

WORDS_PATH = DEFAULT_DATA_DIR / "language" / "words.json"

M = TypeVar("M", bound=BaseModel)

# Letters, digits and these marks make up a word: "c++", "r&b" and "don't" are never cut into pieces.
_WORD_CHARS = r"\w'&+"
_WORD = re.compile(r"[a-z][a-z']*")


def read_word_file(path: Path, model: type[M]) -> M:
    """Read and check a JSON word file; a bad file raises InputError naming the file and the field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError([Problem(str(path), "", "", f"cannot read the word file: {exc}")]) from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [
            Problem(str(path), "", ".".join(str(p) for p in err["loc"]), err["msg"]) for err in exc.errors()
        ]
        raise InputError(problems) from exc


def alternation(phrases: Iterable[str]) -> str:
    """A regular-expression alternation of literal phrases, longest first ("not into" before "not")."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(re.escape(p) for p in ordered)


class Rewriter:
    """Whole-word phrase replacement from a table ("wanna" -> "want to", "bio tech" -> "biotechnology").

    The longest phrase wins ("w/o" before "w/"). A phrase is whole when no letter, digit, apostrophe,
    '&' or '+' touches it, so "c++", "r&b" and "u's" stay as they are, while "bio/chem" is two words; a
    dotted code or abbreviation ("CCSS.ELA-Literacy.W.9-10.3", "u.s.") is one word.
    An empty replacement drops the phrase. The text is expected lower-case.
    """

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = dict(table)
        phrases = alternation(self.table)
        self._pattern = (
            re.compile(
                rf"(?<![{_WORD_CHARS}])(?<![{_WORD_CHARS}]\.)({phrases})(?![{_WORD_CHARS}])(?!\.[{_WORD_CHARS}])"
            )
            if phrases
            else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.table[m.group(1)], text)

    def words(self) -> set[str]:
        """Every word the rewriter writes."""
        return {w for value in self.table.values() for w in _WORD.findall(value)}


class WordLists(BaseModel):
    """The shared word lists (``data/language/words.json``)."""

    model_config = ConfigDict(extra="forbid")

    about: str = ""
    shorthand: dict[str, str]
    abbreviations: dict[str, str]
    stopwords: list[str]
    modes: dict[str, Mode]
    spanish: dict[str, str] = Field(
        default_factory=dict, description="Common Spanish words of Spanglish messages, in English."
    )

    _shorthand: Rewriter | None = PrivateAttr(default=None)
    _abbreviations: Rewriter | None = PrivateAttr(default=None)
    _words: frozenset[str] | None = PrivateAttr(default=None)

    def fold_shorthand(self, text: str) -> str:
        """Texting shorthand and Spanglish written out: "wanna" -> "want to", "hrs" -> "hours", "tbh"
        dropped, "me gusta" -> "i like"."""
        if self._shorthand is None:
            self._shorthand = Rewriter({**self.spanish, **self.shorthand})
        return self._shorthand(text)

    def expand_abbreviations(self, text: str) -> str:
        """School-subject short forms written out: "chem" -> "chemistry", "comp sci" -> "computer science"."""
        if self._abbreviations is None:
            self._abbreviations = Rewriter(self.abbreviations)
        return self._abbreviations(text)

    def words(self) -> frozenset[str]:
        """Every word the lists write out (a word a text may contain after folding)."""
        if self._words is None:
            written = {**self.spanish, **self.shorthand}
            self._words = frozenset(Rewriter(written).words() | Rewriter(self.abbreviations).words())
        return self._words


@lru_cache(maxsize=4)
def load_words(path: Path = WORDS_PATH) -> WordLists:
    """The shared word lists, read once per path."""
    return read_word_file(path, WordLists)
