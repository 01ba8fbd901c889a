"""Intents: the lexicon file, clause splitting and the intent classifier (message clean-up, shorthand and
typos are the shared language toolkit's: ``language/``).

The classifier compares each clause with exemplar phrases by meaning (the sentence-transformers model,
loaded once by the caller), adds the probability of a learned classifier (``intent_model.py``, trained
on the exemplars and the dev sets) and fixed bonuses for lexical cues and for slots that only one intent
uses. Exemplars, cues and vocabularies live in ``data/chat/exemplars.json``.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.schema import Mode, OpportunityKind, Pace
from core.settings import PROJECT_ROOT
from language import load_words, read_word_file
from matcher.embeddings import encode

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from chat.intent_model import IntentModel

DEFAULT_LEXICON = PROJECT_ROOT / "data" / "chat" / "exemplars.json"

# Scoring. A clause's similarity to an intent is the mean of its two best exemplar cosines.
TOP_EXEMPLARS = 2
# A matching lexical cue adds this much: cues are precise ("undo", "what if"), so they should win
# over a slightly closer exemplar of another intent.
CUE_BONUS = 0.25
# A strong cue frames the whole clause ("what if ...", "why is ..."): whatever else the clause says
# (a pace, a time) is the content of that frame, so the frame intent must win.
STRONG_CUE_BONUS = 0.5
# A slot that belongs to one intent (hours for tell_hours, times for tell_availability) adds this much.
SLOT_BONUS = 0.12
# The learned classifier's probability (0-1) is added with this weight: chosen by leaving one dev set out
# at a time (0, 0.1, 0.2, 0.3, 0.5, 1 tried; docs/chat-nlu.md).
PROBABILITY_WEIGHT = 0.4
# Below this score (without the learned part) nothing matched well: the clause is off topic, unless the
# learned classifier is at least CONFIDENT of its intent.
OFF_TOPIC_FLOOR = 0.42
CONFIDENT = 0.5
# Two intents closer than this are reported as an ambiguity (the dialogue may ask which one).
INTENT_MARGIN = 0.02


class Intent(StrEnum):
    GREET = "greet"
    TELL_INTERESTS = "tell_interests"
    TELL_CAREER_GOAL = "tell_career_goal"
    TELL_AVAILABILITY = "tell_availability"
    TELL_HOURS = "tell_hours"
    TELL_PACE = "tell_pace"
    TELL_MODE = "tell_mode"
    TELL_DONE = "tell_done"
    TELL_LOAD = "tell_load"
    SHOW_PLAN = "show_plan"
    SWAP = "swap"
    EXCLUDE = "exclude"
    LOCK = "lock"
    WHY = "why"
    WHAT_IF = "what_if"
    EXPLORE = "explore"
    REMAINING = "remaining"
    UNDO = "undo"
    CONFIRM = "confirm"
    DENY = "deny"
    HELP = "help"
    OFF_TOPIC = "off_topic"


def _compiles(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from exc
    return patterns


class IntentSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str
    exemplars: list[str] = Field(min_length=1)
    cues: list[str] = Field(default_factory=list)
    strong_cues: list[str] = Field(default_factory=list)
    _valid = field_validator("cues", "strong_cues")(_compiles)


class Lexicon(BaseModel):
    """The contents of ``data/chat/exemplars.json``: exemplars, cues and vocabularies."""

    model_config = ConfigDict(extra="forbid")
    about: str = ""
    intents: dict[Intent, IntentSpec]
    clause_openers: list[str]
    comma_openers: list[str]
    conjunctions: list[str]
    greeting_prefix: str
    interest_lead_ins: list[str]
    dislike_lead_ins: list[str]
    dislike_trailers: list[str] = Field(
        default_factory=list, description='What is called boring is disliked: "internships are boring".'
    )
    career_lead_ins: list[str]
    career_trailers: list[str]
    pace: dict[Pace, list[str]]
    modes: dict[Mode, list[str]]
    mode_negations: list[str]
    mode_post_negations: list[str]
    free_cues: list[str]
    free_negations: list[str]
    kinds: dict[OpportunityKind, list[str]]
    subjects: dict[str, list[str]]
    reference_stopwords: list[str]
    fullness: dict[str, list[str]] = Field(
        default_factory=dict, description="lighter / standard / fuller: a wish for a lighter or fuller load."
    )
    instruction_cues: list[str] = Field(default_factory=list)
    done_negations: list[str] = Field(
        default_factory=list, description='"didn\'t do any summer stuff" tells nothing done.'
    )
    question_cues: list[str] = Field(default_factory=list)
    edit_verbs: list[str] = Field(default_factory=list)
    undo_fillers: list[str] = Field(
        default_factory=list,
        description='Words an undo is said with besides its cues ("hold on undo that pls"): chat/gate.py.',
    )

    _lists = field_validator(
        "interest_lead_ins", "dislike_lead_ins", "dislike_trailers", "career_lead_ins", "career_trailers", "mode_negations",
        "mode_post_negations", "free_cues", "free_negations", "instruction_cues", "done_negations", "question_cues",
        "edit_verbs",
    )(_compiles)  # fmt: skip

    @field_validator("pace", "modes", "fullness")
    @classmethod
    def _patterns(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for patterns in value.values():
            _compiles(patterns)
        return value

    @field_validator("intents")
    @classmethod
    def _every_intent(cls, value: dict[Intent, IntentSpec]) -> dict[Intent, IntentSpec]:
        missing = [i.value for i in Intent if i not in value]
        if missing:
            raise ValueError(f"intents missing: {', '.join(missing)}")
        return value

    def vocabulary(self) -> set[str]:
        """Every word the lexicon and the shared word lists know, for typo repair."""
        words: set[str] = set()
        texts = [e for spec in self.intents.values() for e in spec.exemplars]
        texts += [w for ws in self.kinds.values() for w in ws] + [
            w for ws in self.subjects.values() for w in ws
        ]
        texts += self.reference_stopwords
        for text in texts:
            words.update(re.findall(r"[a-z']+", text.lower()))
        return words | load_words().words()


def load_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    """Read and check the lexicon file; a bad file raises InputError naming the field."""
    return read_word_file(path, Lexicon)


# --- clauses ------------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<!a\.m)(?<!p\.m)[.!?;]+(?=\s|$)|\n+")


def split_clauses(text: str, lexicon: Lexicon) -> list[str]:
    """Split a normalized message into clauses, one request each.

    Sentences split at their punctuation; inside a sentence, a comma or a conjunction ("and", "but",
    "so") splits only when a clause opener follows ("i", "can", "drop", "what"...), so that lists
    ("horses and drawing", "Tuesdays and Thursdays") stay whole.
    """
    openers = set(lexicon.clause_openers)
    comma_openers = openers | set(lexicon.comma_openers)
    conjunctions = {c for c in lexicon.conjunctions if " " not in c}
    clauses: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        greeting = re.match(lexicon.greeting_prefix, sentence)
        if greeting:
            clauses.append(sentence[: greeting.end()])
            sentence = sentence[greeting.end() :]
        words = sentence.split()
        start = 0
        for i in range(1, len(words)):
            word = words[i].strip(",.!?").lower()
            after_comma = words[i - 1].endswith(",")
            lone_filler = word == "so" and i - start == 1  # "ok so what's the plan" is one clause
            if lone_filler:
                continue
            if word in conjunctions and (after_comma or words[i - 1].strip(",") not in conjunctions):
                j = i
                while j < len(words) and words[j].strip(",").lower() in conjunctions:
                    j += 1
                if j < len(words) and words[j].strip(",.!?").lower() in openers and i > start:
                    clauses.append(" ".join(words[start:i]))
                    start = i
            elif after_comma and word in comma_openers and i > start:
                clauses.append(" ".join(words[start:i]))
                start = i
        clauses.append(" ".join(words[start:]))
    leading = r"^(?:(?:" + "|".join(re.escape(c) for c in lexicon.conjunctions) + r")\b[\s,]*)+"
    result = []
    for clause in clauses:
        stripped = re.sub(leading, "", clause.strip(" ,")).strip(" ,.!?;:")
        if stripped:
            result.append(stripped)
    return result or ([text.strip()] if text.strip() else [])


# --- classifier ---------------------------------------------------------------------------------


class IntentScore(BaseModel):
    intent: Intent
    score: float
    probability: float = Field(default=0.0, description="The learned classifier's probability (0-1).")


class IntentClassifier:
    """Nearest exemplars by meaning and the learned classifier, plus cue and slot bonuses. Built once per
    model."""

    def __init__(
        self, model: SentenceTransformer, lexicon: Lexicon, learned: IntentModel | None = None
    ) -> None:
        self.model = model
        self.lexicon = lexicon
        self.learned = learned
        self.intents = list(Intent)
        texts: list[str] = []
        owners: list[int] = []
        for number, intent in enumerate(self.intents):
            for exemplar in lexicon.intents[intent].exemplars:
                texts.append(exemplar.lower())
                owners.append(number)
        self._owners = np.asarray(owners)
        self._vectors = encode(model, texts)

    def cues(self, clause: str, strong: bool = False) -> set[Intent]:
        """Intents whose lexical cues (or strong cues) appear in the clause."""
        found = set()
        for intent in self.intents:
            spec = self.lexicon.intents[intent]
            if any(re.search(cue, clause) for cue in (spec.strong_cues if strong else spec.cues)):
                found.add(intent)
        return found

    def rank(
        self, vectors: np.ndarray, clauses: list[str], evidence: list[set[Intent]]
    ) -> list[list[IntentScore]]:
        """For each clause, every intent with its score, best first."""
        similarity = vectors @ self._vectors.T
        chances = (
            self.learned.probabilities(vectors)
            if self.learned is not None
            else np.zeros((len(clauses), len(self.intents)))
        )
        column = [self.learned.intents.index(i.value) for i in self.intents] if self.learned else []
        ranked: list[list[IntentScore]] = []
        for row, chance, clause, slot_intents in zip(similarity, chances, clauses, evidence, strict=True):
            cued, framed = self.cues(clause), self.cues(clause, strong=True)
            scores: list[IntentScore] = []
            plain: dict[Intent, float] = {}
            for number, intent in enumerate(self.intents):
                sims = np.sort(row[self._owners == number])[::-1][:TOP_EXEMPLARS]
                score = float(sims.mean())
                score += CUE_BONUS if intent in cued else 0.0
                score += STRONG_CUE_BONUS if intent in framed else 0.0
                score += SLOT_BONUS if intent in slot_intents else 0.0
                plain[intent] = score
                p = float(chance[column[number]]) if column else 0.0
                scores.append(
                    IntentScore(
                        intent=intent, score=round(score + PROBABILITY_WEIGHT * p, 4), probability=round(p, 4)
                    )
                )
            scores.sort(key=lambda s: -s.score)
            best = scores[0]
            if (
                plain[best.intent] < OFF_TOPIC_FLOOR
                and best.probability < CONFIDENT
                and best.intent is not Intent.OFF_TOPIC
            ):
                off = next(s for s in scores if s.intent is Intent.OFF_TOPIC)
                scores.remove(off)
                scores.insert(
                    0,
                    IntentScore(
                        intent=Intent.OFF_TOPIC,
                        score=round(1 - plain[best.intent], 4),
                        probability=off.probability,
                    ),
                )
            ranked.append(scores)
        return ranked

    def encode(self, clauses: list[str]) -> np.ndarray:
        return encode(self.model, clauses)
