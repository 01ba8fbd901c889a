"""The plan charts' Vega-Lite specs are written out as dicts (building them with Altair validated them
on every run); here they are checked once against Vega-Lite's schema, with data, and every field they
encode is a column of the data the page passes with them."""

from __future__ import annotations

import altair as alt
import pytest

from ui.charts import progress_spec, timeline_spec, week_spec

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
    for unit in spec.get("layer", [spec]):
        for channel in unit["encoding"].values():
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
