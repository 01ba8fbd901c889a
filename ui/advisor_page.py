"""Advisor: the caseload with each plan's status; one student's plan with live edits, approval, its
stored versions (view one, restore it) and notes.

Every edit (lock, exclude, swap, pace, busy times, hours, target term) re-plans on the spot inside a
fragment, so only the plan area reruns, and shows what changed against the plan before the edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from core.schema import Catalog, Pace, TimeBlock, Weekday, format_clock
from core.store import StoreBusyError
from planner.domain import PlanItem, has_plan
from present.changes import change_lines
from records.accounts import Role, User
from records.errors import ConflictError, PlanStateError
from ui.caseload import caseload
from ui.gate import page_user
from ui.login import BUSY_MESSAGE, get_records, student_from_query
from ui.plan_views import plan_view
from ui.resources import interest_scores, load_catalog
from ui.safe_text import md, md_escape, table
from ui.swap import Alternative, swap_alternatives
from ui.versions import version_history
from ui.workspace import (
    Workspace,
    approve,
    load_workspace,
    reload_workspace,
    replan_and_keep,
    save,
    with_edits,
    with_profile,
)

# (Page scripts hold no bare strings: Streamlit would show them.) The busy-time inputs start at a
# typical after-school job.
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


def _replanned_key(student_id: str) -> str:
    return f"{student_id}-replanned"


def _busy_error_key(student_id: str) -> str:
    return f"{student_id}-busy-error"


def apply_edit(user: User, student_id: str, rule: EditRule) -> None:
    """A control's callback. Callbacks run before the script, so the one run of the plan area that
    follows draws every control from the already re-planned workspace (``sync_controls``)."""
    catalog = load_catalog()
    changed = rule(load_workspace(user, student_id), catalog)
    if changed is not None:
        edited, note = changed
        replan_and_keep(edited, catalog, note)
        st.session_state[_replanned_key(student_id)] = True


def _on_change(user: User, ws: Workspace, rule: EditRule) -> dict[str, Any]:
    """The callback arguments of a control whose change re-plans."""
    return {"on_change": apply_edit, "args": (user, ws.student_id, rule)}


def _on_click(user: User, ws: Workspace, rule: EditRule) -> dict[str, Any]:
    return {"on_click": apply_edit, "args": (user, ws.student_id, rule)}


def plan_items(ws: Workspace) -> list[PlanItem]:
    return ws.plan.items() if has_plan(ws.plan) else []


def titles_of(catalog: Catalog) -> dict[str, str]:
    return {o.id: o.title for o in catalog.opportunities}


def edit_controls(user: User, ws: Workspace, catalog: Catalog) -> None:
    """Every edit control, in tabs; a change re-plans in the control's callback."""
    sync_controls(ws, catalog)
    items = plan_items(ws)
    titles = titles_of(catalog)
    tabs = st.tabs(["Lock and exclude", "Swap", "Pace and target", "Busy times"])
    with tabs[0]:
        lock_controls(user, ws, items, titles)
        exclude_controls(user, ws, items, titles)
    with tabs[1]:
        swap_controls(user, ws, items, catalog)
    with tabs[2]:
        profile_controls(user, ws, catalog)
    with tabs[3]:
        busy_controls(user, ws)


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
        st.session_state[_busy_error_key(ws.student_id)] = "A busy time must end after it starts."
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
    error = st.session_state.pop(_busy_error_key(ws.student_id), None)
    if error:
        st.error(error)


def life_controls(user: User, ws: Workspace) -> None:
    """Save, approve and leave a note; the version this session started from guards every write."""
    state = ws.state.value if ws.state else "not saved yet"
    st.caption(f"Version {ws.version or '-'} · {state}" + (" · unsaved changes" if ws.unsaved else ""))
    c1, c2 = st.columns(2)
    feasible = has_plan(ws.plan)
    try:
        if c1.button("Save draft", key=f"{ws.student_id}-save", disabled=not ws.unsaved or ws.plan is None):
            save(user, ws)
            st.rerun()
        if c2.button("Approve plan", type="primary", key=f"{ws.student_id}-approve", disabled=not feasible):
            approve(user, ws)
            st.rerun()
    except ConflictError as exc:
        st.error(md_escape(str(exc)))
        # A callback: the button is drawn only with the error, so the rerun a click causes would not
        # draw it again and an ``if st.button(...)`` here would never see the click.
        st.button(
            "Load the newer version",
            key=f"{ws.student_id}-reload",
            on_click=reload_workspace,
            args=(user, ws.student_id),
        )
    except PlanStateError as exc:
        st.error(md_escape(f"{str(exc).capitalize()}."))


