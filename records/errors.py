"""The errors of the student-record service. Each message is a sentence a user can act on, and none
holds student data beyond ids, names of accounts and version numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from records.plans import PlanVersion


class RecordsError(Exception):
    """Base of every error the service raises on purpose."""


class AccessDenied(RecordsError):
    """The signed-in user may not do this to this student's record (the attempt is in the audit log)."""


class SignInError(RecordsError):
    """Wrong user name or password, or a disabled account: one message for all, on purpose."""


class WrongCredentialsError(SignInError):
    """A user name and password that do not match an active account: a guess, as the throttle counts."""


class SessionExpiredError(RecordsError):
    """The session is unknown, signed out or past its expiry: sign in again."""


class AccountError(RecordsError):
    """An account cannot be created or changed as asked (taken name, weak password, unknown student...)."""


class PlanStateError(RecordsError):
    """A step of the plan's life that does not apply to its current state (e.g. approving a draft)."""


class ConflictError(RecordsError):
    """Someone else saved the plan after the version this change started from: nothing was saved.

    ``theirs`` is the newer version (who saved it, when, what changed, and the plan itself), so that the
    caller can show it and let the user redo their change on top of it.
    """

    def __init__(self, theirs: PlanVersion, based_on: int) -> None:
        self.theirs = theirs
        self.based_on = based_on
        when = theirs.saved_at.strftime("%Y-%m-%d %H:%M UTC")
        started = f"version {based_on}" if based_on else "no plan"
        super().__init__(
            f"Your change was not saved: {theirs.author_name} ({theirs.author_role}) saved version "
            f"{theirs.version} at {when} ({theirs.summary}), after you started from {started}. "
            f"Look at version {theirs.version} and make your change again."
        )
