"""Career goals to occupations, with the O*NET 29.3 occupation data (CC BY 4.0, USDOL/ETA).

A goal such as "veterinarian" or "game designer" is found in three steps, first hit wins: the
lexicon's career aliases (spoken names to O*NET-SOC codes), then a fuzzy match on occupation titles
("registered nurse" -> "Registered Nurses"), then, when a model is given, the nearest occupation
title by embedding. The occupation's description widens the matcher's query with what people in
that job actually do. Attribution and the data's origin: ``data/onet/README.md``.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel
from rapidfuzz import fuzz, process

from core.settings import DEFAULT_DATA_DIR
from matcher.embeddings import encode
from matcher.interests import Lexicon, load_lexicon

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

OCCUPATIONS_PATH = DEFAULT_DATA_DIR / "onet" / "occupations.tsv"

# A fuzzy title match (rapidfuzz ratio on singular words, 0-100, against each part of a title split at
# commas and "and") counts from this score: "nurse practitioner" -> "Nurse Practitioners" and "welder"
# -> "Welders, Cutters, Solderers, and Brazers" pass; "shop" -> "... and Coffee Shop" does not.
TITLE_MIN_SCORE = 88
# The nearest title by embedding counts when its cosine similarity is at least this; below it the
# goal is kept as the student said it, without an occupation ("professional napper").
SEMANTIC_MIN_SIMILARITY = 0.55


class Occupation(BaseModel):
    """One O*NET occupation."""

    code: str
    title: str
    description: str


class OccupationMatch(BaseModel):
    """The occupation a career goal was mapped to, and how it was found."""

    goal: str
    occupation: Occupation
    how: str  # "alias", "title" or "embedding"
    score: float

    def query_text(self) -> str:
        """The goal widened with the occupation's title and description (what the job involves)."""
        return f"{self.goal}. {self.occupation.title}. {self.occupation.description}"


@lru_cache(maxsize=2)
def load_occupations(path: Path = OCCUPATIONS_PATH) -> tuple[Occupation, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(Occupation(**row) for row in csv.DictReader(handle, delimiter="\t"))


# Title vectors per (model, occupation list), kept for the process: about two seconds to make.
_TITLE_VECTORS: dict[tuple[int, int], tuple[object, object, np.ndarray]] = {}


def title_vectors(model: SentenceTransformer, occupations: tuple[Occupation, ...]) -> np.ndarray:
    """The occupations' title vectors, made once per process (``pathways setup`` stores them)."""
    key = (id(model), id(occupations))
    if key not in _TITLE_VECTORS:
        # The model and the list are kept with the vectors so that their ids are never reused.
        _TITLE_VECTORS[key] = (model, occupations, encode(model, [o.title for o in occupations]))
    return _TITLE_VECTORS[key][2]


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _title_key(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    return " ".join(
        _singular(w) for w in words if w not in {"and", "or", "except", "including", "all", "other"}
    )


class OccupationFinder:
    """Finds the O*NET occupation a student's career goal names."""

    def __init__(
        self,
        occupations: tuple[Occupation, ...] | None = None,
        lexicon: Lexicon | None = None,
        model: SentenceTransformer | None = None,
        vectors: np.ndarray | None = None,
    ) -> None:
        self.occupations = occupations if occupations is not None else load_occupations()
        self.lexicon = lexicon or load_lexicon()
        self.model = model
        self._by_code = {o.code: o for o in self.occupations}
        self._parts = [
            (_title_key(part), row)
            for row, o in enumerate(self.occupations)
            for part in re.split(r",|\band\b", o.title)
            if _title_key(part)
        ]
        self._keys = [key for key, _ in self._parts]
        self._vectors = vectors  # the title vectors, in list order; None: embedded when first needed
        names = sorted(self.lexicon.career_aliases, key=len, reverse=True)
        self._alias_inside = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")s?\b")
        missing = sorted(set(self.lexicon.career_aliases.values()) - set(self._by_code))
        if missing:
            raise ValueError(f"lexicon career_aliases name unknown O*NET-SOC codes: {', '.join(missing)}")

    def by_code(self, code: str) -> Occupation:
        return self._by_code[code]

    def find(self, goal: str, nearest: bool = True) -> OccupationMatch | None:
        """The occupation a goal names, or None when nothing is close enough. ``nearest=False`` skips
        the embedding step: only aliases and titles count (for phrases that may not be goals at all)."""
        key = goal.strip().lower()
        aliases = self.lexicon.career_aliases
        code = aliases.get(key) or aliases.get(" ".join(_singular(w) for w in key.split()))
        if code:
            return OccupationMatch(goal=goal, occupation=self._by_code[code], how="alias", score=1.0)
        found = process.extractOne(
            _title_key(key), self._keys, scorer=fuzz.ratio, score_cutoff=TITLE_MIN_SCORE
        )
        if found:
            occupation = self.occupations[self._parts[found[2]][1]]
            return OccupationMatch(goal=goal, occupation=occupation, how="title", score=found[1] / 100)
        if inside := self._alias_inside.search(key):  # "get certified as a mechanic"
            code = aliases[inside.group(1)]
            return OccupationMatch(goal=goal, occupation=self._by_code[code], how="alias", score=1.0)
        return self._nearest_by_embedding(goal) if nearest else None

    def _nearest_by_embedding(self, goal: str) -> OccupationMatch | None:
        if self.model is None:
            return None
        if self._vectors is None:
            self._vectors = title_vectors(self.model, self.occupations)
        similarities = self._vectors @ encode(self.model, [goal])[0]
        best = int(np.argmax(similarities))
        if similarities[best] < SEMANTIC_MIN_SIMILARITY:
            return None
        return OccupationMatch(
            goal=goal, occupation=self.occupations[best], how="embedding", score=float(similarities[best])
        )
