"""The record service's learning record: evidence (record, submit, verify, return, correct, in bulk for a
class), the graduation audit, and the learner as planning sees it. Every call goes through ``_run``."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from core.errors import InputError, Problem
from core.schema import Student
from core.store import Cursor
from planner.domain import PlanResult, PlanStatus, has_plan
from records import accounts, assessors, evidence, placements, plans
from records.access import Action
from records.accounts import Role, User
from records.core import Ctx, RecordsBase
from records.credit import GraduationAudit, graduation_audit, learner
from records.errors import AccountError
from records.evidence import EvidenceEntry, EvidenceIn, EvidenceState
from records.progress import ItemProgress, next_term, progress


def _checked(x: Ctx, rows: Sequence[tuple[str, EvidenceIn]]) -> None:
    """Every row's problems at once (``InputError``, nothing written), each naming its row."""
    catalog = x.store.catalog(x.cur)
    students = {s.id: s for s in x.store.students(x.cur, ids=[sid for sid, _ in rows])}
    problems: list[Problem] = []
    maps = (catalog.competency_map(), catalog.opportunity_map())
    for i, (sid, new) in enumerate(rows):
        where = f"row {i + 1} ({sid}, {new.competency})" if len(rows) > 1 else f"evidence for {sid}"
        if sid not in students:
            problems.append(Problem("", where, "student", f"no student with id {sid!r}"))
            continue
        problems += evidence.check(catalog, students[sid], new, where, x.now.date(), maps)
    if problems:
        raise InputError(problems)


def _content(new: EvidenceIn) -> dict[str, object]:
    return new.model_dump(exclude={"artifacts"})


