"""The student-record service: the one door to student data for the app and the command line.

Every method that reads or writes a student's record runs through ``_run``: it opens the store for this
one operation (see core/db.py), re-reads the account from the database (so a disabled account or a
changed caseload counts at once, and a ``User`` object edited by a caller gains nothing), asks
``authorize``, writes the audit entry (refusals too), and only then touches the record, all in one
transaction. There is no other way from here to a student's data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import duckdb

from core.errors import InputError, Problem
from core.schema import Student
from core.store import Cursor
from planner.domain import PlanResult
from planner.edits import PlanEdits
from present.transcript import TranscriptData
from records import accounts, audit, chat, credit, evidence, plans, transcripts, transfer
from records.access import Action, authorize
from records.accounts import NewUser, SignedIn, User
from records.audit import AUDIT_PAGE, AuditEntry
from records.chat import ChatMessage, Speaker
from records.cohort import CohortRecords
from records.core import Ctx, T
from records.district_admin import DistrictRecords
from records.errors import AccessDenied, ConflictError, SignInError, WrongCredentialsError
from records.first_plans import FirstPlanRecords
from records.learning import LearningRecords
from records.plans import Comment, PlanAction, PlanVersion, VersionInfo
from records.throttle import SIGN_IN
from records.transfer import StudentRecord
from records.worklog import WorkLog

CASELOAD = "view_caseload"
"""The audit action of reading a caseload: every student an account may see, with their plans' heads."""

MAX_STUDENT_ID_LENGTH = 200
"""Longest student id a page parameter may carry (the schema's limit on ids)."""


