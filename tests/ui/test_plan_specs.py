"""The plan charts' Vega-Lite specs are written out as dicts (building them with Altair validated them
on every run); here they are checked once against Vega-Lite's schema, with data, and every field they
encode is a column of the data the page passes with them."""

from __future__ import annotations

import re

import altair as alt
import pytest

from ui.charts import progress_legend_html, progress_spec, timeline_spec, week_spec

TIMELINE_ROW = {
    "opportunity": "BIO-1",
    "title": "Biology",
    "kind": "course",
    "term": "Spring 2027",
    "hours a week": 5.0,
    "locked": "no",
}
WEEK_ROW = {
    "day": "Mon",
    "start": 8.0,
    "end": 9.5,
    "time": "08:00-09:30",
    "what": "Biology",
    "kind": "course",
}
PROGRESS_ROW = {"subject": "Science", "state": "planned", "competencies": 2}

SPECS = [
    (timeline_spec(["Spring 2027", "Summer 2027"], ["Biology"]), TIMELINE_ROW),
    (week_spec(["Mon", "Tue", "Wed", "Thu", "Fri"], 8, 10), WEEK_ROW),
    (progress_spec(["Mathematics", "Science"]), PROGRESS_ROW),
]


def encoded_fields(spec: dict) -> set[str]:
    found = set()
    for unit in [spec, *spec.get("layer", [])]:
        for channel in unit.get("encoding", {}).values():
            for definition in channel if isinstance(channel, list) else [channel]:
                if "field" in definition:
                    found.add(definition["field"])
    return found


@pytest.mark.parametrize(("spec", "row"), SPECS, ids=["timeline", "week", "progress"])
def test_each_chart_spec_is_valid_vega_lite_over_its_data(spec, row):
    alt.TopLevelSpec.validate({**spec, "data": {"values": [row]}})
    computed = {t["as"] for t in spec.get("transform", [])}
    assert encoded_fields(spec) <= set(row) | computed


def test_a_click_on_the_timeline_picks_an_item_by_opportunity():
    (param,) = timeline_spec(["Spring 2027"], ["Biology"])["params"]
    assert param == {"name": "item", "select": {"type": "point", "fields": ["opportunity"]}}


def test_the_progress_chart_tells_its_states_apart_without_colour():
    """Each state has its own fill and outline besides its colour, its key draws them so, and each
    part of a bar has its count written on it."""
    bars, counts = progress_spec(["Science"])["layer"]
    encoding = bars["encoding"]
    assert encoding["fillOpacity"]["scale"]["range"] == [1.0, 0.45, 0.06]
    assert encoding["strokeDash"]["scale"]["range"] == [[1, 0], [1, 0], [4, 3]]
    assert counts["encoding"]["text"] == {"field": "competencies", "type": "quantitative"}
    swatches = re.findall(
        r"border:1.5px (\w+) (#\w+);background:color-mix\(in srgb, #\w+ (\d+)%, transparent\)\"></span>(\w+)",
        progress_legend_html(),
    )
    assert swatches == [
        ("solid", "#1b7837", "100", "demonstrated"),
        ("solid", "#4575b4", "45", "planned"),
        ("dashed", "#d73027", "6", "missing"),
    ]
