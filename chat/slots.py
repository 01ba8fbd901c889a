"""Slot extraction without a model: weekly times, hours, pace, terms, modes, subjects, free text.

Every function takes a lower-cased, normalized clause (see ``language.normalize``) and returns typed values.
Weekly times are parsed in ``times.py``; vocabularies a district might want to change (pace phrases, mode
words, subject words) are read from the lexicon in ``data/chat/exemplars.json``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from chat.intents import Lexicon
from chat.times import SCHOOL_DAYS_PER_WEEK
from core.schema import Calendar, Mode, Pace, Season, Term
from language import load_words


def is_free_time(text: str, lexicon: Lexicon) -> bool:
    """True when the clause says when the student is free ("I'm free after 3"), not busy."""
    if any(re.search(p, text) for p in lexicon.free_negations):
        return False
    return any(re.search(p, text) for p in lexicon.free_cues)


# --- hours --------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty five": 25, "thirty": 30,
    "forty": 40, "an": 1, "a couple of": 2, "a couple": 2, "couple": 2, "a few": 3, "few": 3,
}  # fmt: skip
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + ")"
_ISH = r"(?:\s*-?\s*ish)?"  # "10ish hours", "20-ish"
_HOURS = re.compile(
    rf"\b{_NUM}{_ISH}(?:\s*(?:-|to|or)\s*{_NUM}{_ISH})?\s*(?:hours?|hrs?|h)\b"
    r"(?:\s*(?:a|per|/|each|every|in a)?\s*(week|wk|day|night|weekday|weeknight|weekend)|\s*(weekly|daily|nightly))?"
)
_BARE_WEEKLY = re.compile(rf"\b{_NUM}{_ISH}\s*(?:a|per|/|each)\s*(?:week|wk)\b")


def _number(token: str) -> float:
    return float(_NUMBER_WORDS.get(token, token) if token in _NUMBER_WORDS else token)


def parse_hours(text: str) -> float | None:
    """Weekly hours: "10 hours a week" -> 10, "like 8-10 hrs" -> 10 (the upper bound), "2 hours a day" -> 10."""
    match = _HOURS.search(text)
    if match:
        low, high, unit, adverb = match.group(1), match.group(2), match.group(3), match.group(4)
        value = _number(high or low)
        per = unit or adverb or "week"
        if per in ("day", "night", "weekday", "weeknight", "daily", "nightly"):
            value *= SCHOOL_DAYS_PER_WEEK
        return value if 0 < value <= 80 else None
    match = _BARE_WEEKLY.search(text)
    if match:
        value = _number(match.group(1))
        return value if 0 < value <= 80 else None
    return None


def bare_hours(text: str) -> float | None:
    """In a clause already known to be about hours, a lone number is the weekly hours ("like 25")."""
    numbers = [_number(n) for n in re.findall(rf"\b{_NUM}\b", text)]
    plausible = [n for n in numbers if 0 < n <= 80]
    return plausible[-1] if len(plausible) == 1 else None


# --- pace and modes -----------------------------------------------------------------------------

_NEGATED = re.compile(r"\b(don'?t|do not|not|never|no)\b(\s+\w+){0,3}\s*$")


def parse_pace(text: str, lexicon: Lexicon) -> Pace | None:
    """accelerated ("finish early"), extended ("take it slow") or standard ("normal pace")."""
    for pace in (Pace.ACCELERATED, Pace.EXTENDED, Pace.STANDARD):
        for pattern in lexicon.pace.get(pace, []):
            match = re.search(pattern, text)
            if not match:
                continue
            if pace is Pace.ACCELERATED and _NEGATED.search(text[: match.start()]):
                return Pace.STANDARD
            return pace
    return None


def parse_modes(text: str, lexicon: Lexicon) -> tuple[list[Mode], list[Mode]]:
    """(modes wanted, modes to avoid): "only online" -> ([online], []), "no online stuff" -> ([], [online])."""
    wanted: list[Mode] = []
    avoided: list[Mode] = []
    for mode in (Mode.HYBRID, Mode.ONLINE, Mode.IN_PERSON):
        for pattern in lexicon.modes.get(mode, []):
            for match in re.finditer(pattern, text):
                before, after = text[: match.start()], text[match.end() :]
                negated = any(re.search(p, before) for p in lexicon.mode_negations) or any(
                    re.match(p, after) and re.match(p, after).group(0).strip()  # type: ignore[union-attr]
                    for p in lexicon.mode_post_negations
                )
                target = avoided if negated else wanted
                if mode not in target:
                    target.append(mode)
    if Mode.HYBRID in wanted:
        wanted = [Mode.HYBRID]
    return wanted, [m for m in avoided if m not in wanted]


Fullness = Literal["lighter", "standard", "fuller"]
FULLNESS: tuple[Fullness, ...] = ("fuller", "lighter", "standard")
"""The loads a student may ask for, in the order their words are looked for."""


def parse_fullness(text: str, lexicon: Lexicon) -> Fullness | None:
    """A wish for a lighter ("less work", "too much") or fuller ("more stuff", "fill it up") load."""
    for fullness in FULLNESS:
        if any(re.search(p, text) for p in lexicon.fullness.get(fullness, [])):
            return fullness
    return None


# --- terms --------------------------------------------------------------------------------------


class TermRef(BaseModel):
    """A term the student named: an id in the calendar, or a shift in semesters, or both."""

    text: str
    term_id: str | None = None
    shift: int | None = None  # in fall/spring semesters; negative is earlier
    season: Season | None = None
    year: int | None = None
    grade_level: int | None = None


GRADE_WORDS = {"freshman": 9, "sophomore": 10, "junior": 11, "senior": 12}
_AMOUNT = {"a": 1, "an": 1, "one": 1, "1": 1, "two": 2, "2": 2, "a full": 1, "three": 3, "3": 3}
_UNIT = {"semester": 1, "term": 1, "year": 2}
_SHIFT = re.compile(
    r"\b(a full|an?|one|two|three|[123])\s+(semester|term|year)s?\s+(early|earlier|sooner|ahead|late|later)\b"
    r"|\b(?:an?|one)\s+(extra|more|additional)\s+(semester|term|year)\b"
    r"|\b(early|late) by (an?|one|two|[12]) (semester|term|year)s?\b"
)
_GRADE_YEAR = re.compile(
    r"\b(by|before|end of|in|during|for)?\s*(?:the\s+)?(?:end of\s+)?(?:my\s+)?(freshman|sophomore|junior|senior)\s+year\b"
)
_SEASON = re.compile(
    r"\b(this|next|coming|the|in|over the|by|in the|during)?\s*(fall|autumn|spring|summer)\b(?:\s+(?:of\s+)?'?(\d{4}|\d{2})\b)?"
)
_NEXT = re.compile(r"\bnext (semester|term|year)\b")


def _semesters(calendar: Calendar) -> list[Term]:
    return [t for t in calendar.terms if t.season is not Season.SUMMER]


def shift_term(calendar: Calendar, term_id: str, shift: int) -> str | None:
    """The fall/spring term ``shift`` semesters from ``term_id`` (a summer target counts as the spring before)."""
    semesters = _semesters(calendar)
    anchor = calendar.terms[calendar.index(term_id)]
    position = max((i for i, t in enumerate(semesters) if t.start <= anchor.start), default=0)
    target = position + shift
    plannable = calendar.terms[calendar.index(calendar.first_plannable_term)]
    if 0 <= target < len(semesters) and semesters[target].start >= plannable.start:
        return semesters[target].id
    return None


def parse_term(
    text: str, calendar: Calendar | None, grade: int | None, target_term: str | None
) -> TermRef | None:
    """ "a semester early" -> shift -1; "by junior year" -> the spring of that school year; "next spring"."""
    match = _SHIFT.search(text)
    if match:
        if match.group(1):
            shift = _AMOUNT[match.group(1)] * _UNIT[match.group(2)]
            shift *= -1 if match.group(3) in ("early", "earlier", "sooner", "ahead") else 1
        elif match.group(4):
            shift = _UNIT[match.group(5)]
        else:
            shift = _AMOUNT[match.group(7)] * _UNIT[match.group(8)] * (-1 if match.group(6) == "early" else 1)
        term_id = shift_term(calendar, target_term, shift) if calendar and target_term else None
        return TermRef(text=match.group(0), shift=shift, term_id=term_id)
    match = _GRADE_YEAR.search(text)
    if match:
        level = GRADE_WORDS[match.group(2)]
        ref = TermRef(text=match.group(0).strip(), grade_level=level)
        if calendar and grade is not None:
            year = calendar.current_school_year + level - grade
            season = (
                Season.SPRING
                if match.group(1) in ("by", "before", "end of") or "end of" in match.group(0)
                else Season.FALL
            )
            ref.term_id = next(
                (t.id for t in calendar.terms if t.school_year == year and t.season is season), None
            )
        return ref
    match = _NEXT.search(text)
    if match and calendar:
        first = calendar.terms[calendar.index(calendar.first_plannable_term)]
        if match.group(1) == "year":
            year = calendar.current_school_year + 1
            term = next(
                (t for t in calendar.terms if t.school_year == year and t.season is Season.FALL), None
            )
        else:
            term = next((t for t in _semesters(calendar) if t.start >= first.start), None)
        return TermRef(text=match.group(0), term_id=term.id if term else None)
    match = _SEASON.search(text)
    if match:
        season = Season.FALL if match.group(2) in ("fall", "autumn") else Season(match.group(2))
        named_year = int(match.group(3)) if match.group(3) else None
        if named_year is not None and named_year < 100:
            named_year += 2000
        ref = TermRef(text=match.group(0).strip(), season=season, year=named_year)
        if calendar:
            first = calendar.terms[calendar.index(calendar.first_plannable_term)]
            options = [t for t in calendar.terms if t.season is season]
            if named_year is not None:
                options = [t for t in options if t.start.year == named_year]
            else:
                options = [t for t in options if t.start >= first.start]
            ref.term_id = options[0].id if options else None
        return ref
    return None


# --- subjects and free text ---------------------------------------------------------------------


def parse_subjects(text: str, lexicon: Lexicon) -> list[str]:
    """Subjects named in the clause ("chem" counts once abbreviations are expanded), in lexicon order."""
    expanded = load_words().expand_abbreviations(text)
    found = []
    for subject, words in lexicon.subjects.items():
        if any(re.search(rf"\b{re.escape(w)}\b", expanded) for w in words):
            found.append(subject)
    return found


_FILLER_TAIL = re.compile(
    r"[\s,]*(?:\b(?:lol|lmao|haha+|i guess|i think|and stuff|and things|tbh|ngl|fr)\b[\s,!.]*)+$"
)


def interest_text(clause: str, lexicon: Lexicon) -> str:
    """The phrase about interests, lead-in removed and negation kept: "i hate math" -> "not math",
    "internships are boring" -> "not internships"."""
    text = _FILLER_TAIL.sub("", clause).strip(" ,.!")
    for pattern in lexicon.dislike_trailers:
        match = re.search(pattern, text)
        if match and match.start() > 0:
            return "not " + interest_text(text[: match.start()], lexicon)
    for pattern in lexicon.dislike_lead_ins:
        match = re.match(pattern, text)
        if match:
            return "not " + text[match.end() :].strip(" ,.!")
    for pattern in lexicon.interest_lead_ins:
        match = re.match(pattern, text)
        if match:
            return text[match.end() :].strip(" ,.!")
    return text


def career_text(clause: str, lexicon: Lexicon) -> str:
    """The job or field named: "i wanna be a vet when i grow up" -> "vet"."""
    text = clause.strip(" ,.!")
    for pattern in lexicon.career_lead_ins:
        match = re.match(pattern, text)
        if match:
            text = text[match.end() :]
            break
    for pattern in lexicon.career_trailers:
        text = re.sub(pattern, "", text)
    return re.sub(r"^(?:an?|the|some kind of|some sort of)\s+", "", _FILLER_TAIL.sub("", text).strip(" ,.!"))


# --- helpers for particular intents ---------------------------------------------------------------

# Where the thing swapped in starts: "swap X for Y", "replace X with Y", "change X to Y".
_SWAP_SPLIT = re.compile(r"\b(?:for|with|to|into|in place of)\b")
_INSTEAD_OF = re.compile(r"\binstead of\b")
_SWAP_VERB = re.compile(r"\b(?:swap|switch|replace|trade|exchange|substitute|sub|change|make)\b")


def pace_from_term(term: TermRef | None, calendar: Calendar | None, target_term: str | None) -> Pace | None:
    """A term earlier than the student's target means accelerating; a later one, extending."""
    if term is None:
        return None
    if term.shift is not None:
        return Pace.ACCELERATED if term.shift < 0 else Pace.EXTENDED
    if term.grade_level is not None and term.term_id and calendar and target_term:
        delta = calendar.index(term.term_id) - calendar.index(target_term)
        return Pace.ACCELERATED if delta < 0 else Pace.EXTENDED if delta > 0 else Pace.STANDARD
    return None