class LearningRecords(RecordsBase):
    # --- who assesses what --------------------------------------------------------------------------

    def set_assessed(self, user: User, teacher_id: str, opportunity_ids: Sequence[str]) -> User:
        """Set the opportunities a teacher assesses (admins: ``manage_accounts``)."""

        def write(x: Ctx) -> User:
            teacher = accounts.get_user(x.cur, teacher_id)
            if teacher is None or teacher.role is not Role.TEACHER:
                raise AccountError(f"no teacher account named {teacher_id!r}")
            known = x.store.catalog(x.cur).opportunity_map()
            unknown = [o for o in opportunity_ids if o not in known]
            if unknown:
                raise AccountError(f"no opportunity with id {unknown[0]!r}")
            assessors.set_opportunities(x.cur, teacher_id, opportunity_ids)
            found = accounts.get_user(x.cur, teacher_id)
            assert found is not None
            return found

        return self._run(
            user,
            Action.MANAGE_ACCOUNTS,
            None,
            write,
            detail=lambda u: f"{u.id} assesses {len(u.opportunities)} opportunities",
        )

    # --- evidence -----------------------------------------------------------------------------------

    def record_evidence(self, user: User, student_id: str, new: EvidenceIn) -> EvidenceEntry:
        """An assessor's evidence, verified at once (from ``new.opportunity``, or by demonstration)."""
        return self.record_class(user, new.opportunity, [(student_id, new)])[0]

    def record_class(
        self, user: User, opportunity: str | None, rows: Sequence[tuple[str, EvidenceIn]]
    ) -> list[EvidenceEntry]:
        """A class's evidence in one save (the teacher's grid): every row from ``opportunity``, every
        student allowed and every row valid, or nothing is written."""
        if any(new.opportunity != opportunity for _, new in rows):
            raise InputError(
                [Problem("", "evidence", "opportunity", f"every row must come from {opportunity!r}")]
            )

        def write(x: Ctx) -> list[EvidenceEntry]:
            _checked(x, rows)
            ids = evidence.append_many(
                x.cur,
                [(sid, _content(new), new.artifacts) for sid, new in rows],
                author=x.user,
                state=EvidenceState.VERIFIED,
                assessor=x.user.display_name,
                now=x.now,
            )
            made = set(ids)
            return [e for e in evidence.current(x.cur, [sid for sid, _ in rows]) if e.id in made]

        return self._run_for(
            user,
            Action.RECORD_EVIDENCE,
            [sid for sid, _ in rows],
            write,
            detail=lambda found: f"{len(found)} evidence entries",
            target=lambda _: (opportunity, None),
        )

    def submit_evidence(self, user: User, student_id: str, new: EvidenceIn) -> EvidenceEntry:
        """A student's own piece (a portfolio item): submitted, waiting for an assessor."""

        def write(x: Ctx) -> EvidenceEntry:
            _checked(x, [(student_id, new)])
            entry_id = evidence.append(
                x.cur,
                student_id,
                _content(new),
                author=x.user,
                state=EvidenceState.SUBMITTED,
                assessor="",
                now=x.now,
                artifacts=new.artifacts,
            )
            found = evidence.entry(x.cur, student_id, entry_id)
            assert found is not None
            return found

        return self._run(user, Action.SUBMIT_EVIDENCE, student_id, write, detail=lambda e: f"evidence {e.id}")

    def _supersede(
        self,
        user: User,
        student_id: str,
        entry_id: int,
        *,
        state: EvidenceState,
        reason: str = "",
        new: EvidenceIn | None = None,
    ) -> EvidenceEntry:
        """A new entry that supersedes ``entry_id``: a verification, a return or a correction."""

        def write(x: Ctx) -> EvidenceEntry:
            old = evidence.entry(x.cur, student_id, entry_id)
            if old is not None and not evidence.is_current(x.cur, entry_id):
                raise InputError(
                    [Problem("", f"evidence {entry_id}", "", "it was superseded; change the newest entry")]
                )
            evidence.successor_check(old, entry_id, submitted_only=new is None)
            assert old is not None
            if new is not None:
                if new.opportunity != old.opportunity:
                    raise InputError(
                        [
                            Problem(
                                "",
                                f"evidence {entry_id}",
                                "opportunity",
                                "a correction keeps the opportunity",
                            )
                        ]
                    )
                _checked(x, [(student_id, new)])
            if state is EvidenceState.RETURNED and not reason.strip():
                raise InputError([Problem("", f"evidence {entry_id}", "reason", "say why it is returned")])
            content = _content(new) | {"placement_id": old.placement_id} if new else old.content()
            kept = new.artifacts if new and new.artifacts else old.artifacts
            made = evidence.append(
                x.cur,
                student_id,
                content,
                author=x.user,
                state=state,
                assessor=x.user.display_name,
                now=x.now,
                reason=reason.strip(),
                supersedes=entry_id,
                artifacts=kept,
            )
            found = evidence.entry(x.cur, student_id, made)
            assert found is not None
            return found

        return self._run(
            user,
            Action.RECORD_EVIDENCE,
            student_id,
            write,
            detail=lambda e: f"evidence {e.id} supersedes {entry_id} ({state.value})",
            target=lambda cur: evidence.target(cur, student_id, entry_id),
        )

    def verify_evidence(self, user: User, student_id: str, entry_id: int) -> EvidenceEntry:
        return self._supersede(user, student_id, entry_id, state=EvidenceState.VERIFIED)

    def return_evidence(self, user: User, student_id: str, entry_id: int, reason: str) -> EvidenceEntry:
        return self._supersede(user, student_id, entry_id, state=EvidenceState.RETURNED, reason=reason)

    def correct_evidence(
        self, user: User, student_id: str, entry_id: int, new: EvidenceIn, reason: str
    ) -> EvidenceEntry:
        """A corrected entry (verified) that supersedes the old one; the old one stays in the history."""
        return self._supersede(
            user, student_id, entry_id, state=EvidenceState.VERIFIED, reason=reason, new=new
        )

    def evidence(self, user: User, student_id: str) -> list[EvidenceEntry]:
        """The current entries of the learning record (a teacher sees those of the opportunities they assess)."""
        return self._run(
            user,
            Action.VIEW_RECORD,
            student_id,
            lambda x: _visible_entries(x.user, evidence.current(x.cur, [student_id])),
        )

    def evidence_history(self, user: User, student_id: str) -> list[EvidenceEntry]:
        """Every entry, superseded ones too, oldest first."""
        return self._run(
            user,
            Action.VIEW_RECORD,
            student_id,
            lambda x: _visible_entries(x.user, evidence.history(x.cur, student_id)),
        )

    def artifact(self, user: User, student_id: str, sha256: str) -> bytes:
        def read(x: Ctx) -> bytes:
            content = evidence.artifact_content(x.cur, student_id, sha256)
            if content is None:
                raise InputError(
                    [Problem("", f"artifact {sha256[:12]}", "", "no such file in this student's evidence")]
                )
            return content

        return self._run(
            user, Action.VIEW_RECORD, student_id, read, detail=lambda _: f"artifact {sha256[:12]}"
        )

    def class_list(self, user: User, opportunity: str) -> ClassList:
        """The students enrolled in an opportunity the teacher assesses (an admin: any), with the levels
        recorded so far and the pieces waiting to be verified; each student audited."""
        with self._transaction() as (_, cur):
            enrolled = sorted(assessors.enrolled(cur, [opportunity]))
        if not enrolled:  # nobody to show: nothing of any student is read
            return ClassList(opportunity=opportunity, students=[], levels={}, waiting=[])
        return self._run_for(
            user,
            Action.RECORD_EVIDENCE,
            enrolled,
            lambda x: _class(x, opportunity),
            detail=lambda c: f"class of {opportunity}: {len(c.students)} students",
            target=lambda _: (opportunity, None),
        )

    # --- time passes --------------------------------------------------------------------------------

    def advance_term(self, user: User) -> TermAdvanced:
        """The calendar's current term moves to the next one (admins: ``manage_catalog``): items of the
        term that ended are then past (records/progress.py)."""
        return self._run(
            user,
            Action.MANAGE_CATALOG,
            None,
            _advance,
            detail=lambda t: f"term advanced from {t.before} to {t.after}",
        )

    def progress(self, user: User, student_id: str) -> list[ItemProgress]:
        """The current plan's items as time has left them: completed, incomplete, missed, in progress, upcoming."""

        def read(x: Ctx) -> list[ItemProgress]:
            head = plans.head(x.cur, student_id)
            catalog = x.store.catalog(x.cur)
            student = x.store.student(student_id, x.cur)
            requirements = catalog.requirement_set(student.requirement_set)
            whole = learner(student, evidence.current(x.cur, [student_id]), requirements)
            return progress(head.plan if head else None, whole, catalog)

        return self._run(user, Action.VIEW_PLAN, student_id, read)

    # --- the learner and the graduation audit -------------------------------------------------------

    def learner(self, user: User, student_id: str) -> Student:
        """The student with the learning record's verified evidence: what a plan is made for."""

        def read(x: Ctx) -> Student:
            student = x.store.student(student_id, x.cur)
            requirements = x.store.catalog(x.cur).requirement_set(student.requirement_set)
            return learner(student, evidence.current(x.cur, [student_id]), requirements)

        return self._run(user, Action.VIEW_RECORD, student_id, read)

    def graduation_audit(self, user: User, student_id: str) -> GraduationAudit:
        return self._run(
            user,
            Action.VIEW_RECORD,
            student_id,
            lambda x: _audits(x, [student_id])[0],
            detail=lambda a: f"graduation audit: {'on track' if a.on_track else 'off track'}",
        )

    def graduation_audits(self, user: User, student_ids: Sequence[str]) -> list[GraduationAudit]:
        """Many students' audits in one read (a cohort), each student authorized and audited."""
        return self._run_for(
            user,
            Action.VIEW_RECORD,
            list(student_ids),
            lambda x: _audits(x, student_ids),
            detail=lambda found: f"{len(found)} graduation audits",
        )


