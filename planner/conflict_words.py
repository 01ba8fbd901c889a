"""The sentences that say why a set of the student's wishes leaves no plan (planner/explain.py finds
the set and what it blocks): kept as phrases (core/phrases.py), so a family reads them in its language.
"""

from __future__ import annotations

from core.i18n import N_
from core.phrases import Listing, Phrase
from planner.context import term_ref
from planner.domain import Wish, WishKind
from planner.instance import Instance
from planner.wishes import KeepLocked


def quoted(wishes: list[Wish]) -> Listing:
    """The wishes in quotation marks: '"no Fridays" and "at most 10 hours a week"'."""
    return Listing(items=[w.phrase or w.text for w in wishes], quoted=True)


def _they(one: bool, it: str, they: str) -> str:
    """The message for one wish ('It leaves ...') or for several ('Together they leave ...')."""
    return it if one else they


def conflict_sentences(
    inst: Instance, core: list[str], blocked: list[str], details: list[Phrase]
) -> list[Phrase]:
    """The message for a minimal conflict of wishes (``core``), given the competencies it leaves
    uncoverable (``blocked``) and why (``details``, planner.explain.blocked_competencies)."""
    wishes = [inst.wish(w) for w in core]
    one = len(core) == 1
    parts = [
        Phrase.of(
            _they(
                one,
                N_("Your wish {wishes} cannot hold."),
                N_("Your wishes {wishes} cannot all hold together."),
            ),
            wishes=quoted(wishes),
        )
    ]
    said = Listing(items=list(details), sep="; ")
    if blocked:
        leaves = _they(
            one,
            N_("It leaves {named} uncoverable: {details}."),
            N_("Together they leave {named} uncoverable: {details}."),
        )
        parts.append(
            Phrase.of(leaves, named=Listing(items=[inst.comp_ref(c) for c in blocked]), details=said)
        )
    elif details:
        parts.append(Phrase(message=N_("{details}."), args={"details": said}, capital=True))
    else:
        parts.append(_no_room(inst, core, one))
    parts.append(Phrase.of(_they(one, N_("Relax it to get a plan."), N_("Relax one of them to get a plan."))))
    return parts


def _no_room(inst: Instance, core: list[str], one: bool) -> Phrase:
    """The sentence for a conflict of wishes that leaves no single competency uncoverable."""
    target = term_ref(inst.calendar.terms[inst.calendar.index(inst.student.target_graduation_term)])
    chosen = [w for w in inst.student_wishes if w.id in core]
    locked = [w.lock.opportunity for w in chosen if isinstance(w, KeepLocked)]
    kinds = {w.kind for w in chosen}
    hours = {WishKind.HOURS_CAP, WishKind.PACE_LOAD} & kinds
    contents = {frozenset(inst.opps[o].competencies) for o in locked}
    titles = Listing(items=[inst.opp_ref(o) for o in locked])
    if len(locked) == len(core) and len(locked) > 1 and len(contents) == 1:
        return Phrase.of(
            N_("{titles} earn the same competencies, so only one can be planned."), titles=titles
        )
    if WishKind.DEADLINE in kinds and hours:
        return Phrase.of(
            _they(
                one,
                N_("It leaves too few hours a week before {target} for everything you still need."),
                N_("Together they leave too few hours a week before {target} for everything you still need."),
            ),
            target=target,
        )
    if WishKind.DEADLINE in kinds:
        return Phrase.of(
            _they(
                one,
                N_("It leaves too few terms (or free times) before {target} for everything you still need."),
                N_(
                    "Together they leave too few terms (or free times) before {target} for everything you "
                    "still need."
                ),
            ),
            target=target,
        )
    if hours:
        return Phrase.of(
            _they(
                one,
                N_("It leaves too few hours a week for everything you still need."),
                N_("Together they leave too few hours a week for everything you still need."),
            )
        )
    if locked:
        return Phrase.of(
            _they(
                one,
                N_("It leaves no way to fit {titles} with everything you still need."),
                N_("Together they leave no way to fit {titles} with everything you still need."),
            ),
            titles=titles,
        )
    return Phrase.of(
        _they(
            one,
            N_("It leaves no way to fit everything you still need into your terms."),
            N_("Together they leave no way to fit everything you still need into your terms."),
        )
    )
