"""Views of the learning record for the pages: the student's progress (demonstrated so far, this term's
items with their evidence, on track or not) and their hours, shown on the student, advisor and family
pages with one call each (``learning_record``); and the teacher grid's reading of what changed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from core.i18n import _
from records.accounts import User
from records.evidence import EvidenceIn
from records.learning import ClassList
from records.progress import ItemStatus
from ui.login import get_records
from ui.safe_text import md, md_escape

NO_LEVEL = ""
"""A grid cell left empty: nothing is recorded for it."""

STATUS_WORDS = {
    ItemStatus.COMPLETED: "completed",
    ItemStatus.INCOMPLETE: "incomplete: some outcomes are not shown yet",
    ItemStatus.MISSED: "missed: a catch-up is proposed at the next re-plan",
    ItemStatus.IN_PROGRESS: "this term",
    ItemStatus.UPCOMING: "upcoming",
}


def grid_rows(
    edited: pd.DataFrame, shown: ClassList, outcomes: list[str], day: dt.date, comment: str
) -> list[tuple[str, EvidenceIn]]:
    """The grid's cells that differ from what is recorded, as evidence to save (students in the grid's
    order, outcomes in the opportunity's)."""
    found = []
    for student in shown.students:
        before = shown.levels.get(student.id, {})
        for outcome in outcomes:
            level = str(edited.at[student.id, outcome] or NO_LEVEL)
            if level != NO_LEVEL and level != before.get(outcome, NO_LEVEL):
                new = EvidenceIn(
                    competency=outcome, level=level, date=day, opportunity=shown.opportunity, comment=comment
                )
                found.append((student.id, new))
    return found


def learning_record(user: User, student_id: str) -> None:
    """Progress and hours of one student, in an expander read only while open (opening it reruns the
    page), through the record service (audited)."""
    box = st.expander(
        _("Learning record: progress, evidence and hours"), key=f"record-{student_id}", on_change="rerun"
    )
    if not box.open:
        return
    with box:
        records = get_records()
        audit = records.graduation_audit(user, student_id)
        shown = sum(1 for r in audit.required if r.status == "demonstrated")
        verdict = "on track" if audit.on_track else "not on track"
        st.markdown(
            md(
                "**{} of {} required competencies demonstrated** · {:g} credits · {} for {}",
                shown,
                len(audit.required),
                audit.total_credits,
                verdict,
                audit.target_term,
            )
        )
        for reason in audit.reasons:
            st.caption(md_escape(reason))
        items = records.progress(user, student_id)
        entries = records.evidence(user, student_id)
        for item in items:
            if item.status is ItemStatus.UPCOMING:
                continue
            st.markdown(md("**{}** ({}): {}", item.title, item.end_term, STATUS_WORDS[item.status]))
            for e in entries:
                if e.opportunity == item.opportunity:
                    st.caption(
                        md(
                            "{}: {} on {} ({}{})",
                            e.competency,
                            e.level,
                            e.date,
                            e.state.value,
                            f", {e.assessor}" if e.assessor else "",
                        )
                    )
        for p in records.placements(user, student_id):
            hours = records.hours(user, p.id)
            totals = ", ".join(
                f"{t.term}: {t.approved:g} h approved, {t.waiting:g} h waiting" for t in hours.totals
            )
            st.caption(md("{} at {}: {}", p.opportunity, p.site, totals or "no hours yet"))
