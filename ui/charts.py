"""The plan's charts as Vega-Lite specs, written out (building them with Altair validated them against
the schema on every run, a third of a second per plan): the timeline, the weekly schedule and progress
by subject. One fixed colour scale per kind (Tableau 10, readable on white); colour never carries
meaning alone: the tables and tooltips under each chart say the same in words.
"""

from __future__ import annotations

import html
import json

from core.schema import OpportunityKind, Weekday

TABLEAU10 = [
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
]
"""Tableau 10, the colour scheme: ten hues that stay distinct for most colour-vision deficiencies."""

KINDS = [k.value.replace("_", " ") for k in OpportunityKind]
KIND_COLORS = {"domain": KINDS, "range": TABLEAU10}
"""One colour per kind of opportunity (ten kinds, ten colours), the same on every chart (a Vega-Lite
scale)."""

BUSY_COLOR = "#bdbdbd"
"""The student's busy times on the weekly schedule: a neutral grey."""

PROGRESS_COLORS = {
    "domain": ["demonstrated", "planned", "missing"],
    "range": ["#1b7837", "#4575b4", "#d73027"],
}
"""Green, blue, red: distinct for the common colour-vision deficiencies, and named in the table too."""

VIEW_CONFIG = {"view": {"continuousWidth": 300, "continuousHeight": 300}}
"""The charts' default view size (Altair's defaults, which the charts were first drawn with)."""

ROW_PX = 26
"""Height of one item's row in the timeline chart, in pixels."""

HOUR_PX = 34
"""Height of one hour in the weekly schedule chart, in pixels."""

WORK_WEEK = [Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI]


def fields(*names: str) -> list[dict[str, str]]:
    """Encoding fields in Altair's shorthand: "title:N" -> {"field": "title", "type": "nominal"}."""
    types = {"N": "nominal", "O": "ordinal", "Q": "quantitative"}
    return [{"field": n.rpartition(":")[0], "type": types[n.rpartition(":")[2]]} for n in names]


LABEL_SHARE = 0.3
"""Share of the chart's width the item titles may take beside the timeline (longer ones end in "...";
the tooltip and the table under the chart give them whole), so the bars keep most of the width."""

TERM_LABEL_MIN_PX = 46
"""A term's column narrower than this writes its name short ("Spr" over "'27"): whole, "Summer" needs
about 42 px."""
TERM_LABELS = {
    "labelAngle": 0,
    "labelExpr": (
        f"bandwidth('x') < {TERM_LABEL_MIN_PX}"
        " ? [split(datum.label, ' ')[0] == 'Fall' ? 'Fall' : slice(split(datum.label, ' ')[0], 0, 3),"
        " \"'\" + slice(split(datum.label, ' ')[1], 2)]"
        " : split(datum.label, ' ')"
    ),
    "labelOverlap": "greedy",
}
"""Term names on two lines ("Spring" over "2027"), and short in narrow columns, so that seven terms fit
a phone's width or a laptop's plan column (whole, only four of seven fitted at 390 and 1024 px; the
tooltip and the table give them whole)."""


def legend_html(kinds: list[str], colors: dict[str, list[str]] = KIND_COLORS) -> str:
    """The colour key of the timeline and the week as HTML that wraps at any width (a chart's own
    legend takes width from the plot or falls outside a narrow frame). Kinds are the product's own
    words, never catalog text."""
    scale = dict(zip(colors["domain"], colors["range"], strict=True))
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:1em;white-space:nowrap">'
        f'<span style="display:inline-block;width:0.8em;height:0.8em;margin-right:0.35em;'
        f'background:{scale[k]}"></span>{k}</span>'
        for k in kinds
        if k in scale
    )
    return f'<div style="font-size:0.85rem;line-height:1.8" aria-hidden="true">{swatches}</div>'


def timeline_spec(terms: list[str], titles: list[str]) -> dict[str, object]:
    """The timeline's Vega-Lite spec (written out: building it with Altair validated it against the
    schema on every run, a third of a second per plan): one bar per item and term, coloured by kind,
    a click picks the item (the selection parameter "item"). It fills its container's width at any
    size (the titles take at most ``LABEL_SHARE`` of it; the colour key is ``legend_html``, under it)."""
    return {
        "config": VIEW_CONFIG,
        "mark": {"type": "rect", "cornerRadius": 3, "stroke": "white", "strokeWidth": 2},
        "encoding": {
            "x": {
                "field": "term",
                "type": "ordinal",
                "sort": terms,
                "scale": {"domain": terms},
                "title": None,
                "axis": {**TERM_LABELS, "orient": "top"},
            },
            "y": {
                "field": "title",
                "type": "nominal",
                "sort": titles,
                "title": None,
                "axis": {"labelLimit": {"expr": f"max(90, containerSize()[0] * {LABEL_SHARE})"}},
            },
            "color": {
                "field": "kind",
                "type": "nominal",
                "scale": KIND_COLORS,
                "legend": None,
            },
            "opacity": {"condition": {"param": "item", "value": 1.0}, "value": 0.45},
            "tooltip": fields("title:N", "kind:N", "term:N", "hours a week:Q", "locked:N"),
        },
        "params": [{"name": "item", "select": {"type": "point", "fields": ["opportunity"]}}],
        "height": {"step": ROW_PX},
        "width": "container",
    }