def first_plan(user: User, student_id: str) -> None:
    """The "Make a first plan" button's callback."""
    catalog = load_catalog()
    replan_and_keep(load_workspace(user, student_id), catalog, "First plan made.")
    st.session_state[_replanned_key(student_id)] = True


@st.fragment
def plan_area(user: User, student_id: str) -> None:
    """The student's plan, the edit controls and the plan's life: the part that reruns on each edit.
    Edits re-plan in the controls' callbacks, before this runs, so one run draws the new plan."""
    catalog = load_catalog()
    ws = load_workspace(user, student_id)
    # The controls' callbacks re-plan with the student's interest scores; a callback may not draw the
    # cache's spinner, so the scores are brought into the cache here (a cache hit after the first run).
    interest_scores(ws.saved_student)
    if ws.note:
        st.success(md_escape(ws.note))
    if st.session_state.pop(_replanned_key(student_id), False) and ws.plan is not None:
        st.status(
            f"Re-planned in {ws.plan.solve_time:.2f} s: {ws.plan.status.value}",
            state="complete",
            expanded=False,
        )
    if ws.plan is None:
        st.button(
            "Make a first plan",
            type="primary",
            key=f"{student_id}-first",
            on_click=first_plan,
            args=(user, student_id),
        )
    edit_controls(user, ws, catalog)
    changes = change_lines(ws.diff) if ws.diff is not None else []
    if changes:
        st.markdown(md("**What changed from the previous plan:** {}.", "; ".join(changes)))
    elif ws.before is not None:
        st.markdown("**What changed from the previous plan:** nothing; the items stay as they were.")
    life_controls(user, ws)
    plan_view(ws.plan, ws.student, catalog, key=f"advisor-{student_id}", lazy=True)


def notes(user: User, student_id: str) -> None:
    records = get_records()
    with st.form(f"{student_id}-note", clear_on_submit=True):
        body = st.text_area("Note for the student and family", max_chars=4000)
        if st.form_submit_button("Add note") and body.strip():
            records.add_comment(user, student_id, body)
    for comment in records.comments(user, student_id):
        st.markdown(
            md(
                "**{}** ({}, {:%Y-%m-%d %H:%M} UTC)",
                comment.author_name,
                comment.author_role,
                comment.written_at,
            )
        )
        st.text(comment.body)


def render() -> None:
    user = page_user(Role.ADVISOR)
    st.title("Caseload")
    catalog = load_catalog()
    try:
        rows = caseload(user, catalog)
    except StoreBusyError:
        st.error(BUSY_MESSAGE)
        st.stop()
    if not rows:
        st.info("No students are linked to your account yet; ask your district's admin.")
        return
    table(pd.DataFrame([r.model_dump() for r in rows]), hide_index=True)
    names = {r.student: r.name for r in rows}
    # A student of the caseload just read needs no second check; any other id is checked (and refused).
    asked = st.query_params.get("student")
    chosen = asked if asked in names else (student_from_query(user) if asked is not None else None)
    picked = st.selectbox(
        "Open a student", list(names), format_func=lambda s: names[s],
        index=list(names).index(chosen) if chosen in names else None, placeholder="Choose a student",
    )  # fmt: skip
    if picked is None:
        return
    if st.query_params.get("student") != picked:
        st.query_params["student"] = picked
    st.header(md_escape(names[picked]))
    plan_area(user, picked)
    # The expanders are built only while open (opening one reruns the page), so a closed one reads
    # nothing from the record on each run.
    versions = st.expander("Versions", key=f"advisor-{picked}-versions", on_change="rerun")
    if versions.open:
        with versions:
            if version_history(user, load_workspace(user, picked), key=f"advisor-{picked}") is not None:
                st.rerun()
    thread = st.expander("Notes", key=f"advisor-{picked}-notes", on_change="rerun")
    if thread.open:
        with thread:
            notes(user, picked)


render()
