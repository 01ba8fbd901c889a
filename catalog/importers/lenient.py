"""Lenient readers for real-world JSON exports: each accepts the unambiguous variants of a field and
reports the rest, naming the file, the place and the field (used by the CASE importer)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from core.errors import Problem
from core.schema import utc

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TOO_LARGE = "a number too large to read (more than 4,300 digits, or beyond 1.8e308)"
GRADE_DIGITS = 2
"""A grade code written in digits has at most this many (leading zeros aside): CEDS has 01 to 13."""
LEVEL_ALIASES = {"K": "KG", "KINDERGARTEN": "KG", "PREK": "PK", "PRE-K": "PK"}
"""Grade codes written another way, mapped to the CEDS codes CASE uses (``PK``, ``KG``, ``01``..``13``)."""


class Report:
    """Errors and warnings for one file. Warnings with the same field and message are merged."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[Problem] = []
        self._warnings: dict[tuple[str, str], dict[str, None]] = {}
        """Per (field, message), the places in file order (a dict as an ordered set: one look-up each)."""

    def error(self, location: str, fld: str, message: str) -> None:
        self.errors.append(Problem(self.source, location, fld, message))

    def warn(self, location: str, fld: str, message: str) -> None:
        self._warnings.setdefault((fld, message), {})[location] = None

    def warnings(self) -> list[Problem]:
        def where(places: dict[str, None]) -> str:
            first = next(iter(places))
            return first if len(places) == 1 else f"{first} (and {len(places) - 1} more)"

        return [Problem(self.source, where(places), f, m) for (f, m), places in self._warnings.items()]


def sub_field(obj: dict[str, Any], key: str, sub: str) -> dict[str, Any]:
    """``obj[key][sub]`` keyed ``key.sub``, so that problems name the field in full."""
    return {f"{key}.{sub}": obj[key].get(sub)}


