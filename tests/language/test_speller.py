"""Spelling correction against a vocabulary, and the stemmer (no model needed)."""

from __future__ import annotations

from language import Speller, stem_words
from language.speller import english_words, general_words, model_words

SPELLER = Speller(targets=["biology", "robotics", "singing", "signing", "wednesday"], known=["horses"])


def test_a_typo_is_corrected_to_the_closest_target() -> None:
    assert SPELLER.correct_word("biolgy") == "biology"
    assert SPELLER.correct_word("wensday") == "wednesday"


def test_among_equally_close_targets_the_longest_shared_beginning_wins() -> None:
    assert SPELLER.correct_word("singin") == "singing"


def test_known_short_far_and_non_letter_words_stay() -> None:
    assert [SPELLER.correct_word(w) for w in ("horses", "bio", "zzzzzz", "don't")] == [
        "horses",
        "bio",
        "zzzzzz",
        "don't",
    ]


def test_correct_reports_what_it_changed() -> None:
    corrections: dict[str, str] = {}
    assert SPELLER.correct("biolgy and robtics, don't", corrections) == "biology and robotics, don't"
    assert corrections == {"biolgy": "biology", "robtics": "robotics"}


def test_the_thresholds_are_the_spellers_own() -> None:
    strict = Speller(targets=["science"], min_length=8, min_similarity=95)
    assert strict.correct_word("sciense") == "sciense"
    assert Speller(targets=["science"]).correct_word("sciense") == "science"


def test_model_words_are_the_whole_words_of_its_vocabulary() -> None:
    class Tokenizer:
        def get_vocab(self) -> dict[str, int]:
            return {"hello": 0, "##ing": 1, "[CLS]": 2, "world": 3}

    class Model:
        tokenizer = Tokenizer()

    assert model_words(Model()) == frozenset({"hello", "world"})
    assert model_words(object()) == frozenset()


def test_common_english_words_are_never_typos_but_misspellings_are() -> None:
    english = english_words()
    assert {"sneaker", "resale", "medic", "forensics", "volunteering"} <= english
    assert not {"chemestry", "biolgy", "vetrinarian", "intership", "thurs"} & english
    speller = Speller(targets=["speakers", "real", "chemistry", "medical"], known=general_words(object()))
    corrections: dict[str, str] = {}
    text = speller.correct("sneaker resale, chemestry, medic", corrections)
    assert text == "sneaker resale, chemistry, medic"
    assert corrections == {"chemestry": "chemistry"}


def test_the_snowball_stemmer_meets_word_forms() -> None:
    assert stem_words(["drawing", "draws", "animals", "engineering", "engineer", "stories"]) == [
        "draw",
        "draw",
        "anim",
        "engin",
        "engin",
        "stori",
    ]
