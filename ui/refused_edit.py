"""An advisor's edit that leaves no plan is not applied: the plan stays as it was, the page says in a
few lines which wishes conflict, and each wish it may let go of is a button that applies the edit with
that wish switched off (``planner.edits.PlanEdits.with_wish_off``).
"""

from __future__ import annotations

import streamlit as st
from pydantic import BaseModel

from core.schema import Catalog
from planner.domain import PlanResult, Wish, has_plan
from records.accounts import User
from ui.resources import interest_fit, load_catalog
from ui.safe_text import md
from ui.workspace import Workspace, keep, load_workspace, replan, with_edits


class RefusedEdit(BaseModel):
    """An edit the solver found no plan for, kept until the advisor relaxes a wish or edits again."""

    note: str  # the edit in words, e.g. "At most 12 hours a week."
    edited: Workspace  # the workspace with the edit, before the re-plan (what a relaxation builds on)
    result: PlanResult  # the solver's answer: no plan, and why

    def conflicting(self) -> list[Wish]:
        return self.result.explanation.conflicting_wishes if self.result.explanation else []

    def relaxable(self, current: PlanResult | None) -> list[Wish]:
        """The conflicting wishes the advisor may let go of to keep the edit: those the current plan
        already held (letting go of the edit's own wish is not applying it, which is the default)."""
        held = {(w.id, w.text) for w in current.wishes} if current is not None else set()
        return [w for w in self.conflicting() if (w.id, w.text) in held]


def refused_key(student_id: str) -> str:
    return f"{student_id}-refused-edit"


def replan_or_refuse(edited: Workspace, catalog: Catalog, note: str) -> bool:
    """Re-plan with an edit and keep the result when it is a plan (or when there was no plan to keep);
    otherwise keep the plan as it was and remember the refusal for the page. True when applied."""
    st.session_state.pop(refused_key(edited.student_id), None)
    result = replan(edited, catalog, interest_fit(edited.saved_student), note)
    if has_plan(result.plan) or not has_plan(edited.plan):
        keep(result)
        return True
    assert result.plan is not None
    st.session_state[refused_key(edited.student_id)] = RefusedEdit(
        note=note, edited=edited, result=result.plan
    )
    return False


def relax(user: User, student_id: str, wish: str) -> None:
    """A relaxation button's callback: the refused edit again, with one conflicting wish switched off."""
    refused: RefusedEdit | None = st.session_state.get(refused_key(student_id))
    if refused is None:
        return
    edited = with_edits(refused.edited, refused.edited.edits.with_wish_off(wish))
    replan_or_refuse(edited, load_catalog(), refused.note)


def dismiss(student_id: str) -> None:
    st.session_state.pop(refused_key(student_id), None)


def refusal_notice(user: User, student_id: str) -> None:
    """The refused edit, the conflict in a few lines (the solver's whole explanation behind a toggle),
    and one button per wish that may be let go of."""
    refused: RefusedEdit | None = st.session_state.get(refused_key(student_id))
    if refused is None:
        return
    conflicting = refused.conflicting()
    lines = [md("**Not applied: {}** No plan can hold it, so the plan below stays as it was.", refused.note)]
    if len(conflicting) > 1:
        lines.append("These wishes cannot all hold together:")
        lines += [md("- {}", w.text) for w in conflicting]
    elif conflicting:
        lines.append(
            md("The wish {} cannot hold with what the diploma still needs.", f'"{conflicting[0].text}"')
        )
    st.warning("  \n".join(lines[:1]) + ("\n\n" + "\n".join(lines[1:]) if len(lines) > 1 else ""))
    if refused.result.message or refused.result.explanation:
        with st.expander("Why, in detail"):
            message = (
                refused.result.explanation.message if refused.result.explanation else refused.result.message
            )
            st.text(message)
    ws = load_workspace(user, student_id)
    for wish in refused.relaxable(ws.plan):
        st.button(
            md('Apply it and let go of "{}"', wish.text),
            key=f"{student_id}-relax-{wish.id}",
            on_click=relax,
            args=(user, student_id, wish.id),
        )
    st.button("Keep the plan as it is", key=f"{student_id}-refused-ok", on_click=dismiss, args=(student_id,))
