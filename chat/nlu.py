"""Understanding a student's chat message: a list of requests, each an intent with typed slots.

    nlu = NLU(model)                      # the sentence-transformers model, loaded once by the caller
    result = nlu.understand("I like horses and drawing, I work Saturdays, and I'd like to finish early",
                            Context(opportunities=[...], calendar=calendar, grade=10, target_term="2029-SP"))
    [r.intent for r in result.requests]   # [tell_interests, tell_availability, tell_pace]

No language model is involved: intents come from exemplar phrases compared by meaning plus lexical cues
(``intents.py``), slots from small parsers (``times.py``, ``slots.py``, ``refs.py``). The message is
untrusted plain text; it is never interpreted as markup and never logged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from chat import intent_model
from chat.guards import certain, is_instruction, not_done, question_intent, without_load
from chat.intents import (
    INTENT_MARGIN,
    Intent,
    IntentClassifier,
    IntentScore,
    Lexicon,
    load_lexicon,
    split_clauses,
)
from chat.refs import (
    MAX_CANDIDATES,
    Context,
    OpportunityRef,
    ReferenceMatcher,
    ReferenceTarget,
    Scored,
    as_refs,
)
from chat.slots import (
    Fullness,
    TermRef,
    bare_hours,
    career_text,
    competencies_named,
    interest_text,
    is_free_time,
    pace_from_term,
    parse_fullness,
    parse_hours,
    parse_modes,
    parse_pace,
    parse_subjects,
    parse_term,
    swap_parts,
    without_modes,
)
from chat.times import TIME_VOCABULARY, WHOLE_DAY, parse_times
from core.schema import Mode, Pace, TimeBlock
from language import Speller, WordLists, clean, general_words, load_words, normalize

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Messages longer than this are refused with a clear message instead of being analysed.
MAX_MESSAGE_CHARS = 2000
# Spellers kept, one per catalog (set of title words) a message was read against.
MAX_SPELLERS = 8
# Requests of these intents that follow each other are one request ("I like horses. And drawing.").
MERGED_INTENTS = {
    Intent.TELL_INTERESTS, Intent.TELL_CAREER_GOAL, Intent.TELL_AVAILABILITY, Intent.TELL_HOURS,
    Intent.TELL_PACE, Intent.TELL_MODE, Intent.TELL_DONE, Intent.TELL_LOAD, Intent.GREET,
}  # fmt: skip
# Edits of the plan; a clause that repeats the edit without naming anything refers to the same item.
EDIT_INTENTS = {Intent.EXCLUDE, Intent.LOCK, Intent.SWAP, Intent.WHY}
# Intents that tell the planner a fact about the student; one clause may tell several.
TOLD_INTENTS = {
    Intent.TELL_INTERESTS, Intent.TELL_CAREER_GOAL, Intent.TELL_AVAILABILITY, Intent.TELL_HOURS,
    Intent.TELL_PACE, Intent.TELL_MODE,
}  # fmt: skip
# The slots found anywhere in a clause that each intent keeps (references and free text are per intent).
_SCHEDULE = ("busy", "free", "hours_per_week", "pace", "term", "modes", "avoid_modes")
KEPT_SLOTS: dict[Intent, tuple[str, ...]] = {
    Intent.TELL_AVAILABILITY: ("busy", "free"), Intent.TELL_HOURS: ("hours_per_week",),
    Intent.TELL_PACE: ("pace", "term"), Intent.TELL_MODE: ("modes", "avoid_modes"), Intent.SHOW_PLAN: ("term",),
    Intent.WHAT_IF: _SCHEDULE, Intent.SWAP: ("modes", "avoid_modes"), Intent.EXPLORE: ("modes", "avoid_modes"),
    Intent.TELL_LOAD: ("fullness",), Intent.LOCK: ("term",),
}  # fmt: skip
_PER_DAY = re.compile(r"\b(a|per|each|every) day\b|\bdaily\b")
# Intents whose references point into the student's current plan first (then the whole catalog).
PLAN_INTENTS = {Intent.EXCLUDE, Intent.LOCK, Intent.WHY, Intent.SWAP, Intent.WHAT_IF}


class Choice(BaseModel):
    value: str  # an intent name or an opportunity id
    label: str
    confidence: float


class Ambiguity(BaseModel):
    """Several readings are close: the dialogue asks ``question`` and offers ``choices``."""

    slot: Literal["intent", "opportunities", "replacement"]
    question: str
    choices: list[Choice]


class Slots(BaseModel):
    """What a request says besides its intent. Empty fields were not said."""

    busy: list[TimeBlock] = Field(default_factory=list)
    free: list[TimeBlock] = Field(default_factory=list)
    hours_per_week: float | None = None
    pace: Pace | None = None
    term: TermRef | None = None
    modes: list[Mode] = Field(
        default_factory=list, description="Modes asked for (in a swap: for the new item)."
    )
    avoid_modes: list[Mode] = Field(default_factory=list)
    fullness: Fullness | None = Field(default=None, description="A lighter or fuller load than the pace's.")
    opportunities: list[OpportunityRef] = Field(
        default_factory=list, description="What the request is about (dropped, kept, asked about, done)."
    )
    replacement: list[OpportunityRef] = Field(default_factory=list, description="What a swap brings in.")
    interests: str = ""
    career_goal: str = ""
    topic: str = ""
    subjects: list[str] = Field(default_factory=list)
    competencies: list[str] = Field(default_factory=list)


class Request(BaseModel):
    intent: Intent
    confidence: float = Field(ge=0, le=1)
    text: str = Field(description="The clause this request was read from (normalized).")
    slots: Slots = Field(default_factory=Slots)
    ambiguity: Ambiguity | None = None
    alternatives: list[IntentScore] = Field(default_factory=list, description="The next best intents.")
    certain: bool = Field(
        default=True,
        description="False for a change said as a question or read with little confidence: the dialogue asks "
        "before applying it (chat/guards.py).",
    )


class Understanding(BaseModel):
    text: str
    requests: list[Request] = Field(default_factory=list)
    too_long: bool = False
    error: str = ""

    @property
    def intents(self) -> list[Intent]:
        return [r.intent for r in self.requests]

    @property
    def ambiguities(self) -> list[Ambiguity]:
        return [r.ambiguity for r in self.requests if r.ambiguity]


class NLU:
    """The understanding layer. Build once per process (it encodes the exemplars), then call ``understand``."""

    def __init__(
        self, model: SentenceTransformer, lexicon: Lexicon | None = None, learned: bool = True
    ) -> None:
        """``learned=False`` leaves out the learned classifier (only to train it: ``chat.intent_training``)."""
        self.lexicon = lexicon or load_lexicon()
        self.words: WordLists = load_words()
        self.vocabulary = frozenset(self.lexicon.vocabulary() | TIME_VOCABULARY)
        self.general = general_words(model)
        self._spellers: dict[tuple[str, ...], Speller] = {}
        names = [i.value for i in Intent]
        trained = intent_model.load(model, self.lexicon, names) if learned else None
        self.classifier = IntentClassifier(model, self.lexicon, trained)
        self.references = ReferenceMatcher(model, self.lexicon)
        self._kind_stems = frozenset(
            w.rstrip("es")
            for words in self.lexicon.kinds.values()
            for phrase in words
            for w in phrase.split()
        )

    def training_clauses(self, message: str) -> list[str]:
        """A message's clauses as the classifier sees them, read against no catalog (for training)."""
        clauses = split_clauses(normalize(clean(message), self.words, self.vocabulary), self.lexicon)
        return [self.speller(Context()).correct(c) for c in clauses]

    def understand(self, message: str, context: Context | None = None) -> Understanding:
        """Every request in the message, in order, with its slots and any ambiguity."""
        context = context or Context()
        if len(message) > MAX_MESSAGE_CHARS:
            return Understanding(
                text="",
                too_long=True,
                error=f"That message is {len(message):,} characters long; the limit is {MAX_MESSAGE_CHARS:,}. "
                "Please send it in shorter parts.",
            )
        text = clean(message)
        normal = normalize(text, self.words, self.vocabulary)
        # Shorthand written out too: "forget everything u know" is "forget everything you know".
        if is_instruction(text.lower(), self.lexicon) or is_instruction(normal, self.lexicon):
            return Understanding(
                text=text, requests=[Request(intent=Intent.OFF_TOPIC, confidence=1.0, text=text)]
            )
        clauses = split_clauses(normal, self.lexicon)
        if not clauses:
            return Understanding(text=text)
        speller = self.speller(context)
        fixed = [speller.correct(c) for c in clauses]
        generic = [self._generic_slots(c, context) for c in fixed]
        evidence = [_slot_evidence(s) for s in generic]
        ranked = self.classifier.rank(self.classifier.encode(fixed), fixed, evidence)
        known = self.references.vocabulary(context.opportunities)
        self.references.prepare(fixed, known)
        requests = []
        for clause, fix, slots, scores, found in zip(clauses, fixed, generic, ranked, evidence, strict=True):
            main = self._request(clause, fix, slots, scores, context, found | self.classifier.cues(fix))
            requests += [main, *self._also_said(main, fix, slots, scores)]
        on_topic = [r for r in requests if r.intent is not Intent.OFF_TOPIC]
        # An aside next to a real request ("no online please, i can't focus on them") is not a request,
        # nor is a fact that tells nothing next to one ("..., i build bots in my free time").
        told = [r for r in on_topic if not _tells_nothing(r)]
        return Understanding(text=text, requests=_merge(told or on_topic or requests))

    def knows(self, word: str) -> bool:
        """A word of the lexicon, the time words or the model's general vocabulary (not nonsense)."""
        return word in self.vocabulary or word in self.general or word.isdigit()

    def speller(self, context: Context) -> Speller:
        """Typos are corrected to the lexicon's words, the days and times, and the words of the catalog's
        titles (one speller per catalog, kept)."""
        titles = tuple(t.title for t in context.opportunities)
        if titles not in self._spellers:
            if len(self._spellers) >= MAX_SPELLERS:
                self._spellers.clear()
            words = {w for title in titles for w in re.findall(r"[a-z]+", title.lower())}
            self._spellers[titles] = Speller(targets=self.vocabulary | words, known=self.general)
        return self._spellers[titles]

    def prepare(self, context: Context) -> None:
        """Encode the catalog titles now (once per catalog) rather than on the first message that names one."""
        self.references.title_vectors([t.title for t in context.opportunities])

    def resolve(self, phrase: str, targets: list[ReferenceTarget]) -> list[list[OpportunityRef]]:
        """Public helper for the dialogue: candidates for each thing named in a phrase."""
        phrase = normalize(clean(phrase), self.words, self.vocabulary)
        return [as_refs(group) for group in self.references.resolve(phrase, targets)]

    # --- slots --------------------------------------------------------------------------------

    def _generic_slots(self, clause: str, context: Context) -> Slots:
        times = parse_times(clause)
        free = is_free_time(clause, self.lexicon)
        modes, avoid = parse_modes(clause, self.lexicon)
        term = parse_term(clause, context.calendar, context.grade, context.target_term)
        pace = parse_pace(clause, self.lexicon) or pace_from_term(term, context.calendar, context.target_term)
        return Slots(
            busy=[] if free else times,
            free=times if free else [],
            hours_per_week=parse_hours(clause),
            pace=pace,
            term=term,
            modes=modes,
            avoid_modes=avoid,
            fullness=parse_fullness(clause, self.lexicon),
        )

    def _request(
        self,
        clause: str,
        fixed: str,
        generic: Slots,
        scores: list[IntentScore],
        context: Context,
        said: set[Intent],
    ) -> Request:
        """The best intent for a clause, with the slots that intent uses. ``said``: the intents whose cues
        or slots the clause has."""
        best = scores[0]
        intent = (
            question_intent(fixed, scores, self.lexicon)
            or without_load(scores, generic.fullness)
            or not_done(fixed, scores, self.lexicon)
            or best.intent
        )
        slots = Slots(**{name: getattr(generic, name) for name in KEPT_SLOTS.get(intent, ())})
        ambiguity: Ambiguity | None = None
        if intent is Intent.TELL_HOURS and slots.hours_per_week is None:
            slots.hours_per_week = bare_hours(fixed)
        if intent is Intent.TELL_INTERESTS:
            slots.interests = interest_text(clause, self.lexicon)
            slots.subjects = parse_subjects(fixed, self.lexicon)
        if intent is Intent.TELL_CAREER_GOAL:
            slots.career_goal = career_text(clause, self.lexicon)
        if intent in (Intent.TELL_DONE, Intent.REMAINING, Intent.WHY, Intent.EXPLORE):
            slots.competencies = competencies_named(clause, [(c.id, c.code) for c in context.competencies])
        if intent is Intent.SWAP:
            outgoing, incoming = swap_parts(fixed)
            slots.opportunities, ambiguity = self._refs(
                outgoing, context, plan_first=True, slot="opportunities"
            )
            if incoming:
                slots.modes, slots.avoid_modes = parse_modes(incoming, self.lexicon)
                # "something online" names a mode, not a title; "the online chem class" names a title.
                kinds, named = self.references.query(without_modes(incoming, self.lexicon))
                wanted = incoming if named else ""
                if named and not kinds and re.search(r"\bone\b", incoming) and len(slots.opportunities) == 1:
                    wanted += " " + self._kind_word(slots.opportunities[0].id, context)  # "the vet one"
                slots.replacement, other = self._refs(wanted, context, plan_first=False, slot="replacement")
                ambiguity = ambiguity or other
        elif intent is Intent.EXPLORE:
            groups = self.references.resolve(fixed, context.opportunities)
            slots.opportunities = [r for g in groups for r in as_refs(g)][:MAX_CANDIDATES]
            rest = without_modes(self.references.kinds_in(fixed)[1], self.lexicon)
            # "cooking classes", "ppl who like cars": the topic is what the student is into.
            slots.topic = " ".join(
                w
                for w in re.findall(r"[a-z0-9]+", rest)
                if w not in self.references.stopwords and w.rstrip("es") not in self._kind_stems
            )
            slots.subjects = parse_subjects(fixed, self.lexicon)
        elif intent in (Intent.EXCLUDE, Intent.LOCK, Intent.WHY, Intent.TELL_DONE, Intent.WHAT_IF):
            slots.opportunities, ambiguity = self._refs(
                fixed, context, plan_first=intent in PLAN_INTENTS, slot="opportunities"
            )
        if intent in (Intent.TELL_DONE, Intent.REMAINING) or (
            intent is Intent.WHY and not slots.opportunities
        ):
            slots.subjects = parse_subjects(fixed, self.lexicon)
        ambiguity = ambiguity or self._intent_ambiguity(scores)
        probability = next(s.probability for s in scores if s.intent is intent)
        return Request(
            intent=intent, confidence=_unit(best.score), text=clause, slots=slots, ambiguity=ambiguity,
            alternatives=scores[1:3], certain=certain(intent, fixed, probability, said, self.lexicon),
        )  # fmt: skip

    def _intent_ambiguity(self, scores: list[IntentScore]) -> Ambiguity | None:
        """When the two best intents are within INTENT_MARGIN (and neither is off topic), ask which."""
        best, second = scores[0], scores[1]
        if best.score - second.score >= INTENT_MARGIN or Intent.OFF_TOPIC in (best.intent, second.intent):
            return None
        return Ambiguity(
            slot="intent",
            question=f"Do you mean {self._describe(best.intent)} or {self._describe(second.intent)}?",
            choices=[
                Choice(value=s.intent.value, label=self._describe(s.intent), confidence=_unit(s.score))
                for s in (best, second)
            ],
        )

    def _also_said(
        self, main: Request, clause: str, generic: Slots, scores: list[IntentScore]
    ) -> list[Request]:
        """Other facts told in the same clause: "I work Tuesdays, like 15 hours a week" also gives hours."""
        if main.intent not in TOLD_INTENTS:
            return []
        score = {s.intent: s.score for s in scores}
        extra: list[Request] = []

        def add(intent: Intent, slots: Slots) -> None:
            extra.append(
                Request(
                    intent=intent,
                    confidence=_unit(score[intent]),
                    text=main.text,
                    slots=slots,
                    certain=main.certain,
                )
            )

        per_day = main.intent is Intent.TELL_HOURS and _PER_DAY.search(clause)
        whole_days = all((b.start, b.end) == WHOLE_DAY for b in generic.busy + generic.free)
        if per_day and whole_days:
            pass  # "3 hours a day on school days": the days spread the hours, they are not busy
        elif main.intent is not Intent.TELL_AVAILABILITY and (generic.busy or generic.free):
            add(Intent.TELL_AVAILABILITY, Slots(busy=generic.busy, free=generic.free))
        if main.intent is not Intent.TELL_HOURS and generic.hours_per_week is not None:
            add(Intent.TELL_HOURS, Slots(hours_per_week=generic.hours_per_week))
        if main.intent is not Intent.TELL_PACE and parse_pace(clause, self.lexicon):
            add(Intent.TELL_PACE, Slots(pace=generic.pace, term=generic.term))
        schedule = (Intent.TELL_AVAILABILITY, Intent.TELL_HOURS, Intent.TELL_PACE)
        if main.intent in schedule and (generic.modes or generic.avoid_modes):
            add(Intent.TELL_MODE, Slots(modes=generic.modes, avoid_modes=generic.avoid_modes))
        unclear = main.ambiguity
        if (
            unclear
            and unclear.slot == "intent"
            and {r.intent.value for r in extra} & {c.value for c in unclear.choices}
        ):
            main.ambiguity = None  # both readings were kept as requests
        return extra

    def _kind_word(self, target_id: str, context: Context) -> str:
        """A word for the kind of a target ("internship"), to read "the X one" as "the X internship"."""
        kind = next((t.kind for t in context.opportunities if t.id == target_id), None)
        return self.lexicon.kinds[kind][0] if kind and kind in self.lexicon.kinds else ""

    def _describe(self, intent: Intent) -> str:
        return self.lexicon.intents[intent].description

    def _refs(
        self, phrase: str, context: Context, plan_first: bool, slot: Literal["opportunities", "replacement"]
    ) -> tuple[list[OpportunityRef], Ambiguity | None]:
        """Clear references, and an ambiguity when one thing named has several close candidates."""
        groups: list[list[Scored]] = []
        known = self.references.vocabulary(context.opportunities)
        if plan_first and context.plan:
            in_plan = set(context.plan)
            plan = [t for t in context.opportunities if t.id in in_plan]
            groups = self.references.resolve(phrase, plan, known)
        if not groups:
            groups = self.references.resolve(phrase, context.opportunities, known)
        refs = [as_refs(g)[0] for g in groups if len(g) == 1]
        unclear = next((g for g in groups if len(g) > 1), None)
        if unclear is None:
            return refs, None
        titles = [s.target.title for s in unclear]
        question = "Which one do you mean: " + ", ".join(titles[:-1]) + f" or {titles[-1]}?"
        choices = [Choice(value=s.target.id, label=s.target.title, confidence=s.score) for s in unclear]
        return refs, Ambiguity(slot=slot, question=question, choices=choices)


