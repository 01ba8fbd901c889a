"""Understanding whole messages with the real embedding model: exact intents and slots."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.district import district_bundle
from chat import NLU, Context, Intent, OpportunityRef, ReferenceTarget, Slots, TermRef
from chat.nlu import MAX_MESSAGE_CHARS
from core.schema import Mode, Pace, Season, TimeBlock
from matcher.embeddings import load_model

TINY_DISTRICT = Path(__file__).parents[1] / "catalog" / "fixtures" / "district"
SAMPLE_DISTRICT = Path(__file__).parents[2] / "data" / "sample"
SAMPLE_PLAN = ["ENG-10", "MATH-GEO", "SCI-CHEM", "WL-SPAN2", "INT-BIOTECH", "TRV-COSTARICA", "AS-ROBOTICS"]
TARGETS = [
    ReferenceTarget(id="INT-BIOTECH", title="Biotech Lab Internship", kind="internship"),
    ReferenceTarget(id="INT-VET", title="Animal Hospital Internship", kind="internship"),
    ReferenceTarget(id="SCI-CHEM", title="Chemistry", kind="course"),
    ReferenceTarget(id="TRV-CR", title="Costa Rica Rainforest Field Study", kind="travel"),
    ReferenceTarget(id="AS-ROBOT", title="Robotics Club", kind="after_school"),
    ReferenceTarget(id="ONL-SPAN2", title="Spanish 2 Online", kind="online_course"),
    ReferenceTarget(id="MATH-GEO", title="Geometry", kind="course"),
]
# Words that exercise every parser when shuffled together.
WORDS = [
    "i",
    "work",
    "after",
    "before",
    "3",
    "10",
    "pm",
    "tuesday",
    "weekends",
    "mornings",
    "and",
    "drop",
    "keep",
    "the",
    "trip",
    "why",
    "what",
    "if",
    "online",
    "not",
    "hours",
    "a",
    "week",
    "semester",
    "early",
    "by",
    "junior",
    "year",
    "swap",
    "for",
    "chem",
    ",",
    "-",
    "to",
    "no",
    "yes",
    "from",
    "5-9",
    "12:30",
]
PLAN = ["INT-BIOTECH", "SCI-CHEM", "TRV-CR", "AS-ROBOT", "MATH-GEO"]


@pytest.fixture(scope="session")
def nlu() -> NLU:
    """The model is loaded once for the whole test session."""
    _, model = load_model()
    return NLU(model)


@pytest.fixture(scope="module")
def context() -> Context:
    """The tiny district's calendar, a sophomore-like student whose target is fall 2027, and a plan."""
    bundle = district_bundle(TINY_DISTRICT)
    return Context(
        opportunities=TARGETS, plan=PLAN, calendar=bundle.calendar, grade=10, target_term="2027-FA"
    )


def only(nlu: NLU, message: str, context: Context) -> tuple[Intent, Slots]:
    understood = nlu.understand(message, context)
    assert len(understood.requests) == 1, understood.requests
    return understood.requests[0].intent, understood.requests[0].slots


def ref(target_id: str, nlu: NLU, phrase: str) -> OpportunityRef:
    """The reference a phrase resolves to, with the confidence the matcher gives it."""
    (group,) = nlu.resolve(phrase, [t for t in TARGETS if t.id == target_id])
    return group[0]


def test_one_message_with_three_requests(nlu: NLU, context: Context) -> None:
    understood = nlu.understand(
        "I like horses and drawing, I work Saturdays, and I'd like to finish early", context
    )
    assert understood.intents == [Intent.TELL_INTERESTS, Intent.TELL_AVAILABILITY, Intent.TELL_PACE]
    interests, availability, pace = (r.slots for r in understood.requests)
    assert interests == Slots(interests="horses and drawing", subjects=["arts"])
    assert availability == Slots(busy=[TimeBlock(day="Sat", start="00:00", end="24:00")])
    assert pace == Slots(pace=Pace.ACCELERATED)
    assert understood.ambiguities == []


