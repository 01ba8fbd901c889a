"""Understanding what a student says (no model needed): several interests, weights, negations,
typos and slang, career goals; and career goals mapped to O*NET occupations."""

from __future__ import annotations

import pytest

from language import Speller
from matcher.interests import QueryError, check_text, load_lexicon, parse_interests
from matcher.onet import OccupationFinder, load_occupations

SPELLER = Speller(known=["horses"], targets=["biology", "robotics", "animals", "drawing", "veterinarian"])


def understood(text: str) -> tuple[list[tuple[str, float]], list[str], list[str]]:
    query = parse_interests(text, speller=SPELLER)
    return [(i.phrase, i.weight) for i in query.interests], query.negations, query.career_goals


@pytest.mark.parametrize(
    ("text", "interests", "negations", "goals"),
    [
        ("animals and drawing", [("animals", 0.5), ("drawing", 0.5)], [], []),
        ("mostly robotics, a bit of music", [("robotics", 0.8), ("music", 0.2)], [], []),
        ("i really like coding and kinda like music", [("coding programming", 0.8), ("music", 0.2)], [], []),
        ("I like animals but nothing with sports", [("animals", 1.0)], ["sports"], []),
        ("no sports or math pls", [], ["sports", "math"], []),
        ("math is boring, i love art", [("art", 1.0)], ["math"], []),
        ("i hate sports and i love drawing", [("drawing", 1.0)], ["sports"], []),
        ("I like cars. Not into reading though", [("cars", 1.0)], ["reading"], []),
        ("i wanna be a vet", [], [], ["veterinarian"]),
        ("in the future i want to be a nurse or a doctor", [], [], ["nurse", "doctor"]),
        ("dream job is being a marine biologist", [], [], ["marine biologist"]),
        (
            "I'd like to be a game designer but I also like writing stories",
            [("writing stories", 1.0)],
            [],
            ["game designer"],
        ),
        (
            "I love animals and I'm thinking about becoming a vet; I work Saturdays",
            [("animals", 1.0)],
            [],
            ["veterinarian"],
        ),
        ("horses 🐴 and drawing!!!", [("horses", 0.5), ("drawing", 0.5)], [], []),
        ("idk", [], [], []),
        ("no idea what i want tbh, maybe something outdoors", [("outdoors", 1.0)], [], []),
        ("No idea yet. Something outdoors", [("outdoors", 1.0)], [], []),
        ("I LOOOOVE Bio", [("biology", 1.0)], [], []),
        ("I want to be a doctor for animals", [], [], ["doctor for animals"]),
        ("military history and working out", [("military history", 0.5), ("fitness exercise", 0.5)], [], []),
        ("Enlist in the Army after graduation", [], [], ["army after graduation"]),
        ("helping people, but I faint when I see blood", [("helping people", 1.0)], ["blood"], []),
        ("drawing, though im scared of heights", [("drawing", 1.0)], ["heights"], []),
    ],
)
def test_what_a_student_says_is_understood(text, interests, negations, goals):
    assert understood(text) == (interests, negations, goals)


def test_typos_are_corrected_to_catalog_words_and_reported():
    query = parse_interests("biolgy and robtics stuff lol", speller=SPELLER)
    assert [i.phrase for i in query.interests] == ["biology", "robotics"]
    assert query.corrections == {"biolgy": "biology", "robtics": "robotics"}


def test_known_words_and_short_words_are_never_corrected():
    assert SPELLER.correct_word("horses") == "horses"
    assert SPELLER.correct_word("bio") == "bio"
    assert SPELLER.correct_word("zzzzzz") == "zzzzzz"


def test_text_checks_name_the_problem():
    assert check_text("animals") == "animals"
    with pytest.raises(QueryError, match="the interest text is 100,001 characters long"):
        check_text("x" * 100_001)
    with pytest.raises(QueryError, match="must be a string, not bytes"):
        check_text(b"x")


def test_every_career_alias_names_a_real_occupation():
    codes = {o.code for o in load_occupations()}
    assert len(codes) == 1016
    assert set(load_lexicon().career_aliases.values()) <= codes


@pytest.mark.parametrize(
    ("goal", "title", "how"),
    [
        ("veterinarian", "Veterinarians", "alias"),
        ("nurse", "Registered Nurses", "alias"),
        ("nurse practitioner", "Nurse Practitioners", "title"),
        ("pediatricians", "Pediatricians, General", "title"),
        ("welder", "Welders, Cutters, Solderers, and Brazers", "title"),
        ("doctor for animals", "Veterinarians", "alias"),
        (
            "army after graduation",
            "Military Enlisted Tactical Operations and Air/Weapons Specialists and Crew Members, All Other",
            "alias",
        ),
        ("combat medic", "Paramedics", "alias"),
    ],
)
def test_career_goals_find_their_occupation(goal, title, how):
    found = OccupationFinder().find(goal)
    assert found is not None
    assert (found.occupation.title, found.how) == (title, how)
    assert found.query_text().startswith(f"{goal}. {title}. ")


def test_an_unknown_goal_without_a_model_finds_nothing():
    assert OccupationFinder().find("professional napper") is None


def test_phrases_that_are_not_goals_find_no_occupation_by_title_alone():
    finder = OccupationFinder()
    assert finder.find("shop", nearest=False) is None
    found = finder.find("get certified as a mechanic", nearest=False)
    assert found is not None and found.occupation.code == "49-3023.00"


def test_accents_and_filler_are_dropped():
    query = parse_interests("Cooking, honestly. Café stuff and my tío's food truck")
    assert [i.phrase for i in query.interests] == ["cooking", "cafe", "tio's food truck"]
