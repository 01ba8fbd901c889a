"""Chat understanding evaluation: intent accuracy and slot precision / recall / F1 on data/eval/chat_eval.json.

    .venv/bin/python benchmarks/chat_eval.py [--errors] [--json] [--district DIR] [--eval FILE]
    .venv/bin/python benchmarks/chat_eval.py --eval data/eval/chat_heldout.json   # the held-out set (issue #13)

Each message is understood against the sample district (its opportunity titles, competency codes and
calendar) and the student context written in the eval file. Scoring:

- a message's intents are right when the predicted intents equal the expected ones as a multiset
  (the order of requests said in one clause is not meaningful); the table also gives, per intent, the
  share of expected requests found (recall) and of predicted requests that were expected (precision);
- expected and predicted requests are paired by intent; each slot value is one item (each time block,
  each mode, each opportunity id, each candidate id of an ambiguity, hours, pace, term id, each subject);
  free-text slots (interests, career goal, topic) count as one item that matches when rapidfuzz's
  token_set_ratio of the two texts is at least TEXT_MATCH. Items of unpaired requests are misses (expected)
  or false alarms (predicted);
- slot accuracy is the share of messages whose slot items are all right (no miss, no false alarm), so a
  message with a wrong or missing intent usually fails it too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from catalog.district import district_bundle
from chat import NLU, Context, Intent, Request
from chat.gate import admit
from core.settings import PROJECT_ROOT, get_settings
from matcher.embeddings import load_model

EVAL_FILE = PROJECT_ROOT / "data" / "eval" / "chat_eval.json"
TEXT_MATCH = 80  # token_set_ratio (0-100) at which two free-text slot values are the same answer
TEXT_SLOTS = ("interests", "career_goal", "topic")
LIST_SLOTS = (
    "busy",
    "free",
    "modes",
    "avoid_modes",
    "opportunities",
    "replacement",
    "choices",
    "subjects",
    "competencies",
)


def predicted_slots(request: Request) -> dict[str, Any]:
    """A request's slots in the eval file's vocabulary."""
    s = request.slots
    out: dict[str, Any] = {
        "busy": [str(b) for b in s.busy],
        "free": [str(b) for b in s.free],
        "modes": [m.value for m in s.modes],
        "avoid_modes": [m.value for m in s.avoid_modes],
        "opportunities": [r.id for r in s.opportunities],
        "replacement": [r.id for r in s.replacement],
        "choices": [c.value for c in request.ambiguity.choices]
        if request.ambiguity and request.ambiguity.slot != "intent"
        else [],
        "subjects": s.subjects,
        "competencies": s.competencies,
        "interests": s.interests,
        "career_goal": s.career_goal,
        "topic": s.topic,
    }
    if s.hours_per_week is not None:
        out["hours_per_week"] = s.hours_per_week
    if s.pace is not None:
        out["pace"] = s.pace.value
    if s.term is not None:
        out["term"] = s.term.term_id or f"shift {s.term.shift}"
    if s.fullness is not None:
        out["fullness"] = s.fullness
    return out


def compare(expected: dict[str, Any], predicted: dict[str, Any]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) over the slot items of one paired request."""
    tp = fp = fn = 0
    for name in LIST_SLOTS:
        wanted, found = set(expected.get(name, [])), set(predicted.get(name, []))
        tp, fp, fn = tp + len(wanted & found), fp + len(found - wanted), fn + len(wanted - found)
    for name in ("hours_per_week", "pace", "term", "fullness"):
        want, got = expected.get(name), predicted.get(name)
        if want is not None and got is not None and (want == got or _same_number(want, got)):
            tp += 1
        else:
            fp, fn = fp + (got is not None), fn + (want is not None)
    for name in TEXT_SLOTS:
        want, got = expected.get(name, ""), predicted.get(name, "")
        if want and got and fuzz.token_set_ratio(want.lower(), got.lower()) >= TEXT_MATCH:
            tp += 1
        else:
            fp, fn = fp + bool(got), fn + bool(want)
    return tp, fp, fn


def _same_number(a: Any, b: Any) -> bool:
    return isinstance(a, int | float) and isinstance(b, int | float) and abs(a - b) < 1e-9


def _count(slots: dict[str, Any]) -> int:
    return compare({}, slots)[1]


