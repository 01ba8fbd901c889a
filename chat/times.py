"""Weekly times from words: "Tuesday afternoons", "after 3", "weekends", "mornings before 10".

The conventions (what "afternoon" or a bare "3" means) are the named constants below; the README
section ``docs/chat-nlu.md`` lists them. The result is a list of ``core.schema.TimeBlock``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.schema import MINUTES_PER_DAY, TimeBlock, Weekday

H = 60  # minutes in an hour

# Parts of the day, as [start, end) minutes. "I work afternoons" means 12:00-17:00, and so on.
MORNING = (6 * H, 12 * H)
AFTERNOON = (12 * H, 17 * H)
EVENING = (17 * H, 21 * H)
NIGHT = (21 * H, 24 * H)
AFTER_SCHOOL = (15 * H, 18 * H)
BEFORE_SCHOOL = (6 * H, 8 * H)
SCHOOL_HOURS = (8 * H, 15 * H)
WHOLE_DAY = (0, MINUTES_PER_DAY)
DAYPARTS = {
    "morning": MORNING, "afternoon": AFTERNOON, "evening": EVENING, "night": NIGHT, "tonight": EVENING,
    "after school": AFTER_SCHOOL, "afterschool": AFTER_SCHOOL, "before school": BEFORE_SCHOOL,
    "during school": SCHOOL_HOURS, "school hours": SCHOOL_HOURS, "all day": WHOLE_DAY,
    "after dinner": (19 * H, 22 * H), "overnight": NIGHT,
}  # fmt: skip

WEEKDAYS = [Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI]
WEEKEND = [Weekday.SAT, Weekday.SUN]
# A time of day said without days ("I'm busy after 3") is taken to mean the school week.
DEFAULT_DAYS = WEEKDAYS
# A bare hour without am/pm: 1 to 6 is afternoon (pm), 7 to 11 is morning (am), 12 is noon, unless
# a part of the day next to it says otherwise ("evenings after 7" is 19:00).
BARE_PM_HOURS = range(1, 7)
# "2 hours a day" becomes a weekly figure over the school week.
SCHOOL_DAYS_PER_WEEK = 5

_DAY_WORDS: dict[str, list[Weekday]] = {
    "monday": [Weekday.MON], "mon": [Weekday.MON], "tuesday": [Weekday.TUE], "tues": [Weekday.TUE],
    "tue": [Weekday.TUE], "wednesday": [Weekday.WED], "weds": [Weekday.WED], "wed": [Weekday.WED],
    "thursday": [Weekday.THU], "thurs": [Weekday.THU], "thur": [Weekday.THU], "thu": [Weekday.THU],
    "friday": [Weekday.FRI], "fri": [Weekday.FRI], "saturday": [Weekday.SAT], "sat": [Weekday.SAT],
    "sunday": [Weekday.SUN], "sun": [Weekday.SUN], "weekend": WEEKEND, "weekday": WEEKDAYS,
    "weeknight": WEEKDAYS, "school night": WEEKDAYS, "school day": WEEKDAYS,
    "during the week": WEEKDAYS, "every day": list(Weekday), "everyday": list(Weekday),
    "daily": list(Weekday), "all week": list(Weekday), "mwf": [Weekday.MON, Weekday.WED, Weekday.FRI],
    "m/w/f": [Weekday.MON, Weekday.WED, Weekday.FRI], "tth": [Weekday.TUE, Weekday.THU],
    "t/th": [Weekday.TUE, Weekday.THU], "tu/th": [Weekday.TUE, Weekday.THU],
}  # fmt: skip
# Words typo repair may correct to ("wensday" -> "wednesday"), beside the lexicon's own words: every word
# the time parser reads ("thurs" is a day, not a typo of "hours").
_TIME_WORDS = {word for phrase in (*_DAY_WORDS, *DAYPARTS) for word in phrase.split() if word.isalpha()}
TIME_VOCABULARY = (
    _TIME_WORDS
    | {
        f"{word}s"
        for word in _TIME_WORDS
        if word.endswith(("day", "night", "end", "morning", "evening", "noon"))
    }
    | {"semester", "noon", "midday", "midnight", "till", "until"}
)
_IMPLIED_PART = {"weeknight": EVENING, "school night": EVENING}

_CLOCK = r"(?:\d{1,2}(?!\d)(?:[:.]\d{2})?(?:\s*(?:a\.m\.|p\.m\.|am|pm)|(?<=\d)[ap]\b)?|noon|midday|midnight)"
_NOT_HOURS = r"(?!\s*(?:hours?|hrs?|h\b|days?|weeks?|credits?|class|classes|times|semesters?|years?|%))"
_SAT_SUN = r"(?:sat|sun)(?=\s*(?:[-/,&]|and\b|or\b|through\b|to\b|\d|morning|afternoon|evening|night))"
_DAY_RE = (
    r"(?:every\s*day|everyday|daily|all week|during the week|school (?:night|day)s?|m/w/f|mwf|t/th|tu/th|tth"
    r"|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|satur|sun)days?|weekends?|weekdays?|weeknights?"
    r"|mon|tues?|weds?|thu(?:rs?)?|fri|" + _SAT_SUN + r")(?:'s)?"
)
_SCAN = re.compile(
    rf"(?P<range>(?:between\s+{_CLOCK}\s+and\s+{_CLOCK}|(?:from\s+)?{_CLOCK}\s*(?:-|–|to|till|til|until)\s*{_CLOCK}){_NOT_HOURS})"
    rf"|(?P<after>\b(?:after|past|from|starting(?: at)?)\s+{_CLOCK}{_NOT_HOURS})"
    rf"|(?P<before>\b(?:before|until|till|til|up to)\s+{_CLOCK}{_NOT_HOURS})"
    r"|(?P<part>\b(?:mornings?|afternoons?|evenings?|nights?(?! owl)|tonight|after ?school|before school|during school"
    r"|school hours|all day|after dinner|overnight)\b)"
    rf"|(?P<day>\b{_DAY_RE}\b)"
)
_CLOCK_RE = re.compile(_CLOCK)
_DAY_LIST_GAP = re.compile(r"^[\s,/&]*(?:and|or|&)?[\s,/&]*$")
_DAY_RANGE_GAP = re.compile(r"^\s*(?:-|–|to|through|till|until)\s*$")
_TIME_AFTER_DAY_GAP = re.compile(r"^[\s,]*(?:(?:from|at|in the|in|between|during the|during|the|,)\s*)*$")
_TIME_BEFORE_DAY_GAP = re.compile(r"^[\s,]*(?:on|every|on the|each|on all|all)\s+$")
_TIME_JOIN_GAP = re.compile(r"^[\s,]*(?:and|or|&|,)[\s,]*$")


@dataclass
class _Item:
    kind: str  # "day" or "time"
    start: int
    end: int
    text: str
    days: list[Weekday] = field(default_factory=list)


@dataclass
class _Segment:
    days: list[Weekday] = field(default_factory=list)
    implied: tuple[int, int] | None = None
    times: list[list[_Item]] = field(default_factory=list)  # a union of intersections


def _days_of(word: str) -> list[Weekday]:
    key = re.sub(r"(?:'s|s)$", "", word.strip())
    key = re.sub(r"\s+", " ", key)
    for name, days in _DAY_WORDS.items():
        if key == name or (len(key) >= 3 and name.startswith(key) and len(name) > 4):
            return days
    for name, days in _DAY_WORDS.items():
        if key.startswith(name):
            return days
    return []


def _clock(text: str, window: tuple[int, int] | None) -> int | None:
    """One clock time in minutes, using the bare-hour convention and the part-of-day window."""
    text = text.strip().replace(" ", "")
    if text in ("noon", "midday"):
        return 12 * H
    if text == "midnight":
        return 24 * H
    match = re.match(r"(\d{1,2})(?:[:.](\d{2}))?(a\.m\.|p\.m\.|am|pm|a|p)?$", text)
    if not match:
        return None
    hour, minute, suffix = int(match.group(1)), int(match.group(2) or 0), match.group(3) or ""
    if hour > 24 or minute > 59:
        return None
    if suffix or hour > 12:
        if hour > 12:
            return hour * H + minute
        return (hour % 12 + (12 if suffix.startswith("p") else 0)) * H + minute
    candidates = [(hour % 12) * H + minute, (hour % 12 + 12) * H + minute]
    if window:
        for value in candidates:
            if window[0] <= value <= window[1]:
                return value
    if hour == 12:
        return 12 * H + minute
    return candidates[1] if hour in BARE_PM_HOURS else candidates[0]


def _window(item: _Item, context: tuple[int, int] | None) -> tuple[int, int] | None:
    text = item.text
    part = re.match(
        r"(after ?school|before school|during school|school hours|all day|after dinner|[a-z]+)", text
    )
    if part and not _CLOCK_RE.match(text):
        key = re.sub(r"s$", "", part.group(1)) if part.group(1) not in ("all day",) else part.group(1)
        if key in DAYPARTS:
            return DAYPARTS[key]
    clocks = [m.group(0) for m in _CLOCK_RE.finditer(text)]
    clocks = [c for c in clocks if c.strip()]
    if re.match(r"(?:after|past|from|starting)", text) and len(clocks) == 1:
        start = _clock(clocks[0], context)
        return (start, 24 * H) if start is not None and start < 24 * H else None
    if re.match(r"(?:before|until|till|til|up to)", text) and len(clocks) == 1:
        end = _clock(clocks[0], context)
        return (0, end) if end else None
    if len(clocks) == 2:
        start, end = _clock(clocks[0], context), _clock(clocks[1], context)
        if start is None or end is None:
            return None
        has_suffix = re.search(r"[ap]\.?m?\.?$", clocks[1].strip()) is not None
        if has_suffix and end >= 12 * H and start < 12 * H and start + 12 * H < end and not context:
            bare_start = not re.search(r"[ap]\.?m?\.?$", clocks[0].strip())
            if bare_start:
                start += 12 * H
        if end <= start and end + 12 * H > start and end < 12 * H:
            end += 12 * H
        return (start, end) if start < end else None
    return None


def _scan(text: str) -> list[_Item]:
    items = []
    for m in _SCAN.finditer(text):
        kind = "day" if m.group("day") else "time"
        items.append(
            _Item(kind, m.start(), m.end(), m.group(0), _days_of(m.group(0)) if kind == "day" else [])
        )
    return [i for i in items if i.kind == "time" or i.days]


def _segments(text: str, items: list[_Item]) -> list[_Segment]:
    """Group days with the times that belong to them ("Tuesday afternoons and Saturdays").

    Times usually follow their days ("Saturdays from 9 to 5"); a time followed by "on"/"every" and days
    belongs to those days ("after 3 on weekdays"). Adjacent times intersect ("mornings before 10");
    times joined by "and" add up ("mornings and afternoons"). Days with no time mean the whole day.
    """
    segments: list[_Segment] = []
    pending: list[list[_Item]] = []  # time groups said before their days

    def flush() -> None:
        nonlocal pending
        if pending:
            segments.append(_Segment([], None, pending))
            pending = []

    for index, item in enumerate(items):
        prev = items[index - 1] if index else None
        gap = text[prev.end : item.start] if prev else ""
        current = segments[-1] if segments else None
        if item.kind == "day":
            implied = _IMPLIED_PART.get(re.sub(r"s$", "", item.text.strip()))
            if pending and (_TIME_BEFORE_DAY_GAP.match(gap + " ") or not gap.strip()):
                segments.append(_Segment(list(item.days), implied, pending))
                pending = []
            elif current and prev is not None and prev.kind == "day" and not pending:
                if _DAY_RANGE_GAP.match(gap):
                    first, last = current.days[-1].index, item.days[0].index
                    current.days += list(Weekday)[first + 1 : last + 1] if last > first else item.days
                elif _DAY_LIST_GAP.match(gap):
                    current.days += item.days
                else:
                    segments.append(_Segment(list(item.days), implied))
            else:
                flush()
                segments.append(_Segment(list(item.days), implied))
            continue
        if pending:
            if not gap.strip():
                pending[-1].append(item)
            elif _TIME_JOIN_GAP.match(gap):
                pending.append([item])
            else:
                flush()
                pending = [[item]]
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        ahead = text[item.end : following.start] if following else ""
        forward = (
            following is not None
            and following.kind == "day"
            and (_TIME_BEFORE_DAY_GAP.match(ahead + " ") is not None or not ahead.strip())
        )
        if current and prev is not None and prev.kind == "day" and not current.times:
            if _TIME_AFTER_DAY_GAP.match(gap):
                current.times.append([item])
            else:
                pending = [[item]]
        elif current and current.times and prev is not None and prev.kind == "time":
            if not gap.strip():
                current.times[-1].append(item)
            elif forward:
                pending = [[item]]
            elif _TIME_JOIN_GAP.match(gap):
                current.times.append([item])
            else:
                pending = [[item]]
        else:
            pending = [[item]]
    flush()
    return segments


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def parse_times(text: str) -> list[TimeBlock]:
    """Weekly time blocks named in a clause: "Tuesday afternoons" is Tue 12:00-17:00, and so on."""
    items = _scan(text)
    blocks: list[TimeBlock] = []
    for segment in _segments(text, items):
        windows: list[tuple[int, int]] = []
        for group in segment.times:
            context = next((_window(i, None) for i in group if not _CLOCK_RE.search(i.text)), None)
            context = context or segment.implied
            span: tuple[int, int] | None = WHOLE_DAY
            for item in group:
                window = _window(item, context)
                if window is None or span is None:
                    span = None
                    break
                span = (max(span[0], window[0]), min(span[1], window[1]))
                if span[0] >= span[1]:
                    span = None
            if span:
                windows.append(span)
        if not segment.times:
            windows = [segment.implied or WHOLE_DAY]
        days = segment.days or DEFAULT_DAYS
        for day in dict.fromkeys(days):
            blocks.extend(TimeBlock(day=day, start=s, end=e) for s, e in _merge(windows))
    unique = {(b.day.index, b.start, b.end): b for b in blocks}
    return [unique[key] for key in sorted(unique)]
