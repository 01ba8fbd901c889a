"""Hours, pace, modes, terms, free text and clause splitting (no model needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from chat.intents import Lexicon, load_lexicon, split_clauses
from chat.slots import (
    TermRef,
    career_text,
    interest_text,
    is_free_time,
    parse_hours,
    parse_modes,
    parse_pace,
    parse_subjects,
    parse_term,
    swap_parts,
)
from core.errors import InputError
from core.schema import Calendar, Mode, Pace, Season, Term
from language import clean, load_words, normalize


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    """Four school years from 2026-27, each fall, spring and summer; spring 2027 is the first plannable."""
    terms = []
    for year in range(2026, 2030):
        for season, code, start, end in (
            (Season.FALL, "FA", (year, 8, 24), (year, 12, 18)),
            (Season.SPRING, "SP", (year + 1, 1, 11), (year + 1, 5, 28)),
            (Season.SUMMER, "SU", (year + 1, 6, 14), (year + 1, 8, 6)),
        ):
            term_year = year if season is Season.FALL else year + 1
            terms.append(
                Term(
                    id=f"{term_year}-{code}", name=f"{season} {term_year}", season=season, school_year=year,
                    start=dt.date(*start), end=dt.date(*end),
                )
            )  # fmt: skip
    return Calendar(terms=terms, current_school_year=2026, first_plannable_term="2027-SP")


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("i can do about 10 hours a week", 10.0),
        ("like 8 hours", 8.0),
        ("8-10 hours per week", 10.0),
        ("two hours a day", 10.0),
        ("no more than twelve hours", 12.0),
        ("maybe 15 a week", 15.0),
        ("a couple hours each night", 10.0),
        ("like 10ish hrs a wk", 10.0),
        ("15-ish hours", 15.0),
        ("after 3 on tuesdays", None),
        ("i work saturdays", None),
    ],
)
def test_hours(text: str, hours: float | None) -> None:
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "pace"),
    [
        ("i'd like to finish early", Pace.ACCELERATED),
        ("can i graduate a semester early", Pace.ACCELERATED),
        ("i want to speed things up", Pace.ACCELERATED),
        ("i want to take it slow", Pace.EXTENDED),
        ("i need more time", Pace.EXTENDED),
        ("no rush", Pace.EXTENDED),
        ("a normal pace is fine", Pace.STANDARD),
        ("i don't want to graduate early", Pace.STANDARD),
        ("i like horses", None),
    ],
)
def test_pace(text: str, pace: Pace | None, lexicon: Lexicon) -> None:
    assert parse_pace(text, lexicon) == pace


@pytest.mark.parametrize(
    ("text", "wanted", "avoided"),
    [
        ("i can only do online", [Mode.ONLINE], []),
        ("i learn better in person", [Mode.IN_PERSON], []),
        ("i don't want anything online", [], [Mode.ONLINE]),
        ("online doesn't work for me", [], [Mode.ONLINE]),
        ("a mix of online and in person is fine", [Mode.HYBRID], []),
        ("hybrid please, nothing fully online", [Mode.HYBRID], [Mode.ONLINE]),
        ("i like horses", [], []),
    ],
)
def test_modes(text: str, wanted: list[Mode], avoided: list[Mode], lexicon: Lexicon) -> None:
    assert parse_modes(text, lexicon) == (wanted, avoided)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a semester early", TermRef(text="a semester early", shift=-1, term_id="2028-FA")),
        ("a year early", TermRef(text="a year early", shift=-2, term_id="2028-SP")),
        ("an extra semester", TermRef(text="an extra semester", shift=1, term_id="2029-FA")),
        ("by junior year", TermRef(text="by junior year", grade_level=11, term_id="2028-SP")),
        ("senior year", TermRef(text="senior year", grade_level=12, term_id="2028-FA")),
        ("next spring", TermRef(text="next spring", season=Season.SPRING, term_id="2027-SP")),
        ("in the summer", TermRef(text="in the summer", season=Season.SUMMER, term_id="2027-SU")),
        ("fall 2028", TermRef(text="fall 2028", season=Season.FALL, year=2028, term_id="2028-FA")),
        ("next year", TermRef(text="next year", term_id="2027-FA")),
        ("next semester", TermRef(text="next semester", term_id="2027-SP")),
    ],
)
def test_terms_resolve_against_the_calendar(text: str, expected: TermRef, calendar: Calendar) -> None:
    """A sophomore (grade 10 in 2026-27) whose target is spring 2029."""
    assert parse_term(text, calendar, grade=10, target_term="2029-SP") == expected


def test_terms_without_a_calendar_keep_what_was_said() -> None:
    assert parse_term("a semester early", None, None, None) == TermRef(text="a semester early", shift=-1)
    assert parse_term("by junior year", None, None, None) == TermRef(text="by junior year", grade_level=11)


def test_interest_and_career_text(lexicon: Lexicon) -> None:
    assert interest_text("i'm really into horses and drawing", lexicon) == "horses and drawing"
    assert interest_text("i hate math lol", lexicon) == "not math"
    assert interest_text("i like art but not math", lexicon) == "art but not math"
    assert career_text("i want to be a vet when i grow up", lexicon) == "vet"
    assert career_text("thinking about becoming a nurse", lexicon) == "nurse"
    assert career_text("my dream job is game designer", lexicon) == "game designer"


def test_subjects_and_free_time(lexicon: Lexicon) -> None:
    assert parse_subjects("i love chem and spanish", lexicon) == ["science", "world_languages"]
    assert is_free_time("i'm free after 3", lexicon)
    assert not is_free_time("i'm not free on fridays", lexicon)
    assert not is_free_time("i work saturdays", lexicon)
    assert is_free_time("i can only do mornings", lexicon)
    assert not is_free_time("i can't do mornings", lexicon)


@pytest.mark.parametrize(
    ("clause", "parts"),
    [
        ("swap stats for yoga", ("swap stats ", " yoga")),
        ("i'd rather do the biotech internship than the law one", ("the law one", "the biotech internship")),
        ("rather take chemistry over physics", ("physics", "chemistry")),
    ],
)
def test_what_a_swap_takes_out_and_brings_in(clause: str, parts: tuple[str, str]) -> None:
    assert swap_parts(clause) == parts


@pytest.mark.parametrize(
    ("message", "clauses"),
    [
        (
            "I like horses and drawing, I work Saturdays, and I'd like to finish early",
            ["i like horses and drawing", "i work saturdays", "i'd like to finish early"],
        ),
        ("keep the internship and drop the trip", ["keep the internship", "drop the trip"]),
        ("tuesdays, thursdays and saturdays", ["tuesdays, thursdays and saturdays"]),
        ("hey! can u show me my plan?", ["hey", "can you show me my plan"]),
        (
            "i work 9 a.m. to 5 on sundays. also no online stuff",
            ["i work 9 a.m. to 5 on sundays", "no online stuff"],
        ),
    ],
)
def test_clauses(message: str, clauses: list[str], lexicon: Lexicon) -> None:
    assert split_clauses(normalize(clean(message), load_words()), lexicon) == clauses


def test_clean_removes_control_characters_and_keeps_markup_as_text() -> None:
    assert clean("hi\x00 <b>there</b>\u200b\r\n\r\nok") == "hi <b>there</b>\nok"


def test_a_broken_lexicon_names_the_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "exemplars.json"
    raw = load_lexicon().model_dump(mode="json")
    raw["intents"]["swap"]["cues"] = ["(unclosed"]
    path.write_text(__import__("json").dumps(raw))
    with pytest.raises(InputError) as caught:
        load_lexicon(path)
    assert str(caught.value).startswith(f"{path}: intents.swap.cues: Value error, pattern '(unclosed'")
