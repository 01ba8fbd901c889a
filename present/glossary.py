"""The district's words (competency, proficient, credit, internship, dual enrollment, ELO, CTE), fixed
in each language: the one word the product's messages use for each, and a plain sentence explaining
it. The glossary is data (``data/glossary.json``); the plan pages show it as a tooltip
(ui/glossary.py), and tests/i18n checks that the message catalogs keep to its words.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from core.i18n import SOURCE_LANGUAGE, language
from core.settings import DEFAULT_DATA_DIR

GLOSSARY_PATH = DEFAULT_DATA_DIR / "glossary.json"


class Wording(BaseModel):
    word: str
    text: str


class Term(BaseModel):
    """One district term: its English forms (how messages may write it) and its wording per language."""

    forms: list[str]
    languages: dict[str, Wording]


@lru_cache(maxsize=1)
def glossary(path: Path = GLOSSARY_PATH) -> dict[str, Term]:
    """Each term (by its English name) with its forms and wordings."""
    terms = json.loads(path.read_text(encoding="utf-8"))["terms"]
    return {
        name: Term(
            forms=entry["forms"],
            languages={lang: Wording(**wording) for lang, wording in entry.items() if lang != "forms"},
        )
        for name, entry in terms.items()
    }


def wordings(lang: str | None = None) -> dict[str, Wording]:
    """Each term's wording in ``lang`` (the current language by default; English where it has none)."""
    lang = lang or language()
    return {
        name: term.languages.get(lang, term.languages[SOURCE_LANGUAGE]) for name, term in glossary().items()
    }