def _unit(score: float) -> float:
    return round(min(1.0, max(0.0, score)), 4)


def _slot_evidence(slots: Slots) -> set[Intent]:
    """Intents that a slot found in the clause points to (hours -> tell_hours, and so on)."""
    found = set()
    if slots.busy or slots.free:
        found.add(Intent.TELL_AVAILABILITY)
    if slots.hours_per_week is not None:
        found.add(Intent.TELL_HOURS)
    if slots.pace is not None:
        found.add(Intent.TELL_PACE)
    if slots.modes or slots.avoid_modes:
        found.add(Intent.TELL_MODE)
    if slots.fullness is not None:
        found.add(Intent.TELL_LOAD)
    return found


def _tells_nothing(request: Request) -> bool:
    """A busy time, hours or a mode read without the time, the number or the mode."""
    slots = request.slots
    return (
        (request.intent is Intent.TELL_AVAILABILITY and not (slots.busy or slots.free))
        or (request.intent is Intent.TELL_HOURS and slots.hours_per_week is None)
        or (request.intent is Intent.TELL_MODE and not (slots.modes or slots.avoid_modes))
    )


def _names_nothing(request: Request) -> bool:
    slots = request.slots
    return not (slots.opportunities or slots.replacement or slots.modes or request.ambiguity)


