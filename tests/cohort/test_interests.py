"""A cohort's interest scores: one ranking per distinct pair of interests and career goals."""

from __future__ import annotations

from cohort_world import catalog, student

from cohort.run import interest_scores
from matcher import Matcher, default_model


def test_students_who_wrote_the_same_words_share_one_ranking(monkeypatch):
    matcher = Matcher.from_catalog(catalog(), default_model())
    asked: list[tuple[str, str]] = []
    real = matcher.interest_scores

    def counting(text, student):
        asked.append((student.interests, student.career_goals))
        return real(text, student)

    monkeypatch.setattr(matcher, "interest_scores", counting)
    students = [
        student("ana", interests="biotech labs"),
        student("ben", interests="algebra"),
        student("cy", interests="biotech labs"),
        student("dee", interests="biotech labs", career_goals="nurse"),
        student("eve"),  # no words: planned without scores, never ranked
    ]
    scores, warnings = interest_scores(matcher, students)
    assert asked == [("biotech labs", ""), ("algebra", ""), ("biotech labs", "nurse")]
    assert warnings == []
    assert sorted(scores) == ["ana", "ben", "cy", "dee"]
    assert scores["cy"] == scores["ana"] == real(None, students[0])
    assert scores["ben"] == real(None, students[1])
    assert scores["dee"] == real(None, students[3])
