"""The schema's values and the district's own text in the reader's language (``core.i18n``).

- The product's words for schema values (kinds, modes, weekdays, subjects, seasons) are messages in
  the catalogs, marked here with ``N_``.
- The district's text (opportunity titles and descriptions, competency statements, pathway and term
  names) comes from its files: each may carry a ``translations`` map (docs/data-formats.md). When a
  language is missing there, the English text is shown, marked "[in English]" in the reader's
  language, so nobody takes it for a translation that was checked (or, when the district configures
  a machine-translation endpoint, its translation, marked "[machine-translated]").
"""

from __future__ import annotations

from core.i18n import N_, SOURCE_LANGUAGE, _, language
from core.phrases import Arg, Namer, Ref, render
from core.schema import (
    Catalog,
    Competency,
    Mode,
    Opportunity,
    OpportunityKind,
    Pace,
    Pathway,
    Season,
    Term,
    Weekday,
)
from core.words import DAY_PLURALS
from present.machine_translation import machine_translation

KIND_WORDS = {
    OpportunityKind.COURSE: N_("course"),
    OpportunityKind.ONLINE_COURSE: N_("online course"),
    OpportunityKind.INTERNSHIP: N_("internship"),
    OpportunityKind.WORK_BASED_LEARNING: N_("work based learning"),
    OpportunityKind.DUAL_ENROLLMENT: N_("dual enrollment"),
    OpportunityKind.COMMUNITY_SERVICE: N_("community service"),
    OpportunityKind.PROJECT: N_("project"),
    OpportunityKind.INDEPENDENT_STUDY: N_("independent study"),
    OpportunityKind.TRAVEL: N_("travel"),
    OpportunityKind.AFTER_SCHOOL: N_("after school"),
}
"""The English words are the kind's value with spaces ('online_course' -> 'online course')."""

MODE_NAMES = {Mode.IN_PERSON: N_("in person"), Mode.ONLINE: N_("online"), Mode.HYBRID: N_("hybrid")}
"""How the family reads where an item happens ('in person, Riverside High')."""

SUBJECT_NAMES = {
    "mathematics": N_("Mathematics"),
    "english": N_("English"),
    "science": N_("Science"),
    "social_studies": N_("Social studies"),
    "cte": N_("CTE"),
    "arts": N_("Arts"),
    "health_pe": N_("Health PE"),
    "world_languages": N_("World languages"),
    "": N_("Other"),
}
"""The subject vocabulary of data/subject_words.json (a test keeps the two in step)."""

SEASON_TERMS = {
    Season.FALL: N_("Fall {year}"),
    Season.SPRING: N_("Spring {year}"),
    Season.SUMMER: N_("Summer {year}"),
}
"""A term named the usual way ('Fall 2027': its season and the year it starts in) is named so in every
language; a term with another kind of name needs the district's translation."""

PACE_NAMES = {
    Pace.ACCELERATED: N_("accelerated"),
    Pace.STANDARD: N_("standard"),
    Pace.EXTENDED: N_("extended"),
}

IN_ENGLISH = N_("{text} [in English]")
"""The mark on the district's text that has no translation into the reader's language."""
MACHINE_TRANSLATED = N_("{text} [machine-translated]")
"""The mark on the district's text translated by the district's optional endpoint (machine_translation.py)."""


def english() -> bool:
    return language() == SOURCE_LANGUAGE


def kind_name(kind: OpportunityKind) -> str:
    return _(KIND_WORDS[kind])


def mode_name(mode: Mode) -> str:
    return _(MODE_NAMES[mode])


def days_name(day: Weekday) -> str:
    return _(DAY_PLURALS[str(day)])


def subject_name(subject: str, label: str) -> str:
    """A subject's name in the reader's language (``label``: its English label, for a subject outside
    the vocabulary, which stays as the district wrote it)."""
    return _(SUBJECT_NAMES[subject]) if subject in SUBJECT_NAMES else label


def district_text(english_text: str, translations: dict[str, dict[str, str]], field: str) -> str:
    """The district's ``field`` in the reader's language, or its English marked as such."""
    if english() or not english_text:
        return english_text
    translated = translations.get(language(), {}).get(field, "")
    if translated:
        return translated
    machine = machine_translation(english_text, language())
    if machine:
        return _(MACHINE_TRANSLATED).format(text=machine)
    return _(IN_ENGLISH).format(text=english_text)


def term_name(term: Term) -> str:
    """'Fall 2027' -> 'Otoño de 2027' / 'Mùa thu 2027'; a term with its own translation uses it."""
    if english():
        return term.name
    if term.translations.get(language(), {}).get("name"):
        return term.translations[language()]["name"]
    usual = SEASON_TERMS[term.season]
    if term.name == usual.format(year=term.start.year):
        return _(usual).format(year=term.start.year)
    return district_text(term.name, term.translations, "name")


def opportunity_title(opportunity: Opportunity) -> str:
    return district_text(opportunity.title, opportunity.translations, "title")


def opportunity_description(opportunity: Opportunity) -> str:
    return district_text(opportunity.description, opportunity.translations, "description")


def competency_statement(competency: Competency) -> str:
    return district_text(competency.statement, competency.translations, "statement")


def competency_label(competency: Competency) -> str:
    """A competency named in a sentence: its code and its statement without the final period
    ('HS-PS1-2 (Predict the outcome ...)'), the statement in the reader's language."""
    statements = {
        lang: {"statement": fields.get("statement", "").rstrip(".")}
        for lang, fields in competency.translations.items()
    }
    return f"{competency.label} ({district_text(competency.statement.rstrip('.'), statements, 'statement')})"


def pathway_name(pathway: Pathway) -> str:
    return district_text(pathway.name, pathway.translations, "name")


def in_english_marked(text: str) -> str:
    """English text kept from before it could be translated (a plan stored by an older version), marked
    as English in another language."""
    return text if english() or not text else _(IN_ENGLISH).format(text=text)


def catalog_names(catalog: Catalog) -> Namer:
    """The names of the district's things a phrase refers to (core/phrases.py), in the reader's
    language; in English, the names the phrase was made with."""
    terms = {t.id: t for t in catalog.calendar.terms} if catalog.calendar else {}
    opportunities = catalog.opportunity_map()
    competencies = catalog.competency_map()

    def name(ref: Ref) -> str | None:
        if english():
            return None
        if ref.ref == "term" and ref.id in terms:
            return term_name(terms[ref.id])
        if ref.ref == "opportunity" and ref.id in opportunities:
            return opportunity_title(opportunities[ref.id])
        if ref.ref == "competency" and ref.id in competencies:
            return competency_label(competencies[ref.id])
        if ref.ref == "subject":
            return subject_name(ref.id, ref.name)
        if ref.ref == "day" and ref.id in DAY_PLURALS:
            return _(DAY_PLURALS[ref.id])
        if ref.ref == "pace" and ref.id in PACE_NAMES:
            return _(PACE_NAMES[Pace(ref.id)])
        return in_english_marked(ref.name)

    return name


def phrase_text(phrase: Arg, catalog: Catalog) -> str:
    """A phrase the solver kept (why a step is missing, why there is no plan) in the reader's language."""
    return render(phrase, catalog_names(catalog))
