"""The reasons the solver gives (why a pathway step is missing, why no plan exists) are kept with the
plan as phrases and read in the reader's language; the English the plan keeps is the same rendering in
English; a plan stored before (English text only) shows its English, marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.district import district_bundle
from core.i18n import use_language
from core.phrases import Listing, Phrase, Ref, in_english, render
from core.schema import Catalog, Pathway, PathwayRole, PathwayStep, Student, TimeBlock
from planner.domain import PathwayProgress, PlanRequest, PlanResult, PlanStatus, StepProgress
from planner.solve import solve
from present.family import family_summary
from present.plan_words import pathway_lines

TINY_DISTRICT = Path(__file__).parents[1] / "catalog" / "fixtures" / "district"
FIELD_BIOLOGY = {"es": {"title": "Biología de campo"}, "vi": {"title": "Sinh học thực địa"}}


@pytest.fixture(scope="module")
def tiny() -> tuple[Catalog, Student]:
    bundle = district_bundle(TINY_DISTRICT)
    catalog = bundle.catalog()
    biology = next(o for o in catalog.opportunities if o.id == "BIO-1")
    field = biology.model_copy(
        update={"id": "BIO-2", "title": "Field Biology", "min_grade": 12, "translations": FIELD_BIOLOGY}
    )
    return catalog.model_copy(update={"opportunities": [*catalog.opportunities, field]}), bundle.students[0]


@pytest.fixture(scope="module")
def no_plan(tiny: tuple[Catalog, Student]) -> PlanResult:
    """Ana busy on Tuesday afternoons, when the only internship that earns HS-PS1-2 meets."""
    catalog, ana = tiny
    practice = TimeBlock(day="Tue", start=15 * 60, end=18 * 60, label="practice")
    busy = ana.model_copy(update={"unavailable": [*ana.unavailable, practice]})
    return solve(PlanRequest(student=busy, catalog=catalog, workers=1))


@pytest.fixture(scope="module")
def step_missing(tiny: tuple[Catalog, Student]) -> PlanResult:
    """A pathway whose capstone is for grade 12 only (Ana is in grade 10 and graduates in grade 11)."""
    catalog, ana = tiny
    field = Pathway(
        id="field",
        name="Field Science",
        steps=[
            PathwayStep(role=PathwayRole.INTRODUCTION, any_of=["BIO-1"]),
            PathwayStep(role=PathwayRole.CAPSTONE, any_of=["BIO-2"]),
        ],
    )
    return solve(PlanRequest(student=ana, catalog=catalog, pathway=field, workers=1))


NO_PLAN = {
    "en": (
        'Your wish "nothing on Tuesdays 15:00-18:00 (practice)" cannot hold. It leaves HS-PS1-2 (Predict '
        "the outcome of a simple chemical reaction from the properties of atoms) uncoverable: HS-PS1-2 can "
        "only be earned through Biotech Lab Internship (it meets Tue 15:00-18:00); you need 2 more science "
        "competencies and only 1 can be earned. Relax it to get a plan."
    ),
    "es": (
        'El deseo "nada los martes en el horario 15:00-18:00 (practice)" no se puede cumplir. Con ese deseo '
        "no se puede cubrir HS-PS1-2 (Predict the outcome of a simple chemical reaction from the properties "
        "of atoms [en inglés]): HS-PS1-2 solo se puede obtener con Biotech Lab Internship [en inglés] (tiene "
        "clase los martes de 15:00 a 18:00); faltan 2 competencias más de Ciencias y el plan solo puede "
        "obtener 1. Si se quita ese deseo, habrá un plan."
    ),
    "vi": (
        'Không thể đáp ứng mong muốn "không học vào Thứ Ba, khung giờ 15:00-18:00 (practice)". Với mong '
        "muốn này, không thể đạt HS-PS1-2 (Predict the outcome of a simple chemical reaction from the "
        "properties of atoms [bằng tiếng Anh]): HS-PS1-2 chỉ đạt được qua Biotech Lab Internship [bằng "
        "tiếng Anh] (có buổi học vào Thứ Ba từ 15:00 đến 18:00); còn thiếu 2 năng lực Khoa học nữa nhưng "
        "chỉ đạt được 1. Bỏ mong muốn này thì sẽ có kế hoạch."
    ),
}
"""The district's text untranslated in the fixture (the statement, the internship's title) is marked;
'practice' is the student's own label for the busy time, shown as written."""


