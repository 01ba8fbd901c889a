"""Showing untrusted text (catalog titles and descriptions, names, notes, chat, error messages that
quote them) in Streamlit, as text and never as Markup.

Streamlit reads Markdown almost everywhere: ``st.markdown``/``st.write``, titles and headers, captions,
``st.info``/``st.success``/``st.warning``/``st.error``, widget labels, ``help=`` tooltips, tab names,
expander and status labels, and every cell of ``st.table``. An uploaded catalog whose title is
``[x](http://evil)`` or ``![x](http://evil/p.png)`` would draw a link or load a remote image there. So:

- ``md_escape(text)``: one value escaped for any of those places;
- ``md(template, *values)``: a trusted Markdown template (``"**{}** wrote"``) with each value escaped;
- ``table(frame)``: ``st.table`` with every text cell escaped (the column names are the page's own).

Where no Markdown is wanted, the page uses ``st.text`` (comments, chat, descriptions) or
``st.dataframe`` (cells are plain text). Options of a selectbox or multiselect (``format_func``) are
shown as plain text by Streamlit and are not escaped.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>~$:"
"""Characters Streamlit's Markdown gives a meaning to (links, images, emphasis, code, HTML, tables,
lists and headings at a line start, LaTeX, and ``:color[...]``/``:material/icon:`` directives)."""


def md_escape(text: object) -> str:
    """Text shown literally inside Markdown ('*NEW* Robotics' keeps its stars, a link stays text)."""
    return "".join(f"\\{ch}" if ch in MARKDOWN_SPECIALS else ch for ch in str(text))


def md(template: str, *values: object, **named: object) -> str:
    """``template.format(...)`` with every text value escaped (numbers, dates and times keep their
    format specs: ``md("**{}** on {:%B %d}", name, when)``). The template itself is trusted."""

    def safe(value: object) -> object:
        return md_escape(value) if isinstance(value, str) else value

    return template.format(*map(safe, values), **{k: safe(v) for k, v in named.items()})


def escaped_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell escaped (for ``st.table``, whose cells are Markdown)."""
    return frame.map(lambda v: md_escape(v) if isinstance(v, str) else v)


def table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """``st.table`` showing every cell as text."""
    st.table(escaped_frame(frame), **kwargs)
