"""The advisor's live edits: lock, exclude, swap, pace, target term, hours, busy times, the pathway
to follow and a lighter or fuller program. Each control
keeps its key across re-plans and re-plans in its callback (``apply_edit``), before the plan area runs,
so one run of the fragment draws the new plan and says what changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from core.schema import Catalog, Pace, TimeBlock, Weekday, format_clock
from planner.domain import Fullness, PlanItem, has_plan
from planner.edits import NO_PATHWAY
from records.accounts import User
from ui.refused_edit import replan_or_refuse
from ui.resources import interest_fit, interest_scores, load_catalog
from ui.safe_text import md, table
from ui.swap import Alternative, swap_alternatives
from ui.workspace import (
    Workspace,
    load_workspace,
    with_edits,
    with_profile,
)

# The busy-time inputs start at a typical after-school job.
DEFAULT_BUSY_START = dt.time(15, 0)
DEFAULT_BUSY_END = dt.time(18, 0)


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


# An edited workspace and a note saying what changed, or None when nothing changed.
Edit = tuple[Workspace, str] | None

# What a control's callback computes from the workspace, the catalog and the control's value.
EditRule = Callable[[Workspace, Catalog], Edit]


def _key(ws: Workspace, name: str) -> str:
    """A control's key. It stays the same across re-plans, so the browser updates the control in place
    instead of re-creating it; ``sync_controls`` gives it the new plan's value."""
    return f"{ws.student_id}-{name}"


def _synced_key(student_id: str) -> str:
    return f"{student_id}-controls-revision"


def sync_controls(ws: Workspace, catalog: Catalog) -> None:
    """Set every edit control to the workspace's values, once per revision of the workspace (a re-plan,
    a restore or a reload makes a new one). Runs before the controls are drawn; the controls then take
    their values from the session state only (no default), as Streamlit asks."""
    marker = _synced_key(ws.student_id)
    if st.session_state.get(marker) == ws.revision:
        return
    ids = list(term_names(catalog))
    target = ws.student.target_graduation_term
    values: dict[str, Any] = {
        "locks": sorted(ws.locked()),
        "exclude": None,
        "excluded": list(ws.edits.exclusions),
        "swap-out": None,
        "pace": ws.student.pace,
        "target": target if target in ids else (ids[0] if ids else None),
        "hours": float(ws.student.max_hours_per_week),
        "busy": busy_labels(ws),
        "pathway": ws.edits.pathway or BEST_FIT,
        "fullness": ws.edits.fullness,
    }
    for name, value in values.items():
        st.session_state[_key(ws, name)] = value
    st.session_state.pop(_key(ws, "swap-in"), None)  # its choices depend on the item swapped out
    st.session_state[marker] = ws.revision


def _form_key(ws: Workspace, name: str) -> str:
    """The busy-time form's keys stay the same across re-plans: its inputs start from fixed values,
    not from the plan, and keeping them spares the browser re-creating the form on every edit."""
    return f"{ws.student_id}-{name}"


def _value(ws: Workspace, name: str) -> Any:
    """What the advisor set a control to (read in its callback)."""
    return st.session_state.get(_key(ws, name))


def replanned_key(student_id: str) -> str:
    return f"{student_id}-replanned"


def busy_error_key(student_id: str) -> str:
    return f"{student_id}-busy-error"


def apply_edit(user: User, student_id: str, rule: EditRule) -> None:
    """A control's callback. Callbacks run before the script, so the one run of the plan area that
    follows draws every control from the already re-planned workspace (``sync_controls``)."""
    catalog = load_catalog()
    changed = rule(load_workspace(user, student_id), catalog)
    if changed is not None:
        edited, note = changed
        if replan_or_refuse(edited, catalog, note):
            st.session_state[replanned_key(student_id)] = True
        else:  # not applied: the controls go back to the plan's values
            st.session_state.pop(_synced_key(student_id), None)


def _on_change(user: User, ws: Workspace, rule: EditRule) -> dict[str, Any]:
    """The callback arguments of a control whose change re-plans."""
    return {"on_change": apply_edit, "args": (user, ws.student_id, rule)}


