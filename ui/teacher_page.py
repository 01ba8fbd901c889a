"""Teacher: my opportunities, their students, and a class's evidence in one save (a grid of students x
outcomes with levels), then the pieces students submitted, to verify or return with a reason."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from core.errors import InputError
from core.schema import Catalog
from records.accounts import Role, User
from records.errors import AccessDenied
from records.learning import ClassList
from ui.gate import page_user
from ui.login import get_records
from ui.record_views import NO_LEVEL, grid_rows
from ui.resources import load_catalog
from ui.safe_text import md, md_escape


def grid(user: User, shown: ClassList, catalog: Catalog) -> None:
    """The class as a grid, saved in one transaction."""
    opportunity = catalog.opportunity_map()[shown.opportunity]
    comps = catalog.competency_map()
    outcomes = [c for c in opportunity.competencies if c in comps and not comps[c].is_heading]
    scales = {s.id: catalog.requirement_set(s.requirement_set).scale.levels for s in shown.students}
    levels = list(dict.fromkeys(level for scale in scales.values() for level in scale))
    frame = pd.DataFrame(
        [[shown.levels.get(s.id, {}).get(c, NO_LEVEL) for c in outcomes] for s in shown.students],
        index=pd.Index([s.id for s in shown.students], name="student"),
        columns=outcomes,
    )
    frame.insert(0, "name", [s.name for s in shown.students])
    config = {
        c: st.column_config.SelectboxColumn(
            comps[c].label, help=comps[c].statement, options=[NO_LEVEL, *levels]
        )
        for c in outcomes
    }
    with st.form(f"grid-{shown.opportunity}"):
        edited = st.data_editor(frame, column_config=config, disabled=["name"], use_container_width=True)
        day = st.date_input("Date shown", value=dt.date.today(), max_value=dt.date.today())
        comment = st.text_input("Comment for every level recorded now (optional)")
        saved = st.form_submit_button("Save the class's evidence", type="primary")
    if saved:
        rows = grid_rows(edited, shown, outcomes, day, comment)
        if not rows:
            st.info("Nothing changed: no evidence was recorded.")
            return
        try:
            made = get_records().record_class(user, shown.opportunity, rows)
        except (InputError, AccessDenied) as exc:
            st.error(md_escape(str(exc)))
            return
        st.success(f"Saved {len(made)} evidence entries.")


def waiting(user: User, shown: ClassList) -> None:
    """Pieces students submitted: verify, or return with a reason."""
    if not shown.waiting:
        return
    st.subheader("Submitted by students")
    names = {s.id: s.name for s in shown.students}
    for e in shown.waiting:
        with st.container(border=True):
            st.markdown(
                md(
                    "**{}**: {} at {} on {}",
                    names.get(e.student_id, e.student_id),
                    e.competency,
                    e.level,
                    e.date,
                )
            )
            if e.comment:
                st.caption(md_escape(e.comment))
            reason = st.text_input("Reason to return it", key=f"reason-{e.id}")
            left, right = st.columns(2)
            try:
                if left.button("Verify", key=f"verify-{e.id}"):
                    get_records().verify_evidence(user, e.student_id, e.id or 0)
                    st.rerun()
                if right.button("Return", key=f"return-{e.id}"):
                    get_records().return_evidence(user, e.student_id, e.id or 0, reason)
                    st.rerun()
            except (InputError, AccessDenied) as exc:
                st.error(md_escape(str(exc)))


def main() -> None:
    user = page_user(Role.TEACHER, Role.ADMIN)
    catalog = load_catalog()
    st.title("My opportunities")
    mine = [o for o in catalog.opportunities if user.role is Role.ADMIN or o.id in user.opportunities]
    if not mine:
        st.info("You assess no opportunity yet: ask the district's admin to link yours.")
        return
    titles = {o.id: o.title for o in mine}
    chosen = st.selectbox("Opportunity", list(titles), format_func=lambda o: f"{titles[o]} ({o})")
    shown = get_records().class_list(user, chosen)
    if not shown.students:
        st.info("No student is enrolled in it yet (planned, placed there or completed).")
        return
    st.caption(f"{len(shown.students)} students enrolled")
    grid(user, shown, catalog)
    waiting(user, shown)


main()
