"""Who may do what to which student's record: the role matrix as data, and the one function that
decides every (user, action, student) question.

A cell of the matrix is a scope: ``OWN`` (only students linked to the account: a student's own record,
a family member's student(s), an advisor's caseload), ``ANY`` (every student) or ``NONE``. System actions
(accounts, catalog) concern no student: for them only ``ANY`` and ``NONE`` appear. The README table
(docs/accounts.md) is this matrix; a test walks every cell of both against each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from records.accounts import Role, User


class Action(StrEnum):
    VIEW_RECORD = "view_record"  # profile and evidence
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
    VIEW_AUDIT = "view_audit"  # system: read the audit log (of every student or of one)
    MANAGE_ACCOUNTS = "manage_accounts"  # system: create, link, disable accounts
    MANAGE_CATALOG = "manage_catalog"  # system: import and change the catalog


SYSTEM_ACTIONS = frozenset({Action.VIEW_AUDIT, Action.MANAGE_ACCOUNTS, Action.MANAGE_CATALOG})


class Scope(StrEnum):
    NONE = "none"
    OWN = "own"
    ANY = "any"


NO = Scope.NONE
OWN = Scope.OWN
ANY = Scope.ANY

# Columns: student, family, advisor, admin.
_TABLE: dict[Action, tuple[Scope, Scope, Scope, Scope]] = {
    Action.VIEW_RECORD: (OWN, OWN, OWN, ANY),
    Action.VIEW_PLAN: (OWN, OWN, OWN, ANY),
    Action.EDIT_PLAN: (OWN, NO, OWN, NO),
    Action.PROPOSE_PLAN: (OWN, NO, OWN, NO),
    Action.APPROVE_PLAN: (NO, NO, OWN, NO),
    Action.ACKNOWLEDGE_PLAN: (NO, OWN, NO, NO),
    Action.COMMENT: (OWN, OWN, OWN, NO),
    Action.VIEW_CHAT: (OWN, NO, OWN, NO),
    Action.CHAT: (OWN, NO, NO, NO),
    Action.EDIT_RECORD: (NO, NO, OWN, ANY),
    Action.EXPORT_RECORD: (NO, NO, OWN, ANY),
    Action.IMPORT_RECORD: (NO, NO, NO, ANY),
    Action.VIEW_AUDIT: (NO, NO, NO, ANY),
    Action.MANAGE_ACCOUNTS: (NO, NO, NO, ANY),
    Action.MANAGE_CATALOG: (NO, NO, NO, ANY),
}
_COLUMNS = (Role.STUDENT, Role.FAMILY, Role.ADVISOR, Role.ADMIN)

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


def authorize(user: User, action: Action, student_id: str | None) -> Decision:
    """Decide whether ``user`` may do ``action`` to the record of ``student_id`` (None for system actions).

    This is the only place such a question is answered; the service calls it on every read and write
    of student data, with the account as the database holds it now.
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
        return Decision(True, f"{who} may {_words(action)} for a linked student")
    if scope is Scope.OWN:
        # The same words whether or not the student exists: a refusal never confirms an id.
        return Decision(False, f"{who} may {_words(action)} only for their own students")
    return Decision(False, f"{who} may not {_words(action)}")