def _on_click(user: User, ws: Workspace, rule: EditRule) -> dict[str, Any]:
    return {"on_click": apply_edit, "args": (user, ws.student_id, rule)}


def plan_items(ws: Workspace) -> list[PlanItem]:
    return ws.plan.items() if has_plan(ws.plan) else []


def titles_of(catalog: Catalog) -> dict[str, str]:
    return {o.id: o.title for o in catalog.opportunities}


EDIT_TABS = ["Lock and exclude", "Swap", "Pace and target", "Busy times", "Pathway and load"]


def edit_controls(user: User, ws: Workspace, catalog: Catalog) -> None:
    """Every edit control, in tabs; a change re-plans in the control's callback."""
    sync_controls(ws, catalog)
    items = plan_items(ws)
    titles = titles_of(catalog)
    # Keyed and tracked, so the tab in use stays open across re-plans (untracked, it went back to the
    # first tab after each pick, and the swap alternatives with it).
    tabs = st.tabs(EDIT_TABS, key=_key(ws, "edit-tab"), on_change="rerun")
    with tabs[0]:
        lock_controls(user, ws, items, titles)
        exclude_controls(user, ws, items, titles)
    with tabs[1]:
        swap_controls(user, ws, items, catalog)
    with tabs[2]:
        profile_controls(user, ws, catalog)
    with tabs[3]:
        busy_controls(user, ws)
    with tabs[4]:
        pathway_controls(user, ws)


def lock_edit(ws: Workspace, catalog: Catalog) -> Edit:
    locked = _value(ws, "locks") or []
    titles = titles_of(catalog)
    for item in plan_items(ws):
        if item.opportunity in locked and item.opportunity not in ws.locked():
            return with_edits(
                ws, ws.edits.with_lock(item.opportunity, item.start_term)
            ), f"Locked {item.title}."
    for opportunity in sorted(ws.locked() - set(locked)):
        return with_edits(
            ws, ws.edits.without_lock(opportunity)
        ), f"Unlocked {titles.get(opportunity, opportunity)}."
    return None


def lock_controls(user: User, ws: Workspace, items: list[PlanItem], titles: dict[str, str]) -> None:
    options = list(dict.fromkeys([i.opportunity for i in items] + sorted(ws.locked())))
    st.multiselect(
        "Locked items (kept in their term when re-planning)",
        options,
        format_func=lambda o: titles.get(o, o),
        key=_key(ws, "locks"),
        **_on_change(user, ws, lock_edit),
    )


def exclude_edit(ws: Workspace, catalog: Catalog) -> Edit:
    drop = _value(ws, "exclude")
    if drop is None:
        return None
    return with_edits(ws, ws.edits.with_exclusion(drop)), f"Excluded {titles_of(catalog).get(drop, drop)}."


def allow_edit(ws: Workspace, catalog: Catalog) -> Edit:
    back = _value(ws, "excluded") or []
    titles = titles_of(catalog)
    for opportunity in [o for o in ws.edits.exclusions if o not in back]:
        return with_edits(
            ws, ws.edits.without_exclusion(opportunity)
        ), f"Allowed {titles.get(opportunity, opportunity)} again."
    return None


def exclude_controls(user: User, ws: Workspace, items: list[PlanItem], titles: dict[str, str]) -> None:
    drop = st.selectbox(
        "Item to exclude",
        [i.opportunity for i in items],
        format_func=lambda o: titles.get(o, o),
        index=None,
        placeholder="Choose an item",
        key=_key(ws, "exclude"),
    )
    st.button(
        "Exclude and re-plan",
        key=_key(ws, "exclude-go"),
        disabled=drop is None,
        **_on_click(user, ws, exclude_edit),
    )
    st.multiselect(
        "Excluded items (remove one to allow it again)",
        ws.edits.exclusions,
        format_func=lambda o: titles.get(o, o),
        key=_key(ws, "excluded"),
        **_on_change(user, ws, allow_edit),
    )


def alternatives(ws: Workspace, out: PlanItem, catalog: Catalog) -> dict[str, Alternative]:
    """What could replace ``out``, ranked by the matcher for the student, by opportunity id."""
    assert ws.plan is not None
    scores = interest_scores(ws.saved_student)
    found = swap_alternatives(out, ws.plan, catalog, ws.saved_student, scores, ws.edits.exclusions)
    return {a.opportunity: a for a in found}