@pytest.mark.parametrize(
    ("message", "intent", "slots"),
    [
        ("swap the internship for something online", Intent.SWAP, {"modes": [Mode.ONLINE], "ids": ["INT-BIOTECH"]}),
        ("I can't do Fridays anymore", Intent.TELL_AVAILABILITY, {"busy": ["Fri 00:00-24:00"]}),
        ("why is Chemistry in my plan?", Intent.WHY, {"ids": ["SCI-CHEM"]}),
        ("keep the biotech internship no matter what", Intent.LOCK, {"ids": ["INT-BIOTECH"]}),
        ("drop the trip", Intent.EXCLUDE, {"ids": ["TRV-CR"]}),
        ("get rid of chem pls", Intent.EXCLUDE, {"ids": ["SCI-CHEM"]}),
        ("what do I still need?", Intent.REMAINING, {}),
        ("undo that", Intent.UNDO, {}),
        ("yep", Intent.CONFIRM, {}),
        ("nope", Intent.DENY, {}),
        ("help", Intent.HELP, {}),
        ("tell me a joke", Intent.OFF_TOPIC, {}),
        ("asdfghjkl", Intent.OFF_TOPIC, {}),
        ("i can do like 8 hrs a week", Intent.TELL_HOURS, {"hours": 8.0}),
        ("i dont want anything online", Intent.TELL_MODE, {"avoid": [Mode.ONLINE]}),
        ("i wanna be a vet when i grow up", Intent.TELL_CAREER_GOAL, {"career": "vet"}),
        ("im only free after 4 on weekdays", Intent.TELL_AVAILABILITY, {"free": ["Mon 16:00-24:00", "Tue 16:00-24:00",
         "Wed 16:00-24:00", "Thu 16:00-24:00", "Fri 16:00-24:00"]}),
    ],
)  # fmt: skip
def test_edits_and_answers(nlu: NLU, context: Context, message: str, intent: Intent, slots: dict) -> None:  # type: ignore[type-arg]
    got_intent, got = only(nlu, message, context)
    assert got_intent is intent
    assert [r.id for r in got.opportunities] == slots.get("ids", [])
    assert [str(b) for b in got.busy] == slots.get("busy", [])
    assert [str(b) for b in got.free] == slots.get("free", [])
    assert got.modes == slots.get("modes", [])
    assert got.avoid_modes == slots.get("avoid", [])
    assert got.hours_per_week == slots.get("hours")
    assert got.career_goal == slots.get("career", "")


def test_what_if_a_semester_early_resolves_the_term(nlu: NLU, context: Context) -> None:
    intent, slots = only(nlu, "what if I graduate a semester early?", context)
    assert intent is Intent.WHAT_IF
    assert slots.pace is Pace.ACCELERATED
    assert slots.term == TermRef(text="a semester early", shift=-1, term_id="2027-SP")


def test_explore_returns_the_topic_and_matching_titles(nlu: NLU, context: Context) -> None:
    intent, slots = only(nlu, "show me more about robotics", context)
    assert intent is Intent.EXPLORE
    assert slots.topic == "robotics"
    assert [r.id for r in slots.opportunities] == ["AS-ROBOT"]


def test_reference_confidence_is_the_match_score(nlu: NLU, context: Context) -> None:
    _, slots = only(nlu, "why is Chemistry in my plan?", context)
    assert slots.opportunities == [OpportunityRef(id="SCI-CHEM", title="Chemistry", confidence=1.0)]
    assert ref("SCI-CHEM", nlu, "chemistry") == slots.opportunities[0]


def test_two_internships_in_the_plan_make_an_ambiguity(nlu: NLU, context: Context) -> None:
    both = context.model_copy(update={"plan": [*PLAN, "INT-VET"]})
    understood = nlu.understand("drop the internship", both)
    (request,) = understood.requests
    assert request.intent is Intent.EXCLUDE
    assert request.slots.opportunities == []
    assert request.ambiguity is not None
    assert request.ambiguity.slot == "opportunities"
    assert sorted(c.value for c in request.ambiguity.choices) == ["INT-BIOTECH", "INT-VET"]
    assert request.ambiguity.question in (
        "Which one do you mean: Biotech Lab Internship or Animal Hospital Internship?",
        "Which one do you mean: Animal Hospital Internship or Biotech Lab Internship?",
    )


def test_keep_and_drop_in_one_message(nlu: NLU, context: Context) -> None:
    understood = nlu.understand("Can I keep robotics and drop the trip?", context)
    assert understood.intents == [Intent.LOCK, Intent.EXCLUDE]
    assert [[r.id for r in q.slots.opportunities] for q in understood.requests] == [["AS-ROBOT"], ["TRV-CR"]]


