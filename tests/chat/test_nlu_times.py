"""Time phrases become exact TimeBlocks (no model needed)."""

from __future__ import annotations

import pytest

from chat.times import parse_times
from core.schema import TimeBlock

WEEK = ["Mon", "Tue", "Wed", "Thu", "Fri"]


def blocks(*specs: str) -> list[TimeBlock]:
    """'Tue 12:00-17:00' -> TimeBlock."""
    result = []
    for spec in specs:
        day, span = spec.split()
        start, end = span.split("-")
        result.append(TimeBlock(day=day, start=start, end=end))
    return result


def each(days: list[str], span: str) -> list[TimeBlock]:
    return blocks(*(f"{d} {span}" for d in days))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i work tuesday afternoons", blocks("Tue 12:00-17:00")),
        ("after 3", each(WEEK, "15:00-24:00")),
        ("weekends", blocks("Sat 00:00-24:00", "Sun 00:00-24:00")),
        ("weekday evenings", each(WEEK, "17:00-21:00")),
        ("mornings before 10", each(WEEK, "06:00-10:00")),
        ("i work saturdays from 9 to 5", blocks("Sat 09:00-17:00")),
        ("tuesday afternoons and saturdays", blocks("Tue 12:00-17:00", "Sat 00:00-24:00")),
        ("after 3 on weekdays", each(WEEK, "15:00-24:00")),
        ("weekdays after 3 and all day saturday", [*each(WEEK, "15:00-24:00"), *blocks("Sat 00:00-24:00")]),
        ("mornings and afternoons on weekends", blocks("Sat 06:00-17:00", "Sun 06:00-17:00")),
        ("i got practice mon wed fri 3-5:30", each(["Mon", "Wed", "Fri"], "15:00-17:30")),
        ("monday through friday after 6", each(WEEK, "18:00-24:00")),
        ("mon-thu after school", each(["Mon", "Tue", "Wed", "Thu"], "15:00-18:00")),
        ("i work 3-7 on tuesdays and thursdays", each(["Tue", "Thu"], "15:00-19:00")),
        ("evenings after 7", each(WEEK, "19:00-21:00")),
        ("weeknights", each(WEEK, "17:00-21:00")),
        ("i can't do fridays anymore", blocks("Fri 00:00-24:00")),
        ("i work til 5 on saturdays and sundays", blocks("Sat 00:00-17:00", "Sun 00:00-17:00")),
        ("busy from 4pm to 8pm mondays", blocks("Mon 16:00-20:00")),
        ("5-9 on fridays", blocks("Fri 17:00-21:00")),
        ("9 to 5 on saturdays", blocks("Sat 09:00-17:00")),
        ("i work sat and sun mornings", blocks("Sat 06:00-12:00", "Sun 06:00-12:00")),
        ("wednesday between 2 and 4", blocks("Wed 14:00-16:00")),
        ("thursdays 3:30-6pm", blocks("Thu 15:30-18:00")),
        ("sunday 10am to 2", blocks("Sun 10:00-14:00")),
        ("every day after 8pm", each([*WEEK, "Sat", "Sun"], "20:00-24:00")),
        ("tuesday and thursday evenings", each(["Tue", "Thu"], "17:00-21:00")),
        ("saturday mornings and sunday afternoons", blocks("Sat 06:00-12:00", "Sun 12:00-17:00")),
    ],
)
def test_time_phrases_become_exact_blocks(text: str, expected: list[TimeBlock]) -> None:
    assert parse_times(text) == expected


@pytest.mark.parametrize(
    "text",
    ["10 hours a week", "i sat in the sun", "i like 3-4 classes", "i want to finish early", "by junior year"],
)
def test_phrases_without_times_give_no_blocks(text: str) -> None:
    assert parse_times(text) == []
