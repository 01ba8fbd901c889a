"""Family: the plan in plain language, read-only. What the student does each term, when it meets, what
it counts toward and how close the student is to graduating; a printable view, a PDF and a calendar
file; a button to acknowledge the approved plan and a box for questions to the advisor.

There are no controls that change the plan here (a test lists every control on this page).
"""

from __future__ import annotations

import streamlit as st

from core.i18n import N_, _, date_text, language, use_language
from core.schema import Catalog, Student
from present.exports import ics_filename, pdf_filename, plan_pdf, term_ics
from present.family import FamilySummary, activity_lines, family_summary, plan_title, summary_text
from present.transcript_pdf import transcript_filename, transcript_pdf
from records.accounts import Role, User
from records.errors import ConflictError, PlanStateError
from records.plans import PlanState, PlanVersion
from ui.gate import page_user
from ui.glossary import glossary_hint
from ui.language import language_switch
from ui.login import get_records
from ui.plan_views import progress_view, track_indicator
from ui.record_views import learning_record
from ui.resources import load_catalog
from ui.safe_text import md, md_escape
from ui.transcript_view import transcript_link

STATE_NOTES = {
    PlanState.DRAFT: N_("This plan is a draft: the advisor has not approved it yet."),
    PlanState.PROPOSED: N_("This plan waits for the advisor's approval."),
    PlanState.APPROVED: N_(
        "{who} approved this plan on {when}. Please read it, and say so with the button here."
    ),
    PlanState.ACKNOWLEDGED: N_("{who} acknowledged this plan on {when}."),
}


def state_note(head: PlanVersion | None) -> str:
    if head is None:
        return ""
    return _(STATE_NOTES[head.state]).format(who=head.author_name, when=date_text(head.saved_at.date()))


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
    reader = language()

    def pdf() -> bytes:  # made when clicked, maybe outside this run: in the language of this run
        with use_language(reader):
            return plan_pdf(summary)

    def ics() -> str:
        with use_language(reader):
            return term_ics(head.plan, catalog, chosen, student_name=student.name)

    left.download_button(
        _("Download the plan (PDF)"),
        data=pdf,
        file_name=pdf_filename(student.name),
        mime="application/pdf",
        on_click="ignore",
    )
    records = get_records()
    left.download_button(
        _("Download the mastery transcript (PDF)"),
        data=lambda: transcript_pdf(records.transcript(user, student.id)),
        file_name=transcript_filename(student.name),
        mime="application/pdf",
        on_click="ignore",
        help=_(
            "What the student has shown so far, credit by credit, with the evidence behind each; no grades."
            " The transcript is in English."
        ),
    )
    terms = [t for t in head.plan.terms if t.items or t.continuing]
    if not terms or catalog.calendar is None:
        return
    names = {t.term: t.name for t in terms}
    chosen = right.selectbox(_("Term for the calendar file"), list(names), format_func=lambda t: names[t])
    term = next(t for t in catalog.calendar.terms if t.id == chosen)
    right.download_button(
        _("Download the weekly schedule (.ics)"),
        data=ics,
        file_name=ics_filename(student.name, term),
        mime="text/calendar",
        on_click="ignore",
        help=_("Open the file on a phone or computer to add the term's weekly meetings to its calendar."),
    )


ACKNOWLEDGED = "family-acknowledged"  # set for one run after the family acknowledges: the page thanks them


def acknowledge(user: User, head: PlanVersion) -> None:
    """The acknowledgement, at the top of the page (not below every term, a long scroll away)."""
    if st.session_state.pop(ACKNOWLEDGED, False):
        st.success(_("Thank you. The advisor can see that you have read this plan."))
    if head.state is not PlanState.APPROVED:
        return
    if st.button(_("I have read this plan (acknowledge)"), type="primary"):
        try:
            get_records().acknowledge(user, head.student_id, based_on=head.version)
        except (ConflictError, PlanStateError) as exc:
            st.error(md_escape(f"{str(exc).capitalize()}."))
            return
        st.session_state[ACKNOWLEDGED] = True
        st.rerun()


def questions(user: User, student_id: str) -> None:
    records = get_records()
    st.subheader(_("Questions for the advisor"))
    with st.form("family-question", clear_on_submit=True):
        body = st.text_area(_("Your question"), max_chars=4000)
        if st.form_submit_button(_("Send question")) and body.strip():
            records.add_comment(user, student_id, body)
            st.success(_("Sent. The advisor will see it with the plan."))
    for comment in records.comments(user, student_id):
        st.markdown(md("**{}**, {}", comment.author_name, date_text(comment.written_at.date())))
        st.text(comment.body)


def render() -> None:
    user = page_user(Role.FAMILY)
    language_switch(user)
    records = get_records()
    students = {s.id: s for s in records.students(user)}
    if not students:
        st.info(_("No student is linked to your account yet; ask the school."))
        return
    chosen = (
        st.selectbox(_("Student"), list(students), format_func=lambda s: students[s].name)
        if len(students) > 1
        else next(iter(students))
    )
    student = students[chosen]
    catalog = load_catalog()
    head = records.plan(user, student.id)
    summary = family_summary(student, catalog, head.plan if head else None, state_note(head))
    st.title(md_escape(plan_title(student.name)))
    if st.toggle(_("Printable view"), help=_("Plain text only; print it with your browser's Print command.")):
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
        st.subheader(_("Progress by subject"))
        progress_view(student, catalog, head.plan if head else None, key="family")
        learning_record(user, student.id)
        transcript_link(student.id)
    if head is None:
        st.info(_("The advisor has not made a plan yet."))
    else:
        downloads(summary, head, student, catalog, user)
    questions(user, student.id)


render()
