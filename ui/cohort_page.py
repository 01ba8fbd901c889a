"""District staff: cohort planning. Start a run (every student, or one grade) with a progress bar,
pick a stored run, and see what the district sees: the summary, students off track with the reason
and what to relax, demand per section (CSV course requests to download), students whose seat went to
others and what changed, and what-ifs (cancel a section, add one, set its seats) that re-plan only
the students they touch. Everything goes through the record service (``plan_cohort``, audited)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from cohort.domain import CohortRun, CohortSettings, Outcome
from cohort.engine import Progress, engine_for
from cohort.run import Cohort, interest_scores, new_run
from cohort.views import demand, off_track_lines, summary, write_requests
from cohort.whatif import Change, ChangeKind, WhatIfError, report, touched, what_if
from core.schema import Catalog
from core.settings import get_settings
from records.accounts import Role, User
from records.cohort import new_run_id
from records.service import Records
from ui.gate import page_user
from ui.login import get_records
from ui.resources import get_matcher, load_catalog
from ui.safe_text import md_escape, table

EVERY_GRADE = 0  # the grade choice that selects every student
CHANGES = {
    ChangeKind.CANCEL: "Cancel this section",
    ChangeKind.ADD_SECTION: "Add a section (seats below)",
    ChangeKind.SET_SEATS: "Set the seats to (below)",
}


def progress_bar(total: int) -> Progress:
    bar = st.progress(0.0, text=f"Planning {total} students...")

    def tell(done: int, failed: int, remaining: int) -> None:
        finished = done + failed
        share = finished / max(1, finished + remaining)
        bar.progress(share, text=f"{done} done, {failed} failed, {remaining} remaining")

    return tell


def start_run(records: Records, user: User) -> str | None:
    """The form that plans a cohort; the new run's id once it is stored."""
    with st.form("cohort-plan"):
        grade = st.selectbox(
            "Students",
            [EVERY_GRADE, 9, 10, 11, 12],
            format_func=lambda g: f"grade {g}" if g else "every grade",
        )
        seed = st.number_input("Lottery seed", min_value=0, value=0, step=1)
        workers = st.selectbox("Workers", [1, 2, 4], index=0)
        use_interests = st.checkbox("Weigh each student's interests", value=True)
        go = st.form_submit_button("Plan the cohort")
    if not go:
        return None
    settings = CohortSettings(
        grade=grade or None,
        seed=int(seed),
        workers=int(workers),
        interests=use_interests,
    )
    catalog, students = records.cohort_input(user, settings)
    if not students:
        st.warning("No student matches the selection.")
        return None
    scores = interest_scores(get_matcher(), students)[0] if use_interests else {}
    now = records.now()
    engine = engine_for(settings.workers, get_settings().ray_address)
    run = new_run(
        new_run_id(now),
        user.id,
        settings,
        Cohort(catalog, students, scores),
        engine,
        created=now,
        progress=progress_bar(len(students)),
    )
    records.save_cohort_run(user, run)
    return run.id


def show_run(run: CohortRun, catalog: Catalog) -> None:
    st.markdown(md_escape(summary(run)))
    counts = run.counts()
    cols = st.columns(4)
    cols[0].metric("Students", len(run.students))
    cols[1].metric("Planned", counts[Outcome.PLANNED])
    cols[2].metric("Off track", counts[Outcome.OFF_TRACK])
    cols[3].metric("Lost a seat", sum(1 for s in run.students if s.lost))
    st.subheader("Students off track")
    lines = off_track_lines(run)
    if not lines:
        st.write("None: every student has a plan.")
    for line in lines:
        st.markdown("- " + md_escape(line))
    st.subheader("Demand per section")
    rows = demand(run, catalog)
    frame = pd.DataFrame(
        [r.model_dump() for r in rows], columns=["opportunity", "title", "term", "planned", "seats", "unmet"]
    )
    table(frame)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "requests.csv"
        write_requests(run, path)
        data = path.read_bytes()
    st.download_button("Course requests (CSV)", data, file_name=f"{run.id}-requests.csv", mime="text/csv")
    lost = [s for s in run.students if s.notes]
    if lost:
        st.subheader("Students whose plan changed for seats")
        for one in lost:
            with st.expander(f"{one.name} ({one.student})"):
                for note in one.notes:
                    st.markdown("- " + md_escape(note))
                for backup in one.backups:
                    st.markdown(md_escape(f"Backup for {backup.instead_of}: {backup.title} ({backup.term})"))


def what_if_form(records: Records, user: User, run: CohortRun, catalog: Catalog) -> None:
    sections = [f"{r.opportunity}@{r.term}" for r in demand(run, catalog)]
    st.subheader("What if...")
    if not sections:
        st.write("No section has students in this run.")
        return
    with st.form("cohort-what-if"):
        section = st.selectbox("Section", sections)
        kind = st.radio("Change", list(CHANGES), format_func=lambda k: CHANGES[k])
        seats = st.number_input("Seats", min_value=0, value=10, step=1)
        go = st.form_submit_button("Re-plan the students it touches")
    if not go:
        return
    opportunity, _, term = section.partition("@")
    change = Change(
        kind=kind, opportunity=opportunity, term=term, seats=None if kind is ChangeKind.CANCEL else int(seats)
    )
    selection = run.settings.model_copy(update={"students": [s.student for s in run.students], "grade": None})
    catalog_now, students = records.cohort_input(user, selection)
    wanted = set(touched(run, change))
    scores = (
        interest_scores(get_matcher(), [s for s in students if s.id in wanted])[0]
        if run.settings.interests
        else {}
    )
    now = records.now()
    try:
        child = what_if(
            run,
            change,
            Cohort(catalog_now, students, scores),
            engine_for(1),
            run_id=new_run_id(now),
            created=now,
            created_by=user.id,
        )
    except WhatIfError as exc:
        st.error(str(exc))
        return
    records.save_cohort_run(user, child)
    for line in report(run, child, change, catalog_now).lines():
        st.markdown(md_escape(line.strip()))
    st.session_state["cohort_run"] = child.id


user = page_user(Role.ADMIN)
records = get_records()
st.title("Cohort planning")
made = start_run(records, user)
if made:
    st.session_state["cohort_run"] = made
runs = records.cohort_runs(user)
if not runs:
    st.info("No cohort run yet: plan one above.")
    st.stop()
ids = [r.id for r in runs]
chosen = st.session_state.get("cohort_run")
label = {
    r.id: f"{r.id} ({r.students} students, {r.planned} planned{', ' + r.note if r.note else ''})"
    for r in runs
}
picked = st.selectbox(
    "Run", ids, index=ids.index(chosen) if chosen in ids else 0, format_func=lambda i: label[i]
)
run = records.cohort_run(user, picked)
if run is not None:
    catalog = load_catalog()
    show_run(run, catalog)
    what_if_form(records, user, run, catalog)
