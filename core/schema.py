"""The domain: frameworks, competencies, opportunities, terms, requirements, students, evidence.

Every boundary of the product (files, database rows, solver input, UI) speaks these pydantic models.
Identifiers are plain strings; references between objects are by id and are checked where a whole
catalog is assembled (``Catalog.check_references``), so that an importer can name what is missing.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from graphlib import CycleError, TopologicalSorter
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    WithJsonSchema,
    field_serializer,
    field_validator,
    model_serializer,
    model_validator,
)

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


class Strict(BaseModel):
    """Base for every domain model: unknown fields are an error, values are validated on assignment,
    numbers are finite (``read_json`` reads a number too large for Python as an infinity)."""

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, str_strip_whitespace=True, allow_inf_nan=False
    )


LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
"""A BCP 47 language tag as the district files write it: 'es', 'vi', 'zh-Hant'."""

Translations = dict[LanguageTag, dict[str, Annotated[str, StringConstraints(strip_whitespace=True)]]]
"""The district's own text in other languages, per language then per field:
``{"es": {"title": "Pasantía en un laboratorio de biotecnología"}}`` (docs/data-formats.md)."""


class Translated(Strict):
    """A model with the district's text in other languages: an empty ``translations`` map is left out
    of its JSON, so files written before translations existed are exported as they were."""

    @model_serializer(mode="wrap")
    def _without_empty_translations(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if not data.get("translations"):
            data.pop("translations", None)
        return data


def _translation_fields(*fields: str) -> AfterValidator:
    """Checks that a ``translations`` map names only the fields the model translates."""

    def check(value: Translations) -> Translations:
        for lang, texts in value.items():
            unknown = sorted(set(texts) - set(fields))
            if unknown:
                raise ValueError(
                    f"translations.{lang}: {', '.join(unknown)} cannot be translated "
                    f"(only {', '.join(fields)})"
                )
        return value

    return AfterValidator(check)


# --- vocabularies -----------------------------------------------------------------------------


class Weekday(StrEnum):
    MON = "Mon"
    TUE = "Tue"
    WED = "Wed"
    THU = "Thu"
    FRI = "Fri"
    SAT = "Sat"
    SUN = "Sun"

    @property
    def index(self) -> int:  # type: ignore[override]
        """Monday is 0, Sunday is 6."""
        return list(Weekday).index(self)


class OpportunityKind(StrEnum):
    COURSE = "course"
    ONLINE_COURSE = "online_course"
    INTERNSHIP = "internship"
    WORK_BASED_LEARNING = "work_based_learning"
    DUAL_ENROLLMENT = "dual_enrollment"
    COMMUNITY_SERVICE = "community_service"
    PROJECT = "project"
    INDEPENDENT_STUDY = "independent_study"
    TRAVEL = "travel"
    AFTER_SCHOOL = "after_school"


class Mode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class Season(StrEnum):
    FALL = "fall"
    SPRING = "spring"
    SUMMER = "summer"


class Pace(StrEnum):
    ACCELERATED = "accelerated"
    STANDARD = "standard"
    EXTENDED = "extended"


class EvidenceLevel(StrEnum):
    """Performance levels, lowest first. ``proficient`` or above counts as demonstrated."""

    EMERGING = "emerging"
    DEVELOPING = "developing"
    PROFICIENT = "proficient"
    ADVANCED = "advanced"

    @property
    def demonstrated(self) -> bool:
        return self in (EvidenceLevel.PROFICIENT, EvidenceLevel.ADVANCED)


class PerformanceScale(Strict):
    """A district's performance levels, lowest first, and the ones that count as proficient (a
    competency rated at one of them is demonstrated). The four levels by default; some districts use
    a longer progression (e.g. ten levels that replace grade levels)."""

    levels: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]] = (
        Field(default_factory=lambda: [level.value for level in EvidenceLevel], min_length=2, max_length=20)
    )
    proficient: list[str] = Field(
        default_factory=lambda: [EvidenceLevel.PROFICIENT.value, EvidenceLevel.ADVANCED.value], min_length=1
    )

    @model_validator(mode="after")
    def _check(self) -> PerformanceScale:
        if len(set(self.levels)) != len(self.levels):
            raise ValueError("a performance level is listed twice")
        unknown = [p for p in self.proficient if p not in self.levels]
        if unknown:
            raise ValueError(f"proficient level {unknown[0]!r} is not one of the levels")
        return self

    def is_proficient(self, level: str) -> bool:
        return level in self.proficient

    def check(self, level: str) -> str:
        """The level, or ValueError naming the scale's levels."""
        if level not in self.levels:
            raise ValueError(f"{level!r} is not a level of this scale ({', '.join(self.levels)})")
        return level

    def as_evidence_level(self, level: str) -> EvidenceLevel:
        """A level of this scale as one of the four (the student profile's evidence speaks those):
        the same name when it is one, else proficient or developing by whether it counts."""
        if level in {e.value for e in EvidenceLevel}:
            return EvidenceLevel(level)
        return EvidenceLevel.PROFICIENT if self.is_proficient(level) else EvidenceLevel.DEVELOPING


