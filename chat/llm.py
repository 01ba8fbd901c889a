"""Optional rephrasing of chat replies by an OpenAI-compatible endpoint (a district's own server).

Off by default: ``PATHWAYS_LLM_URL`` is empty. When it is set, each reply the engine wrote is sent to
``{url}/chat/completions`` to be said more naturally. The product is complete without it: on any failure
(no answer in ``PATHWAYS_LLM_TIMEOUT`` seconds, an HTTP error, a malformed answer) or when the new
wording drops or adds a catalog name or a number, the engine's own wording is kept. Failures are logged
by kind only, never with the text of a reply or a message.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlparse

from core.llm import chat_completion
from core.settings import Settings

log = logging.getLogger(__name__)

MAX_GROWTH = 3
"""A rephrased reply longer than this many times the original (plus a little) is not trusted."""
GROWTH_SLACK = 200
NUMBER = re.compile(r"\d+(?:[.:]\d+)?")


class RephraseError(RuntimeError):
    """The endpoint answered, but not with a usable rephrasing (the reason names the kind, not the text)."""


class Rephraser:
    """Sends a reply to the endpoint and keeps the answer only when it stays grounded."""

    def __init__(self, url: str, model: str, timeout: float, prompt: str, names: Iterable[str] = ()) -> None:
        self.endpoint = url.rstrip("/") + "/chat/completions"
        self.model = model
        self.timeout = timeout
        self.prompt = prompt
        self.names = sorted({n for n in names if n}, key=len, reverse=True)

    @classmethod
    def from_settings(cls, settings: Settings, prompt: str, names: Iterable[str] = ()) -> Rephraser | None:
        """A rephraser when ``llm_url`` is set to an http(s) address, else None (the default)."""
        url = settings.llm_url.strip()
        if not url:
            return None
        if urlparse(url).scheme not in ("http", "https"):
            log.warning("PATHWAYS_LLM_URL is not an http(s) address; replies keep their own wording")
            return None
        return cls(url, settings.llm_model, settings.llm_timeout, prompt, names)

    def rephrase(self, text: str) -> str:
        """The reply in the endpoint's words, or ``text`` unchanged when anything goes wrong."""
        try:
            answer = self._ask(text)
            self._check(text, answer)
        except (OSError, ValueError, KeyError, IndexError, TypeError, RephraseError) as exc:
            status = f" (HTTP {exc.code})" if isinstance(exc, urllib.error.HTTPError) else ""
            reason = f": {exc}" if isinstance(exc, RephraseError) else ""
            log.warning(
                "reply rephrasing failed, %s%s%s; kept our own wording", type(exc).__name__, status, reason
            )
            return text
        return answer

    def _ask(self, text: str) -> str:
        return chat_completion(self.endpoint, self.model, self.timeout, self.prompt, text)

    def _check(self, original: str, answer: str) -> None:
        """Raise unless the answer keeps every catalog name and number of the original and adds none."""
        if not answer:
            raise RephraseError("the answer is empty")
        if len(answer) > MAX_GROWTH * len(original) + GROWTH_SLACK:
            raise RephraseError("the answer is much longer than the reply")
        said, kept = self._names_in(original), self._names_in(answer)
        if said - kept:
            raise RephraseError("the answer drops a catalog name")
        if kept - said:
            raise RephraseError("the answer names something the reply did not")
        if sorted(NUMBER.findall(original)) != sorted(NUMBER.findall(answer)):
            raise RephraseError("the answer changes the numbers")

    def _names_in(self, text: str) -> set[str]:
        found = set()
        for name in self.names:
            if name in text:
                found.add(name)
                text = text.replace(name, " ")
        return found
