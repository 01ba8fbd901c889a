"""Searching and filtering the catalog for people browsing it (the catalog page, the CLI)."""

from __future__ import annotations

from pydantic import BaseModel

from core.schema import Catalog, Competency, Opportunity, OpportunityKind


class OpportunityRow(BaseModel):
    """One line of the opportunity table."""

    id: str
    title: str
    kind: str
    mode: str
    provider: str
    subjects: str
    hours_per_week: float
    seasons: str
    schedule: str
    competencies: int


def subjects_of(opportunity: Opportunity, competencies: dict[str, Competency]) -> list[str]:
    """The subjects an opportunity's competencies belong to, sorted, each once."""
    return sorted({competencies[c].subject for c in opportunity.competencies if c in competencies})


def schedule_text(opportunity: Opportunity) -> str:
    if opportunity.self_paced:
        return "self-paced"
    return ", ".join(str(m) for m in opportunity.meetings)


def _matches(words: list[str], *fields: str) -> bool:
    haystack = " ".join(fields).lower()
    return all(word in haystack for word in words)


def find_opportunities(
    catalog: Catalog,
    text: str = "",
    kinds: list[OpportunityKind] | None = None,
    subjects: list[str] | None = None,
    modes: list[str] | None = None,
    interdisciplinary_only: bool = False,
) -> list[Opportunity]:
    """Opportunities whose title, description, provider or competency codes contain every word."""
    competencies = catalog.competency_map()
    words = text.lower().split()
    found = []
    for o in catalog.opportunities:
        spanned = subjects_of(o, competencies)
        codes = " ".join(competencies[c].label for c in o.competencies if c in competencies)
        if words and not _matches(words, o.id, o.title, o.description, o.provider, codes):
            continue
        if kinds and o.kind not in kinds:
            continue
        if subjects and not set(subjects) & set(spanned):
            continue
        if modes and o.mode.value not in modes:
            continue
        if interdisciplinary_only and len(spanned) < 2:
            continue
        found.append(o)
    return found


def opportunity_rows(catalog: Catalog, opportunities: list[Opportunity]) -> list[OpportunityRow]:
    competencies = catalog.competency_map()
    return [
        OpportunityRow(
            id=o.id,
            title=o.title,
            kind=o.kind.value.replace("_", " "),
            mode=o.mode.value.replace("_", " "),
            provider=o.provider,
            subjects=", ".join(subjects_of(o, competencies)),
            hours_per_week=o.hours_per_week,
            seasons=", ".join(s.value for s in o.seasons),
            schedule=schedule_text(o),
            competencies=len(o.competencies),
        )
        for o in opportunities
    ]


def find_competencies(
    catalog: Catalog, text: str = "", subjects: list[str] | None = None, frameworks: list[str] | None = None
) -> list[Competency]:
    """Competencies whose code or statement contains every word, optionally by subject and framework."""
    words = text.lower().split()
    return [
        c
        for c in catalog.competencies
        if (not words or _matches(words, c.id, c.code, c.statement))
        and (not subjects or c.subject in subjects)
        and (not frameworks or c.framework in frameworks)
    ]


def earned_by(catalog: Catalog, competency_id: str) -> list[Opportunity]:
    """Every opportunity through which a competency can be demonstrated."""
    return [o for o in catalog.opportunities if competency_id in o.competencies]