# --- time ---------------------------------------------------------------------------------------


MINUTES_PER_DAY = 24 * 60
"""A day in minutes: the end of the day, 24:00."""


def parse_clock(value: object) -> int:
    """'HH:MM' (or minutes since midnight) to minutes since midnight; 24:00 is the end of the day."""
    if isinstance(value, bool):
        raise ValueError(f"not a time of day: {value!r}")
    if isinstance(value, int):
        minutes = value
    elif isinstance(value, dt.time):
        minutes = value.hour * 60 + value.minute
    elif isinstance(value, str):
        match = _HHMM.match(value.strip())
        if not match:
            raise ValueError(f"time {value!r} is not in HH:MM form")
        hours, mins = int(match.group(1)), int(match.group(2))
        if mins > 59 or hours > 24 or (hours == 24 and mins):
            raise ValueError(f"time {value!r} is not a time of day (00:00 to 24:00)")
        minutes = hours * 60 + mins
    else:
        raise ValueError(f"not a time of day: {value!r}")
    if not 0 <= minutes <= MINUTES_PER_DAY:
        raise ValueError(f"time {value!r} is not a time of day (00:00 to 24:00)")
    return minutes


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def utc(when: dt.datetime) -> dt.datetime:
    """A date-time as the store keeps it: in UTC, without a zone (one without a zone is taken as UTC).
    ValueError when UTC leaves the years 1 to 9999 (9999-12-31T23:59:59-05:00 is in the year 10000)."""
    if when.tzinfo is None:
        return when
    try:
        return when.astimezone(dt.UTC).replace(tzinfo=None)
    except OverflowError:
        raise ValueError(f"{when.isoformat()} is outside the years 1 to 9999 once converted to UTC") from None


UtcDateTime = Annotated[dt.datetime, AfterValidator(utc)]
"""A date-time read with any zone and kept in UTC without a zone (see ``utc``)."""
Year = Annotated[int, Field(ge=1900, le=2999)]
"""A calendar year a school year can start in."""


Clock = Annotated[
    int,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "description": "HH:MM, 24-hour"},
                {"type": "integer", "minimum": 0, "maximum": 1440, "description": "minutes since midnight"},
            ]
        }
    ),
]
"""A time of day: written "HH:MM" in files and plans, held as minutes since midnight."""


class TimeBlock(Strict):
    """A weekly interval: a day and a half-open [start, end) span, stored as minutes since midnight.

    In files it is written ``{"day": "Tue", "start": "15:00", "end": "18:00"}``.
    """

    day: Weekday
    start: Clock
    end: Clock
    label: str = ""

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value: object) -> int:
        return parse_clock(value)

    @field_serializer("start", "end")
    def _write_clock(self, minutes: int) -> str:
        return format_clock(minutes)

    @model_validator(mode="after")
    def _ordered(self) -> TimeBlock:
        if self.end <= self.start:
            raise ValueError(
                f"{self.day} {format_clock(self.start)}-{format_clock(self.end)} ends before it starts"
            )
        return self

    def overlaps(self, other: TimeBlock) -> bool:
        return self.day == other.day and self.start < other.end and other.start < self.end

    @property
    def hours(self) -> float:
        return (self.end - self.start) / 60

    @property
    def whole_day(self) -> bool:
        """From midnight to midnight: the student is not free at all that day."""
        return self.start == 0 and self.end == MINUTES_PER_DAY

    def __str__(self) -> str:
        return f"{self.day} {format_clock(self.start)}-{format_clock(self.end)}"


