"""``PlanDiff``: what changed between two plans, the one type the chat, the pages and the plan
history share. Items are compared by opportunity and start term; a plan the solver did not find
(see ``has_plan``) counts as no items. Words for it live in ``present/changes.py`` and in the chat's
reply templates."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planner.domain import PlanResult, PlanStatus, has_plan


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ItemChange(_Model):
    """One item added, removed or moved: its start term before and after (id and name; None when it
    was not in that plan)."""

    opportunity: str
    title: str
    before: str | None = Field(default=None, description="The start term's name in the old plan.")
    after: str | None = Field(default=None, description="The start term's name in the new plan.")
    before_term: str | None = Field(default=None, description="The start term's id in the old plan.")
    after_term: str | None = Field(default=None, description="The start term's id in the new plan.")


class PlanDiff(_Model):
    """Items added, removed and moved (to another start term) from one plan to the next, in the new
    plan's order (removed ones in the old plan's order), and the solver status before and after."""

    added: list[ItemChange] = Field(default_factory=list)
    removed: list[ItemChange] = Field(default_factory=list)
    moved: list[ItemChange] = Field(default_factory=list)
    status_before: PlanStatus | None = None
    status_after: PlanStatus | None = None

    @property
    def items_changed(self) -> bool:
        return bool(self.added or self.removed or self.moved)

    @property
    def empty(self) -> bool:
        """Nothing changed: the same items in the same terms, and the same status."""
        return not self.items_changed and self.status_before == self.status_after

    @classmethod
    def between(cls, old: PlanResult | None, new: PlanResult | None) -> PlanDiff:
        before = _placed(old)
        after = _placed(new)
        diff = cls(
            status_before=old.status if old is not None else None,
            status_after=new.status if new is not None else None,
        )
        for opp, (title, term, name) in after.items():
            if opp not in before:
                diff.added.append(ItemChange(opportunity=opp, title=title, after=name, after_term=term))
            elif before[opp][1] != term:
                _, old_term, old_name = before[opp]
                diff.moved.append(
                    ItemChange(
                        opportunity=opp,
                        title=title,
                        before=old_name,
                        after=name,
                        before_term=old_term,
                        after_term=term,
                    )
                )
        for opp, (title, term, name) in before.items():
            if opp not in after:
                diff.removed.append(ItemChange(opportunity=opp, title=title, before=name, before_term=term))
        return diff


def _placed(plan: PlanResult | None) -> dict[str, tuple[str, str, str]]:
    """Each planned item: (title, start term id, start term name); nothing when there is no plan."""
    if not has_plan(plan):
        return {}
    return {i.opportunity: (i.title, t.term, t.name) for t in plan.terms for i in t.items}
