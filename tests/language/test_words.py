"""The shared word lists and the rewriter that applies one (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from core.errors import InputError
from core.schema import Mode
from language import Rewriter, WordLists, load_words, read_word_file


def test_the_longest_phrase_wins_and_words_stay_whole() -> None:
    rewrite = Rewriter({"bio": "biology", "bio tech": "biotechnology", "tech": "technology", "w/": "with"})
    assert rewrite("bio tech, bio/tech and biology") == "biotechnology, biology/technology and biology"
    assert rewrite("w/ friends, w/friends") == "with friends, w/friends"
    assert rewrite("bio's") == "bio's"
    dotted = Rewriter({"w": "with", "u": "you"})
    assert dotted("ccss.ela-literacy.w.9-10.3 and u.s. history w friends, u.") == (
        "ccss.ela-literacy.w.9-10.3 and u.s. history with friends, you."
    )
    assert Rewriter({})("anything") == "anything"


def test_abbreviations_expand_school_subjects() -> None:
    words = load_words()
    assert words.expand_abbreviations("chem and comp sci, spanish ii") == (
        "chemistry and computer science, spanish 2"
    )


def test_every_word_the_lists_write_is_known() -> None:
    words = load_words().words()
    assert {"because", "chemistry", "computer", "science", "don't"} <= words
    assert "chem" not in words


def test_mode_words_name_modes() -> None:
    assert load_words().modes["in person"] is Mode.IN_PERSON


def test_shorthand_and_abbreviations_do_not_share_a_key() -> None:
    words = load_words()
    assert set(words.shorthand) & set(words.abbreviations) == set()


def test_a_bad_word_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "words.json"
    path.write_text(
        '{"shorthand": {"u": "you"}, "abbreviations": [], "stopwords": [], "modes": {"online": "online"}}',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        read_word_file(path, WordLists)
    assert str(raised.value) == f"{path}: abbreviations: Input should be a valid dictionary"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match=r"words.json: cannot read the word file: Expecting"):
        read_word_file(path, BaseModel)
