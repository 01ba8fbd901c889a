"""Who may do what to which student's record: the role matrix as data, and the one function that
decides every (user, action, student) question.

A cell of the matrix is a scope: ``OWN`` (only students linked to the account: a student's own record,
a family member's student(s), an advisor's caseload, the students enrolled in what a teacher assesses,
the student of a supervisor's placement), ``ANY`` (every student) or ``NONE``. System actions
(accounts, catalog) concern no student: for them only ``ANY`` and ``NONE`` appear. The README table
(docs/accounts.md) is this matrix; a test walks every cell of both against each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from records.accounts import Role, User


class Action(StrEnum):
    VIEW_RECORD = "view_record"  # profile, evidence and the graduation audit
    VIEW_PLAN = "view_plan"  # the plan, its versions and its comments
    EDIT_PLAN = "edit_plan"  # save a new draft, or restore an earlier version as a new draft
    PROPOSE_PLAN = "propose_plan"  # draft -> proposed
    APPROVE_PLAN = "approve_plan"  # proposed -> approved
    ACKNOWLEDGE_PLAN = "acknowledge_plan"  # approved -> acknowledged
    COMMENT = "comment"  # write in the plan's comment thread
    VIEW_CHAT = "view_chat"  # read the student's conversation with the chat
    CHAT = "chat"  # talk with the chat (the conversation is kept)
    EDIT_RECORD = "edit_record"  # change the profile or the evidence
    EXPORT_RECORD = "export_record"  # the whole record as JSON
    IMPORT_RECORD = "import_record"  # load a whole record from JSON
    SUBMIT_EVIDENCE = "submit_evidence"  # a portfolio piece, to be verified by an assessor
    RECORD_EVIDENCE = "record_evidence"  # assess: record, verify, return or correct evidence
    VIEW_HOURS = "view_hours"  # placements and their timesheets
    LOG_HOURS = "log_hours"  # submit a timesheet entry
    APPROVE_HOURS = "approve_hours"  # approve or reject a timesheet entry
    MANAGE_PLACEMENTS = "manage_placements"  # create a placement, issue or revoke its supervisor link
    VIEW_AUDIT = "view_audit"  # system: read the audit log (of every student or of one)
    MANAGE_ACCOUNTS = "manage_accounts"  # system: create, link, disable accounts
    MANAGE_CATALOG = "manage_catalog"  # system: import and change the catalog, advance the term
    PLAN_COHORT = "plan_cohort"  # system: plan many students at once and read cohort runs
    CHOOSE_LANGUAGE = "choose_language"  # system: the account's own reading language (the page's switch)


SYSTEM_ACTIONS = frozenset(
    {
        Action.VIEW_AUDIT,
        Action.MANAGE_ACCOUNTS,
        Action.MANAGE_CATALOG,
        Action.PLAN_COHORT,
        Action.CHOOSE_LANGUAGE,
    }
)


class Scope(StrEnum):
    NONE = "none"
    OWN = "own"
    ANY = "any"


NO = Scope.NONE
OWN = Scope.OWN
ANY = Scope.ANY

# Columns: student, family, advisor, admin, teacher, supervisor.
_TABLE: dict[Action, tuple[Scope, Scope, Scope, Scope, Scope, Scope]] = {
    Action.VIEW_RECORD: (OWN, OWN, OWN, ANY, OWN, NO),
    Action.VIEW_PLAN: (OWN, OWN, OWN, ANY, NO, NO),
    Action.EDIT_PLAN: (OWN, NO, OWN, NO, NO, NO),
    Action.PROPOSE_PLAN: (OWN, NO, OWN, NO, NO, NO),
    Action.APPROVE_PLAN: (NO, NO, OWN, NO, NO, NO),
    Action.ACKNOWLEDGE_PLAN: (NO, OWN, NO, NO, NO, NO),
    Action.COMMENT: (OWN, OWN, OWN, NO, NO, NO),
    Action.VIEW_CHAT: (OWN, NO, OWN, NO, NO, NO),
    Action.CHAT: (OWN, NO, NO, NO, NO, NO),
    Action.EDIT_RECORD: (NO, NO, OWN, ANY, NO, NO),
    Action.EXPORT_RECORD: (NO, NO, OWN, ANY, NO, NO),
    Action.IMPORT_RECORD: (NO, NO, NO, ANY, NO, NO),
    Action.SUBMIT_EVIDENCE: (OWN, NO, NO, NO, NO, NO),
    Action.RECORD_EVIDENCE: (NO, NO, NO, ANY, OWN, OWN),
    Action.VIEW_HOURS: (OWN, OWN, OWN, ANY, OWN, OWN),
    Action.LOG_HOURS: (OWN, NO, NO, NO, NO, NO),
    Action.APPROVE_HOURS: (NO, NO, NO, NO, NO, OWN),
    Action.MANAGE_PLACEMENTS: (NO, NO, OWN, ANY, OWN, NO),
    Action.VIEW_AUDIT: (NO, NO, NO, ANY, NO, NO),
    Action.MANAGE_ACCOUNTS: (NO, NO, NO, ANY, NO, NO),
    Action.MANAGE_CATALOG: (NO, NO, NO, ANY, NO, NO),
    Action.PLAN_COHORT: (NO, NO, NO, ANY, NO, NO),
    Action.CHOOSE_LANGUAGE: (NO, ANY, NO, NO, NO, NO),
}
_COLUMNS = (Role.STUDENT, Role.FAMILY, Role.ADVISOR, Role.ADMIN, Role.TEACHER, Role.SUPERVISOR)

OPPORTUNITY_ACTIONS = frozenset(
    {Action.RECORD_EVIDENCE, Action.VIEW_HOURS, Action.APPROVE_HOURS, Action.MANAGE_PLACEMENTS}
)
"""Actions that concern one opportunity (and, for hours, one placement): a teacher may do them only for
the opportunities they assess, a supervisor only for the placement of their link."""

SCOPED_BY_OPPORTUNITY = frozenset({Role.TEACHER, Role.SUPERVISOR})
"""The roles whose ``OWN`` also asks for the opportunity (and a supervisor's, the placement)."""

MATRIX: dict[tuple[Role, Action], Scope] = {
    (role, action): scopes[i] for action, scopes in _TABLE.items() for i, role in enumerate(_COLUMNS)
}
"""The role matrix: (role, action) -> scope."""


@dataclass(frozen=True)
class Decision:
    """Allowed or not, and why in words (shown to the user when refused)."""

    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def _words(action: Action) -> str:
    return action.value.replace("_", " ")


def authorize(
    user: User,
    action: Action,
    student_id: str | None,
    *,
    opportunity: str | None = None,
    placement: int | None = None,
) -> Decision:
    """Decide whether ``user`` may do ``action`` to the record of ``student_id`` (None for system actions).

    ``opportunity`` (and ``placement``) name what an action of ``OPPORTUNITY_ACTIONS`` concerns: evidence
    from that opportunity (None: credit by demonstration), hours at that placement. This is the only
    place such a question is answered; the service calls it on every read and write of student data,
    with the account as the database holds it now (a supervisor's, as their link gives it).
    """
    who = f"{user.id} ({user.role.value})"
    if not user.active:
        return Decision(False, f"the account {user.id} is disabled")
    scope = MATRIX.get((user.role, action), Scope.NONE)
    if action in SYSTEM_ACTIONS:
        if student_id is not None:
            return Decision(False, f"{_words(action)} concerns no student")
        if scope is Scope.ANY:
            return Decision(True, f"{who} may {_words(action)}")
        return Decision(False, f"{who} may not {_words(action)}")
    if student_id is None:
        return Decision(False, f"{_words(action)} needs a student")
    if scope is Scope.ANY:
        return Decision(True, f"{who} may {_words(action)} for any student")
    if scope is Scope.OWN and student_id in user.students:
        if user.role in SCOPED_BY_OPPORTUNITY and action in OPPORTUNITY_ACTIONS:
            theirs = placement in user.placements and opportunity in user.opportunities
            if user.role is Role.SUPERVISOR and not theirs:
                return Decision(False, f"{who} may {_words(action)} only for the placement of their link")
            if opportunity is None or opportunity not in user.opportunities:
                return Decision(False, f"{who} may {_words(action)} only for the opportunities they assess")
        return Decision(True, f"{who} may {_words(action)} for a linked student")
    if scope is Scope.OWN:
        # The same words whether or not the student exists: a refusal never confirms an id.
        return Decision(False, f"{who} may {_words(action)} only for their own students")
    return Decision(False, f"{who} may not {_words(action)}")
