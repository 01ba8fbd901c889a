"""The product's own words in the family's language: gettext message catalogs, plural forms, and
dates, times, numbers and lists in the language's own style (Babel).

English is the source language: the messages in the code are English, and ``core/locale/<lang>/
LC_MESSAGES/pathways.po`` holds each other language's translations. The ``.po`` files are the only
form kept in the repository; the first ``gettext`` in a language compiles its catalog in memory
(Babel's own ``.po`` reader and ``.mo`` writer, a few milliseconds), so a fresh machine, ``make run``
and ``make test`` need no compile step and a ``.mo`` file can never be stale.

One function gives the translator for a language (``translator``); the language of the text being
made now is a context variable (``use_language`` in a block, ``set_language`` for a Streamlit run),
so ``_("...")`` anywhere in ``present/`` speaks the family's language without passing it down.

Marking: ``_`` translates now; ``N_`` only marks a message (module-level constants), translated
where it is shown with ``_``; ``ngettext`` chooses the plural form. ``pybabel extract`` (``babel.cfg``,
``docs/languages.md``) finds all three.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "en"
LANGUAGES = {"en": "English", "es": "Español", "vi": "Tiếng Việt"}
"""The languages the product speaks, each named in itself (the language switch shows these names)."""

DOMAIN = "pathways"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_active: ContextVar[str] = ContextVar("pathways_language", default=SOURCE_LANGUAGE)


def catalog_path(language: str) -> Path:
    """Where a language's translations live: core/locale/<lang>/LC_MESSAGES/pathways.po."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def supported(language: str | None) -> str:
    """The language if the product speaks it, else English (a stored preference from a newer version,
    a browser's wish for a language we do not have)."""
    return language if language in LANGUAGES else SOURCE_LANGUAGE


@lru_cache(maxsize=len(LANGUAGES))
def translator(language: str) -> gettext.NullTranslations:
    """The translations of one language (English: the messages as written). Fuzzy entries are left out,
    so a message whose English changed shows in English until a translator checks it again."""
    if supported(language) == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def language() -> str:
    """The language of the text being made now."""
    return _active.get()


def set_language(lang: str | None) -> str:
    """Speak ``lang`` (an unknown one: English) from here on in this thread (a Streamlit script run sets
    it first, every run). Returns the language chosen."""
    chosen = supported(lang)
    _active.set(chosen)
    return chosen


@contextmanager
def use_language(lang: str | None) -> Iterator[str]:
    """Speak ``lang`` inside the block (a PDF made later, a test), then the language before it."""
    token = _active.set(supported(lang))
    try:
        yield _active.get()
    finally:
        _active.reset(token)


def _(message: str) -> str:
    """The message in the current language (itself when untranslated)."""
    return translator(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The message's form for ``n`` in the current language (Vietnamese has one form, Spanish two)."""
    return translator(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for translation without translating it (translate it where it is shown)."""
    return message


# --- formats -------------------------------------------------------------------------------------


def locale() -> Locale:
    return Locale.parse(language())


def number(value: float) -> str:
    """A number as the language writes it: 7.5 -> '7,5' in Spanish and Vietnamese; 6.0 -> '6'."""
    if language() == SOURCE_LANGUAGE:
        return f"{value:g}"
    return babel_numbers.format_decimal(value, format="#,##0.##", locale=locale())


def date_text(day: dt.date) -> str:
    """A date in full: 'March 4, 2027', '4 de marzo de 2027', '4 tháng 3, 2027'."""
    if language() == SOURCE_LANGUAGE:
        return f"{day:%B} {day.day}, {day.year}"
    return babel_dates.format_date(day, format="long", locale=locale())


def short_date(day: dt.date, *, with_year: bool) -> str:
    """A short date: 'Jan 11' / '11 ene' / '11 thg 1', with the year when asked."""
    if language() == SOURCE_LANGUAGE:
        return f"{day:%b} {day.day}" + (f", {day.year}" if with_year else "")
    return babel_dates.format_skeleton("yMMMd" if with_year else "MMMd", day, locale=locale())


def time_text(minutes: int) -> str:
    """A time of day given in minutes since midnight, as the language writes it ('15:00'); English
    keeps the 12-hour clock (present/family.py writes it)."""
    return babel_dates.format_time(dt.time(minutes // 60 % 24, minutes % 60), format="short", locale=locale())


def join(words: list[str], last: str = "and") -> str:
    """'a, b and c' ('or': 'a, b or c'), in the current language's own way of listing."""
    if language() == SOURCE_LANGUAGE or not words:
        if len(words) <= 1:
            return "".join(words)
        return f"{', '.join(words[:-1])} {last} {words[-1]}"
    if last == "or":
        return babel_lists.format_list(words, style="or", locale=locale())
    return babel_lists.format_list(words, style="standard", locale=locale())
