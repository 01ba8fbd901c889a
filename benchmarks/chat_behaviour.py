"""Chat behaviour on the held-out set: does each message change what it should, and nothing else?

    .venv/bin/python benchmarks/chat_behaviour.py [--errors] [--json] [--eval FILE] [--limit N]

The sample district is imported into a temporary DuckDB and each message goes through the real dialogue
engine (``chat.dialogue.ChatSession``, the model and the solver; no matcher, as in
tests/chat/test_dialogue_sample.py), from the same start: the file's student after the opening, with the
file's plan (when the solver's first plan differs, the file's items are pinned by a solve with them locked,
the wishes left as they were). An item's ``before`` messages are sent first. Then:

- a ``must_not_change`` message must leave the plan's items (opportunity and start term) and the wishes
  (the student's profile as edited, locks, exclusions, switched-off wishes) exactly as they were;
- any other message may only change the parts of the wishes its expected intents own (busy times for
  tell_availability, hours for tell_hours, edits for lock / exclude / swap...), and must do what each
  expected request asks: the busy block is covered and the free one is not, the hours / pace / target /
  modes / interests / goal are the ones said, a locked item is kept (in the named term) and planned, an
  excluded or swapped-out item is excluded and not planned, a swapped-in item is kept and planned;
  ``undo`` brings back the wishes and plan from before the last ``before`` message.

A message that should change something but gets a question back instead (a confirmation before dropping
several items, a choice between titles, or "I can't make a plan with that" and the relaxations), with
nothing changed, is counted apart as "asked": not wrong, not done. Re-plans get the full solver time limit
(``--replan-limit``, 10 s) instead of the interactive one, so that a busy machine measures behaviour, not speed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from chat_eval import TEXT_MATCH  # a stored career goal is the one said at the same closeness
from rapidfuzz import fuzz

from catalog.district import import_district
from chat import NLU
from chat.dialogue import ChatSession
from chat.dialogue_engine import ChatEngine
from chat.dialogue_state import DialogueState
from core.schema import TimeBlock
from core.settings import PROJECT_ROOT, Settings, get_settings
from core.store import Store
from matcher.embeddings import load_model
from planner.domain import has_plan

HELDOUT_FILE = PROJECT_ROOT / "data" / "eval" / "chat_heldout.json"
# The part of the wishes each intent may change; an intent not listed may change nothing.
OWNS: dict[str, set[str]] = {
    "tell_availability": {"busy times"}, "tell_hours": {"hours"}, "tell_pace": {"pace"},
    "tell_mode": {"modes"}, "tell_interests": {"interests"}, "tell_career_goal": {"career goal"},
    "lock": {"locks", "exclusions"}, "exclude": {"locks", "exclusions"}, "swap": {"locks", "exclusions"},
    "tell_load": {"load"},
}  # fmt: skip


def parts(state: DialogueState) -> dict[str, Any]:
    """The wishes, split into the parts an intent may own, and the plan's items."""
    student, edits = state.wishes.student, state.wishes.edits
    owned = {"unavailable", "max_hours_per_week", "pace", "target_graduation_term", "allowed_modes",
             "preferred_modes", "interests", "career_goals"}  # fmt: skip
    return {
        "busy times": sorted(str(b) for b in student.unavailable),
        "hours": student.max_hours_per_week,
        "pace": (student.pace.value, student.target_graduation_term),
        "modes": ([m.value for m in student.allowed_modes], [m.value for m in student.preferred_modes]),
        "interests": student.interests,
        "career goal": student.career_goals,
        "the rest of the profile": student.model_dump(mode="json", exclude=owned),
        "locks": sorted((lock.opportunity, lock.term or "") for lock in edits.locks),
        "exclusions": sorted(edits.exclusions),
        "switched-off wishes": sorted(edits.wishes_off),
        "load": edits.model_dump(mode="json").get("fullness"),  # PlanEdits.fullness, once the planner has it
        "plan": sorted((i.opportunity, i.start_term) for i in state.plan.items())
        if has_plan(state.plan)
        else None,
    }


def _block(text: str) -> TimeBlock:
    day, span = text.split()
    start, end = span.split("-")
    return TimeBlock(day=day, start=start, end=end)


def _covered(block: TimeBlock, busy: list[TimeBlock]) -> bool:
    """Every minute of ``block`` is inside a busy block of the same day."""
    at = block.start
    for b in sorted((b for b in busy if b.day == block.day), key=lambda b: b.start):
        if b.start <= at < b.end:
            at = b.end
    return at >= block.end


