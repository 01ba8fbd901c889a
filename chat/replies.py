"""The chat's wording: templates from ``data/chat/replies.json`` and helpers that put plans, changes,
times and lists into words.

Every value filled into a template comes from the catalog (titles, codes, statements), the calendar
(term names), the student's record or the solver (explanations, reasons), so a reply never names an
opportunity or a competency that does not exist. Replies are plain text.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from chat.dialogue_state import TOPICS, Option
from core.errors import InputError, Problem
from core.schema import Mode, Opportunity, OpportunityKind, Student, TimeBlock, format_clock
from core.settings import PROJECT_ROOT
from core.words import MODE_WORDS, hours_text
from planner.diff import ItemChange, PlanDiff
from planner.domain import PlanResult, WishKind
from planner.edits import Wishes
from planner.explain import join

DEFAULT_REPLIES = PROJECT_ROOT / "data" / "chat" / "replies.json"

PROFILE_CHARS = 160
"""The opening quotes the student's words about interests and goals in whole sentences up to about this long."""
STATEMENT_CHARS = 70
"""A competency statement quoted in a reply is cut to about this many characters."""


class Wording:
    """The templates of ``data/chat/replies.json``. ``say(key, **values)`` fills one in."""

    def __init__(self, templates: dict[str, Any], source: str = "") -> None:
        self.templates = templates
        self.source = source

    def say(self, key: str, **values: Any) -> str:
        """The template ``key`` (``"ask.hours"`` reaches into a group) with the values filled in."""
        group, _, name = key.partition(".")
        template = self.templates[group][name] if name else self.templates[group]
        return str(template).format_map(values)

    def answers(self, topic: str) -> list[Option]:
        """The answers offered to an onboarding question, as buttons: "Label" (said as is) or "Label=said"."""
        options = []
        for part in self.say(f"answers.{topic}").split("|"):
            label, _, said = part.strip().partition("=")
            options.append(Option(value=said.strip() or label.strip(), label=label.strip()))
        return options

    # --- pieces -------------------------------------------------------------------------------

    def kind(self, kind: OpportunityKind) -> str:
        return str(self.templates["kinds"][kind.value])

    def mode(self, mode: Mode) -> str:
        return MODE_WORDS[mode]

    def block(self, block: TimeBlock) -> str:
        """'on Tuesdays' for a whole day, else 'on Tuesdays 14:00-19:00'."""
        day = self.templates["days"][block.day.value]
        if block.whole_day:
            return self.say("busy_day", day=day)
        return self.say("busy_span", day=day, start=format_clock(block.start), end=format_clock(block.end))

    def blocks(self, blocks: list[TimeBlock]) -> str:
        return join([self.block(b) for b in blocks])

    def when(self, opp: Opportunity) -> str:
        """When an opportunity meets (or that it is self-paced) and the seasons it starts in."""
        times = (
            self.say("meets", times=join([str(m) for m in opp.meetings]))
            if opp.meetings
            else self.say("self_paced")
        )
        seasons = self.say("seasons", seasons=join([s.value for s in opp.seasons], "or"))
        return f"{times}, {seasons}"

    # --- plans and changes ----------------------------------------------------------------------

    def plan(self, plan: PlanResult, titles: dict[str, str], term: str | None = None) -> list[str]:
        """One line per term that has something in it: the items that start, those that continue."""
        lines = []
        for t in plan.terms:
            if term is not None and t.term != term:
                continue
            if not t.items and not t.continuing:
                continue
            parts = [
                self.say(
                    "plan_item_locked" if i.locked else "plan_item",
                    title=i.title,
                    hours=hours_text(i.weekly_hours),
                )
                for i in t.items
            ]
            parts += [self.say("plan_continuing", title=titles.get(o, o)) for o in t.continuing]
            lines.append(
                "- "
                + self.say("plan_term", term=t.name, hours=hours_text(t.weekly_hours), items=", ".join(parts))
            )
        return lines

    def diff(self, diff: PlanDiff) -> list[str]:
        """'Added ...', 'Removed ...', 'Moved ...' sentences (nothing when nothing changed)."""

        def at(changes: list[ItemChange], term: str) -> str:
            return join([self.say("diff_at", title=c.title, term=getattr(c, term)) for c in changes])

        lines = []
        if diff.added:
            lines.append(self.say("diff_added", items=at(diff.added, "after")))
        if diff.removed:
            lines.append(self.say("diff_removed", items=at(diff.removed, "before")))
        if diff.moved:
            moves = [self.say("diff_move", title=c.title, before=c.before, after=c.after) for c in diff.moved]
            lines.append(self.say("diff_moved", items=join(moves)))
        return lines

    def relax_label(self, kind: WishKind, wish_text: str) -> str:
        return self.say(f"relax.{kind.value}", wish=wish_text)

    def ordinal(self, word: str) -> int | None:
        """'second' -> 2, 'last' -> -1; None for any other word."""
        value = self.templates["ordinals"].get(word)
        return int(value) if value is not None else None

    # --- the student's wishes -------------------------------------------------------------------

    def modes(self, student: Student) -> str:
        """'only online opportunities', 'any mode, preferring in-person' or 'any mode'."""
        allowed = [m for m in Mode if m in student.allowed_modes]
        if len(allowed) < len(Mode):
            return self.say("modes_only", modes=join([self.mode(m) for m in allowed], "or"))
        if student.preferred_modes:
            return self.say("modes_prefer", modes=join([self.mode(m) for m in student.preferred_modes], "or"))
        return self.say("modes_any")

    def changes(self, old: Wishes, new: Wishes, titles: dict[str, str], terms: dict[str, str]) -> list[str]:
        """What differs between two sets of wishes, in words ('you're busy on Tuesdays', 'you keep X')."""
        a, b = old.student, new.student
        said = []
        if a.target_graduation_term != b.target_graduation_term:
            term = b.target_graduation_term
            said.append(self.say("change_target", term=terms.get(term, term)))
        if a.unavailable != b.unavailable:
            added = [x for x in b.unavailable if x not in a.unavailable]
            if len(added) == len(b.unavailable) - len(a.unavailable):
                said.append(self.say("change_busy", blocks=self.blocks(added)))
            elif b.unavailable:
                said.append(self.say("change_busy_now", blocks=self.blocks(b.unavailable)))
            else:
                said.append(self.say("change_busy_none"))
        if a.max_hours_per_week != b.max_hours_per_week:
            said.append(self.say("change_hours", hours=hours_text(b.max_hours_per_week)))
        if a.pace != b.pace:
            said.append(self.say("change_pace", pace=b.pace.value))
        if (a.allowed_modes, a.preferred_modes) != (b.allowed_modes, b.preferred_modes):
            said.append(self.say("change_modes", modes=self.modes(b)))
        if a.interests != b.interests:
            said.append(self.say("change_interests"))
        if a.career_goals != b.career_goals:
            said.append(self.say("change_career"))
        before, after = {lk.opportunity for lk in old.edits.locks}, {lk.opportunity for lk in new.edits.locks}
        said += [self.say("change_lock", title=titles.get(o, o)) for o in sorted(after - before)]
        said += [self.say("change_unlock", title=titles.get(o, o)) for o in sorted(before - after)]
        out, back = (
            set(new.edits.exclusions) - set(old.edits.exclusions),
            set(old.edits.exclusions) - set(new.edits.exclusions),
        )
        said += [self.say("change_exclude", title=titles.get(o, o)) for o in sorted(out)]
        said += [self.say("change_include", title=titles.get(o, o)) for o in sorted(back)]
        for wish in [w for w in new.edits.wishes_off if w not in old.edits.wishes_off]:
            said.append(self.say("change_off", wish=self.say(f"off.{wish}")))
        return said or [self.say("change_none")]