_RATHER = re.compile(r"\brather (?:do |have |take |go with |get )?(.+?)\s+(?:than|over)\s+(.+)$")


def swap_parts(clause: str) -> tuple[str, str]:
    """(what goes out, what comes in) in "swap X for Y", "instead of X can I do Y" or "I'd rather do Y
    than X"."""
    rather = _RATHER.search(clause)
    if rather:
        return rather.group(2), rather.group(1)
    instead = _INSTEAD_OF.search(clause)
    if instead:
        rest = clause[instead.end() :]
        match = re.search(r",|\b(?:can|could|i|let|do|give|put)\b", rest)
        if match:
            return rest[: match.start()], rest[match.end() :]
        return rest, clause[: instead.start()]
    verb = _SWAP_VERB.search(clause)
    start = verb.end() if verb else 0
    match = _SWAP_SPLIT.search(clause, start)
    if match:
        return clause[: match.start()], clause[match.end() :]
    return clause, ""


def without_modes(phrase: str, lexicon: Lexicon) -> str:
    """The phrase with its mode words removed: "something online" names a mode, not a title."""
    for patterns in lexicon.modes.values():
        for pattern in patterns:
            phrase = re.sub(pattern, " ", phrase)
    return phrase


def competencies_named(clause: str, codes: list[tuple[str, str]]) -> list[str]:
    """Ids of the competencies whose code (or id) the clause names, e.g. "HS-LS1-1"."""
    found = []
    for comp_id, code in codes:
        for name in {code, comp_id} - {""}:
            if re.search(rf"(?<![\w.-]){re.escape(name.lower())}(?![\w-])", clause):
                found.append(comp_id)
                break
    return found