def _overlaps(block: TimeBlock, busy: list[TimeBlock]) -> bool:
    return any(b.day == block.day and b.start < block.end and block.start < b.end for b in busy)


def effect_problems(want: dict[str, Any], after: DialogueState, prior: dict[str, Any]) -> list[str]:
    """What one expected request asked for that the state after the message does not have."""
    student, edits, intent = after.wishes.student, after.wishes.edits, want["intent"]
    planned = {i.opportunity for i in after.plan.items()} if has_plan(after.plan) else set()
    locks = {lock.opportunity: lock.term for lock in edits.locks}
    found: list[str] = []
    if want.get("choices"):
        return found  # the chat should ask which one: checked as must_not_change
    if intent == "tell_availability":
        found += [
            f"busy {b} not stored"
            for b in want.get("busy", [])
            if not _covered(_block(b), student.unavailable)
        ]
        found += [
            f"free {b} still busy" for b in want.get("free", []) if _overlaps(_block(b), student.unavailable)
        ]
    elif intent == "tell_hours" and student.max_hours_per_week != want["hours_per_week"]:
        found.append(f"hours are {student.max_hours_per_week:g}, not {want['hours_per_week']}")
    elif intent == "tell_pace":
        if "term" in want and student.target_graduation_term != want["term"]:
            found.append(f"target is {student.target_graduation_term}, not {want['term']}")
        elif "term" not in want and student.pace.value != want["pace"]:
            found.append(f"pace is {student.pace.value}, not {want['pace']}")
    elif intent == "tell_mode":
        preferred, allowed = (
            {m.value for m in student.preferred_modes},
            {m.value for m in student.allowed_modes},
        )
        found += [f"{m} not preferred" for m in want.get("modes", []) if m not in preferred]
        found += [f"{m} still allowed" for m in want.get("avoid_modes", []) if m in allowed]
    elif intent == "tell_interests" and student.interests == prior["interests"]:
        found.append("interests not stored")
    elif (
        intent == "tell_career_goal"
        and fuzz.token_set_ratio(want["career_goal"], student.career_goals.lower()) < TEXT_MATCH
    ):
        found.append(f"career goal is {student.career_goals!r}")
    elif intent in ("lock", "swap", "exclude"):
        kept = want.get("opportunities", []) if intent == "lock" else want.get("replacement", [])
        dropped = want.get("opportunities", []) if intent != "lock" else []
        found += [f"{o} not kept" for o in kept if o not in locks]
        found += [
            f"{o} kept in {locks[o]}, not {want['term']}"
            for o in kept
            if "term" in want and o in locks and locks[o] != want["term"]
        ]
        found += [f"{o} not planned" for o in kept if o not in planned]
        found += [f"{o} not excluded" for o in dropped if o not in edits.exclusions]
        found += [f"{o} still planned" for o in dropped if o in planned]
    return found  # fmt: skip


def judge(
    item: dict[str, Any], prior: dict[str, Any], after: DialogueState, undone: dict[str, Any]
) -> list[str]:
    """Everything one message did wrong ([] when it changed what it should and nothing else)."""
    now = parts(after)
    changed = [name for name in now if now[name] != prior[name]]
    intents = [want["intent"] for want in item["expect"]]
    if item["must_not_change"]:
        return [f"changed {name}" for name in changed]
    if "undo" in intents:
        return [f"undo did not restore {name}" for name in now if now[name] != undone[name]]
    owned = set().union(*(OWNS.get(i, set()) for i in intents)) | {"plan"}
    found = [f"changed {name}" for name in changed if name not in owned]
    for want in item["expect"]:
        found += effect_problems(want, after, prior)
    return found


def start(
    engine: ChatEngine, store: Store, spec: dict[str, Any], plan_name: str
) -> tuple[DialogueState, bool]:
    """The student after the opening, with the file's plan (pinned by locks only if the solver's differs)."""
    session = ChatSession.start(engine, store.student(spec["context"]["student"]))
    session.opening()
    wanted = set(spec["plans"][plan_name])
    state = session.state
    if has_plan(state.plan) and {i.opportunity for i in state.plan.items()} == wanted:
        return state, False
    edits = state.wishes.edits
    for opportunity in sorted(wanted):
        edits = edits.with_lock(opportunity)
    pinned = engine.solve(state.wishes.model_copy(update={"edits": edits}), state.interest_scores, state.plan)
    if not has_plan(pinned):
        raise SystemExit(
            f"{plan_name}: the file's plan is not a plan for {state.student_id} ({pinned.status})"
        )
    return state.model_copy(update={"plan": pinned}), True


