"""Plan widgets every page shares: the timeline by term, the weekly schedule of a term, progress by
subject, the on-track indicator and an item's details.

Every chart has a text alternative: the same data as a table right under it (``st.table``, a plain
HTML table that screen readers and keyboard users can read), and an ``alt`` text for screen readers. Colours come from one fixed scale per kind (Tableau 10, readable on white) and never
carry meaning alone: the tables and tooltips say the same in words.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from catalog import browse
from catalog.subjects import subject_label
from core.i18n import N_, _
from core.schema import Catalog, Student, Weekday, format_clock
from planner.domain import PlanItem, PlanResult, has_plan
from present.exports import running_items
from present.family import meeting_text
from present.localized import subject_name
from present.plan_words import pathway_lines, plan_summary
from present.progress import OnTrack, TrackStatus, on_track, progress_by_subject
from ui.charts import (
    WEEK_COLORS,
    WORK_WEEK,
    legend_html,
    progress_legend_html,
    progress_spec,
    timeline_spec,
    week_spec,
)
from ui.glossary import glossary_hint
from ui.safe_text import md, md_escape, table

TRACK_WORDS = {
    OnTrack.AHEAD: (N_("Ahead"), st.success),
    OnTrack.ON_PACE: (N_("On pace"), st.success),
    OnTrack.BEHIND: (N_("Behind"), st.warning),
    OnTrack.NO_PLAN: (N_("No plan yet"), st.info),
}


def kind_words(item: PlanItem) -> str:
    return item.kind.value.replace("_", " ")


# --- on track ---------------------------------------------------------------------------------


def track_indicator(track: TrackStatus) -> None:
    """The on-track status as a word (not only a colour) and a sentence."""
    word, box = TRACK_WORDS[track.status]
    # Without a plan the status word says it all ("No plan yet"; in Spanish the sentence was the same words).
    message = "" if track.status is OnTrack.NO_PLAN else track.message
    box(md("**{}** · {}. {}", _(word), _("target {term}").format(term=track.target_name), message).strip())


# --- timeline -----------------------------------------------------------------------------------


def timeline_rows(plan: PlanResult) -> list[dict[str, object]]:
    """One row per item and term it occupies (the chart's data)."""
    order = [t.term for t in plan.terms]
    names = {t.term: t.name for t in plan.terms}
    rows = []
    for item in plan.items():
        start, end = order.index(item.start_term), order.index(item.end_term)
        for index in range(start, end + 1):
            rows.append(
                {
                    "opportunity": item.opportunity,
                    "title": item.title,
                    "kind": kind_words(item),
                    "term": names[order[index]],
                    "hours a week": item.weekly_hours,
                    "locked": "yes" if item.locked else "no",
                }
            )
    return rows


def timeline_table(plan: PlanResult) -> pd.DataFrame:
    names = {t.term: t.name for t in plan.terms}
    return pd.DataFrame(
        [
            {
                "title": item.title,
                "kind": kind_words(item),
                "starts": names.get(item.start_term, item.start_term),
                "ends": names.get(item.end_term, item.end_term),
                "hours a week": f"{item.weekly_hours:g}",
                "meets": meeting_text(item.meetings),
                "earns for graduation": len(item.needed),
                "locked": "yes" if item.locked else "no",
            }
            for item in plan.items()
        ],
        columns=[
            "title",
            "kind",
            "starts",
            "ends",
            "hours a week",
            "meets",
            "earns for graduation",
            "locked",
        ],
    )


def timeline(plan: PlanResult, key: str) -> str | None:
    """The timeline chart (click an item to pick it) and its table. Returns the picked item, if any."""
    rows = timeline_rows(plan)
    if not rows:
        st.info("Nothing to plan: every competency the diploma asks for is already demonstrated.")
        return None
    terms = [t.name for t in plan.terms]
    titles = list(dict.fromkeys(str(r["title"]) for r in rows))
    event = st.vega_lite_chart(
        pd.DataFrame(rows),
        timeline_spec(terms, titles),
        key=f"{key}-timeline",
        on_select="rerun",
        selection_mode="item",
        alt=f"Timeline of {len(titles)} planned items over {len(terms)} terms, coloured by kind.",
    )
    st.html(legend_html(list(dict.fromkeys(str(r["kind"]) for r in rows))))
    st.caption("The same timeline as a table:")
    table(timeline_table(plan), hide_index=True)
    picked = event.selection.get("item") if event is not None else None
    return str(picked[0]["opportunity"]) if picked else None


# --- the week -------------------------------------------------------------------------------------


def week_rows(plan: PlanResult, student: Student, term_id: str) -> list[dict[str, object]]:
    """Each weekly meeting of the items running in a term, and the student's busy times."""
    rows: list[dict[str, object]] = []
    for item in running_items(plan, term_id):
        for block in item.meetings:
            rows.append(
                {
                    "day": str(block.day),
                    "start": block.start / 60,
                    "end": block.end / 60,
                    "time": f"{format_clock(block.start)}-{format_clock(block.end)}",
                    "what": item.title,
                    "kind": kind_words(item),
                }
            )
    for block in student.unavailable:
        rows.append(
            {
                "day": str(block.day),
                "start": block.start / 60,
                "end": block.end / 60,
                "time": f"{format_clock(block.start)}-{format_clock(block.end)}",
                "what": f"busy ({block.label})" if block.label else "busy",
                "kind": "busy",
            }
        )
    return rows


def week_grid(rows: list[dict[str, object]]) -> pd.DataFrame:
    """The week as a calendar grid of text: one row per hour, one column per day."""
    meetings = [r for r in rows if r["kind"] != "busy"] or rows
    if not meetings:
        return pd.DataFrame()
    used = {str(r["day"]) for r in rows}
    days = [str(d) for d in Weekday if d in WORK_WEEK or str(d) in used]
    first = math.floor(min(float(str(r["start"])) for r in meetings))
    last = math.ceil(max(float(str(r["end"])) for r in meetings))
    grid = []
    for hour in range(first, last):
        line = {"time": f"{hour:02d}:00"}
        for day in days:
            here = [
                str(r["what"])
                for r in rows
                if r["day"] == day and float(str(r["start"])) < hour + 1 and float(str(r["end"])) > hour
            ]
            line[day] = "; ".join(here)
        grid.append(line)
    return pd.DataFrame(grid, columns=["time", *days])


def week_view(plan: PlanResult, student: Student, key: str) -> None:
    """Pick a term; see its weekly meetings as a calendar chart and as a grid of text."""
    terms = [t for t in plan.terms if running_items(plan, t.term)]
    if not terms:
        st.info("No term of this plan has anything in it.")
        return
    names = {t.term: t.name for t in terms}
    term_id = st.selectbox(
        "Term to show", list(names), format_func=lambda t: names[t], key=f"{key}-week-term"
    )
    chosen = next(t for t in terms if t.term == term_id)
    rows = week_rows(plan, student, chosen.term)
    self_paced = [i for i in running_items(plan, chosen.term) if not i.meetings]
    if any(r["kind"] != "busy" for r in rows):
        days = [str(d) for d in Weekday if d in WORK_WEEK or any(r["day"] == str(d) for r in rows)]
        frame = pd.DataFrame(rows)
        first = math.floor(frame["start"].min())
        last = math.ceil(frame["end"].max())
        st.vega_lite_chart(
            frame,
            week_spec(days, first, last),
            key=f"{key}-week-chart",
            alt=f"Weekly schedule for {chosen.name}: {len(rows)} meetings and busy times by day and hour.",
        )
        st.html(legend_html(list(dict.fromkeys(str(r["kind"]) for r in rows)), WEEK_COLORS))
    st.caption(md("{}, the same week as a grid:", chosen.name))
    table(week_grid(rows), hide_index=True)
    if self_paced:
        st.markdown(
            "**No fixed times (self-paced):** "
            + "; ".join(md("{} (about {:g} h a week)", i.title, i.weekly_hours) for i in self_paced)
        )


# --- progress ----------------------------------------------------------------------------------


def progress_view(student: Student, catalog: Catalog, plan: PlanResult | None, key: str) -> None:
    """Per subject: competencies demonstrated, planned and still missing; a stacked bar and a table."""
    progress = progress_by_subject(student, catalog, plan)
    states = (_("demonstrated"), _("planned"), _("missing"))
    rows = [
        {"subject": p.label, "state": state, "competencies": count}
        for p in progress
        for state, count in zip(states, (p.demonstrated, p.planned, p.missing), strict=True)
        if count
    ]
    if rows:
        st.vega_lite_chart(
            pd.DataFrame(rows),
            progress_spec([p.label for p in progress], states, _("Competencies the diploma asks for")),
            key=f"{key}-progress-chart",
            alt=_("Competencies per subject: demonstrated, planned and still missing."),
        )
        st.html(progress_legend_html(states))
    columns = [_("subject"), *states]
    table(
        pd.DataFrame(
            [
                dict(zip(columns, (p.label, p.demonstrated, p.planned, p.missing), strict=True))
                for p in progress
            ],
            columns=columns,
        ),
        hide_index=True,
        width="stretch",
    )


# --- one item -----------------------------------------------------------------------------------


def item_details(item: PlanItem, plan: PlanResult, catalog: Catalog) -> None:
    """What it is, when it meets, what it earns and why it is in the plan."""
    opportunity = catalog.opportunity_map().get(item.opportunity)
    comps = catalog.competency_map()
    names = {t.term: t.name for t in plan.terms}
    st.subheader(md_escape(item.title))
    where = ", ".join(p for p in ((opportunity.provider, opportunity.location) if opportunity else ()) if p)
    st.caption(
        md_escape(
            f"{kind_words(item)} · {item.mode.value.replace('_', ' ')}" + (f" · {where}" if where else "")
        )
    )
    if opportunity is not None and opportunity.description:
        st.markdown(md_escape(opportunity.description))
    span = names.get(item.start_term, item.start_term)
    if item.end_term != item.start_term:
        span += f" to {names.get(item.end_term, item.end_term)}"
    st.markdown(
        md("**When:** {}, about {:g} hours a week  \n", span, item.weekly_hours)
        + md("**Meets:** {}", meeting_text(item.meetings))
        + (
            md("  \n**Schedule in the catalog:** {}", browse.schedule_text(opportunity))
            if opportunity
            else ""
        )
    )
    st.markdown("**What it earns**")
    # Plain statements first; the standards' codes only for those who ask (a toggle).
    codes = st.toggle("Show the standards' codes", key=f"{item.opportunity}-codes")
    columns = [*(["code"] if codes else []), "what you learn", "subject", "counts for graduation"]
    table(
        pd.DataFrame(
            [
                {
                    "code": comps[c].label if c in comps else c,
                    "what you learn": comps[c].statement if c in comps else "",
                    "subject": subject_name(comps[c].subject, subject_label(comps[c].subject))
                    if c in comps
                    else "",
                    "counts for graduation": "yes" if c in item.needed else "no",
                }
                for c in item.competencies
            ],
            columns=columns,
        ),
        hide_index=True,
        width="stretch",
    )
    st.markdown(md("**Why it is there:** {}", item.why or "No reason recorded."))


def pick_item(plan: PlanResult, chart_pick: str | None, key: str) -> PlanItem | None:
    """A labelled chooser for an item (keyboard users' way to what a chart click picks)."""
    items = plan.items()
    if not items:
        return None
    ids = [i.opportunity for i in items]
    select_key, last_key = f"{key}-item", f"{key}-item-chart-pick"
    if chart_pick in ids and st.session_state.get(last_key) != chart_pick:
        st.session_state[select_key] = chart_pick
    st.session_state[last_key] = chart_pick
    if st.session_state.get(select_key) not in ids:
        st.session_state[select_key] = ids[0]
    titles = {i.opportunity: i.title for i in items}
    chosen = st.selectbox("Show details for", ids, format_func=lambda o: titles[o], key=select_key)
    return plan.item(chosen)


# --- everything together ---------------------------------------------------------------------------


PLAN_TABS = ["Timeline", "Week", "Progress"]


def plan_view(
    plan: PlanResult | None, student: Student, catalog: Catalog, key: str, *, lazy: bool = False
) -> None:
    """On-track indicator, then tabs: timeline (with item details), week, progress by subject.

    ``lazy``: build only the tab that is shown (switching tabs reruns), so a page that redraws the plan
    on every edit neither builds nor sends the other two tabs' charts and tables. Otherwise every tab is
    built on each run (the browser switches tabs without a rerun)."""
    track_indicator(on_track(student, catalog, plan))
    if has_plan(plan):
        st.markdown(md_escape(plan_summary(student, catalog, plan)))
        if plan.pathway is not None:
            st.markdown("  \n".join(md_escape(line) for line in pathway_lines(plan.pathway, catalog)))
    glossary_hint()
    if plan is None:
        progress_view(student, catalog, None, key)
        return
    if not has_plan(plan):
        st.error(md_escape(plan.message or f"No plan: {plan.status.value}."))
        progress_view(student, catalog, plan, key)
        return
    if lazy:
        # A widget that is not drawn in a run loses its state: keep the week's term while another tab
        # is shown.
        week_term = f"{key}-week-term"
        if week_term in st.session_state:
            st.session_state[week_term] = st.session_state[week_term]
    tab_timeline, tab_week, tab_progress = st.tabs(
        PLAN_TABS, key=f"{key}-plan-tab" if lazy else None, on_change="rerun" if lazy else "ignore"
    )
    # ``open`` is None when the tabs do not track which one is shown (not lazy): then all are built.
    if tab_timeline.open is not False:
        with tab_timeline:
            chart_pick = timeline(plan, key)
            item = pick_item(plan, chart_pick, key)
            if item is not None:
                item_details(item, plan, catalog)
    if tab_week.open is not False:
        with tab_week:
            week_view(plan, student, key)
    if tab_progress.open is not False:
        with tab_progress:
            progress_view(student, catalog, plan, key)
