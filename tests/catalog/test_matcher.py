"""The matcher on a small catalog written here: exact top results, negations, the student's fit,
explanations, interest scores and clear errors. The real embedding model runs (loaded once)."""

from __future__ import annotations

import pytest

from core.schema import (
    Calendar,
    Catalog,
    Competency,
    Evidence,
    Framework,
    Opportunity,
    RequirementSet,
    Student,
    Term,
)
from matcher import Matcher, default_model, interest_scores, match
from matcher.index import LoadedModel
from matcher.interests import QueryError

SUBJECTS = {
    "SCI-LIFE": ("science", "Explain how body systems of animals keep them healthy."),
    "SCI-CHEM": ("science", "Predict the products of simple chemical reactions."),
    "HLTH-CARE": ("health_pe", "Use safe procedures when caring for people or animals."),
    "PE-FIT": ("health_pe", "Plan and follow a personal fitness routine."),
    "CTE-TOOLS": ("cte", "Use tools and equipment safely in a workplace."),
    "CTE-CODE": ("cte", "Write, test and debug a computer program."),
    "MATH-ALG": ("mathematics", "Solve linear equations and inequalities."),
    "ART-DRAW": ("arts", "Create drawings and paintings that show observation and technique."),
    "ART-MUSIC": ("arts", "Perform music in an ensemble."),
    "SS-CIVIC": ("social_studies", "Explain how citizens take part in their community."),
    "ENG-WRITE": ("english", "Write narratives with clear structure and detail."),
}


def _opp(id_: str, title: str, description: str, kind: str, comps: list[str], **extra: object) -> Opportunity:
    fields: dict[str, object] = {
        "id": id_,
        "title": title,
        "description": description,
        "kind": kind,
        "competencies": comps,
        "hours_per_week": 4,
        "seasons": ["fall", "spring"],
    }
    fields.update(extra)
    return Opportunity.model_validate(fields)


def small_catalog() -> Catalog:
    opportunities = [
        _opp(
            "VET-INT",
            "Animal Hospital Internship",
            "Help veterinarians care for sick dogs and cats at Pine Valley Animal Hospital.",
            "internship",
            ["SCI-LIFE", "HLTH-CARE", "CTE-TOOLS"],
            min_grade=10,
        ),
        _opp(
            "STABLE",
            "Horse Stable Work Program",
            "Feed, groom and exercise horses at a riding stable.",
            "work_based_learning",
            ["CTE-TOOLS", "SCI-LIFE"],
        ),
        _opp(
            "ART-STUDIO",
            "Drawing and Painting Studio",
            "Sketch, draw and paint with pencils, ink and watercolor.",
            "course",
            ["ART-DRAW"],
        ),
        _opp(
            "SCI-ILLUS",
            "Scientific Illustration Project",
            "Draw plants and animals from life for a nature field guide.",
            "project",
            ["ART-DRAW", "SCI-LIFE"],
        ),
        _opp(
            "ROBOTICS",
            "Robotics Club",
            "Build and program robots for the regional robotics competition.",
            "after_school",
            ["CTE-CODE", "MATH-ALG", "CTE-TOOLS"],
        ),
        _opp(
            "BAND",
            "Concert Band",
            "Play an instrument in the school band and perform in concerts.",
            "course",
            ["ART-MUSIC"],
        ),
        _opp(
            "SOCCER",
            "Varsity Soccer Conditioning",
            "Train with the soccer team: sprints, drills and strength work.",
            "after_school",
            ["PE-FIT"],
        ),
        _opp(
            "BASKET",
            "Community Basketball League",
            "Play basketball and referee youth games at the rec center.",
            "community_service",
            ["PE-FIT", "SS-CIVIC"],
        ),
        _opp(
            "ALG-ONLINE",
            "Algebra Online",
            "Self-paced algebra with video lessons and practice.",
            "online_course",
            ["MATH-ALG"],
            mode="online",
        ),
        _opp(
            "CODE-ONLINE",
            "Intro to Coding Online",
            "Learn to code in Python by building small games and apps.",
            "online_course",
            ["CTE-CODE"],
            mode="online",
        ),
        _opp(
            "MURAL",
            "Community Mural",
            "Design and paint a mural about the town's history with neighbors.",
            "community_service",
            ["ART-DRAW", "SS-CIVIC"],
        ),
        _opp(
            "WRITING",
            "Creative Writing Workshop",
            "Write short stories and poems and share them in a zine.",
            "after_school",
            ["ENG-WRITE"],
        ),
        _opp(
            "CHEM-LAB",
            "Chemistry Lab",
            "Mix solutions, run reactions and measure results in the lab.",
            "course",
            ["SCI-CHEM"],
        ),
    ]
    competencies = [
        Competency(id=c, code=c, statement=statement, subject=subject, framework="fx")
        for c, (subject, statement) in SUBJECTS.items()
    ]
    terms = [
        Term(
            id="2027-SP",
            name="Spring 2027",
            season="spring",
            school_year=2026,
            start="2027-01-11",
            end="2027-05-28",
        ),
        Term(
            id="2027-FA",
            name="Fall 2027",
            season="fall",
            school_year=2027,
            start="2027-08-23",
            end="2027-12-17",
        ),
    ]
    return Catalog(
        frameworks=[Framework(id="fx", title="Fixture standards")],
        competencies=competencies,
        opportunities=opportunities,
        requirement_sets=[RequirementSet(id="diploma", name="Diploma", required=list(SUBJECTS))],
        calendar=Calendar(terms=terms, current_school_year=2026, first_plannable_term="2027-SP"),
    )