def swap_edit(ws: Workspace, catalog: Catalog) -> Edit:
    out = next((i for i in plan_items(ws) if i.opportunity == _value(ws, "swap-out")), None)
    into = _value(ws, "swap-in")
    if out is None or into is None:
        return None
    return with_edits(
        ws, ws.edits.with_swap(out.opportunity, into)
    ), f"Swapped {out.title} for {titles_of(catalog).get(into, into)}."


def swap_controls(user: User, ws: Workspace, items: list[PlanItem], catalog: Catalog) -> None:
    """Pick an item; the matcher ranks what could replace it; swap one in."""
    by_id = {i.opportunity: i for i in items}
    picked = st.selectbox(
        "Item to swap out",
        list(by_id),
        format_func=lambda o: by_id[o].title,
        index=None,
        placeholder="Choose an item",
        key=_key(ws, "swap-out"),
    )
    if picked is None or ws.plan is None:
        return
    out = by_id[picked]
    ranked = alternatives(ws, out, catalog)
    if not ranked:
        st.info(md("No other opportunity earns what {} earns for this plan.", out.title))
        return
    st.caption("Alternatives, best first (most of its competencies covered, then fit to the student):")
    table(
        pd.DataFrame([a.model_dump() for a in ranked.values()]).rename(columns={"of": "needed"}),
        hide_index=True,
    )
    st.selectbox(
        "Swap in",
        list(ranked),
        format_func=lambda o: (
            f"{ranked[o].title} ({ranked[o].kind}, covers {ranked[o].covers} of {ranked[o].of})"
        ),
        key=_key(ws, "swap-in"),
    )
    st.button("Swap and re-plan", key=_key(ws, "swap-go"), **_on_click(user, ws, swap_edit))


def term_names(catalog: Catalog) -> dict[str, str]:
    return {t.id: t.name for t in (catalog.calendar.plannable() if catalog.calendar else [])}


def pace_edit(ws: Workspace, catalog: Catalog) -> Edit:
    pace = _value(ws, "pace")
    if pace is None or pace == ws.student.pace:
        return None
    return with_profile(ws, pace=pace), f"Pace set to {pace.value}."


def target_edit(ws: Workspace, catalog: Catalog) -> Edit:
    target = _value(ws, "target")
    if target is None or target == ws.student.target_graduation_term:
        return None
    return with_profile(
        ws, target_graduation_term=target
    ), f"Target term set to {term_names(catalog)[target]}."


def hours_edit(ws: Workspace, catalog: Catalog) -> Edit:
    hours = _value(ws, "hours")
    if hours is None or hours == ws.student.max_hours_per_week:
        return None
    return with_profile(ws, max_hours_per_week=hours), f"At most {hours:g} hours a week."


def profile_controls(user: User, ws: Workspace, catalog: Catalog) -> None:
    paces = list(Pace)
    st.selectbox(
        "Pace",
        paces,
        key=_key(ws, "pace"),
        **_on_change(user, ws, pace_edit),
    )
    names = term_names(catalog)
    ids = list(names)
    st.selectbox(
        "Target graduation term",
        ids,
        format_func=lambda t: names[t],
        key=_key(ws, "target"),
        **_on_change(user, ws, target_edit),
    )
    st.number_input(
        "Most hours a week",
        min_value=1.0,
        max_value=80.0,
        step=1.0,
        key=_key(ws, "hours"),
        **_on_change(user, ws, hours_edit),
    )


def busy_labels(ws: Workspace) -> list[str]:
    return [f"{b}" + (f" ({b.label})" if b.label else "") for b in ws.student.unavailable]


def free_busy_edit(ws: Workspace, catalog: Catalog) -> Edit:
    blocks, labels = ws.student.unavailable, busy_labels(ws)
    kept = _value(ws, "busy")
    if kept is None or len(kept) >= len(labels):
        return None
    remaining = [b for b, label in zip(blocks, labels, strict=True) if label in kept]
    return with_profile(ws, unavailable=remaining), "Freed a busy time."