def _as_list(value: object) -> object:
    """Accept a single string where a list belongs (real files do this)."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    return value


# --- standards --------------------------------------------------------------------------------


def cycles(edges: dict[str, list[str]], limit: int = 100) -> list[list[str]]:
    """The loops of a directed graph (``edges[a]`` holds each ``b`` with an edge a -> b), each as its
    nodes from the smallest id round to it again (so the same loop reads the same every time), sorted.

    graphlib names one loop at a time: each one named, one of its edges is set aside and it looks
    again, until none is left or ``limit`` loops are named. Every loop of the graph shares an edge
    with a loop named; a graph without loops costs one topological sort."""
    graph = {node: set(nexts) for node, nexts in edges.items()}
    found: list[list[str]] = []
    while len(found) < limit:
        try:
            TopologicalSorter(graph).prepare()
        except CycleError as exc:
            loop = list(reversed(exc.args[1][1:]))  # graphlib lists predecessors first: a <- c <- b <- a
            first = loop.index(min(loop))
            closed = [*loop[first:], *loop[:first], loop[first]]
            graph[closed[0]].discard(closed[1])
            found.append(closed)
        else:
            break
    return sorted(found)


class Framework(Strict):
    """A set of standards (a CASE CFDocument, or a district's own list)."""

    id: Id
    title: str
    creator: str = ""
    publisher: str = ""
    version: str = ""
    adoption_status: str = ""
    subjects: list[str] = Field(default_factory=list)
    source_uri: str = ""
    last_changed: UtcDateTime | None = None


class LinkType(StrEnum):
    PRECEDES = "precedes"
    EXACT_MATCH_OF = "exactMatchOf"
    IS_RELATED_TO = "isRelatedTo"
    IS_PART_OF = "isPartOf"
    IS_PEER_OF = "isPeerOf"
    REPLACED_BY = "replacedBy"
    EXEMPLAR = "exemplar"
    HAS_SKILL_LEVEL = "hasSkillLevel"
    IS_TRANSLATION_OF = "isTranslationOf"


class CompetencyLink(Strict):
    """A typed association from one competency to another node (maybe outside the catalog)."""

    origin: Id
    type: LinkType
    destination: Id
    destination_uri: str = ""
    destination_title: str = ""


class Competency(Translated):
    """What a student knows and can do. ``id`` is the catalog key; ``code`` the human code."""

    id: Id
    code: str = ""
    statement: str = Field(min_length=1)
    subject: str = ""
    education_levels: list[str] = Field(default_factory=list)
    framework: Id
    parent: Id | None = None
    item_type: str = ""
    source_uri: str = ""
    is_heading: bool = False
    precedes: list[Id] = Field(default_factory=list)
    translations: Annotated[Translations, _translation_fields("statement")] = Field(
        default_factory=dict, description="The statement in other languages."
    )

    _split = field_validator("education_levels", "precedes", mode="before")(_as_list)

    @property
    def label(self) -> str:
        return self.code or self.id


class SubjectMinimum(Strict):
    """At least ``count`` demonstrated competencies in ``subject`` (from ``pool`` when it is given)."""

    subject: str
    count: int = Field(ge=1, le=100_000)
    pool: list[Id] = Field(default_factory=list)


class PaceLoad(Strict):
    """Weekly hours a pace asks for in a fall or spring term (summer terms have no minimum), and the
    load a full program of that pace aims at."""

    min_hours_per_week: float = Field(ge=0)
    max_hours_per_week: float = Field(gt=0)
    target_hours_per_week: float | None = Field(
        default=None,
        ge=0,
        description=(
            "The weekly load a fall or spring term aims at, up to the target term (a full program); "
            "none means the lightest plan that meets the deadline (credit recovery, extended pace)."
        ),
    )

    @model_validator(mode="after")
    def _ordered(self) -> PaceLoad:
        if self.max_hours_per_week < self.min_hours_per_week:
            raise ValueError("max_hours_per_week is below min_hours_per_week")
        target = self.target_hours_per_week
        if target is not None and not self.min_hours_per_week <= target <= self.max_hours_per_week:
            raise ValueError("target_hours_per_week is outside min_hours_per_week..max_hours_per_week")
        return self


def _default_pace_loads() -> dict[Pace, PaceLoad]:
    return {
        Pace.ACCELERATED: PaceLoad(min_hours_per_week=12, max_hours_per_week=40, target_hours_per_week=28),
        Pace.STANDARD: PaceLoad(min_hours_per_week=6, max_hours_per_week=30, target_hours_per_week=22),
        Pace.EXTENDED: PaceLoad(min_hours_per_week=0, max_hours_per_week=20),
    }


class RequirementSet(Strict):
    """What a diploma requires (a proficiency-based diploma), and the district's pace policy."""

    id: Id
    name: str
    required: list[Id] = Field(default_factory=list)
    subject_minimums: list[SubjectMinimum] = Field(default_factory=list)
    proficiency_share: float = Field(
        default=0.7,
        gt=0,
        le=1,
        description="A course's credit needs proficiency on at least this share of its outcomes.",
    )
    pace_loads: dict[Pace, PaceLoad] = Field(default_factory=_default_pace_loads)
    scale: PerformanceScale = Field(
        default_factory=PerformanceScale, description="The performance levels evidence is rated on."
    )
    credit_per_term: float = Field(
        default=0.5, gt=0, le=10, description="The credit one term of an opportunity is worth when granted."
    )

    def required_competencies(self, competencies: list[Competency]) -> list[str]:
        """The required competencies in order, once each, without headings (a heading groups
        standards; it is never demonstrated itself)."""
        headings = {c.id for c in competencies if c.is_heading}
        return [c for c in dict.fromkeys(self.required) if c not in headings]

    def pool(self, minimum: SubjectMinimum, competencies: list[Competency]) -> list[str]:
        """The competencies a subject minimum draws on, without headings: its pool, or every
        competency of its subject when it names none."""
        headings = {c.id for c in competencies if c.is_heading}
        pool = minimum.pool or [c.id for c in competencies if c.subject == minimum.subject]
        return [c for c in dict.fromkeys(pool) if c not in headings]

    def standing(
        self, demonstrated: set[str], covered: set[str], competencies: list[Competency]
    ) -> dict[str, tuple[int, int, int]]:
        """Per subject, the diploma's competencies (demonstrated, covered by a plan, still missing): the
        required ones, plus the slots each subject minimum adds beyond the required competencies of its
        pool ("3 arts competencies" counts required arts ones too), filled first by demonstrated, then
        by covered pool competencies. The one count of where a student stands and what a plan earns
        toward the diploma (the progress chart, the plan's summary, the chat's first plan)."""
        subjects = {c.id: c.subject for c in competencies}
        counts: dict[str, list[int]] = {}

        def add(subject: str, done: int, planned: int, missing: int) -> None:
            row = counts.setdefault(subject, [0, 0, 0])
            row[0] += done
            row[1] += planned
            row[2] += missing

        required = self.required_competencies(competencies)
        for comp in required:
            shown, planned = comp in demonstrated, comp not in demonstrated and comp in covered
            add(subjects.get(comp, ""), int(shown), int(planned), int(not shown and not planned))
        for minimum in self.subject_minimums:
            pool = self.pool(minimum, competencies)
            extra = max(0, minimum.count - sum(1 for c in pool if c in required))
            others = [c for c in pool if c not in required]
            done = min(extra, sum(1 for c in others if c in demonstrated))
            more = min(extra - done, sum(1 for c in others if c in covered and c not in demonstrated))
            add(minimum.subject, done, more, extra - done - more)
        return {subject: (d, p, m) for subject, (d, p, m) in counts.items()}

    def still_needed(self, demonstrated: set[str], competencies: list[Competency]) -> StillNeeded:
        """What a student who has demonstrated ``demonstrated`` still needs for this diploma: the
        required competencies not yet demonstrated, and each subject minimum with how many of its
        pool are demonstrated and which pool competencies remain. The one answer to "what does the
        student still need", for the solver, the matcher and the pages alike."""
        minimums = []
        for minimum in self.subject_minimums:
            pool = self.pool(minimum, competencies)
            minimums.append(
                MinimumNeed(
                    subject=minimum.subject,
                    count=minimum.count,
                    demonstrated=sum(1 for c in pool if c in demonstrated),
                    pool=[c for c in pool if c not in demonstrated],
                )
            )
        required = [c for c in self.required_competencies(competencies) if c not in demonstrated]
        return StillNeeded(required=required, minimums=minimums)


class MinimumNeed(Strict):
    """A subject minimum as it stands for one student: ``count`` asked, ``demonstrated`` so far, and
    the ``pool`` competencies not yet demonstrated that can still count."""

    subject: str
    count: int
    demonstrated: int
    pool: list[str]

    @property
    def remaining(self) -> int:
        return max(0, self.count - self.demonstrated)


class StillNeeded(Strict):
    """What a student still needs: required competencies not yet demonstrated, and subject minimums."""

    required: list[str]
    minimums: list[MinimumNeed]

    def competencies(self) -> set[str]:
        """Every competency that would bring the student closer: the required ones, and the pools of
        the minimums not yet met."""
        return set(self.required) | {c for m in self.minimums if m.remaining for c in m.pool}


# --- calendar -----------------------------------------------------------------------------------


class Term(Translated):
    id: Id
    name: str
    season: Season
    school_year: Year = Field(description="The calendar year in which the school year starts (fall).")
    start: dt.date
    end: dt.date
    translations: Annotated[Translations, _translation_fields("name")] = Field(
        default_factory=dict,
        description="The term's name in other languages (needed only for unusual names).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.end <= self.start:
            raise ValueError(f"term {self.id} ends ({self.end}) before it starts ({self.start})")
        return self


class Calendar(Strict):
    """The terms a plan can use, in order, and the first term that is still open to plan."""

    terms: list[Term]
    current_school_year: Year
    first_plannable_term: Id

    @field_validator("terms")
    @classmethod
    def _in_order(cls, terms: list[Term]) -> list[Term]:
        return sorted(terms, key=lambda t: t.start)

    @model_validator(mode="after")
    def _check(self) -> Calendar:
        ids = [t.id for t in self.terms]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate term ids in the calendar")
        if self.first_plannable_term not in ids:
            raise ValueError(f"first_plannable_term {self.first_plannable_term!r} is not a term")
        return self

    def index(self, term_id: str) -> int:
        for i, term in enumerate(self.terms):
            if term.id == term_id:
                return i
        raise KeyError(term_id)

    def term(self, term_id: str) -> Term:
        return self.terms[self.index(term_id)]

    def plannable(self) -> list[Term]:
        return self.terms[self.index(self.first_plannable_term) :]


# --- opportunities -----------------------------------------------------------------------------


class Prerequisite(Strict):
    """One any-of group: satisfied by any listed opportunity taken earlier, or any listed competency
    demonstrated earlier. An opportunity needs every one of its groups."""

    any_of_opportunities: list[Id] = Field(default_factory=list)
    any_of_competencies: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> Prerequisite:
        if not self.any_of_opportunities and not self.any_of_competencies:
            raise ValueError("a prerequisite group must name at least one opportunity or competency")
        return self


class Opportunity(Translated):
    """Anything through which competencies can be demonstrated."""

    id: Id
    title: str = Field(min_length=1)
    description: str = ""
    kind: OpportunityKind
    provider: str = ""
    mode: Mode = Mode.IN_PERSON
    location: str = ""
    competencies: list[Id] = Field(min_length=1)
    hours_per_week: float = Field(gt=0, le=60)
    length_terms: int = Field(default=1, ge=1, le=8)
    seasons: list[Season] = Field(min_length=1, description="Seasons in which it starts.")
    only_terms: list[Id] = Field(
        default_factory=list, description="When given, it starts only in these terms (e.g. a one-off trip)."
    )
    meetings: list[TimeBlock] = Field(
        default_factory=list, description="Weekly meeting times; empty for self-paced."
    )
    prerequisites: list[Prerequisite] = Field(default_factory=list)
    seats: int | None = Field(
        default=None, ge=0, le=1_000_000, description="Seats remaining; none means no limit."
    )
    min_grade: int = Field(default=9, ge=6, le=13)
    max_grade: int = Field(default=12, ge=6, le=13)
    cost: float = Field(default=0.0, ge=0)
    translations: Annotated[Translations, _translation_fields("title", "description")] = Field(
        default_factory=dict, description="Title and description in other languages."
    )

    @model_validator(mode="after")
    def _check(self) -> Opportunity:
        if self.max_grade < self.min_grade:
            raise ValueError(f"max_grade {self.max_grade} is below min_grade {self.min_grade}")
        for i, a in enumerate(self.meetings):
            for b in self.meetings[i + 1 :]:
                if a.overlaps(b):
                    raise ValueError(f"meetings {a} and {b} overlap")
        return self

    @property
    def self_paced(self) -> bool:
        return not self.meetings

    def starts_in(self, term: Term) -> bool:
        if self.only_terms:
            return term.id in self.only_terms
        return term.season in self.seasons


# --- students -----------------------------------------------------------------------------------


class Evidence(Strict):
    """A record that a student demonstrated a competency."""

    competency: Id
    level: EvidenceLevel = EvidenceLevel.PROFICIENT
    date: dt.date
    source: str = Field(default="", description="Where: an opportunity id, a test, a portfolio...")
    assessor: str = ""


class Student(Strict):
    id: Id
    name: str = Field(min_length=1)
    grade: int = Field(ge=6, le=13, description="Grade level in the calendar's current school year.")
    school: str = Field(default="", description="The school the student attends (optional).")
    target_graduation_term: Id
    requirement_set: Id
    interests: str = ""
    career_goals: str = ""
    unavailable: list[TimeBlock] = Field(default_factory=list)
    max_hours_per_week: float = Field(default=30.0, gt=0, le=80)
    pace: Pace = Pace.STANDARD
    allowed_modes: list[Mode] = Field(default_factory=lambda: list(Mode))
    preferred_modes: list[Mode] = Field(default_factory=list)
    completed_opportunities: list[Id] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    @field_validator("allowed_modes")
    @classmethod
    def _some_mode(cls, value: list[Mode]) -> list[Mode]:
        if not value:
            raise ValueError("allowed_modes cannot be empty")
        return value

    def demonstrated(self) -> set[str]:
        return {e.competency for e in self.evidence if e.level.demonstrated}

    def grade_in(self, term: Term, calendar: Calendar) -> int:
        return self.grade + (term.school_year - calendar.current_school_year)


# --- whole catalog ------------------------------------------------------------------------------


class PathwayRole(StrEnum):
    """Where a step sits in a progression: it introduces the field, deepens it, or ends it with
    work-based learning (internship, dual enrollment, project)."""

    INTRODUCTION = "introduction"
    DEEPENING = "deepening"
    CAPSTONE = "capstone"


class PathwayStep(Strict):
    """One step of a pathway: any one of its opportunities makes the step."""

    role: PathwayRole
    any_of: list[Id] = Field(min_length=1, description="Opportunities, any one of which makes the step.")
    name: str = Field(default="", description="A short label, e.g. 'Lab course'; empty: the role.")


class Pathway(Translated):
    """An interest or career pathway: a named progression of opportunities, in order (e.g.
    'Biotechnology': an introduction, a deeper course, then an internship as its capstone). Declared by
    the district (``pathways.json``), or inferred from the matcher when the district declares none."""

    id: Id
    name: str = Field(min_length=1)
    description: str = ""
    occupations: list[str] = Field(
        default_factory=list, description="O*NET-SOC codes of the occupations it leads to, e.g. 19-1029.01."
    )
    steps: list[PathwayStep] = Field(min_length=1)
    inferred: bool = Field(default=False, description="Built by the matcher, not declared by the district.")
    translations: Annotated[Translations, _translation_fields("name", "description")] = Field(
        default_factory=dict, description="Name and description in other languages."
    )

    def opportunities(self) -> list[str]:
        """Every opportunity of the pathway, in step order, once each."""
        return list(dict.fromkeys(o for step in self.steps for o in step.any_of))


class Catalog(Strict):
    """A consistent snapshot of everything the planner and matcher read."""

    frameworks: list[Framework] = Field(default_factory=list)
    competencies: list[Competency] = Field(default_factory=list)
    links: list[CompetencyLink] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    requirement_sets: list[RequirementSet] = Field(default_factory=list)
    calendar: Calendar | None = None
    pathways: list[Pathway] = Field(default_factory=list)

    def competency_map(self) -> dict[str, Competency]:
        return {c.id: c for c in self.competencies}

    def opportunity_map(self) -> dict[str, Opportunity]:
        return {o.id: o for o in self.opportunities}

    def requirement_set(self, set_id: str) -> RequirementSet:
        for rs in self.requirement_sets:
            if rs.id == set_id:
                return rs
        raise KeyError(set_id)

    def reference_issues(self, students: list[Student] | None = None) -> list[tuple[str, str, str]]:
        """Every dangling reference or duplicate id, as (kind, id, what is wrong)."""
        problems: list[tuple[str, str, str]] = []
        comps = self.competency_map()
        opps = self.opportunity_map()
        frameworks = {f.id for f in self.frameworks}
        term_ids = {t.id for t in self.calendar.terms} if self.calendar else set()

        def dup(kind: str, ids: list[str]) -> None:
            seen: set[str] = set()
            for i in ids:
                if i in seen:
                    problems.append((kind, i, "duplicate id"))
                seen.add(i)

        dup("competency", [c.id for c in self.competencies])
        dup("opportunity", [o.id for o in self.opportunities])
        for c in self.competencies:
            if c.framework not in frameworks:
                problems.append(("competency", c.id, f"framework {c.framework!r} is not in the catalog"))
            if c.parent and c.parent not in comps:
                problems.append(("competency", c.id, f"parent {c.parent!r} is not a known competency"))
            for p in c.precedes:
                if p not in comps:
                    problems.append(("competency", c.id, f"precedes {p!r}, which is not a known competency"))
        for o in self.opportunities:
            for cid in o.competencies:
                if cid not in comps:
                    problems.append(("opportunity", o.id, f"competency {cid!r} is not in the catalog"))
            for group in o.prerequisites:
                for p in group.any_of_opportunities:
                    if p not in opps:
                        problems.append(("opportunity", o.id, f"prerequisite {p!r} is not an opportunity"))
                for cid in group.any_of_competencies:
                    if cid not in comps:
                        problems.append(
                            ("opportunity", o.id, f"prerequisite competency {cid!r} is not in the catalog")
                        )
            for t in o.only_terms:
                if self.calendar and t not in term_ids:
                    problems.append(("opportunity", o.id, f"term {t!r} is not in the calendar"))
        precedes = {c.id: [p for p in c.precedes if p in comps] for c in self.competencies}
        for loop in cycles(precedes):
            path = " -> ".join(loop)
            message = (
                f"precedes makes a cycle: {path} (each must be earned before the next), so none can be earned"
            )
            problems.append(("competency", loop[0], message))
        needs = {
            o.id: [
                g.any_of_opportunities[0]
                for g in o.prerequisites
                if len(g.any_of_opportunities) == 1
                and not g.any_of_competencies
                and g.any_of_opportunities[0] in opps
            ]
            for o in self.opportunities
        }
        for loop in cycles(needs):
            path = " -> ".join(loop)
            message = f"prerequisites make a cycle: {path} (each needs the next first), so none can be taken"
            problems.append(("opportunity", loop[0], message))
        for rs in self.requirement_sets:
            for cid in rs.required:
                if cid not in comps:
                    problems.append(("requirement set", rs.id, f"competency {cid!r} is not in the catalog"))
            for m in rs.subject_minimums:
                for cid in m.pool:
                    if cid not in comps:
                        problems.append(
                            ("requirement set", rs.id, f"pool competency {cid!r} is not in the catalog")
                        )
        dup("pathway", [p.id for p in self.pathways])
        for pathway in self.pathways:
            for n, step in enumerate(pathway.steps, 1):
                for o_id in step.any_of:
                    if o_id not in opps:
                        label = step.name or step.role.value
                        message = f"step {n} ({label}): opportunity {o_id!r} is not in the catalog"
                        problems.append(("pathway", pathway.id, message))
        rs_ids = {rs.id for rs in self.requirement_sets}
        for s in students or []:
            if s.requirement_set not in rs_ids:
                problems.append(("student", s.id, f"requirement set {s.requirement_set!r} is unknown"))
            if self.calendar and s.target_graduation_term not in term_ids:
                problems.append(
                    ("student", s.id, f"target_graduation_term {s.target_graduation_term!r} is not a term")
                )
            for e in s.evidence:
                if e.competency not in comps:
                    problems.append(("student", s.id, f"evidence for unknown competency {e.competency!r}"))
            for o_id in s.completed_opportunities:
                if o_id not in opps:
                    problems.append(("student", s.id, f"completed opportunity {o_id!r} is unknown"))
        return problems

    def reference_problems(self, students: list[Student] | None = None) -> list[str]:
        """Every dangling reference, as a sentence naming the object, the field and the missing id."""
        return [f"{kind} {ident!r}: {message}" for kind, ident, message in self.reference_issues(students)]