def student(**extra: object) -> Student:
    fields: dict[str, object] = {
        "id": "stu-test",
        "name": "Test Student",
        "grade": 10,
        "target_graduation_term": "2027-FA",
        "requirement_set": "diploma",
    }
    fields.update(extra)
    return Student.model_validate(fields)


@pytest.fixture(scope="module")
def model() -> LoadedModel:
    return default_model()


@pytest.fixture(scope="module")
def matcher(model: LoadedModel) -> Matcher:
    return Matcher.from_catalog(small_catalog(), model)


def ids(found: list) -> list[str]:
    return [m.opportunity_id for m in found]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("i love horses", "STABLE"),
        ("drawing and painting", "ART-STUDIO"),
        ("i wanna be a vet", "VET-INT"),
        ("building robots", "ROBOTICS"),
        ("i play the trumpet", "BAND"),
        ("writing stories", "WRITING"),
        ("chemistry experiments", "CHEM-LAB"),
        ("i want to learn to code", "CODE-ONLINE"),
    ],
)
def test_unambiguous_statements_find_the_obvious_opportunity(matcher, text, first):
    assert ids(matcher.match(text, top=3))[0] == first


def test_two_interests_rank_what_joins_them_first(matcher):
    assert ids(matcher.match("animals and drawing", top=1)) == ["SCI-ILLUS"]


def test_weights_put_the_main_interest_first(matcher):
    found = ids(matcher.match("mostly robotics, a bit of music", top=5))
    assert found[0] == "ROBOTICS"
    assert found.index("BAND") > 0


def test_typos_and_slang_are_understood(matcher):
    assert ids(matcher.match("robtics", top=1)) == ["ROBOTICS"]
    assert ids(matcher.match("horseback ridin and horses lol", top=1)) == ["STABLE"]


def test_negation_removes_what_it_names(matcher):
    everything = ids(matcher.match("sports", top=13))
    assert {"SOCCER", "BASKET"} <= set(everything)
    found = ids(matcher.match("i like sports but nothing with soccer", top=13))
    assert "SOCCER" not in found
    assert found[0] == "BASKET"


def test_negation_only_text_rules_out_and_scores_zero(matcher):
    scores = matcher.interest_scores("no sports")
    assert scores["SOCCER"] == 0.0
    assert scores["BASKET"] == 0.0
    assert matcher.match("no sports") == []


def test_interest_scores_cover_every_opportunity_in_range(matcher):
    scores = matcher.interest_scores("animals")
    assert set(scores) == {o.id for o in small_catalog().opportunities}
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert max(scores, key=scores.__getitem__) in {"VET-INT", "STABLE", "SCI-ILLUS"}


def test_student_with_no_interests_is_ranked_by_need(matcher):
    scores = matcher.interest_scores(student=student())
    assert set(scores.values()) == {0.0}
    found = matcher.match(student=student(), top=3)
    assert [m.parts.interest for m in found] == [0.0, 0.0, 0.0]
    assert all(len(m.subjects) >= 2 for m in found)


def test_stored_interests_and_career_goals_are_used_without_text(matcher):
    maya = student(interests="drawing", career_goals="veterinarian")
    assert set(ids(matcher.match(student=maya, top=3))) >= {"VET-INT", "SCI-ILLUS"}


def test_done_and_unreachable_are_ranked_down(matcher):
    assert ids(matcher.match("horses", top=1)) == ["STABLE"]
    done = student(completed_opportunities=["STABLE"])
    found = matcher.match("horses", student=done, top=13)
    assert found[-1].opportunity_id == "STABLE"
    assert found[-1].notes == ["ranked down: already done"]
    ninth_grader = student(grade=9, target_graduation_term="2027-SP")
    found = matcher.match("animals", student=ninth_grader, top=13)
    vet = next(m for m in found if m.opportunity_id == "VET-INT")
    assert vet.notes == ["ranked down: not open to your grade or learning mode"]
    assert vet.parts.penalty == 0.05
    online_only = student(allowed_modes=["online"])
    assert ids(matcher.match("coding and math", student=online_only, top=2)) == ["CODE-ONLINE", "ALG-ONLINE"]