class TermAdvanced(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    before: str
    after: str


def _advance(x: Ctx) -> TermAdvanced:
    calendar = x.store.calendar(x.cur)
    if calendar is None:
        raise InputError([Problem("", "calendar", "", "the district has no calendar yet")])
    after = next_term(calendar)
    if after is None:
        raise InputError(
            [
                Problem(
                    "",
                    "calendar",
                    "terms",
                    f"{calendar.first_plannable_term} is the calendar's last term; import the next terms first",
                )
            ]
        )
    x.store.put_calendar(x.cur, calendar.model_copy(update={"first_plannable_term": after}))
    return TermAdvanced(before=calendar.first_plannable_term, after=after)


class ClassList(BaseModel):
    """A teacher's class for one opportunity: its students, and each one's current level per outcome."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    opportunity: str
    students: list[Student]
    levels: dict[str, dict[str, str]]
    waiting: list[EvidenceEntry]


def _class(x: Ctx, opportunity: str) -> ClassList:
    enrolled = assessors.enrolled(x.cur, [opportunity])
    students = x.store.students(x.cur, ids=sorted(enrolled))
    levels: dict[str, dict[str, str]] = {}
    waiting = []
    for e in evidence.current(x.cur, [s.id for s in students]):
        if e.opportunity != opportunity:
            continue
        if e.state is EvidenceState.VERIFIED:
            levels.setdefault(e.student_id, {})[e.competency] = e.level
        elif e.state is EvidenceState.SUBMITTED:
            waiting.append(e)
    return ClassList(opportunity=opportunity, students=students, levels=levels, waiting=waiting)


def _visible_entries(user: User, entries: list[EvidenceEntry]) -> list[EvidenceEntry]:
    """A teacher sees the evidence of the opportunities they assess; everyone else allowed sees all."""
    if user.role is Role.TEACHER:
        return [e for e in entries if e.opportunity in user.opportunities]
    return entries


class _Item(BaseModel):
    """What the audit reads of a stored plan item (the rest of the plan is not parsed)."""

    model_config = ConfigDict(extra="ignore")

    opportunity: str
    start_term: str
    end_term: str
    competencies: list[str]


class _Term(BaseModel):
    model_config = ConfigDict(extra="ignore")

    items: list[_Item] = []


class _Plan(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: PlanStatus
    terms: list[_Term] = []


def _planned_items(cur: Cursor, student_ids: list[str]) -> dict[str, list[_Item]]:
    """The items of each student's current plan (none when the solver found no plan), read lightly: a
    cohort's audit would otherwise spend most of its time validating meeting times it never reads."""
    found = {}
    for student_id, text in cur.execute(
        "SELECT student_id, plan_json FROM plan_versions WHERE list_contains(?, student_id) "
        "QUALIFY version = max(version) OVER (PARTITION BY student_id)",
        [student_ids],
    ).fetchall():
        plan = _Plan.model_validate_json(text)
        found_plan = has_plan(PlanResult(status=plan.status, student=student_id))  # the one answer
        found[student_id] = [i for t in plan.terms for i in t.items] if found_plan else []
    return found


def _audits(x: Ctx, student_ids: Sequence[str]) -> list[GraduationAudit]:
    catalog = x.store.catalog(x.cur)
    students = x.store.students(x.cur, ids=list(student_ids))
    found = {s.id for s in students}
    missing = [s for s in student_ids if s not in found]
    if missing:
        raise InputError([Problem("", f"student {missing[0]!r}", "", "no such student")])
    entries: dict[str, list[EvidenceEntry]] = {}
    for e in evidence.current(x.cur, list(student_ids)):
        entries.setdefault(e.student_id, []).append(e)
    heads = _planned_items(x.cur, list(student_ids))
    placed: dict[str, list[tuple[str, str]]] = {}
    for p in placements.of_students(x.cur, list(student_ids)):
        placed.setdefault(p.student_id, []).append((p.opportunity, p.term))
    return [
        graduation_audit(
            s,
            entries.get(s.id, []),
            heads.get(s.id, []),
            catalog,
            placed.get(s.id, []),
        )
        for s in students
    ]
