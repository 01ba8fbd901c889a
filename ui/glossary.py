"""The district's words (CTE, ELO, dual enrollment, proficient, ...), explained in a tooltip on the plan
pages, in the reader's language. The explanations are data: ``data/glossary.json`` (present/glossary.py)."""

from __future__ import annotations

import streamlit as st

from core.i18n import _, join
from present.glossary import wordings


def glossary_hint() -> None:
    """A short line whose tooltip explains every term (trusted text: the product's own data file)."""
    terms = wordings()
    st.caption(
        _("What do {terms} mean?").format(terms=join([w.word for w in terms.values()])),
        help="\n\n".join(f"**{w.word}**: {w.text}" for w in terms.values()),
    )