WEEK_COLORS = {"domain": [*KINDS, "busy"], "range": [*TABLEAU10, BUSY_COLOR]}
"""The weekly schedule's colours: the kinds' and grey for busy times."""


def week_spec(days: list[str], first: int, last: int) -> dict[str, object]:
    """The weekly schedule's Vega-Lite spec: a bar per meeting or busy time from its start to its end
    hour, by day, with its title written at its top in black on a light tint of the kind's colour,
    cut to the day's width (whole in the tooltip and the grid under the chart), so no two titles
    overlap and none is written on a dark colour."""
    position = {
        "x": {
            "field": "day",
            "type": "ordinal",
            "sort": days,
            "scale": {"domain": days},
            "title": None,
            "axis": {"orient": "top", "labelAngle": 0},
        },
        "y": {
            "field": "start",
            "type": "quantitative",
            "scale": {"domain": [last, first]},
            "title": "Hour of the day",
        },
        "y2": {"field": "end"},
        "tooltip": fields("day:N", "time:N", "what:N", "kind:N"),
    }
    return {
        "config": VIEW_CONFIG,
        "layer": [
            {
                "mark": {"type": "bar", "fillOpacity": 0.3, "strokeWidth": 2, "cornerRadius": 2},
                "encoding": {
                    **position,
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": WEEK_COLORS,
                        "legend": None,
                    },
                },
            },
            {
                "mark": {
                    "type": "text",
                    "align": "center",
                    "baseline": "top",
                    "color": "black",
                    "dy": 4,
                    "fontSize": 11,
                    "limit": {"expr": "bandwidth('x') - 6"},
                },
                "encoding": {**position, "text": {"field": "what", "type": "nominal"}},
            },
        ],
        "height": HOUR_PX * (last - first),
    }


PROGRESS_STATES = ("demonstrated", "planned", "missing")
"""The progress chart's three states in English; a page passes them in the reader's language."""
PROGRESS_FILLS: list[float] = [1.0, 0.45, 0.06]
PROGRESS_DASHES: list[list[int]] = [[1, 0], [1, 0], [4, 3]]
"""Besides its colour, each state has its own fill: demonstrated solid, planned light, missing an empty
dashed outline (the key under the chart shows the three), so the chart reads without colour vision."""


def progress_legend_html(states: tuple[str, ...] = PROGRESS_STATES) -> str:
    """The progress chart's key as HTML that wraps at any width (Vega's legend ran off a phone's
    screen, and drew the light fill as a solid one): each state's swatch drawn as its bars are."""
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:1em;white-space:nowrap">'
        f'<span style="display:inline-block;width:0.9em;height:0.9em;margin-right:0.35em;box-sizing:border-box;'
        f"border:1.5px {'dashed' if dash[0] != 1 else 'solid'} {color};"
        f'background:color-mix(in srgb, {color} {fill * 100:g}%, transparent)"></span>{html.escape(state)}</span>'
        for state, color, fill, dash in zip(
            states,
            PROGRESS_COLORS["range"],
            PROGRESS_FILLS,
            PROGRESS_DASHES,
            strict=True,
        )
    )
    return f'<div style="font-size:0.85rem;line-height:1.8" aria-hidden="true">{swatches}</div>'


def progress_spec(
    subjects: list[str],
    states: tuple[str, ...] = PROGRESS_STATES,
    title: str = "Competencies the diploma asks for",
) -> dict[str, object]:
    """The progress chart's Vega-Lite spec: per subject, a bar stacked demonstrated, planned, missing
    (``states``: those three words in the reader's language, ``title``: the axis title), each part with
    its own fill (``PROGRESS_FILLS``, ``PROGRESS_DASHES``) and its count written at its end (white on
    the dark green, black elsewhere); the key is ``progress_legend_html``, under it."""
    state = {"field": "state", "type": "nominal", "legend": None}
    domain = list(states)
    colors = {"domain": domain, "range": PROGRESS_COLORS["range"]}
    return {
        "config": VIEW_CONFIG,
        "encoding": {
            "y": {"field": "subject", "type": "nominal", "sort": subjects, "title": None},
            "x": {
                "field": "competencies",
                "type": "quantitative",
                "stack": "zero",
                "title": title,
            },
            "order": {"field": "order", "type": "quantitative"},
            "tooltip": fields("subject:N", "state:N", "competencies:Q"),
        },
        "layer": [
            {
                "mark": {"type": "bar", "strokeWidth": 1.5},
                "encoding": {
                    "color": {**state, "scale": colors},
                    "stroke": {**state, "scale": colors},
                    "fillOpacity": {**state, "scale": {"domain": domain, "range": PROGRESS_FILLS}},
                    "strokeDash": {**state, "scale": {"domain": domain, "range": PROGRESS_DASHES}},
                },
            },
            {
                "mark": {"type": "text", "align": "right", "dx": -4, "fontSize": 11},
                "encoding": {
                    "text": {"field": "competencies", "type": "quantitative"},
                    "color": {
                        "condition": {"test": f"datum.state === {json.dumps(domain[0])}", "value": "white"},
                        "value": "black",
                    },
                },
            },
        ],
        "transform": [{"calculate": f"indexof({json.dumps(domain)}, datum.state)", "as": "order"}],
        "height": {"step": ROW_PX},  # a row per subject, whatever the legend under it takes
    }
