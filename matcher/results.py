"""What the matcher returns: ranked opportunities that explain themselves."""

from __future__ import annotations

from pydantic import BaseModel, Field

from core.schema import OpportunityKind


class ScoreParts(BaseModel):
    """How a score was made. ``score = (interest + needed + interdisciplinary) * penalty``."""

    semantic: float = Field(description="Embedding similarity to the matched phrase, scaled to 0-1.")
    lexical: float = Field(description="BM25 of the matched phrase, scaled so the best opportunity is 1.")
    interest: float = Field(description="Both fused and summed over every phrase by its weight, 0-1.")
    needed: float = Field(default=0.0, description="Bonus for competencies the student still needs.")
    interdisciplinary: float = Field(default=0.0, description="Bonus for spanning two or more subjects.")
    penalty: float = Field(default=1.0, description="Factor below 1 when already done or not attendable.")


class Match(BaseModel):
    """One ranked opportunity and why it is there."""

    opportunity_id: str
    title: str
    kind: OpportunityKind
    score: float
    matched_phrase: str | None = Field(
        default=None, description="The interest phrase or career goal this opportunity matched best."
    )
    subjects: list[str] = Field(default_factory=list, description="Subjects of the competencies it earns.")
    needed_competencies: list[str] = Field(
        default_factory=list, description="Competencies it earns that the student still needs."
    )
    parts: ScoreParts
    notes: list[str] = Field(default_factory=list, description="Why it was ranked down, if it was.")

    def explanation(self) -> str:
        """One plain-English sentence for a student, an advisor or a family."""
        pieces = []
        if self.matched_phrase:
            pieces.append(f"matches “{self.matched_phrase}”")
        if len(self.subjects) >= 2:
            pieces.append("spans " + " and ".join(s.replace("_", " ") for s in self.subjects))
        if self.needed_competencies:
            n = len(self.needed_competencies)
            pieces.append(f"earns {n} competenc{'y' if n == 1 else 'ies'} you still need")
        pieces.extend(self.notes)
        text = "; ".join(pieces) if pieces else "ranked by what the catalog offers"
        return text[0].upper() + text[1:] + "."
