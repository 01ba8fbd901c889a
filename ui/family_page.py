"""Family: the plan in plain language, read-only. What the student does each term, when it meets, what
it counts toward and how close the student is to graduating; a printable view, a PDF and a calendar
file; a button to acknowledge the approved plan and a box for questions to the advisor.

There are no controls that change the plan here (a test lists every control on this page).
"""

from __future__ import annotations

import streamlit as st

from core.schema import Catalog, Student
from present.exports import ics_filename, pdf_filename, plan_pdf, term_ics
from present.family import FamilySummary, activity_lines, family_summary, summary_text
from present.transcript_pdf import transcript_filename, transcript_pdf
from records.accounts import Role, User
from records.errors import ConflictError, PlanStateError
from records.plans import PlanState, PlanVersion
from ui.gate import page_user
from ui.glossary import glossary_hint
from ui.login import get_records
from ui.plan_views import progress_view, track_indicator
from ui.record_views import learning_record
from ui.resources import load_catalog
from ui.safe_text import md, md_escape
from ui.transcript_view import transcript_link

STATE_NOTES = {
    PlanState.DRAFT: "This plan is a draft: the advisor has not approved it yet.",
    PlanState.PROPOSED: "This plan waits for the advisor's approval.",
    PlanState.APPROVED: "{who} approved this plan on {when}. Please read it, and say so with the button here.",
    PlanState.ACKNOWLEDGED: "{who} acknowledged this plan on {when}.",
}


def state_note(head: PlanVersion | None) -> str:
    if head is None:
        return ""
    return STATE_NOTES[head.state].format(who=head.author_name, when=f"{head.saved_at:%B %d, %Y}")


def summary_view(summary: FamilySummary) -> None:
    """The summary on screen: each term, each activity in a few lines of plain words."""
    for term in summary.terms:
        st.subheader(md_escape(term.name))
        st.caption(md("{} · {}", term.dates, term.load))
        for activity in term.activities:
            first, *rest = activity_lines(activity)
            st.markdown(f"**{md_escape(first)}**  \n" + "  \n".join(md_escape(line) for line in rest))


def downloads(
    summary: FamilySummary, head: PlanVersion, student: Student, catalog: Catalog, user: User
) -> None:
    """The plan's PDF, the mastery transcript's PDF (read through the record service, and so audited,
    only when clicked), and a term's weekly schedule as a calendar file."""
    left, right = st.columns(2)
    left.download_button(
        "Download the plan (PDF)",
        data=lambda: plan_pdf(summary),
        file_name=pdf_filename(student.name),
        mime="application/pdf",
        on_click="ignore",
    )
    records = get_records()
    left.download_button(
        "Download the mastery transcript (PDF)",
        data=lambda: transcript_pdf(records.transcript(user, student.id)),
        file_name=transcript_filename(student.name),
        mime="application/pdf",
        on_click="ignore",
        help="What the student has shown so far, credit by credit, with the evidence behind each; no grades.",
    )
    terms = [t for t in head.plan.terms if t.items or t.continuing]
    if not terms or catalog.calendar is None:
        return
    names = {t.term: t.name for t in terms}
    chosen = right.selectbox("Term for the calendar file", list(names), format_func=lambda t: names[t])
    term = next(t for t in catalog.calendar.terms if t.id == chosen)
    right.download_button(
        "Download the weekly schedule (.ics)",
        data=lambda: term_ics(head.plan, catalog, chosen, student_name=student.name),
        file_name=ics_filename(student.name, term),
        mime="text/calendar",
        on_click="ignore",
        help="Open the file on a phone or computer to add the term's weekly meetings to its calendar.",
    )


ACKNOWLEDGED = "family-acknowledged"  # set for one run after the family acknowledges: the page thanks them


def acknowledge(user: User, head: PlanVersion) -> None:
    """The acknowledgement, at the top of the page (not below every term, a long scroll away)."""
    if st.session_state.pop(ACKNOWLEDGED, False):
        st.success("Thank you. The advisor can see that you have read this plan.")
    if head.state is not PlanState.APPROVED:
        return
    if st.button("I have read this plan (acknowledge)", type="primary"):
        try:
            get_records().acknowledge(user, head.student_id, based_on=head.version)
        except (ConflictError, PlanStateError) as exc:
            st.error(md_escape(f"{str(exc).capitalize()}."))
            return
        st.session_state[ACKNOWLEDGED] = True
        st.rerun()


def questions(user: User, student_id: str) -> None:
    records = get_records()
    st.subheader("Questions for the advisor")
    with st.form("family-question", clear_on_submit=True):
        body = st.text_area("Your question", max_chars=4000)
        if st.form_submit_button("Send question") and body.strip():
            records.add_comment(user, student_id, body)
            st.success("Sent. The advisor will see it with the plan.")
    for comment in records.comments(user, student_id):
        st.markdown(md("**{}**, {:%B %d, %Y}", comment.author_name, comment.written_at))
        st.text(comment.body)


def render() -> None:
    user = page_user(Role.FAMILY)
    records = get_records()
    students = {s.id: s for s in records.students(user)}
    if not students:
        st.info("No student is linked to your account yet; ask the school.")
        return
    chosen = (
        st.selectbox("Student", list(students), format_func=lambda s: students[s].name)
        if len(students) > 1
        else next(iter(students))
    )
    student = students[chosen]
    catalog = load_catalog()
    head = records.plan(user, student.id)
    summary = family_summary(student, catalog, head.plan if head else None, state_note(head))
    st.title(md("Learning plan for {}", student.name))
    if st.toggle("Printable view", help="Plain text only; print it with your browser's Print command."):
        st.text(summary_text(summary))
    else:
        st.markdown(md_escape(summary.headline))
        if summary.summary:
            st.markdown(md_escape(summary.summary))
        for line in summary.pathway:
            st.markdown(md_escape(line))
        track_indicator(summary.track)
        glossary_hint()
        if summary.state_note:
            st.info(md_escape(summary.state_note))
        if head is not None:
            acknowledge(user, head)
        if summary.plan_message:
            st.warning(md_escape(summary.plan_message))
        summary_view(summary)
        st.subheader("Progress by subject")
        progress_view(student, catalog, head.plan if head else None, key="family")
        learning_record(user, student.id)
        transcript_link(student.id)
    if head is None:
        st.info("The advisor has not made a plan yet.")
    else:
        downloads(summary, head, student, catalog, user)
    questions(user, student.id)


render()