def test_needed_and_interdisciplinary_opportunities_rank_up(matcher):
    assert ids(matcher.match("painting", top=3)) == ["ART-STUDIO", "MURAL", "SCI-ILLUS"]
    civics_done = student(evidence=[Evidence(competency="SS-CIVIC", date="2026-05-01")])
    found = matcher.match("painting", student=civics_done, top=3)
    assert ids(found) == ["ART-STUDIO", "SCI-ILLUS", "MURAL"]
    illustration, mural = found[1], found[2]
    assert illustration.subjects == ["arts", "science"]
    assert illustration.needed_competencies == ["ART-DRAW", "SCI-LIFE"]
    assert (illustration.parts.needed, illustration.parts.interdisciplinary) == (0.15, 0.1)
    assert mural.needed_competencies == ["ART-DRAW"]
    assert mural.parts.needed == 0.075


def test_what_the_student_already_demonstrated_is_ranked_down(matcher):
    drawing_done = student(evidence=[Evidence(competency="ART-DRAW", date="2026-05-01")])
    found = matcher.match("painting", student=drawing_done, top=13)
    assert ids(found)[:2] == ["MURAL", "SCI-ILLUS"]
    studio = next(m for m in found if m.opportunity_id == "ART-STUDIO")
    assert ids(found).index("ART-STUDIO") > 2
    assert (studio.notes, studio.parts.penalty) == (["ranked down: already done"], 0.1)


def test_every_result_explains_itself(matcher):
    found = matcher.match("animals and drawing", top=1)[0]
    assert found.matched_phrase in {"animals", "drawing"}
    assert found.subjects == ["arts", "science"]
    assert 0 < found.parts.semantic <= 1 and 0 < found.parts.lexical <= 1
    assert found.explanation().startswith(f"Matches “{found.matched_phrase}”; spans arts and science")
    goal = matcher.match("i wanna be a vet", top=1)[0]
    assert goal.matched_phrase == "veterinarian (career goal: Veterinarians)"


def test_module_functions_take_a_catalog(model):
    assert ids(match(small_catalog(), "horses", top=1, model=model)) == ["STABLE"]
    assert interest_scores(small_catalog(), "no horses", model=model)["STABLE"] == 0.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the interest text is empty; say what you are interested in, e.g. 'animals and drawing'"),
        ("   \n ", "the interest text is empty; say what you are interested in, e.g. 'animals and drawing'"),
        ("a" * 102_400, "the interest text is 102,400 characters long; the matcher reads at most 5,000"),
        (b"animals", "the interest text must be a string, not bytes; decode it first (e.g. as UTF-8)"),
        (42, "the interest text must be a string, not int"),
        (["animals"], "the interest text must be a string, not list"),
        ("ani\x00mals", "the interest text contains a NUL character; it does not look like text"),
        (None, "give the interest text or a student (or both)"),
    ],
)
def test_bad_input_is_a_clear_error(matcher, text, message):
    with pytest.raises(QueryError) as raised:
        matcher.match(text)
    assert str(raised.value).startswith(message)
    assert isinstance(raised.value, ValueError)


def test_top_must_be_positive(matcher):
    with pytest.raises(QueryError, match="top must be at least 1, not 0"):
        matcher.match("animals", top=0)


def test_a_ruled_out_mode_removes_every_opportunity_in_it(matcher):
    found = ids(matcher.match("coding and math, nothing online", top=13))
    assert "CODE-ONLINE" not in found and "ALG-ONLINE" not in found
    assert found[0] == "ROBOTICS"


def test_the_career_goals_field_is_read_without_i_want_to_be(matcher):
    marcus = student(
        interests="Cars and fixing stuff, honestly.",
        career_goals="Get my diploma, then get certified as a mechanic. Maybe own my own shop someday.",
    )
    query = matcher.understand(None, marcus)
    assert query.career_goals == ["certified as a mechanic"]
    assert [i.phrase for i in query.interests] == ["cars", "fixing", "shop"]
    goal = matcher.phrases(query)[-1]
    assert goal.label == "certified as a mechanic (career goal: Automotive Service Technicians and Mechanics)"
    assert goal.weight == 0.5


def test_an_empty_catalog_matches_nothing_without_failing(model):
    empty = Matcher.from_catalog(Catalog(), model)
    assert empty.match("animals") == []
    assert empty.interest_scores("i wanna be a vet") == {}


def test_explain_gives_the_same_explained_match_for_the_named_opportunities_only(matcher):
    ranked = {m.opportunity_id: m for m in matcher.match("robotics and music", top=50)}
    chosen = list(ranked)[:2]
    explained = matcher.explain([*chosen, "NOT-IN-CATALOG"], "robotics and music")
    assert list(explained) == chosen
    assert [explained[o] for o in chosen] == [ranked[o] for o in chosen]
