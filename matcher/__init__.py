"""The semantic matcher: a student's interests and career goals to opportunities in the catalog.

Call it with a store (or an in-memory catalog) and a loaded model::

    model = load_model()                      # the UI caches this with st.cache_resource
    matcher = Matcher.from_store(store, model)  # cache this too; rebuild it after an import
    matcher.match("animals and drawing", student=student, top=10)
    matcher.interest_scores(student=student)  # {opportunity id: 0-1} for the solver's objective

or, for a single call, ``match(store, "animals and drawing", model=model)``. How the ranking works:
``matcher/ranking.py`` and ``docs/matcher.md``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from core.schema import Catalog, Student
from core.settings import get_settings
from core.store import Store
from matcher.embeddings import load_model
from matcher.index import LoadedModel
from matcher.interests import MAX_TEXT_CHARS, ParsedQuery, QueryError
from matcher.pathways import InterestFit
from matcher.results import Match, ScoreParts

if TYPE_CHECKING:
    from matcher.ranking import DEFAULT_FUSION, Fusion, Matcher, Ranking

_RANKING = ("DEFAULT_FUSION", "Fusion", "Matcher", "Ranking")
"""Names of matcher.ranking, imported on first use: it loads torch, which a caller that never ranks
(``pathways plan --no-interests``, the planner's tests) does not need."""


def __getattr__(name: str) -> Any:
    if name in _RANKING:
        from matcher import ranking

        return getattr(ranking, name)
    raise AttributeError(f"module 'matcher' has no attribute {name!r}")


if TYPE_CHECKING:
    Source = Store | Catalog | Matcher


@lru_cache(maxsize=2)
def _model_for(setting: str) -> LoadedModel:
    return load_model(setting)


def default_model() -> LoadedModel:
    """The configured embedding model, loaded once per process (callers may pass their own instead)."""
    return _model_for(get_settings().embedding_model)


def matcher_for(source: Source, model: LoadedModel | None = None, fusion: Fusion | None = None) -> Matcher:
    """A matcher over a store (its stored vectors) or an in-memory catalog; a Matcher is returned as is
    (``fusion``: the default, ``DEFAULT_FUSION``, when None)."""
    from matcher.ranking import DEFAULT_FUSION, Matcher

    fusion = fusion or DEFAULT_FUSION
    if isinstance(source, Matcher):
        return source
    loaded = model if model is not None else default_model()
    if isinstance(source, Store):
        return Matcher.from_store(source, loaded, fusion)
    if isinstance(source, Catalog):
        return Matcher.from_catalog(source, loaded, fusion)
    raise TypeError(f"match needs a Store, a Catalog or a Matcher, not {type(source).__name__}")


def match(
    source: Source,
    text: str | None = None,
    student: Student | None = None,
    top: int = 10,
    model: LoadedModel | None = None,
) -> list[Match]:
    """The ``top`` opportunities that best fit what the student says (``text``) and who they are
    (``student``: what they still need, have done, can attend), best first, each explained.

    Raises QueryError (a ValueError) for text that is empty, longer than MAX_TEXT_CHARS, or not a string.
    """
    return matcher_for(source, model).match(text, student, top)


def interest_scores(
    source: Source,
    text: str | None = None,
    student: Student | None = None,
    model: LoadedModel | None = None,
) -> dict[str, float]:
    """For every opportunity, how well it matches what the student says (their stored interests and
    career goals when no text is given), in [0, 1]; 0 for what they ruled out."""
    return matcher_for(source, model).interest_scores(text, student)


def interest_fit(
    source: Source,
    text: str | None = None,
    student: Student | None = None,
    model: LoadedModel | None = None,
) -> InterestFit:
    """The interest scores, the student's own words per opportunity and the pathways that fit what
    they say, best first (``matcher/pathways.py``)."""
    return matcher_for(source, model).interest_fit(text, student)


__all__ = [
    "DEFAULT_FUSION",
    "MAX_TEXT_CHARS",
    "Fusion",
    "InterestFit",
    "Match",
    "Matcher",
    "ParsedQuery",
    "QueryError",
    "Ranking",
    "ScoreParts",
    "default_model",
    "interest_fit",
    "interest_scores",
    "match",
    "matcher_for",
]
