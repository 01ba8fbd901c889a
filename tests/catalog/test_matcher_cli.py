"""`pathways match` and `pathways index build`, run in-process on the tiny district."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from catalog import district
from pathways.cli import app

runner = CliRunner()


def load(store, tiny_district) -> None:
    district.import_district(store, tiny_district)
    store.close()


def test_index_build_then_nothing_left_to_do(store, tiny_district):
    load(store, tiny_district)
    first = runner.invoke(app, ["index", "build", "--quiet"])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(
        "search index: 8 embedded, 0 unchanged, 0 removed (bundled:all-MiniLM-L6-v2, "
    )
    again = runner.invoke(app, ["index", "build", "--quiet"])
    assert again.stdout.startswith("search index: 0 embedded, 8 unchanged, 0 removed")


def test_match_json_lists_id_title_kind_score_and_explanation(store, tiny_district):
    load(store, tiny_district)
    result = runner.invoke(app, ["match", "algebra", "--top", "1", "--json"])
    assert result.exit_code == 0, result.output
    [found] = json.loads(result.stdout)
    assert (found["id"], found["title"], found["kind"]) == ("ALG-ONLINE", "Algebra Online", "online_course")
    assert found["explanation"]["matched_phrase"] == "algebra"
    assert found["explanation"]["subjects"] == ["mathematics"]
    assert found["explanation"]["text"] == "Matches “algebra”."
    assert set(found["explanation"]["score_parts"]) == {
        "semantic",
        "lexical",
        "interest",
        "needed",
        "interdisciplinary",
        "penalty",
    }
    assert found["score"] == found["explanation"]["score_parts"]["interest"]


def test_match_for_a_student_names_what_they_still_need(store, tiny_district, cli_as):
    load(store, tiny_district)
    result = runner.invoke(app, ["match", "dna and genes", "--student", "stu-ana", "--top", "2", *cli_as()])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(" 1. Biology [BIO-1, course]")
    assert lines[1] == "    Matches “dna”; earns 1 competency you still need."


def test_match_errors_are_one_clear_line(store, tiny_district, cli_as):
    load(store, tiny_district)
    empty = runner.invoke(app, ["match", "  "])
    assert empty.exit_code == 1
    assert empty.stderr == (
        "error: the interest text is empty; say what you are interested in, e.g. 'animals and drawing'\n"
    )
    nobody = runner.invoke(app, ["match", "art", "--student", "nobody", *cli_as()])
    assert (nobody.exit_code, nobody.stderr) == (1, "error: no student with id 'nobody'\n")
    neither = runner.invoke(app, ["match"])
    assert neither.exit_code == 1
    assert "say what the student is interested in (TEXT), or give --student ID" in neither.stderr
