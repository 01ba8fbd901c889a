"""Advisor: the caseload with each plan's status; one student's plan with live edits, approval, its
stored versions (view one, restore it) and notes.

Every edit (lock, exclude, swap, pace, busy times, hours, target term) re-plans on the spot inside a
fragment, so only the plan area reruns, and shows what changed against the plan before the edit.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from catalog.schema import Catalog, Pace, TimeBlock, Weekday, format_clock
from catalog.store import StoreBusyError
from planner.domain import PlanItem
from planner.family import FEASIBLE
from records.accounts import Role, User
from records.errors import ConflictError, PlanStateError
from ui.login import BUSY_MESSAGE, get_records, student_from_query
from ui.plan_views import plan_view
from ui.planning import (
    Workspace,
    approve,
    caseload,
    load_workspace,
    page_user,
    ranked_matches,
    reload_workspace,
    replan_with_progress,
    save,
    swap_alternatives,
    version_history,
    with_exclusion,
    with_lock,
    with_profile,
    with_swap,
    without_exclusion,
    without_lock,
)
from ui.resources import load_catalog

# (Page scripts hold no bare strings: Streamlit would show them.) The busy-time inputs start at a
# typical after-school job.
DEFAULT_BUSY_START = dt.time(15, 0)
DEFAULT_BUSY_END = dt.time(18, 0)


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


# An edited workspace and a note saying what changed, or None when nothing changed.
Edit = tuple[Workspace, str] | None


def edit_controls(ws: Workspace, catalog: Catalog) -> Edit:
    """Every edit control, in tabs; returns the first change the advisor made in this run."""
    items = ws.plan.items() if ws.plan is not None and ws.plan.status in FEASIBLE else []
    titles = {o.id: o.title for o in catalog.opportunities}
    tabs = st.tabs(["Lock and exclude", "Swap", "Pace and target", "Busy times"])
    with tabs[0]:
        changes = [lock_controls(ws, items, titles), exclude_controls(ws, items, titles)]
    with tabs[1]:
        changes.append(swap_controls(ws, items, catalog))
    with tabs[2]:
        changes.append(profile_controls(ws, catalog))
    with tabs[3]:
        changes.append(busy_controls(ws))
    return next((change for change in changes if change is not None), None)


def _key(ws: Workspace, name: str) -> str:
    """Widget keys carry the re-plan count, so after a re-plan every control shows the new values."""
    return f"{ws.student_id}-{ws.revision}-{name}"


def lock_controls(ws: Workspace, items: list[PlanItem], titles: dict[str, str]) -> Edit:
    options = list(dict.fromkeys([i.opportunity for i in items] + sorted(ws.locked())))
    locked = st.multiselect(
        "Locked items (kept in their term when re-planning)",
        options,
        default=sorted(ws.locked() & set(options)),
        format_func=lambda o: titles.get(o, o),
        key=_key(ws, "locks"),
    )
    for item in items:
        if item.opportunity in locked and item.opportunity not in ws.locked():
            return with_lock(ws, item), f"Locked {item.title}."
    for opportunity in sorted(ws.locked() - set(locked)):
        return without_lock(ws, opportunity), f"Unlocked {titles.get(opportunity, opportunity)}."
    return None


def exclude_controls(ws: Workspace, items: list[PlanItem], titles: dict[str, str]) -> Edit:
    drop = st.selectbox(
        "Item to exclude",
        [i.opportunity for i in items],
        format_func=lambda o: titles.get(o, o),
        index=None,
        placeholder="Choose an item",
        key=_key(ws, "exclude"),
    )
    clicked = st.button("Exclude and re-plan", key=_key(ws, "exclude-go"), disabled=drop is None)
    back = st.multiselect(
        "Excluded items (remove one to allow it again)",
        ws.edits.exclusions,
        default=ws.edits.exclusions,
        format_func=lambda o: titles.get(o, o),
        key=_key(ws, "excluded"),
    )
    if clicked and drop is not None:
        return with_exclusion(ws, drop), f"Excluded {titles.get(drop, drop)}."
    for opportunity in [o for o in ws.edits.exclusions if o not in back]:
        return without_exclusion(ws, opportunity), f"Allowed {titles.get(opportunity, opportunity)} again."
    return None


def swap_controls(ws: Workspace, items: list[PlanItem], catalog: Catalog) -> Edit:
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
        return None
    out = by_id[picked]
    matches = ranked_matches(ws.saved_student, catalog)
    ranked = {
        a.opportunity: a for a in swap_alternatives(out, ws.plan, catalog, matches, ws.edits.exclusions)
    }
    if not ranked:
        st.info(f"No other opportunity earns what {out.title} earns for this plan.")
        return None
    st.caption("Alternatives, best first (most of its competencies covered, then fit to the student):")
    table = pd.DataFrame([a.model_dump() for a in ranked.values()]).rename(columns={"of": "needed"})
    st.table(table, hide_index=True)
    into = st.selectbox(
        "Swap in",
        list(ranked),
        format_func=lambda o: (
            f"{ranked[o].title} ({ranked[o].kind}, covers {ranked[o].covers} of {ranked[o].of})"
        ),
        key=_key(ws, "swap-in"),
    )
    if st.button("Swap and re-plan", key=_key(ws, "swap-go")) and into is not None:
        return with_swap(ws, out.opportunity, into), f"Swapped {out.title} for {ranked[into].title}."
    return None


def profile_controls(ws: Workspace, catalog: Catalog) -> Edit:
    student = ws.student
    paces = list(Pace)
    pace = st.selectbox("Pace", paces, index=paces.index(student.pace), key=_key(ws, "pace"))
    terms = catalog.calendar.plannable() if catalog.calendar else []
    names = {t.id: t.name for t in terms}
    ids = list(names)
    target = st.selectbox(
        "Target graduation term",
        ids,
        index=ids.index(student.target_graduation_term) if student.target_graduation_term in ids else 0,
        format_func=lambda t: names[t],
        key=_key(ws, "target"),
    )
    hours = st.number_input(
        "Most hours a week",
        min_value=1.0,
        max_value=80.0,
        step=1.0,
        value=float(student.max_hours_per_week),
        key=_key(ws, "hours"),
    )
    if pace != student.pace:
        return with_profile(ws, pace=pace), f"Pace set to {pace.value}."
    if target != student.target_graduation_term:
        return with_profile(ws, target_graduation_term=target), f"Target term set to {names[target]}."
    if hours != student.max_hours_per_week:
        return with_profile(ws, max_hours_per_week=hours), f"At most {hours:g} hours a week."
    return None


def busy_controls(ws: Workspace) -> Edit:
    blocks = ws.student.unavailable
    labels = [f"{b}" + (f" ({b.label})" if b.label else "") for b in blocks]
    kept = st.multiselect("Busy times (remove one to free it)", labels, default=labels, key=_key(ws, "busy"))
    if len(kept) < len(labels):
        remaining = [b for b, label in zip(blocks, labels, strict=True) if label in kept]
        return with_profile(ws, unavailable=remaining), "Freed a busy time."
    with st.form(_key(ws, "add-busy"), clear_on_submit=True, border=False):
        c1, c2, c3, c4 = st.columns(4)
        day = c1.selectbox("Day", list(Weekday))
        start = c2.time_input("From", DEFAULT_BUSY_START, step=dt.timedelta(minutes=15))
        end = c3.time_input("To", DEFAULT_BUSY_END, step=dt.timedelta(minutes=15))
        label = c4.text_input("What (optional)", placeholder="e.g. job")
        added = st.form_submit_button("Add busy time and re-plan")
    if added:
        if _minutes(end) <= _minutes(start):
            st.error("A busy time must end after it starts.")
            return None
        block = TimeBlock(day=day, start=_minutes(start), end=_minutes(end), label=label.strip())
        note = f"Busy {day} {format_clock(block.start)}-{format_clock(block.end)}."
        return with_profile(ws, unavailable=[*blocks, block]), note
    return None


def life_controls(user: User, ws: Workspace) -> None:
    """Save, approve and leave a note; the version this session started from guards every write."""
    state = ws.state.value if ws.state else "not saved yet"
    st.caption(f"Version {ws.version or '-'} · {state}" + (" · unsaved changes" if ws.unsaved else ""))
    c1, c2 = st.columns(2)
    feasible = ws.plan is not None and ws.plan.status in FEASIBLE
    try:
        if c1.button("Save draft", key=f"{ws.student_id}-save", disabled=not ws.unsaved or ws.plan is None):
            save(user, ws)
            st.rerun()
        if c2.button("Approve plan", type="primary", key=f"{ws.student_id}-approve", disabled=not feasible):
            approve(user, ws)
            st.rerun()
    except ConflictError as exc:
        st.error(str(exc))
        # A callback: the button is drawn only with the error, so the rerun a click causes would not
        # draw it again and an ``if st.button(...)`` here would never see the click.
        st.button(
            "Load the newer version",
            key=f"{ws.student_id}-reload",
            on_click=reload_workspace,
            args=(user, ws.student_id),
        )
    except PlanStateError as exc:
        st.error(f"{str(exc).capitalize()}.")


def rerun_plan_area() -> None:
    """Run the plan area again, so every control starts from the new plan. Only a fragment's own
    rerun may rerun just the fragment; in a whole-page run Streamlit refuses and the page reruns."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun()