def json_kind(value: object) -> str:
    """A JSON value's kind, in the words of the JSON format."""
    if isinstance(value, bool):
        return "true/false"
    names = {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number"}
    return names.get(type(value), "null")


def quoted(text: str, limit: int = 60) -> str:
    """Text as it is shown in a message: quoted, and cut short (with its length) when it is long."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}... ({len(text):,} characters)"


def unreadable_number(value: object) -> str:
    """What is wrong with a number no field can hold, or "": an infinity (``read_json`` reads one of
    more than 4,300 digits, or beyond a float's range, as one) or NaN."""
    if not isinstance(value, float) or math.isfinite(value):
        return ""
    return "NaN is not a number" if math.isnan(value) else TOO_LARGE


# --- field readers: each accepts the unambiguous variants and reports the rest --------------------


def read_text(obj: dict[str, Any], key: str, r: Report, loc: str) -> str:
    """Optional text; a number is read as text (with a warning), anything else is an error."""
    value = obj.get(key)
    if isinstance(value, str):  # first: nearly every value is
        return value.strip()
    if unreadable := unreadable_number(value):
        r.error(loc, key, unreadable)
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        r.warn(loc, key, "a number where CASE has text; read as text")
        return str(value)
    if value is not None:
        r.error(loc, key, f"expected text, found {json_kind(value)}")
    return ""


def read_required(obj: dict[str, Any], key: str, r: Report, loc: str, why: str = "") -> str:
    text, value = read_text(obj, key, r, loc), obj.get(key)
    if not text and (value is None or isinstance(value, str)):
        r.error(loc, key, ("missing" if value is None else "is empty") + why)
    return text


def read_identifier(obj: dict[str, Any], r: Report, loc: str) -> str:
    """A CASE identifier, lowercased (CASE 1.0 allows upper-case UUIDs; we compare without case)."""
    ident = read_required(obj, "identifier", r, loc).lower()
    if ident and not UUID.match(ident):
        r.warn(loc, "identifier", "not a UUID; kept as given (lowercased)")
    return ident


def read_text_list(obj: dict[str, Any], key: str, r: Report, loc: str) -> list[str]:
    """A list of text; a single string (allowed by CASE 1.0) is one entry, or several if comma-separated."""
    value = obj.get(key)
    if isinstance(value, str):
        if "," in value:
            r.warn(loc, key, "comma-separated text where CASE has a list; split at the commas")
        return [part.strip() for part in value.split(",") if part.strip()]
    if value is not None and not isinstance(value, list):
        r.error(loc, key, f"expected a list of text, found {json_kind(value)}")
        return []
    out = []
    for i, entry in enumerate(value or []):
        text = read_text({f"{key}[{i}]": entry}, f"{key}[{i}]", r, loc)
        if text:
            out.append(text)
    return out


def read_uri_ref(obj: dict[str, Any], key: str, r: Report, loc: str) -> str:
    """A URI given as a plain string (as real exports do) or as a LinkURI object: the URI."""
    value = obj.get(key)
    if isinstance(value, dict) and isinstance(value.get("uri", ""), str):
        return str(value.get("uri", "")).strip()
    if value is not None and not isinstance(value, str):
        r.error(loc, key, f"expected a URI or a LinkURI object, found {json_kind(value)}")
        return ""
    return (value or "").strip()


def read_levels(obj: dict[str, Any], r: Report, loc: str) -> list[str]:
    """Grade codes from ``educationLevel`` (or the misspelling ``educationalLevel``), in CEDS form."""
    key = "educationLevel"
    raw = read_text_list(obj, key, r, loc)
    if "educationalLevel" in obj:
        spelled = read_text_list(obj, "educationalLevel", r, loc)
        if key in obj and raw != spelled:
            r.error(loc, key, "educationLevel and educationalLevel are both given and differ")
        r.warn(loc, "educationalLevel", "spelled educationalLevel (CASE says educationLevel); accepted")
        raw = raw or spelled
    levels: list[str] = []
    for code in raw:
        upper = code.upper()
        if upper.isdecimal() and len(upper.lstrip("0")) > GRADE_DIGITS:
            r.error(loc, key, f"{quoted(code)} is not a grade level (CEDS codes are PK, KG, 01 to 13...)")
            continue
        level = f"{int(upper):02d}" if upper.isdecimal() else LEVEL_ALIASES.get(upper, upper)
        if level != code:
            r.warn(loc, key, "grade codes rewritten in CEDS form (e.g. '6' as '06', 'K' as 'KG')")
        if level not in levels:
            levels.append(level)
    return levels


WHOLE_NUMBER = re.compile(r"\s*-?[0-9]{1,18}\s*")
"""A whole number written as text, small enough for any count or position (at most 18 digits)."""


def read_whole_number(obj: dict[str, Any], key: str, r: Report, loc: str) -> int | None:
    value = obj.get(key)
    if unreadable := unreadable_number(value):
        r.error(loc, key, unreadable)
        return None
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value):
        r.warn(loc, key, "a number written as text; read as a number")
        return int(value)
    shown = (
        quoted(value)
        if isinstance(value, str)
        else str(value)
        if isinstance(value, float)
        else json_kind(value)
    )
    r.error(loc, key, f"{shown} is not a whole number")
    return None


def read_timestamp(obj: dict[str, Any], key: str, r: Report, loc: str) -> dt.datetime | None:
    """A date-time in UTC without a zone (as the store keeps it); a time without a zone is read as UTC."""
    text = read_text(obj, key, r, loc)
    if not text:
        r.warn(loc, key, "missing (CASE requires it)")
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        r.error(loc, key, f"{quoted(text)} is not a date-time such as 2024-01-31T12:00:00+00:00")
        return None
    if when.tzinfo is None:
        r.warn(loc, key, "a date-time without a time zone; read as UTC")
        return when
    try:
        return utc(when)
    except ValueError as exc:
        r.error(loc, key, str(exc))
        return None


# --- the three parts of a package -----------------------------------------------------------------
