"""What a page shows a reader, from an AppTest run: every piece of text Streamlit reads as Markdown
rendered the way a browser would (CommonMark with GitHub's tables, strikethrough and bare-URL
links), and what that Markdown would turn into links, images or HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from streamlit.testing.v1 import AppTest

MARKDOWN = MarkdownIt("commonmark", {"linkify": False}).enable(["table", "strikethrough"])
MARKUP = {"link_open", "image", "html_inline", "html_block", "autolink"}
"""Token types that are not text: a link (bracketed or <angle>), an image, raw HTML."""

MARKDOWN_ELEMENTS = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "error",
    "warning",
    "info",
    "success",
}
PLAIN_ELEMENTS = {"text", "code"}


def _inline(source: str) -> list[Token]:
    tokens = []
    for block in MARKDOWN.parse(source):
        tokens.append(block)
        tokens.extend(block.children or [])
    return tokens


def rendered(source: str) -> str:
    """The text a reader sees for Markdown ``source`` (escapes resolved, markup dropped)."""
    parts = []
    for token in _inline(source):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak", "paragraph_close", "heading_close", "tr_close"):
            parts.append("\n")
        elif token.type in ("th_close", "td_close"):
            parts.append(" | ")
    return "\n".join(line.strip() for line in "".join(parts).strip().split("\n"))


def markup(source: str) -> list[str]:
    """The links, images and HTML that Markdown ``source`` holds (as 'type: content')."""
    found = []
    for token in _inline(source):
        if token.type in MARKUP or token.type.startswith("html"):
            found.append(f"{token.type}: {token.attrs or token.content}")
    # GitHub's bare-URL links: an unescaped "http://", "https://" or "www." in the source.
    found += [f"bare url: {url}" for url in re.findall(r"(?:https?://|www\.)\S+", source)]
    return found


@dataclass(frozen=True)
class Shown:
    """One piece of text on the page: where, whether Streamlit reads it as Markdown, its source."""

    where: str
    source: str
    is_markdown: bool

    @property
    def text(self) -> str:
        return rendered(self.source) if self.is_markdown else self.source


def _strings(frame: object) -> Iterator[str]:
    values = getattr(frame, "values", None)
    if values is not None:
        yield from (str(v) for v in values.ravel())


def page_texts(app: AppTest) -> list[Shown]:
    """Every text on the page (main area and sidebar), each with how Streamlit treats it."""
    shown = []
    for root in (app.main, app.sidebar):
        for node in root:
            kind = getattr(node, "type", "")
            where = f"{kind} {getattr(node, 'key', None) or ''}".strip()
            label = getattr(node, "label", None)
            if isinstance(label, str) and label:
                shown.append(Shown(f"{where} label", label, True))
            help_text = getattr(getattr(node, "proto", None), "help", None)
            if isinstance(help_text, str) and help_text:
                shown.append(Shown(f"{where} help", help_text, True))
            if kind in MARKDOWN_ELEMENTS:
                shown.append(Shown(where, node.value, True))
            elif kind in PLAIN_ELEMENTS:
                shown.append(Shown(where, node.value, False))
            elif kind == "table":
                shown += [Shown(f"{where} cell", s, True) for s in _strings(node.value)]
            elif kind in ("arrow_data_frame", "dataframe"):
                shown += [Shown(f"{where} cell", s, False) for s in _strings(node.value)]
            options = getattr(node, "options", None)
            if isinstance(options, list):
                shown += [Shown(f"{where} option", str(o), False) for o in options]
    return shown


def table_rows(element: object) -> list[dict[str, object]]:
    """The rows of an ``st.table`` as a reader sees them (each text cell's Markdown rendered)."""
    frame = element.value  # type: ignore[attr-defined]
    return [
        {k: rendered(v) if isinstance(v, str) else v for k, v in row.items()}
        for row in frame.to_dict("records")
    ]
