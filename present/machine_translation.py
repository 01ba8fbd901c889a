"""Optional machine translation of the district's own text (an opportunity's title, a competency's
statement, a pathway's name) that has no translation in the district's files.

Off by default: ``PATHWAYS_MT_URL`` is empty, and the English is shown, marked "[in English]". When a
district sets it to an OpenAI-compatible endpoint (its own server), the text is sent there once per
process and language, and what comes back is shown labelled "[machine-translated]". On any failure (no
answer in ``PATHWAYS_MT_TIMEOUT`` seconds, an HTTP error, an empty or much longer answer, a number
changed) the English is shown, marked, and the failure is logged by kind only, never with the text.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from core.i18n import LANGUAGES
from core.llm import ANSWER_ERRORS, chat_completion, completions_endpoint
from core.settings import get_settings

log = logging.getLogger(__name__)

PROMPT = (
    "Translate the user's text from English into {language} for the family of a high-school student. "
    "Keep names, codes and numbers as they are. Answer with the translation only."
)
LANGUAGE_NAMES = {"es": "Spanish", "vi": "Vietnamese"}
MAX_GROWTH = 3
"""A translation longer than this many times the English (plus a little) is not trusted."""
GROWTH_SLACK = 40
NUMBER = re.compile(r"\d+(?:[.,:]\d+)?")


class UnusableTranslation(ValueError):
    """The endpoint answered, but not with a translation to show (the reason names the kind)."""


def _checked(english: str, answer: str) -> str:
    if not answer:
        raise UnusableTranslation("the answer is empty")
    if len(answer) > MAX_GROWTH * len(english) + GROWTH_SLACK:
        raise UnusableTranslation("the answer is much longer than the text")
    if sorted(NUMBER.findall(english)) != sorted(NUMBER.findall(answer)):
        raise UnusableTranslation("the answer changes the numbers")
    return answer


@lru_cache(maxsize=4096)
def machine_translation(english: str, language: str) -> str | None:
    """``english`` in ``language`` from the configured endpoint, or None (off, or it failed)."""
    settings = get_settings()
    endpoint = completions_endpoint(settings.mt_url)
    if endpoint is None:
        return None
    prompt = PROMPT.format(language=LANGUAGE_NAMES.get(language, LANGUAGES.get(language, language)))
    try:
        return _checked(
            english, chat_completion(endpoint, settings.mt_model, settings.mt_timeout, prompt, english)
        )
    except ANSWER_ERRORS as exc:
        reason = f": {exc}" if isinstance(exc, UnusableTranslation) else ""
        log.warning("machine translation failed, %s%s; the English is shown", type(exc).__name__, reason)
        return None
