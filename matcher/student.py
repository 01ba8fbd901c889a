"""What the matcher knows about a student beyond their words: what they still need, what they have
done, and what they can attend. Computed for every opportunity at once (arrays in catalog order)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from core.schema import Catalog, Student

# Without a calendar, a student is assumed to stay in school until this grade.
LAST_GRADE = 12


@dataclass
class CatalogFacts:
    """Per-opportunity facts that do not depend on the student (built once per catalog)."""

    earns: sparse.csr_matrix  # earns[o, c] = 1 when opportunity o earns competency c
    competency_ids: list[str]
    competency_row: dict[str, int]
    subjects: list[list[str]]  # sorted subjects each opportunity's competencies span
    span: np.ndarray  # number of distinct subjects per opportunity
    size: np.ndarray  # number of competencies per opportunity
    modes: np.ndarray  # mode value per opportunity (object array of str)
    min_grade: np.ndarray
    max_grade: np.ndarray
    row: dict[str, int]  # opportunity id -> row

    @classmethod
    def of(cls, catalog: Catalog) -> CatalogFacts:
        comps = catalog.competency_map()
        competency_ids = [c.id for c in catalog.competencies]
        competency_row = {c: i for i, c in enumerate(competency_ids)}
        rows, cols, subjects = [], [], []
        for o_row, opportunity in enumerate(catalog.opportunities):
            spanned = set()
            for c in opportunity.competencies:
                if c in competency_row:
                    rows.append(o_row)
                    cols.append(competency_row[c])
                    if comps[c].subject:
                        spanned.add(comps[c].subject)
            subjects.append(sorted(spanned))
        n_opp = len(catalog.opportunities)
        earns = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_opp, len(competency_ids))
        )
        opportunities = catalog.opportunities
        return cls(
            earns=earns,
            competency_ids=competency_ids,
            competency_row=competency_row,
            subjects=subjects,
            span=np.array([len(s) for s in subjects], dtype=np.int32),
            size=np.asarray(earns.sum(axis=1)).ravel(),
            modes=np.array([o.mode.value for o in opportunities], dtype=object),
            min_grade=np.array([o.min_grade for o in opportunities], dtype=np.int32),
            max_grade=np.array([o.max_grade for o in opportunities], dtype=np.int32),
            row={o.id: i for i, o in enumerate(opportunities)},
        )

    def indicator(self, competency_ids: set[str]) -> np.ndarray:
        vector = np.zeros(len(self.competency_ids), dtype=np.float32)
        vector[[self.competency_row[c] for c in competency_ids if c in self.competency_row]] = 1.0
        return vector


@dataclass
class StudentFit:
    """How each opportunity fits one student."""

    needed: set[str]  # competency ids the student still needs
    need_share: np.ndarray  # share of each opportunity's competencies that the student still needs
    done: np.ndarray  # completed, or every competency already demonstrated
    unreachable: np.ndarray  # mode not allowed, or no grade the student will be in fits


def needed_competencies(student: Student, catalog: Catalog) -> set[str]:
    """Required competencies not yet demonstrated, plus the pools of subject minimums not yet met
    (a minimum without a pool draws on every competency of its subject)."""
    try:
        requirements = catalog.requirement_set(student.requirement_set)
    except KeyError:
        return set()
    return requirements.still_needed(student.demonstrated(), catalog.competencies).competencies()


def student_grades(student: Student, catalog: Catalog) -> set[int]:
    """The grades the student will be in during the plannable terms up to their graduation target."""
    calendar = catalog.calendar
    if calendar is None:
        return set(range(student.grade, max(student.grade, LAST_GRADE) + 1))
    terms = calendar.plannable()
    ids = [t.id for t in terms]
    if student.target_graduation_term in ids:
        terms = terms[: ids.index(student.target_graduation_term) + 1]
    return {student.grade_in(term, calendar) for term in terms} or {student.grade}


def fit(student: Student, catalog: Catalog, facts: CatalogFacts) -> StudentFit:
    needed = needed_competencies(student, catalog)
    size = np.maximum(facts.size, 1)
    need_share = (facts.earns @ facts.indicator(needed)) / size
    demonstrated_share = (facts.earns @ facts.indicator(student.demonstrated())) / size
    done = demonstrated_share >= 1.0
    for opportunity_id in student.completed_opportunities:
        if opportunity_id in facts.row:
            done[facts.row[opportunity_id]] = True
    mode_ok = np.isin(facts.modes, [m.value for m in student.allowed_modes])
    grades = student_grades(student, catalog)
    grade_ok = np.zeros(len(facts.modes), dtype=bool)
    for grade in grades:
        grade_ok |= (facts.min_grade <= grade) & (grade <= facts.max_grade)
    return StudentFit(
        needed=needed,
        need_share=np.asarray(need_share, dtype=np.float32),
        done=done,
        unreachable=~(mode_ok & grade_ok),
    )
