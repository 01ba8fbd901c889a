"""The dialogue engine: a student co-designs their plan in conversation, offline, grounded in the solver.

    engine = ChatEngine.from_store(store, load_model())    # once per process (the UI caches it)
    session = ChatSession.start(engine, store.student("stu-maya"))
    session.opening().text                                 # greeting, what we know, a first plan
    reply = session.reply("I can't do Tuesdays")           # Reply: text, plan, diff, choices, confirm
    saved = session.state.model_dump(mode="json")          # serialisable (st.session_state)
    ChatSession(engine, DialogueState.model_validate(saved))   # the same conversation, resumed

Each message is understood (``chat.nlu``) into requests. Told facts and edits change the
student's wishes; then the solver re-plans once, with the previous plan as a hint, and the reply says
what was added, removed or moved and why (the solver's reasons). An impossible request is not applied:
the reply names the conflicting wishes and offers the relaxations that do give a plan. Questions (why,
what if, explore, what is left) change nothing. Every committed version is kept, so "undo" restores
the previous plan exactly. Messages are untrusted: capped in length, handled as plain text, never logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from chat import MAX_MESSAGE_CHARS, Intent, Request, Understanding
from chat import dialogue_answers as answers
from chat.dialogue_changes import TOLD, edit, tell
from chat.dialogue_edits import apply_what_if, known_topics, relax, says_pace
from chat.dialogue_engine import ChatEngine, interests_key
from chat.dialogue_pending import completed, lock_request, offered_answer, pick, second_look, with_answer
from chat.dialogue_state import (
    MAX_UNDO,
    TOPICS,
    Change,
    DialogueState,
    Option,
    Pending,
    Reply,
    Snapshot,
    Topic,
)
from chat.gate import admit
from core.schema import Student
from core.settings import Settings
from core.store import Store
from matcher.index import LoadedModel
from planner.diff import PlanDiff
from planner.domain import PlanResult, PlanStatus, has_plan
from planner.edits import Wishes
from planner.explain import join

log = logging.getLogger(__name__)

EDITS = {Intent.LOCK, Intent.EXCLUDE, Intent.SWAP}
SEND_CUE = re.compile(r"\b(send|submit|share|email)\b.{0,30}\b(advisor|counselor|counsellor)\b")
"""Asking the chat to send the plan: the page's button does that (the chat changes only the draft)."""
MAX_RELAXATIONS = 3
"""Relaxations tried (one solve each) and offered when a request is impossible."""
MAX_TITLE_CHOICES = 6
"""A keep that names no title is offered the titles sharing one of its words, when there are at most this many."""
START_QUESTIONS = 3
"""Topics the opening asks together when the record says little."""


@dataclass
class Turn:
    """One reply being put together."""

    lines: list[str] = field(default_factory=list)
    diff: PlanDiff | None = None
    preview: PlanResult | None = None
    choices: list[Option] = field(default_factory=list)
    confirm: bool = False
    intents: list[str] = field(default_factory=list)
    asked: bool = False