def test_why_there_is_no_plan_in_english_is_what_the_plan_keeps(tiny, no_plan):
    catalog, ana = tiny
    assert no_plan.status is PlanStatus.INFEASIBLE
    assert no_plan.message_phrase is not None
    assert in_english(no_plan.message_phrase) == no_plan.message == NO_PLAN["en"]
    assert family_summary(ana, catalog, no_plan).plan_message == NO_PLAN["en"]


@pytest.mark.parametrize("language", ["es", "vi"])
def test_why_there_is_no_plan_in_the_family_s_language(tiny, no_plan, language):
    catalog, ana = tiny
    with use_language(language):
        assert family_summary(ana, catalog, no_plan).plan_message == NO_PLAN[language]


STEP_MISSING = {
    "en": "Capstone is not in the plan: Field Biology is only for grade 12.",
    "es": "Proyecto final no está en el plan: Biología de campo es solo para el grado 12.",
    "vi": "Dự án cuối khóa không có trong kế hoạch: Sinh học thực địa chỉ dành cho lớp 12.",
}


@pytest.mark.parametrize("language", ["en", "es", "vi"])
def test_why_a_pathway_step_is_missing_in_the_family_s_language(tiny, step_missing, language):
    catalog, _ = tiny
    assert step_missing.pathway is not None
    with use_language(language):
        assert pathway_lines(step_missing.pathway, catalog)[1:] == [STEP_MISSING[language]]
    assert step_missing.pathway.steps[1].why_not == ["Field Biology is only for grade 12"]


def test_a_plan_stored_before_its_reasons_were_phrases_shows_its_english_marked(tiny):
    catalog, ana = tiny
    old = PlanResult(status=PlanStatus.INFEASIBLE, student=ana.id, message="No plan meets all your wishes.")
    with use_language("es"):
        assert family_summary(ana, catalog, old).plan_message == "No plan meets all your wishes. [en inglés]"
    step = StepProgress(role=PathwayRole.CAPSTONE, name="Lab internship", why_not=["it meets Saturdays"])
    progress = PathwayProgress(pathway="lab", name="Lab", steps=[step])
    with use_language("vi"):
        assert pathway_lines(progress, catalog)[1] == (
            "Dự án cuối khóa không có trong kế hoạch: it meets Saturdays [bằng tiếng Anh]."
        )
    assert pathway_lines(progress, catalog)[1] == "Lab internship is not in the plan: it meets Saturdays."


def test_a_phrase_is_kept_and_read_back_from_json():
    """What the records store: the phrase's JSON, read back into the same phrase."""
    phrase = Phrase.of(
        "{title} {reason}",
        title=Ref(ref="opportunity", id="BIO-2", name="Field Biology"),
        reason=Listing(items=[Phrase.of("is only for grade {grade}", grade=12), "x"], sep=", or "),
    )
    again = PlanResult.model_validate_json(
        PlanResult(status=PlanStatus.UNKNOWN, student="s", message_phrase=phrase).model_dump_json()
    )
    assert again.message_phrase == phrase
    assert in_english(phrase) == "Field Biology is only for grade 12, or x"
    with use_language("es"):
        assert render(phrase) == "Field Biology es solo para el grado 12, o x"
        assert (
            render(phrase, lambda ref: "Biología de campo")
            == "Biología de campo es solo para el grado 12, o x"
        )