def run(
    engine: ChatEngine, store: Store, spec: dict[str, Any], items: list[dict[str, Any]]
) -> dict[str, Any]:
    starts: dict[str, DialogueState] = {}
    per_intent: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    pinned: list[str] = []
    for item in items:
        if item["plan"] not in starts:
            starts[item["plan"]], was_pinned = start(engine, store, spec, item["plan"])
            pinned += [item["plan"]] if was_pinned else []
        session = ChatSession(engine, starts[item["plan"]].model_copy(deep=True))
        undone = parts(session.state)
        for number, message in enumerate(item.get("before", []), 1):
            if number == len(item["before"]):
                undone = parts(session.state)
            session.reply(message)
        prior = parts(session.state)
        reply = session.reply(item["text"])
        problems = judge(item, prior, session.state, undone)
        if "undo" in [w["intent"] for w in item["expect"]] and item.get("before") and undone == prior:
            problems.append("the 'before' message changed nothing, so there is nothing to undo")
        kind = "must_not_change" if item["must_not_change"] else "change"
        asked = (
            bool(problems)
            and kind == "change"
            and session.state.pending is not None
            and parts(session.state) == prior
        )
        outcome = "asked" if asked else "wrong" if problems else "ok"
        totals[kind] += 1
        totals[f"{kind}_{outcome}"] += 1
        for intent in dict.fromkeys(want["intent"] for want in item["expect"]):
            per_intent[intent]["messages"] += 1
            per_intent[intent][outcome] += 1
        if problems:
            errors.append({"text": item["text"], "before": item.get("before", []), "outcome": outcome,
                           "must_not_change": item["must_not_change"],
                           "expected": [w["intent"] for w in item["expect"]], "understood": reply.intents,
                           "problems": problems, "reply": reply.text.splitlines()[0] if reply.text else ""})  # fmt: skip
    return {"totals": totals, "per_intent": per_intent, "errors": errors, "pinned": pinned}


def _share(ok: int, n: int) -> str:
    return f"{ok}/{n} ({ok / n:.1%})" if n else "-"


def table(result: dict[str, Any]) -> list[str]:
    rows = [
        "| intent | messages | right | asked instead, nothing changed | wrong |",
        "|---|---:|---:|---:|---:|",
    ]
    for intent, s in sorted(result["per_intent"].items()):
        rows.append(
            f"| {intent} | {s['messages']} | {_share(s['ok'], s['messages'])} | {s['asked']} | {s['wrong']} |"
        )
    t = result["totals"]
    rows += ["", f"must_not_change messages that changed nothing: {_share(t['must_not_change_ok'], t['must_not_change'])}",
             f"other messages that changed what they should and nothing else: {_share(t['change_ok'], t['change'])}"
             f" (asked instead and changed nothing: {t['change_asked']}; wrong: {t['change_wrong']})",
             f"all right: {_share(t['must_not_change_ok'] + t['change_ok'], t['must_not_change'] + t['change'])}"]  # fmt: skip
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=HELDOUT_FILE)
    parser.add_argument(
        "--errors", action="store_true", help="also print every message that did something wrong"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--limit", type=int, default=None, help="only the first N items")
    parser.add_argument(
        "--replan-limit", type=float, default=10.0, help="seconds for one re-plan (default 10)"
    )
    args = parser.parse_args()
    spec = json.loads(args.eval.read_text(encoding="utf-8"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "sample.duckdb")
        import_district(store, get_settings().sample_dir)
        _, model = load_model()
        settings = Settings(llm_url="", replan_time_limit=args.replan_limit)
        engine = ChatEngine(store.catalog(), NLU(model), settings=settings)
        result = run(engine, store, spec, spec["items"][: args.limit])
        store.close()
    seconds, load = time.perf_counter() - started, os.getloadavg()
    t = result["totals"]
    if args.json:
        summary = {"messages": t["must_not_change"] + t["change"], "must_not_change": t["must_not_change"],
                   "must_not_change_ok": t["must_not_change_ok"], "change": t["change"], "change_ok": t["change_ok"],
                   "change_asked": t["change_asked"], "change_wrong": t["change_wrong"],
                   "plan_pinned": result["pinned"], "seconds": seconds, "load_average": load}  # fmt: skip
        print(json.dumps(summary, indent=2))
        return 0
    print("\n".join(table(result)))
    if result["pinned"]:
        print(
            f"the solver's first plan differed from the file's {', '.join(result['pinned'])}: pinned by locks"
        )
    print(f"{args.eval.name}: {seconds:.1f} s in all; load average {', '.join(f'{x:.2f}' for x in load)}")
    if args.errors:
        for error in result["errors"]:
            print(json.dumps(error, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