def sentences(text: str, limit: int = PROFILE_CHARS) -> str:
    """The student's own words, whole sentences only: the first one, and the next ones while the quote
    stays under ``limit`` characters (a quote is never cut inside a sentence)."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", text.strip()) if p.strip()]
    kept = parts[:1]
    for part in parts[1:]:
        if len(" ".join([*kept, part])) > limit:
            break
        kept.append(part)
    return " ".join(kept).rstrip(".")


def short(statement: str) -> str:
    """A competency statement cut to a readable length at a word boundary."""
    text = statement.strip().rstrip(".")
    if len(text) <= STATEMENT_CHARS:
        return text
    return text[:STATEMENT_CHARS].rsplit(" ", 1)[0] + "..."


def _check(raw: Any, path: Path) -> list[Problem]:
    """Every problem with the file: not an object, a value that is not text, a missing group entry."""
    where = str(path)
    if not isinstance(raw, dict):
        return [Problem(where, "", "", "the replies file must hold one JSON object")]
    problems = []
    groups: dict[str, list[str]] = {
        "ask": list(TOPICS),
        "relax": [k.value for k in WishKind],
        "kinds": [k.value for k in OpportunityKind],
        "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "off": ["deadline", "hours_cap", "pace_load"],
        "which": ["lock", "exclude", "swap", "why"],
        "noted_load": ["lighter", "standard", "fuller"],
        "answers": list(TOPICS),
    }
    for key, value in raw.items():
        if key == "ordinals":
            if not isinstance(value, dict) or not all(isinstance(v, int) for v in value.values()):
                problems.append(Problem(where, "", key, "must map words to numbers"))
        elif key in groups:
            if not isinstance(value, dict):
                problems.append(Problem(where, "", key, "must be an object of templates"))
                continue
            for name in groups[key]:
                if not isinstance(value.get(name), str):
                    problems.append(Problem(where, "", f"{key}.{name}", "is missing or not text"))
        elif not isinstance(value, str):
            problems.append(Problem(where, "", key, "must be text"))
    for key in [*groups, "ordinals"]:
        if key not in raw:
            problems.append(Problem(where, "", key, "is missing"))
    return problems


def load_wording(path: Path = DEFAULT_REPLIES) -> Wording:
    """Read and check the replies file; a bad file raises InputError naming the entry."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError([Problem(str(path), "", "", f"cannot read the replies: {exc}")]) from exc
    problems = _check(raw, path)
    if problems:
        raise InputError(problems)
    return Wording(raw, str(path))


@lru_cache(maxsize=1)
def default_wording() -> Wording:
    """The product's wording, read once per process."""
    return load_wording()
