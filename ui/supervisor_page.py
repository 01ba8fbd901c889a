"""The supervisor's link page (phone-friendly, one column): a work-based learning supervisor, with no
account, opens ``?link=TOKEN`` to approve or reject the student's hours and rate the competencies shown
at the placement. Nothing else of the student is visible; the link is checked again on every action."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from core.errors import InputError
from core.schema import format_clock
from records.accounts import User
from records.errors import AccessDenied
from records.evidence import EvidenceIn
from records.placements import HoursState, TimesheetEntry
from records.worklog import Supervision
from ui.login import get_records
from ui.safe_text import md, md_escape


def entry_card(user: User, e: TimesheetEntry) -> None:
    """One day's hours: approve, or reject with a reason the student will read."""
    with st.container(border=True):
        st.markdown(
            md(
                "**{}** · {}-{} · {} h",
                f"{e.date:%a %d %b %Y}",
                format_clock(e.start),
                format_clock(e.end),
                f"{e.worked:g}",
            )
        )
        st.markdown(md_escape(e.tasks))
        if e.reflection:
            st.caption(md_escape(e.reflection))
        if e.state is not HoursState.SUBMITTED:
            st.caption(md("{}{}", e.state.value.capitalize(), f": {e.reason}" if e.reason else ""))
            return
        reason = st.text_input("Reason, if you reject it", key=f"reason-{e.id}")
        try:
            if st.button("Approve", key=f"approve-{e.id}", type="primary", use_container_width=True):
                get_records().decide_hours(user, e.id, approve=True)
                st.rerun()
            if st.button("Reject", key=f"reject-{e.id}", use_container_width=True):
                get_records().decide_hours(user, e.id, approve=False, reason=reason)
                st.rerun()
        except (InputError, AccessDenied) as exc:
            st.error(md_escape(str(exc)))


def rating_form(user: User, view: Supervision) -> None:
    """Rate a competency shown at the placement: it becomes verified evidence."""
    statements = dict(view.outcomes)
    with st.form("rate", clear_on_submit=True):
        competency = st.selectbox(
            "Competency", list(statements), format_func=lambda c: f"{c}: {statements[c]}"
        )
        level = st.selectbox("Level", view.levels, index=min(2, len(view.levels) - 1))
        comment = st.text_area("What you saw (optional)")
        sent = st.form_submit_button("Save the rating", use_container_width=True)
    if sent:
        try:
            new = EvidenceIn(
                competency=competency,
                level=level,
                date=dt.date.today(),
                opportunity=view.hours.placement.opportunity,
                comment=comment,
            )
            get_records().rate(user, view.hours.placement.id, new)
        except (InputError, AccessDenied, ValueError) as exc:
            st.error(md_escape(str(exc)))
            return
        st.success("Rating saved.")


def main() -> None:
    try:
        user = get_records().supervisor(st.query_params.get("link"))
        placement_id = next(iter(user.placements))
        view = get_records().supervision(user, placement_id)
    except AccessDenied as exc:
        st.error(md_escape(str(exc)))
        st.stop()
    p = view.hours.placement
    st.title(md_escape(view.student_name))
    st.caption(md("{} at {} · supervised by {}", view.opportunity_title, p.site, p.supervisor_name))
    for total in view.hours.totals:
        st.metric(f"Approved hours, {total.term}", f"{total.approved:g}", help=f"{total.waiting:g} h waiting")
    st.subheader("Hours to approve")
    waiting = [e for e in view.hours.entries if e.state is HoursState.SUBMITTED]
    if not waiting:
        st.caption("Nothing waits for you.")
    for e in waiting:
        entry_card(user, e)
    st.subheader("Rate a competency")
    rating_form(user, view)
    for r in view.ratings:
        st.caption(md("{}: {} on {}", r.competency, r.level, r.date))
    with st.expander("Hours already decided"):
        for e in view.hours.entries:
            if e.state is not HoursState.SUBMITTED:
                entry_card(user, e)


main()