def test_one_clause_can_tell_two_facts(nlu: NLU, context: Context) -> None:
    understood = nlu.understand("i work tuesday afternoons, like 15 hours a week total", context)
    assert sorted(understood.intents) == sorted([Intent.TELL_AVAILABILITY, Intent.TELL_HOURS])
    slots = {r.intent: r.slots for r in understood.requests}
    assert slots[Intent.TELL_AVAILABILITY].busy == [TimeBlock(day="Tue", start="12:00", end="17:00")]
    assert slots[Intent.TELL_HOURS].hours_per_week == 15.0


def test_competency_codes_and_the_real_district_titles(nlu: NLU) -> None:
    bundle = district_bundle(TINY_DISTRICT)
    context = Context.of(bundle.opportunities, bundle.competencies, bundle.calendar)
    intent, slots = only(nlu, "i already did algebra online and HS-LS1-1", context)
    assert intent is Intent.TELL_DONE
    assert [r.id for r in slots.opportunities] == ["ALG-ONLINE"]
    assert slots.competencies == ["HS-LS1-1"]


def test_a_message_over_the_limit_is_refused_with_a_clear_error(nlu: NLU) -> None:
    understood = nlu.understand("a" * (MAX_MESSAGE_CHARS + 1))
    assert understood.too_long
    assert understood.requests == []
    assert understood.error == (
        "That message is 2,001 characters long; the limit is 2,000. Please send it in shorter parts."
    )


def test_markup_is_plain_text_and_empty_messages_ask_nothing(nlu: NLU, context: Context) -> None:
    understood = nlu.understand("<script>alert(1)</script> i love <b>art</b>", context)
    assert understood.text == "<script>alert(1)</script> i love <b>art</b>"
    assert understood.intents == [Intent.TELL_INTERESTS]
    assert nlu.understand("   \n\t ", context).requests == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(max_size=300)
    | st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join)
    | st.text(alphabet="0123456789:-apm ,.!?'", max_size=60)
)
def test_any_text_is_understood_without_error(nlu: NLU, context: Context, message: str) -> None:
    understood = nlu.understand(message, context)
    assert not understood.too_long
    for request in understood.requests:
        assert 0 <= request.confidence <= 1
        assert request.text


@pytest.fixture(scope="module")
def sample() -> Context:
    """The sample district, for a sophomore whose target is spring 2029, with a typical plan."""
    bundle = district_bundle(SAMPLE_DISTRICT)
    context = Context.of(bundle.opportunities, bundle.competencies, bundle.calendar, plan=SAMPLE_PLAN)
    return context.model_copy(update={"grade": 10, "target_term": "2029-SP"})


def test_a_subtitle_is_not_part_of_the_name(nlu: NLU, sample: Context) -> None:
    """ "Biology: Cells, Genes and Ecosystems" and "Biology Online" are both just "biology"."""
    (request,) = nlu.understand("i already finished biology", sample).requests
    assert request.intent is Intent.TELL_DONE
    assert request.ambiguity is not None
    assert sorted(c.value for c in request.ambiguity.choices) == ["ONL-BIO", "SCI-BIO"]


def test_words_that_name_no_title_are_ignored(nlu: NLU, sample: Context) -> None:
    _, slots = only(nlu, "pls take out the dc trip its way too expensive", sample)
    assert [r.id for r in slots.opportunities] == ["TRV-DC"]


def test_the_x_one_takes_the_kind_of_what_is_swapped_out(nlu: NLU, sample: Context) -> None:
    intent, slots = only(nlu, "can i switch the biotech internship to the vet one", sample)
    assert intent is Intent.SWAP
    assert [r.id for r in slots.opportunities] == ["INT-BIOTECH"]
    assert [r.id for r in slots.replacement] == ["INT-VET"]


def test_a_plural_kind_word_names_nothing(nlu: NLU, sample: Context) -> None:
    understood = nlu.understand("what if i took summer classes too", sample)
    (request,) = understood.requests
    assert request.intent is Intent.WHAT_IF
    assert request.slots.opportunities == []
    assert request.ambiguity is None
    assert request.slots.term == TermRef(text="summer", season=Season.SUMMER, term_id="2027-SU")
