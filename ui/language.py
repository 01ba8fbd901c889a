"""The language a page speaks (``core.i18n``): the reader's choice in this browser session, else a
family account's stored preference, else English. The router applies it first on every run and marks
the page's ``<html lang>``; the family page and the sign-in page show the switch.

Only the family's view, the sign-in page and the menu speak other languages this far: the other
roles' pages stay in English (docs/languages.md).
"""

from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGES, SOURCE_LANGUAGE, set_language, supported
from records.accounts import Role, User
from ui.login import get_records

CHOSEN = "pathways_language"
"""The language chosen with the switch in this browser session."""
_SWITCH = "pathways-language-switch"

TRANSLATED_ROLES = frozenset({Role.FAMILY})
"""The roles whose pages are translated (the others read English whatever they choose)."""

SWITCH_LABEL = "Language · Idioma · Ngôn ngữ"
"""The switch's label is the same in every language, so a reader who cannot read the current one
still finds it."""


def reading_language(user: User | None) -> str:
    """The language this run's pages speak for ``user`` (None: not signed in)."""
    if user is not None and user.role not in TRANSLATED_ROLES:
        return SOURCE_LANGUAGE
    chosen = st.session_state.get(CHOSEN)
    if chosen is None and user is not None:
        chosen = user.language
    return supported(chosen)


def lang_script(language: str) -> str:
    """The script that sets the page's ``<html lang>`` (screen readers and browsers read it)."""
    return f"<script>document.documentElement.lang = '{supported(language)}';</script>"


def apply_language(user: User | None) -> str:
    """Speak the reader's language in this run and mark the page with it. Returns the language."""
    language = set_language(reading_language(user))
    st.html(lang_script(language), unsafe_allow_javascript=True)
    return language


def language_switch(user: User | None) -> None:
    """The switch; a family's choice is also kept with its account for the next visit."""
    current = reading_language(user)
    st.session_state.setdefault(_SWITCH, current)

    def chosen() -> None:
        language = st.session_state[_SWITCH]
        st.session_state[CHOSEN] = language
        if user is not None and user.role in TRANSLATED_ROLES:
            get_records().set_own_language(user, None if language == SOURCE_LANGUAGE else language)

    _, corner = st.columns([3, 1])  # at the top, on the right (first, on a phone)
    corner.selectbox(
        SWITCH_LABEL, list(LANGUAGES), format_func=LANGUAGES.__getitem__, key=_SWITCH, on_change=chosen
    )