def _merge(requests: list[Request]) -> list[Request]:
    merged: list[Request] = []
    for request in requests:
        previous = merged[-1] if merged else None
        if previous is None or previous.intent is not request.intent:
            merged.append(request)
            continue
        if request.intent in EDIT_INTENTS and _names_nothing(request):
            previous.text = f"{previous.text}; {request.text}"  # "keep X, don't take it out": the same edit
            continue
        if request.intent not in MERGED_INTENTS:
            merged.append(request)
            continue
        a, b = previous.slots, request.slots
        previous.text = f"{previous.text}; {request.text}"
        previous.confidence = max(previous.confidence, request.confidence)
        previous.certain = previous.certain and request.certain
        previous.ambiguity = previous.ambiguity or request.ambiguity
        for name in ("busy", "free", "modes", "avoid_modes", "subjects", "competencies", "opportunities"):
            values = getattr(a, name)
            values.extend(v for v in getattr(b, name) if v not in values)
        for name in ("hours_per_week", "pace", "term", "fullness"):
            if getattr(a, name) is None:
                setattr(a, name, getattr(b, name))
        for name in ("interests", "career_goal"):
            joined = "; ".join(t for t in (getattr(a, name), getattr(b, name)) if t)
            setattr(a, name, joined)
    return merged
