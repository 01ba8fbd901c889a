"""The district's words (CTE, ELO, dual enrollment, proficient), explained in a tooltip on the plan pages.
The explanations are data: ``data/glossary.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import streamlit as st

from core.settings import DEFAULT_DATA_DIR

GLOSSARY_PATH = DEFAULT_DATA_DIR / "glossary.json"


@lru_cache(maxsize=1)
def glossary(path: Path = GLOSSARY_PATH) -> dict[str, str]:
    """Each term and its one-sentence explanation."""
    terms = json.loads(path.read_text(encoding="utf-8"))["terms"]
    return {str(term): str(text) for term, text in terms.items()}


def glossary_hint() -> None:
    """A short line whose tooltip explains every term (trusted text: the product's own data file)."""
    terms = glossary()
    st.caption(
        f"What do {', '.join(list(terms)[:-1])} and {list(terms)[-1]} mean?",
        help="\n\n".join(f"**{term}**: {text}" for term, text in terms.items()),
    )
