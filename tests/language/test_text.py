"""Cleaning and folding what a student types (no model needed)."""

from __future__ import annotations

import pytest

from language import clean, fold, load_words, normalize, squeeze


def test_clean_removes_control_characters_and_keeps_markup_and_case() -> None:
    assert clean("Hi\x00 <b>there</b>\u200b\r\n\r\nok") == "Hi <b>there</b>\nok"
    assert clean("I\u2019m \u201cfine\u201d  `ok`") == "I'm \"fine\" 'ok'"


def test_fold_lower_cases_and_drops_accents() -> None:
    assert fold("Tío's CAFÉ, Ñandú") == "tio's cafe, nandu"


def test_squeeze_keeps_one_letter_when_that_makes_a_known_word_else_two() -> None:
    assert squeeze("i loooove it sooooo much", {"love"}) == "i love it soo much"
    assert squeeze("zzz", set()) == "zz"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("I wanna b/c idk", "i want to because i don't know"),
        ("8 hrs a wk w/o u", "8 hours a week without you"),
        ("rock & roll, c++ and r&b", "rock and roll, c++ and r&b"),
        ("luv ppl lol", "love people lol"),
        ("I LOOOVE bio", "i love bio"),
    ],
)
def test_normalize_folds_and_writes_out_shorthand(text: str, folded: str) -> None:
    assert normalize(text, load_words(), known={"love"}) == folded