@st.fragment
def plan_area(user: User, student_id: str) -> None:
    """The student's plan, the edit controls and the plan's life: the part that reruns on each edit."""
    catalog = load_catalog()
    ws = load_workspace(user, student_id)
    if ws.note:
        st.success(ws.note)
    if ws.plan is None and st.button("Make a first plan", type="primary", key=f"{student_id}-first"):
        ws = replan_with_progress(ws, catalog, "First plan made.")
    changed = edit_controls(ws, catalog)
    if changed is not None:
        edited, note = changed
        replan_with_progress(edited, catalog, note)
        rerun_plan_area()
    if ws.changes:
        st.markdown("**What changed from the previous plan:** " + "; ".join(c.text for c in ws.changes) + ".")
    elif ws.before is not None:
        st.markdown("**What changed from the previous plan:** nothing; the items stay as they were.")
    life_controls(user, ws)
    plan_view(ws.plan, ws.student, catalog, key=f"advisor-{student_id}")


def notes(user: User, student_id: str) -> None:
    records = get_records()
    with st.form(f"{student_id}-note", clear_on_submit=True):
        body = st.text_area("Note for the student and family", max_chars=4000)
        if st.form_submit_button("Add note") and body.strip():
            records.add_comment(user, student_id, body)
    for comment in records.comments(user, student_id):
        st.markdown(
            f"**{comment.author_name}** ({comment.author_role}, {comment.written_at:%Y-%m-%d %H:%M} UTC)"
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
    st.table(pd.DataFrame([r.model_dump() for r in rows]), hide_index=True)
    names = {r.student: r.name for r in rows}
    chosen = student_from_query(user) if "student" in st.query_params else None
    picked = st.selectbox(
        "Open a student", list(names), format_func=lambda s: names[s],
        index=list(names).index(chosen) if chosen in names else None, placeholder="Choose a student",
    )  # fmt: skip
    if picked is None:
        return
    if st.query_params.get("student") != picked:
        st.query_params["student"] = picked
    st.header(names[picked])
    plan_area(user, picked)
    with st.expander("Versions"):
        if version_history(user, load_workspace(user, picked), key=f"advisor-{picked}") is not None:
            st.rerun()
    with st.expander("Notes"):
        notes(user, picked)


render()