class ChatSession:
    """One student's conversation. ``state`` is everything it remembers, and is serialisable."""

    def __init__(self, engine: ChatEngine, state: DialogueState) -> None:
        self.engine = engine
        self.state = state
        self.w = engine.wording

    @classmethod
    def start(cls, engine: ChatEngine, student: Student) -> ChatSession:
        """A new conversation from the stored student (what the record answers is not asked again)."""
        return cls(engine, cls.new_state(student))

    @staticmethod
    def new_state(student: Student) -> DialogueState:
        """A new conversation's state, without an engine (a page shows it before the model is loaded)."""
        known: list[Topic] = [t for t in TOPICS if t in known_topics(student)]
        return DialogueState(student_id=student.id, wishes=Wishes(student=student), known=known)

    @classmethod
    def from_store(
        cls,
        store: Store,
        student_id: str,
        model: LoadedModel,
        settings: Settings | None = None,
        interests: bool = True,
    ) -> ChatSession:
        """A conversation with a stored student (raises NotFoundError for an unknown id)."""
        student = store.student(student_id)
        return cls.start(ChatEngine.from_store(store, model, settings, interests), student)

    # --- the two entry points -----------------------------------------------------------------

    def opening(self) -> Reply:
        """The first reply: a greeting, what the record says and a first plan, or the first questions."""
        turn = Turn()
        student = self.state.wishes.student
        turn.lines.append(self.w.say("greeting", name=student.name.split()[0]))
        if self._ready():
            turn.lines.append(answers.profile(self.engine, self.state.wishes))
            self._replan(self.state.wishes, [], turn)
            # The first plan is where the conversation starts: there is nothing before it to undo.
            self.state.history.clear()
            self._follow_up(turn)
        else:
            unknown = [t for t in TOPICS if t not in self.state.known][:START_QUESTIONS]
            questions = " ".join(self.w.say(f"ask.{t}") for t in unknown)
            turn.lines.append(self.w.say("ask_start", questions=questions))
            self.state.asked += [t for t in unknown if t not in self.state.asked]
            self.state.asking = unknown[0] if unknown else None
        return self._finish(turn)

    def reply(self, message: str) -> Reply:
        """Answer one message: change the plan, answer a question, or ask back."""
        state = self.state
        state.turns += 1
        asking, state.asking = state.asking, None
        offered, state.offered = state.offered, []
        if offered and state.pending is None:
            message = offered_answer(message, offered) or message
        if len(message) > MAX_MESSAGE_CHARS:
            return self._finish(
                Turn(lines=[self.w.say("too_long", length=len(message), limit=MAX_MESSAGE_CHARS)])
            )
        understood = self.engine.nlu.understand(
            message, self.engine.context(state.wishes.student, state.plan)
        )
        # The edit gate (chat/gate.py): from here on only what it lets through can change anything.
        nlu = self.engine.nlu
        understood.requests = admit(message, understood.requests, nlu.lexicon, nlu.knows)
        turn = Turn(intents=[i.value for i in understood.intents])
        log.info("chat turn %d: %s", state.turns, ",".join(turn.intents) or "nothing understood")
        if state.pending is not None and self._answer_pending(message, understood, turn):
            return self._finish(turn)
        planned = {i.opportunity for i in state.plan.items()} if has_plan(state.plan) else set()
        requests = [second_look(self.engine, r, planned) for r in with_answer(asking, understood)]
        if requests:
            self._handle(requests, turn)
        elif asking is not None and understood.intents in ([Intent.DENY], [Intent.CONFIRM]):
            turn.lines.append(self.w.say("noted_ok"))
            self._follow_up(turn)
        else:
            turn.lines.append(self.w.say("empty"))
        return self._finish(turn)

    def _answer_pending(self, message: str, understood: Understanding, turn: Turn) -> bool:
        """Take the message as the answer to the last question when it is one; False when it is not
        (the question is dropped and the message is handled as a new request)."""
        state, pending = self.state, self.state.pending
        assert pending is not None
        intents = understood.intents
        if pending.kind == "confirm":
            state.pending = None
            if intents == [Intent.CONFIRM]:
                self._apply(pending.changes[0], turn)
                return True
            if intents == [Intent.DENY]:
                turn.lines.append(self.w.say("cancelled"))
                return True
            return False
        index = pick(self.engine, message, pending, understood)
        if index is None and intents == [Intent.CONFIRM] and len(pending.options) == 1:
            index = 0
        if index is None:
            if intents and all(i is Intent.OFF_TOPIC for i in intents):
                turn.lines.append(self.w.say("choice_unclear", question=pending.question))
                turn.choices, turn.asked = pending.options, True
                return True
            state.pending = None
            if intents == [Intent.DENY]:
                turn.lines.append(self.w.say("cancelled"))
                return True
            return False
        state.pending = None
        option = pending.options[index]
        if pending.slot == "relax":
            self._apply(pending.changes[index], turn, label=option.label)
        elif pending.slot == "add":
            self._handle([lock_request(option)], turn)
        else:
            self._handle([completed(self.engine, pending, option)], turn)
        return True

    # --- handling requests -----------------------------------------------------------------------

    def _handle(self, requests: list[Request], turn: Turn) -> None:
        """Apply every told fact and edit, re-plan once, then answer the questions against the new plan."""
        state = self.state
        wishes = state.wishes
        said: list[str] = []
        confirms: list[str] = []
        later: list[Request] = []
        for request in requests:
            if request.ambiguity is not None:
                if state.pending is None and not turn.asked:
                    self._ask_choice(request, turn)
                continue
            if self._unnamed(request) and state.pending is None and not turn.asked:
                self._ask_which(request, turn)
                continue
            if request.intent is Intent.UNDO:
                if wishes != state.wishes:
                    wishes, said, confirms = state.wishes, [self.w.say("undo_pending")], []
                else:
                    self._undo(turn)
                    wishes = state.wishes
            elif request.intent in TOLD or request.intent in EDITS:
                before = wishes
                if request.intent in TOLD:
                    wishes = tell(self.engine, state, request, wishes, said)
                else:
                    wishes = edit(self.engine, state, request, wishes, said, confirms, self._scores)
                if not request.certain and wishes != before:
                    # Said as a question or read with little confidence: nothing changes without a yes.
                    change = join(self.w.changes(before, wishes, self.engine.titles, self.engine.term_names))
                    confirms.append(self.w.say("confirm_unsure", change=change))
            else:
                later.append(request)
        if confirms:
            self._ask_confirm(wishes, confirms, turn)
        elif wishes != state.wishes or (not has_plan(state.plan) and self._ready() and said):
            self._replan(wishes, said, turn)
        else:
            turn.lines += said
        for request in later:
            self._answer(request, turn)
        if any(r.intent in TOLD or r.intent is Intent.GREET for r in requests):
            self._follow_up(turn)

    # --- re-planning and committing ----------------------------------------------------------------

    def _replan(self, wishes: Wishes, said: list[str], turn: Turn) -> None:
        """Solve for the new wishes (the current plan is the hint) and commit the plan, or explain why
        there is none and leave everything as it was. New interests or goals make the plan again with a
        first plan's budget and a light stability rule (``planner.edits.RETHINK_STABILITY``): items the
        student now cares about come in, and of equally good plans the one closest to theirs is kept."""
        state = self.state
        old = state.plan
        if not has_plan(old) and not self._ready():
            self._commit(wishes, old)
            turn.lines += said
            return
        retold = interests_key(wishes.student) != interests_key(state.wishes.student)
        result = self._solve(wishes, old, rethink=retold)
        if has_plan(result):
            diff = self._commit(wishes, result)
            turn.lines += said
            self._report(diff, old, result, wishes, turn, first=not has_plan(old))
        elif result.status is PlanStatus.INFEASIBLE:
            self._impossible(wishes, result, turn)
        elif result.status is PlanStatus.UNKNOWN:
            turn.lines.append(self.w.say("timeout"))
        else:
            turn.lines.append(self.w.say("invalid", message=result.message))

    def _report(
        self, diff: PlanDiff, old: PlanResult | None, new: PlanResult, wishes: Wishes, turn: Turn, first: bool
    ) -> None:
        """What changed and why; the whole plan when it is the first one."""
        w = self.w
        turn.diff = diff
        if first:
            target = self.engine.term_names[wishes.student.target_graduation_term]
            student, catalog = wishes.student, self.engine.catalog
            standing = catalog.requirement_set(student.requirement_set).standing(
                student.demonstrated(), set(new.coverage), catalog.competencies
            )
            # What the plan earns toward the diploma, counted as the plan's summary and progress count it
            # (the coverage map also lists pool competencies beyond what a subject minimum asks for).
            count = sum(planned for _, planned, _ in standing.values())
            turn.lines.append(w.say("first_plan", count=count, term=target))
            turn.lines += w.plan(new, self.engine.titles)
            example = new.items()[0].title if new.items() else self.engine.targets[0].title
            turn.lines.append(w.say("edit_hint", example=example))
        elif not diff.items_changed:
            turn.lines.append(w.say("no_change"))
        else:
            turn.lines.append(w.say("changed"))
            turn.lines += w.diff(diff)
            turn.lines += answers.change_reasons(self.engine, wishes, old, new, diff)

    def _commit(self, wishes: Wishes, plan: PlanResult | None) -> PlanDiff:
        """Make these wishes and this plan the current ones; the version before is kept for undo."""
        state = self.state
        state.history.append(Snapshot(wishes=state.wishes, plan=state.plan, note=self._note(wishes)))
        del state.history[:-MAX_UNDO]
        old = state.plan
        state.wishes, state.plan = wishes, plan
        return PlanDiff.between(old, plan)

    def _apply(self, change: Change, turn: Turn, label: str | None = None) -> None:
        """Commit a confirmed change: its plan exactly when it was solved already, else solve it now."""
        # Every edit says what changed: a confirmed change is named again as it is applied.
        if label:
            turn.lines.append(self.w.say("relaxed", label=label))
        else:
            turn.lines.append(
                self.w.say("applied_change", change=change.note) if change.note else self.w.say("applied")
            )
        if change.plan is None:
            self._replan(change.wishes, [], turn)
            return
        old = self.state.plan
        diff = self._commit(change.wishes, change.plan)
        self._report(diff, old, change.plan, change.wishes, turn, first=not has_plan(old))

    def _undo(self, turn: Turn) -> None:
        """Back to the version before the last change: its wishes and its plan, exactly."""
        state = self.state
        if not state.history:
            turn.lines.append(self.w.say("undo_nothing"))
            return
        snapshot = state.history.pop()
        old = state.plan
        state.wishes, state.plan = snapshot.wishes, snapshot.plan
        diff = PlanDiff.between(old, snapshot.plan)
        turn.diff = diff
        turn.lines.append(self.w.say("undo_done", note=snapshot.note))
        turn.lines += self.w.diff(diff)

    def _impossible(self, wishes: Wishes, result: PlanResult, turn: Turn) -> None:
        """Say which wishes conflict (the solver's explanation) and offer each relaxation that gives a plan."""
        state, w = self.state, self.w
        turn.lines.append(w.say("impossible", message=result.message))
        options: list[Option] = []
        changes: list[Change] = []
        conflicting = result.explanation.conflicting_wishes if result.explanation else []
        for wish in conflicting:
            relaxed = relax(wishes, wish)
            # Giving up what was just asked is keeping the plan as it is: that is what "no" does.
            if relaxed is None or relaxed == state.wishes:
                continue
            plan = self._solve(relaxed, state.plan, explain=False)
            if not has_plan(plan):
                continue
            label = w.relax_label(wish.kind, wish.text)
            options.append(Option(value=wish.id, label=label))
            changes.append(Change(wishes=relaxed, plan=plan, note=self._note(relaxed)))
            if len(options) == MAX_RELAXATIONS:
                break
        if not options:
            turn.lines.append(w.say("relax_none"))
            return
        turn.lines.append(w.say("relax_offer"))
        turn.lines += [w.say("relax_option", number=n, label=o.label) for n, o in enumerate(options, start=1)]
        turn.lines.append(w.say("relax_question"))
        state.pending = Pending(
            kind="choose", question=w.say("relax_question"), slot="relax", options=options, changes=changes
        )
        turn.choices, turn.asked = options, True

    # --- questions ---------------------------------------------------------------------------------

    def _answer(self, request: Request, turn: Turn) -> None:
        """Questions and small talk: nothing here changes the plan (a what-if only previews)."""
        intent, w, state = request.intent, self.w, self.state
        if intent is Intent.WHY:
            turn.lines += answers.why(self.engine, state, request)
        elif intent is Intent.EXPLORE:
            lines, options = answers.explore(self.engine, state, request)
            turn.lines += lines
            if options and not turn.asked:
                question = w.say("explore_add")
                state.pending = Pending(kind="choose", question=question, slot="add", options=options)
                turn.choices, turn.asked = options, True
        elif intent is Intent.REMAINING:
            turn.lines += answers.remaining(self.engine, state, request)
        elif intent is Intent.SHOW_PLAN:
            if has_plan(state.plan):
                turn.lines += answers.show_plan(self.engine, state, request)
            else:
                self._replan(state.wishes, [], turn)
        elif intent is Intent.WHAT_IF:
            self._what_if(request, turn)
        elif intent is Intent.HELP:
            turn.lines.append(w.say("help_send" if SEND_CUE.search(request.text) else "help"))
        elif intent is Intent.GREET:
            if has_plan(state.plan):
                turn.lines.append(w.say("greet_again"))
        elif intent in (Intent.CONFIRM, Intent.DENY):
            turn.lines.append(w.say("confirm_nothing"))
        else:
            turn.lines.append(w.say("off_topic"))

    def _what_if(self, request: Request, turn: Turn) -> None:
        """Solve the variant without committing it; a yes makes it the plan (exactly the one shown)."""
        state, w = self.state, self.w
        explicit = says_pace(request.text, request.slots, self.engine.nlu.lexicon)
        variant = apply_what_if(state.wishes, request.slots, request.text, self.engine.calendar, explicit)
        if variant == state.wishes:
            turn.lines.append(w.say("whatif_unclear"))
            return
        what = self._note(variant)
        result = self._solve(variant, state.plan)
        if not has_plan(result):
            message = result.message or w.say("timeout")
            turn.lines.append(w.say("whatif_impossible", what=what, message=message))
            return
        diff = PlanDiff.between(state.plan, result)
        turn.preview, turn.diff = result, diff
        if not diff.items_changed:
            turn.lines.append(w.say("whatif_same", what=what))
            return
        turn.lines.append(w.say("whatif_header", what=what))
        turn.lines += w.diff(diff)
        turn.lines += answers.change_reasons(self.engine, variant, state.plan, result, diff)
        if not turn.asked:
            turn.lines.append(w.say("confirm_apply"))
            change = Change(wishes=variant, plan=result, note=what)
            state.pending = Pending(kind="confirm", question=w.say("confirm_apply"), changes=[change])
            turn.confirm, turn.asked = True, True

    # --- asking back ---------------------------------------------------------------------------------

    def _ask_choice(self, request: Request, turn: Turn) -> None:
        ambiguity = request.ambiguity
        assert ambiguity is not None
        options = [Option(value=c.value, label=c.label) for c in ambiguity.choices]
        self.state.pending = Pending(
            kind="choose", question=ambiguity.question, slot=ambiguity.slot, options=options, request=request
        )
        turn.lines.append(ambiguity.question)
        turn.choices, turn.asked = options, True

    def _unnamed(self, request: Request) -> bool:
        """An edit that names no item, with no item talked about before, on a plan to pick from."""
        state = self.state
        return (
            request.intent in EDITS
            and not request.slots.opportunities
            and not state.focus
            and has_plan(state.plan)
        )

    def _ask_which(self, request: Request, turn: Turn) -> None:
        """An edit that names no item: which one, with the answers as buttons: the plan's items for a
        drop or a swap, the catalog's closest titles for a keep ("put the summer program in my plan")."""
        assert self.state.plan is not None
        items = sorted(self.state.plan.items(), key=lambda i: i.title)
        question = self.w.say(f"which.{request.intent.value}", title=items[0].title)
        options = [Option(value=i.opportunity, label=i.title) for i in items]
        if request.intent is Intent.LOCK:
            found = [r for group in self.engine.nlu.resolve(request.text, self.engine.targets) for r in group]
            options = [Option(value=r.id, label=r.title) for r in found] or self._titles_with_words(
                request.text
            )
            if not options:
                turn.lines.append(question)
                return
        self.state.pending = Pending(
            kind="choose", question=question, slot="opportunities", options=options, request=request
        )
        turn.lines.append(question)
        turn.choices, turn.asked = options, True

    def _titles_with_words(self, text: str) -> list[Option]:
        """The catalog titles that share a word with the message (besides the common words), when a few do:
        "the summer program" -> the three summer programs."""
        words = set(re.findall(r"[a-z]+", text.lower())) - set(self.engine.nlu.references.stopwords)
        found = [
            Option(value=t.id, label=t.title)
            for t in self.engine.targets
            if words & set(re.findall(r"[a-z]+", t.title.lower()))
        ]
        return found if len(found) <= MAX_TITLE_CHOICES else []

    def _ask_confirm(self, wishes: Wishes, confirms: list[str], turn: Turn) -> None:
        change = Change(wishes=wishes, note=self._note(wishes))
        question = " ".join(dict.fromkeys(confirms))
        self.state.pending = Pending(kind="confirm", question=question, changes=[change])
        turn.lines.append(question)
        turn.confirm, turn.asked = True, True

    def _follow_up(self, turn: Turn) -> None:
        """During onboarding, ask about the next topic the record does not answer (each one once)."""
        state = self.state
        if turn.asked or state.pending is not None:
            return
        topic = next((t for t in TOPICS if t not in state.known and t not in state.asked), None)
        if topic is None:
            return
        state.asked.append(topic)
        state.asking = topic
        turn.lines.append(self.w.say("ask_more", question=self.w.say(f"ask.{topic}")))
        state.offered = turn.choices = self.w.answers(topic)
        turn.asked = True

    # --- helpers ---------------------------------------------------------------------------------------

    def _ready(self) -> bool:
        """Enough is known to propose a plan: what the student is into, or they have answered once."""
        state = self.state
        return "interests" in state.known or "career" in state.known or bool(state.asked and state.turns)

    def _scores(self, student: Student) -> dict[str, float]:
        key = interests_key(student)
        if self.state.scores_for != key:
            self.state.interest_scores = self.engine.scores(student)
            self.state.scores_for = key
        return self.state.interest_scores

    def _solve(
        self, wishes: Wishes, previous: PlanResult | None, explain: bool = True, rethink: bool = False
    ) -> PlanResult:
        return self.engine.solve(wishes, self._scores(wishes.student), previous, explain, rethink)

    def _note(self, wishes: Wishes) -> str:
        """The change from the current wishes to these, in words (for undo and what-if replies)."""
        said = self.w.changes(self.state.wishes, wishes, self.engine.titles, self.engine.term_names)
        return join(said)

    def _finish(self, turn: Turn) -> Reply:
        text = "\n".join(line for line in turn.lines if line) or self.w.say("empty")
        if self.engine.rephraser is not None:
            text = self.engine.rephraser.rephrase(text)
        return Reply(
            text=text,
            plan=self.state.plan if has_plan(self.state.plan) else None,
            diff=turn.diff,
            preview=turn.preview,
            choices=turn.choices,
            confirm=turn.confirm,
            intents=turn.intents,
        )