def evaluate(
    nlu: NLU, items: list[dict[str, Any]], base: Context, plans: dict[str, list[str]]
) -> dict[str, Any]:
    per_intent: dict[str, Counter[str]] = defaultdict(Counter)
    messages_right = slots_right = 0
    latencies: list[float] = []
    errors: list[dict[str, Any]] = []
    for item in items:
        context = base.model_copy(update={"plan": plans.get(item.get("plan", ""), [])})
        started = time.perf_counter()
        understood = nlu.understand(item["text"], context)
        latencies.append(time.perf_counter() - started)
        expected = item["expect"]
        predicted = admit(item["text"], understood.requests, nlu.lexicon, nlu.knows)  # what the chat acts on
        right = sorted(e["intent"] for e in expected) == sorted(r.intent.value for r in predicted)
        messages_right += right
        unused = list(range(len(predicted)))
        slot_errors = 0
        for want in expected:
            stats = per_intent[want["intent"]]
            stats["expected"] += 1
            match = next((i for i in unused if predicted[i].intent.value == want["intent"]), None)
            if match is None:
                stats["slot_fn"] += _count(want)
                slot_errors += _count(want)
                continue
            unused.remove(match)
            stats["found"] += 1
            tp, fp, fn = compare(want, predicted_slots(predicted[match]))
            stats["slot_tp"] += tp
            stats["slot_fp"] += fp
            stats["slot_fn"] += fn
            slot_errors += fp + fn
        for index in unused:
            stats = per_intent[predicted[index].intent.value]
            stats["spurious"] += 1
            stats["slot_fp"] += _count(predicted_slots(predicted[index]))
            slot_errors += _count(predicted_slots(predicted[index]))
        slots_right += not slot_errors
        if not right or slot_errors:
            errors.append(
                {
                    "text": item["text"],
                    "expected": expected,
                    "predicted": [
                        {"intent": r.intent.value, **{k: v for k, v in predicted_slots(r).items() if v}}
                        for r in predicted
                    ],
                }
            )
    return {"messages": len(items), "messages_right": messages_right, "slots_right": slots_right, "per_intent": per_intent,
            "latencies": latencies, "errors": errors}  # fmt: skip


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def table(result: dict[str, Any]) -> list[str]:
    rows = ["| intent | expected | found | spurious | intent recall | intent precision | slot P | slot R | slot F1 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    total: Counter[str] = Counter()
    for intent in Intent:
        stats = result["per_intent"].get(intent.value, Counter())
        total.update(stats)
        rows.append(_row(intent.value, stats))
    rows.append(_row("**all**", total))
    accuracy = result["messages_right"] / result["messages"]
    lat = sorted(result["latencies"])
    p95 = lat[max(0, round(0.95 * len(lat)) - 1)]
    rows += ["", f"messages: {result['messages']}; intent accuracy (all intents of a message right): "
             f"{accuracy:.1%}; slot accuracy (all slots of a message right): "
             f"{result['slots_right'] / result['messages']:.1%}; requests found: {total['found']}/{total['expected']}",
             f"understand() latency: median {statistics.median(lat) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"]  # fmt: skip
    return rows


def _row(name: str, s: Counter[str]) -> str:
    recall = s["found"] / s["expected"] if s["expected"] else 1.0
    precision = s["found"] / (s["found"] + s["spurious"]) if s["found"] + s["spurious"] else 1.0
    p, r, f = _prf(s["slot_tp"], s["slot_fp"], s["slot_fn"])
    has_slots = s["slot_tp"] + s["slot_fp"] + s["slot_fn"] > 0
    slots = f"{p:.1%} | {r:.1%} | {f:.1%}" if has_slots else "- | - | -"
    return f"| {name} | {s['expected']} | {s['found']} | {s['spurious']} | {recall:.1%} | {precision:.1%} | {slots} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL_FILE)
    parser.add_argument("--district", type=Path, default=None, help="district folder (default: the sample)")
    parser.add_argument("--errors", action="store_true", help="also print every message with a mistake")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    spec = json.loads(args.eval.read_text(encoding="utf-8"))
    bundle = district_bundle(args.district or get_settings().sample_dir)
    started = time.perf_counter()
    _, model = load_model()
    nlu = NLU(model)
    student = spec["context"]
    base = Context.of(bundle.opportunities, bundle.competencies, bundle.calendar)
    base = base.model_copy(update={"grade": student["grade"], "target_term": student["target_term"]})
    nlu.prepare(base)
    setup = time.perf_counter() - started
    result = evaluate(nlu, spec["items"], base, spec["plans"])
    total: Counter[str] = sum(result["per_intent"].values(), Counter())
    p, r, f = _prf(total["slot_tp"], total["slot_fp"], total["slot_fn"])
    splits = {}
    names = sorted({item["split"] for item in spec["items"]})
    for split in names:
        # One split is the whole file: its result is already there (the model is not run twice).
        part = (
            result
            if len(names) == 1
            else evaluate(nlu, [i for i in spec["items"] if i["split"] == split], base, spec["plans"])
        )
        counts: Counter[str] = sum(part["per_intent"].values(), Counter())
        accuracy = part["messages_right"] / part["messages"]
        splits[split] = (
            part["messages"],
            accuracy,
            part["slots_right"] / part["messages"],
            *_prf(counts["slot_tp"], counts["slot_fp"], counts["slot_fn"]),
        )
    if args.json:
        summary = {"messages": result["messages"], "intent_accuracy": result["messages_right"] / result["messages"],
                   "slot_accuracy": result["slots_right"] / result["messages"],
                   "slot_precision": p, "slot_recall": r, "slot_f1": f, "setup_seconds": setup,
                   "seconds": time.perf_counter() - started, "load_average": os.getloadavg(),
                   "splits": {k: dict(zip(("messages", "intent_accuracy", "slot_accuracy", "slot_precision", "slot_recall", "slot_f1"),
                                          v, strict=True)) for k, v in splits.items()}}  # fmt: skip
        print(json.dumps(summary, indent=2))
        return 0
    print(f"model, exemplars and catalog titles loaded in {setup:.1f} s")
    print("\n".join(table(result)))
    print(f"slots overall: precision {p:.1%}, recall {r:.1%}, F1 {f:.1%}")
    for split, (count, accuracy, slot_accuracy, sp, sr, sf) in splits.items():
        print(
            f"split {split}: {count} messages, intent accuracy {accuracy:.1%}, slot accuracy {slot_accuracy:.1%}, "
            f"slot P {sp:.1%} R {sr:.1%} F1 {sf:.1%}"
        )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.eval.name}: {time.perf_counter() - started:.1f} s in all; load average {load}")
    if args.errors:
        for error in result["errors"]:
            print(json.dumps(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())