def add_busy_edit(ws: Workspace, catalog: Catalog) -> Edit:
    day, start, end = (st.session_state.get(_form_key(ws, n)) for n in ("busy-day", "busy-from", "busy-to"))
    label = st.session_state.get(_form_key(ws, "busy-what")) or ""
    if day is None or start is None or end is None:
        return None
    if _minutes(end) <= _minutes(start):
        st.session_state[busy_error_key(ws.student_id)] = "A busy time must end after it starts."
        return None
    block = TimeBlock(day=day, start=_minutes(start), end=_minutes(end), label=label.strip())
    note = f"Busy {day} {format_clock(block.start)}-{format_clock(block.end)}."
    return with_profile(ws, unavailable=[*ws.student.unavailable, block]), note


def busy_controls(user: User, ws: Workspace) -> None:
    labels = busy_labels(ws)
    st.multiselect(
        "Busy times (remove one to free it)",
        labels,
        key=_key(ws, "busy"),
        **_on_change(user, ws, free_busy_edit),
    )
    with st.form(_form_key(ws, "add-busy"), clear_on_submit=True, border=False):
        c1, c2, c3, c4 = st.columns(4)
        c1.selectbox("Day", list(Weekday), key=_form_key(ws, "busy-day"))
        step = dt.timedelta(minutes=15)
        c2.time_input("From", DEFAULT_BUSY_START, step=step, key=_form_key(ws, "busy-from"))
        c3.time_input("To", DEFAULT_BUSY_END, step=step, key=_form_key(ws, "busy-to"))
        c4.text_input("What (optional)", placeholder="e.g. job", key=_form_key(ws, "busy-what"))
        st.form_submit_button("Add busy time and re-plan", **_on_click(user, ws, add_busy_edit))
    error = st.session_state.pop(busy_error_key(ws.student_id), None)
    if error:
        st.error(error)


BEST_FIT = "(best fit)"
"""The pathway control's value for 'the pathway that fits the student best' (no choice in the edits)."""


def pathway_edit(ws: Workspace, catalog: Catalog) -> Edit:
    choice = _value(ws, "pathway")
    wanted = None if choice in (None, BEST_FIT) else str(choice)
    if wanted == ws.edits.pathway:
        return None
    names = {p.pathway.id: p.pathway.name for p in interest_fit(ws.saved_student).pathways}
    note = (
        "Following the pathway that fits best."
        if wanted is None
        else "Following no pathway."
        if wanted == NO_PATHWAY
        else f"Following the {names.get(wanted, wanted)} pathway."
    )
    return with_edits(ws, ws.edits.model_copy(update={"pathway": wanted})), note


def fullness_edit(ws: Workspace, catalog: Catalog) -> Edit:
    fullness = _value(ws, "fullness")
    if fullness is None or fullness == ws.edits.fullness:
        return None
    return with_edits(ws, ws.edits.model_copy(update={"fullness": fullness})), f"A {fullness.value} program."


def pathway_controls(user: User, ws: Workspace) -> None:
    """The pathway the plan follows (the best fit, another candidate, or none), and the program's load."""
    fit = interest_fit(ws.saved_student)
    best = fit.best()
    following = fit.chosen(ws.edits.pathway)
    st.markdown(md("Following: {}", following.name if following else "no pathway"))
    labels = {BEST_FIT: f"Best fit ({best.name if best else 'none fits'})"}
    for candidate in fit.pathways:
        how = (
            "built from what the student said"
            if candidate.pathway.inferred
            else ("fits" if candidate.fits else "weak fit")
        )
        labels[candidate.pathway.id] = f"{candidate.pathway.name} ({how})"
    chosen = ws.edits.pathway
    if chosen not in (None, NO_PATHWAY, *labels):
        labels[str(chosen)] = f"{chosen} (no longer offered)"
    labels[NO_PATHWAY] = "No pathway"
    st.selectbox(
        "Pathway",
        list(labels),
        format_func=lambda o: labels[o],
        key=_key(ws, "pathway"),
        **_on_change(user, ws, pathway_edit),
    )
    st.radio(
        "Program",
        list(Fullness),
        format_func=lambda f: f.value.capitalize(),
        horizontal=True,
        key=_key(ws, "fullness"),
        **_on_change(user, ws, fullness_edit),
    )
