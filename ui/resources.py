"""Cached resources for every page: the embedding model, the catalog, the matcher and the chat engine
(one per process), and query results (per input). Streamlit caching lives here and nowhere else.

The app keeps no DuckDB connection open: each read here, like every call of the record service, opens
the file for one operation and closes it (``core.db.connected``), so ``pathways`` commands can
write while the app runs.

After a catalog import, ``clear_catalog_caches()`` drops everything derived from the catalog.

``start_warmup()`` (called by ``ui/serve.py`` when the server starts) fills the same caches in a
background thread, stage by stage (``WARMUP_STAGES``), before anyone signs in; a page that needs one
meanwhile waits for it (Streamlit computes each cached value once) and names the stage it waits for.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import streamlit as st

from chat import NLU
from chat.dialogue_engine import ChatEngine
from core.db import connected
from core.schema import Catalog, Student
from core.settings import get_settings
from matcher import Matcher
from matcher.embeddings import load_model
from matcher.index import LoadedModel, load_vectors
from matcher.pathways import InterestFit, no_fit

log = logging.getLogger(__name__)

INTEREST_SCORES_TTL = 600
"""Seconds a student's interest scores stay cached (they change only when their interests do)."""


CATALOG_TTL = 300
"""Seconds the catalog snapshot is kept: an import in this app clears it at once, one made with the
``pathways`` command (another process) shows within this time."""


TERM_CHECK_TTL = 5
"""Seconds between two looks at the calendar's current term, which ``pathways term advance`` (another
process) moves on: the catalog snapshot is read again when it changed."""


@st.cache_data(ttl=TERM_CHECK_TTL, show_spinner=False)
def _current_term(path: str) -> str:
    with connected(path) as store:
        calendar = store.calendar()
    return calendar.first_plannable_term if calendar else ""


@st.cache_resource(ttl=CATALOG_TTL, show_spinner="Loading the catalog...")
def _catalog(path: str, term: str) -> Catalog:
    with connected(path) as store:
        return store.catalog()


def _catalog_now(path: str) -> Catalog:
    return _catalog(path, _current_term(path))


def load_catalog() -> Catalog:
    """The catalog snapshot of the configured database (cleared after any import, read again within
    ``TERM_CHECK_TTL`` seconds of a term advance): one object shared by every run and session,
    read-only. Callers never change it (``model_copy`` makes a changed one;
    tests/ui/test_catalog_cache.py checks every page leaves it as stored)."""
    return _catalog_now(str(get_settings().db))


@st.cache_resource(show_spinner="Loading the language model (the first time takes a few seconds)...")
def _model(setting: str) -> LoadedModel:
    return load_model(setting)


def get_model() -> LoadedModel:
    """The sentence-transformers model, loaded once per server process."""
    return _model(get_settings().embedding_model)


@st.cache_resource(show_spinner="Preparing the matcher...")
def _matcher(path: str, setting: str) -> Matcher:
    # Like ``Matcher.from_store``, but the file is let go of as soon as the catalog and its vectors are
    # read: building the matcher's indexes takes seconds (at the server's warm-up, while ``pathways``
    # commands may be writing), and needs no database.
    model = _model(setting)
    catalog = _catalog_now(path)
    with connected(path) as store:
        vectors = load_vectors(store, catalog, model)
    return Matcher(catalog, vectors, model)


def get_matcher() -> Matcher:
    """The matcher over the catalog as stored now (rebuilt after an import)."""
    settings = get_settings()
    return _matcher(str(settings.db), settings.embedding_model)


@st.cache_data(ttl=INTEREST_SCORES_TTL, show_spinner="Matching interests...")
def _interest_fit(path: str, setting: str, student_json: str) -> InterestFit:
    student = Student.model_validate_json(student_json)
    if not (student.interests.strip() or student.career_goals.strip()):
        return no_fit(_catalog_now(path))
    return _matcher(path, setting).interest_fit(student=student)


def interest_fit(student: Student) -> InterestFit:
    """What the matcher reads in the student's stored interests and goals: the 0-1 score per
    opportunity, their words per opportunity, and the pathways that fit, best first (none without words)."""
    settings = get_settings()
    return _interest_fit(str(settings.db), settings.embedding_model, student.model_dump_json())


def interest_scores(student: Student) -> dict[str, float]:
    """The matcher's 0-1 score per opportunity for the student's stored interests ({} when none)."""
    return interest_fit(student).scores


SEARCH_TOP = 30
"""Opportunities the catalog search asks the matcher for (it keeps those close to the best)."""


@st.cache_data(ttl=CATALOG_TTL, show_spinner="Searching by meaning...")
def _search(path: str, setting: str, text: str) -> list[tuple[str, float]]:
    return [(m.opportunity_id, m.score) for m in _matcher(path, setting).match(text, top=SEARCH_TOP)]


def search_by_meaning(text: str) -> list[tuple[str, float]]:
    """The matcher's ranking for a search text: (opportunity id, 0-1 score), best first."""
    settings = get_settings()
    return _search(str(settings.db), settings.embedding_model, text)


@st.cache_resource(show_spinner="Preparing the chat (the first time takes a few seconds)...")
def _chat_engine(path: str, setting: str, term: str) -> ChatEngine:
    return ChatEngine(_catalog(path, term), NLU(_model(setting)[1]), _matcher(path, setting), get_settings())


def get_chat_engine() -> ChatEngine:
    """The dialogue engine over the catalog as stored now: one per server process, shared by sessions
    (each conversation keeps its own state in its browser session)."""
    settings = get_settings()
    path = str(settings.db)
    return _chat_engine(path, settings.embedding_model, _current_term(path))


def clear_catalog_caches() -> None:
    """Forget the catalog snapshot, the matcher, the chat engine and the scores (after an import)."""
    _current_term.clear()
    _catalog.clear()
    _matcher.clear()
    _chat_engine.clear()
    _interest_fit.clear()
    _search.clear()


def forget_database() -> None:
    """Forget everything read from the database (a test switching to another database file calls
    this); the model stays loaded."""
    clear_catalog_caches()


WARMUP_STAGES: tuple[tuple[str, Callable[[], object]], ...] = (
    ("Loading the language model", get_model),
    ("Reading the catalog and its search index", get_matcher),
    ("Preparing the chat", get_chat_engine),
)
"""What a student's first plan needs before it can be made, in order, with the words shown for each."""

_warmup_lock = threading.Lock()
_warmup: list[threading.Thread] = []


def _warm() -> None:
    for label, load in WARMUP_STAGES:
        try:
            load()
        except Exception:  # the page that needs it loads it again and shows the error there
            log.exception("warm-up stopped at: %s", label)
            return


def start_warmup() -> threading.Thread:
    """Load the model, the matcher and the chat engine in a background thread (once per process)."""
    with _warmup_lock:
        if not _warmup:
            _warmup.append(threading.Thread(target=_warm, name="pathways-warmup", daemon=True))
            _warmup[0].start()
        return _warmup[0]