class Records(LearningRecords, WorkLog, DistrictRecords, CohortRecords, FirstPlanRecords):
    """The record service over one DuckDB file (see RecordsBase for the plumbing, DistrictRecords for
    the catalog, the first setup and the first admin, LearningRecords for evidence and the graduation
    audit, WorkLog for placements, hours and the supervisor's link, CohortRecords for cohort runs)."""

    # --- sessions -----------------------------------------------------------------------------------

    def _check_password(
        self, username: object, password: object, route: str, then: Callable[[Cursor, User], T]
    ) -> T:
        """Check a password (after the throttle) and go on with the account; a failure is audited
        with the hashed user name and the route, and raised as ``SignInError``."""
        now = self.now()
        with self._transaction() as (_, cur):
            refusal = self.throttle.refusal(cur, username, now) if self.throttle else None
            if refusal is not None:
                audit.record_failed_sign_in(cur, username, route, held=True, now=now)
                failure: SignInError = SignInError(refusal)
            else:
                try:
                    user = accounts.authenticate(cur, username, password)
                except WrongCredentialsError as exc:
                    audit.record_failed_sign_in(cur, username, route, now=now)
                    failure = exc
                else:
                    if user.demo and not accounts.sample_loaded(cur):
                        audit.record(cur, user, SIGN_IN, [None], allowed=False, detail=route, now=now)
                        failure = SignInError(accounts.DEMO_REFUSED)
                    else:
                        audit.record(cur, user, SIGN_IN, [None], allowed=True, detail=route, now=now)
                        return then(cur, user)
        raise failure

    def sign_in(self, username: object, password: object) -> SignedIn:
        """Check a password and open a session (the app's sign-in form). ``SignInError`` with one message
        for every wrong name or password; a name with too many recent wrong passwords is refused before
        its password is checked (records/throttle.py)."""
        return self._check_password(
            username, password, audit.PAGE, lambda cur, user: accounts.open_session(cur, user, now=self.now())
        )

    def authenticate(self, username: object, password: object) -> User:
        """Check a password without opening a session (the command line signs in per command), with the
        same throttle and audit as the page."""
        return self._check_password(username, password, audit.COMMAND_LINE, lambda _, user: user)

    def session_user(self, token: object) -> User:
        """The account of a live session, or ``SessionExpiredError``."""
        with self._transaction() as (_, cur):
            return accounts.session_user(cur, token, now=self.now())

    def sign_out(self, token: str) -> None:
        with self._transaction() as (_, cur):
            accounts.sign_out(cur, token)

    def identity_user(self, email: object) -> User:
        """The account for an identity confirmed by the OpenID Connect provider (its e-mail)."""
        if not isinstance(email, str) or not email.strip():
            raise SignInError("the identity provider gave no e-mail address")
        now = self.now()
        with self._transaction() as (_, cur):
            user = accounts.user_by_email(cur, email)
            if user is not None and user.demo and not accounts.sample_loaded(cur):
                user = None
            if user is None or not user.active:
                audit.record_failed_sign_in(cur, email, audit.SINGLE_SIGN_ON, now=now)
            else:
                audit.record(cur, user, SIGN_IN, [None], allowed=True, detail=audit.SINGLE_SIGN_ON, now=now)
        if user is None or not user.active:
            raise SignInError("no active Pathways account uses this e-mail; ask your district's admin")
        return user

    # --- students -----------------------------------------------------------------------------------

    def students(self, user: User) -> list[Student]:
        """The students this account may see (its own, its caseload, or all for an admin), each audited."""
        now = self.now()
        with self._transaction() as (store, cur):
            fresh, visible = _visible(cur, user, Action.VIEW_RECORD)
            if fresh is None:
                return []
            if visible:
                audit.record(cur, fresh, Action.VIEW_RECORD, visible, allowed=True, now=now)
            return store.students(cur, ids=visible)

    def caseload(self, user: User) -> list[tuple[Student, PlanVersion | None]]:
        """The students this account may see, each with the current version of their plan (None: no plan
        yet), in one read and with one audit entry (``view_caseload``, the students' ids in its detail)."""
        now = self.now()
        with self._transaction() as (store, cur):
            fresh, visible = _visible(cur, user, Action.VIEW_PLAN)
            if fresh is None:
                return []
            detail = f"{len(visible)} students: {', '.join(visible)}"
            audit.record(cur, fresh, CASELOAD, [None], allowed=True, detail=detail, now=now)
            heads = plans.heads(cur, visible)
            return [(s, heads.get(s.id)) for s in store.students(cur, ids=visible)]

    def student(self, user: User, student_id: str) -> Student:
        return self._run(user, Action.VIEW_RECORD, student_id, lambda x: x.store.student(student_id, x.cur))

    def update_student(self, user: User, student: Student) -> None:
        """Change a student's profile or evidence (the whole Student is written). A learner (the profile
        with the learning record's verified evidence, ``learner``) is written without what the record
        added: the profile keeps its own evidence list."""

        def write(x: Ctx) -> None:
            catalog = x.store.catalog(x.cur)
            issues = [i for i in catalog.reference_issues([student]) if i[0] == "student"]
            if issues:
                raise InputError([Problem("", f"student {student.id!r}", "", m) for _, _, m in issues])
            stored = x.store.student(student.id, x.cur)
            requirements = catalog.requirement_set(stored.requirement_set)
            recorded = credit.learner(stored, evidence.current(x.cur, [student.id]), requirements).evidence
            x.store.put_students(x.cur, [credit.without_recorded(student, recorded[len(stored.evidence) :])])

        self._run(user, Action.EDIT_RECORD, student.id, write)

    def student_param(
        self,
        user: User,
        params: Mapping[str, object],
        *,
        action: Action = Action.VIEW_PLAN,
        key: str = "student",
    ) -> str | None:
        """The student a page was asked to show (``?student=ID``), checked for this user.

        No parameter: the account's only student when it has exactly one, else None (the page asks).
        A student the user may not reach raises ``AccessDenied`` (and is audited), whatever the id.
        """
        raw = params.get(key)
        if isinstance(raw, list | tuple):
            raw = raw[0] if raw else None
        if raw is None or raw == "":
            with self._transaction() as (_, cur):
                fresh = accounts.get_user(cur, user.id)
            own = sorted(fresh.students) if fresh else []
            return own[0] if len(own) == 1 else None
        if not isinstance(raw, str) or len(raw) > MAX_STUDENT_ID_LENGTH:
            raise AccessDenied("not allowed: that is not a student id")
        student_id = raw.strip()
        return self._run(user, action, student_id, lambda _: student_id, audit_allowed=False)

    # --- plans --------------------------------------------------------------------------------------

    def plan(self, user: User, student_id: str) -> PlanVersion | None:
        """The current plan version, or None when there is none yet."""
        return self._run(
            user,
            Action.VIEW_PLAN,
            student_id,
            lambda x: plans.head(x.cur, student_id),
            detail=lambda v: f"version {v.version}" if v else "no plan",
        )

    def plan_version(self, user: User, student_id: str, version: int) -> PlanVersion:
        return self._run(
            user,
            Action.VIEW_PLAN,
            student_id,
            lambda x: plans.get_version(x.cur, student_id, version),
            detail=lambda v: f"version {v.version}",
        )

    def history(self, user: User, student_id: str) -> list[VersionInfo]:
        """Every version of the plan, newest first: who, when, state, what changed."""
        return self._run(user, Action.VIEW_PLAN, student_id, lambda x: plans.history(x.cur, student_id))

    def _write_plan(
        self,
        user: User,
        action: Action,
        student_id: str,
        based_on: int,
        write: Callable[[Ctx], PlanVersion],
    ) -> PlanVersion:
        """A plan write; two sessions of this process saving at the same instant meet DuckDB's own
        transaction conflict, reported as the same ``ConflictError`` as a stale version."""
        try:
            return self._run(
                user,
                action,
                student_id,
                write,
                detail=lambda v: f"version {v.version}",
            )
        except (duckdb.TransactionException, duckdb.ConstraintException):
            theirs = self.plan(user, student_id)
            if theirs is None:
                raise
            raise ConflictError(theirs, based_on) from None

    def save_plan(
        self,
        user: User,
        student_id: str,
        plan: PlanResult,
        *,
        based_on: int,
        edits: PlanEdits | None = None,
    ) -> PlanVersion:
        """Save an edited plan as the next version (a draft). ``based_on``: the version the edit started
        from (0 when there was no plan); if someone saved since, ``ConflictError`` and nothing is saved."""
        return self._write_plan(
            user,
            Action.EDIT_PLAN,
            student_id,
            based_on,
            lambda x: plans.save_draft(
                x.cur, student_id, x.user, plan, based_on=based_on, edits=edits, now=x.now
            ),
        )

    def restore_version(self, user: User, student_id: str, version: int, *, based_on: int) -> PlanVersion:
        """Make an earlier version the current draft again (as a new version)."""
        return self._write_plan(
            user,
            Action.EDIT_PLAN,
            student_id,
            based_on,
            lambda x: plans.restore(x.cur, student_id, x.user, version, based_on=based_on, now=x.now),
        )

    def _advance(
        self, user: User, action: Action, step: PlanAction, student_id: str, based_on: int
    ) -> PlanVersion:
        return self._write_plan(
            user,
            action,
            student_id,
            based_on,
            lambda x: plans.advance(x.cur, student_id, x.user, step, based_on=based_on, now=x.now),
        )

    def propose(self, user: User, student_id: str, *, based_on: int) -> PlanVersion:
        """Draft -> proposed (ready for the advisor)."""
        return self._advance(user, Action.PROPOSE_PLAN, PlanAction.PROPOSE, student_id, based_on)

    def approve(self, user: User, student_id: str, *, based_on: int) -> PlanVersion:
        """Proposed -> approved, for exactly the version the advisor looked at."""
        return self._advance(user, Action.APPROVE_PLAN, PlanAction.APPROVE, student_id, based_on)

    def acknowledge(self, user: User, student_id: str, *, based_on: int) -> PlanVersion:
        """Approved -> acknowledged by the family, for exactly the version they read."""
        return self._advance(user, Action.ACKNOWLEDGE_PLAN, PlanAction.ACKNOWLEDGE, student_id, based_on)

    def comments(self, user: User, student_id: str) -> list[Comment]:
        return self._run(user, Action.VIEW_PLAN, student_id, lambda x: plans.comments(x.cur, student_id))

    def add_comment(self, user: User, student_id: str, body: str) -> Comment:
        return self._run(
            user,
            Action.COMMENT,
            student_id,
            lambda x: plans.add_comment(x.cur, student_id, x.user, body, now=x.now),
            detail=lambda c: f"comment {c.id}",
        )

    # --- the conversation with the chat --------------------------------------------------------------

    def conversation(self, user: User, student_id: str) -> list[ChatMessage]:
        """The student's conversation with the chat, oldest first (the newest messages)."""
        return self._run(
            user,
            Action.VIEW_CHAT,
            student_id,
            lambda x: chat.conversation(x.cur, student_id),
            detail=lambda m: f"{len(m)} messages",
        )

    def add_chat_turn(self, user: User, student_id: str, said: str | None, reply: str) -> list[ChatMessage]:
        """Keep one turn of the conversation: what the student said (None for the chat's opening) and
        the reply. ``ChatError`` and nothing kept when a message is empty or too long."""
        turn = [(Speaker.STUDENT, said)] if said is not None else []
        turn.append((Speaker.ASSISTANT, reply))
        return self._run(
            user,
            Action.CHAT,
            student_id,
            lambda x: chat.add_messages(x.cur, student_id, x.user, turn, now=x.now),
            detail=lambda m: f"messages {m[0].seq}-{m[-1].seq}",
        )

    def tell_interests(self, user: User, student_id: str, interests: str, career_goals: str) -> Student:
        """Keep what the student told the chat about their interests and career goals (``chat``): the
        two fields of the profile the student's own words fill; the rest stays as the advisor set it."""

        def write(x: Ctx) -> Student:
            data = x.store.student(student_id, x.cur).model_dump()
            student = Student.model_validate({**data, "interests": interests, "career_goals": career_goals})
            x.store.put_students(x.cur, [student])
            return student

        return self._run(user, Action.CHAT, student_id, write, detail=lambda _: "interests and career goals")

    # --- whole records ------------------------------------------------------------------------------

    def transcript(self, user: User, student_id: str) -> TranscriptData:
        """The student's mastery transcript (a read of the record: whoever may view it, audited)."""
        return self._run(
            user,
            Action.VIEW_RECORD,
            student_id,
            lambda x: transcripts.read_transcript(
                x.store,
                x.cur,
                student_id,
                now=x.now,
                visible=lambda p: bool(
                    authorize(
                        x.user, Action.VIEW_HOURS, student_id, opportunity=p.opportunity, placement=p.id
                    )
                ),
            ),
            detail=lambda t: (
                f"{transcripts.TRANSCRIPT}: {len(t.standards)} standards, {len(t.credits)} credits"
            ),
        )

    def export_record(self, user: User, student_id: str) -> StudentRecord:
        return self._run(
            user,
            Action.EXPORT_RECORD,
            student_id,
            lambda x: transfer.build_record(x.store, x.cur, student_id, now=x.now),
            detail=lambda r: f"{len(r.plan_versions)} versions, {len(r.comments)} comments",
        )

    def import_record(
        self, user: User, record: StudentRecord, *, replace: bool = False, source: str = ""
    ) -> None:
        """Write a whole record in one transaction (``InputError`` and nothing written when it does not fit)."""
        self._run(
            user,
            Action.IMPORT_RECORD,
            record.student.id,
            lambda x: transfer.apply_record(x.store, x.cur, record, replace=replace, source=source),
            detail=lambda _: f"{len(record.plan_versions)} versions, replace={replace}",
        )

    # --- accounts and the audit log -----------------------------------------------------------------

    def audit_log(
        self, user: User, *, student_id: str | None = None, limit: int = AUDIT_PAGE
    ) -> list[AuditEntry]:
        """The newest audit entries (of one student when given): admins only."""
        return self._run(
            user,
            Action.VIEW_AUDIT,
            None,
            lambda x: audit.entries(x.cur, student_id=student_id, limit=limit),
            detail=lambda _: f"student {student_id}" if student_id else "all",
        )

    def users(self, user: User) -> list[User]:
        return self._run(user, Action.MANAGE_ACCOUNTS, None, lambda x: accounts.list_users(x.cur))

    def add_user(self, user: User, new: NewUser, *, password: str | None) -> User:
        return self._run(
            user,
            Action.MANAGE_ACCOUNTS,
            None,
            lambda x: accounts.create_user(x.cur, new, password=password, now=x.now),
            detail=lambda u: f"created {u.id} ({u.role.value})",
        )

    def set_user_students(self, user: User, user_id: str, student_ids: list[str]) -> User:
        return self._run(
            user,
            Action.MANAGE_ACCOUNTS,
            None,
            lambda x: accounts.set_links(x.cur, user_id, student_ids),
            detail=lambda u: f"linked {u.id} to {len(u.students)} students",
        )

    def set_own_language(self, user: User, language: str | None) -> User:
        """The signed-in account's own reading language (``choose_language``: a family account, whose
        pages are translated; no student data is touched). Authorized and audited like every change."""
        return self._run(
            user,
            Action.CHOOSE_LANGUAGE,
            None,
            lambda x: accounts.set_language(x.cur, x.user.id, language),
            detail=lambda u: f"set its own language to {u.language or 'en'}",
        )

    def set_user_language(self, user: User, user_id: str, language: str | None) -> User:
        """An account's reading language, set by district staff (``pathways users language``)."""
        return self._run(
            user,
            Action.MANAGE_ACCOUNTS,
            None,
            lambda x: accounts.set_language(x.cur, user_id, language),
            detail=lambda u: f"set the language of {u.id} to {u.language or 'en'}",
        )

    def set_user_active(self, user: User, user_id: str, active: bool) -> User:
        return self._run(
            user,
            Action.MANAGE_ACCOUNTS,
            None,
            lambda x: accounts.set_active(x.cur, user_id, active),
            detail=lambda u: f"{'enabled' if active else 'disabled'} {u.id}",
        )


def _visible(cur: Cursor, user: User, action: Action) -> tuple[User | None, list[str]]:
    """The account as the database holds it now (None: gone), and the ids of the students it may
    ``action``, in the catalog's order."""
    fresh = accounts.get_user(cur, user.id)
    if fresh is None:
        return None, []
    every = [row[0] for row in cur.execute("SELECT id FROM students ORDER BY position, id").fetchall()]
    return fresh, [s for s in every if authorize(fresh, action, s)]
