"""The family's reading of a plan in Spanish and Vietnamese, word for word, on the tiny district planned
by the real solver: the summary, the PDF's text and the calendar file; the district's own text in the
reader's language where it has a translation, and marked as English where it has none."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from icalendar import Calendar as ICalendar
from pypdf import PdfReader

from catalog.district import district_bundle
from core.i18n import use_language
from core.schema import Catalog, Student
from planner.domain import PlanRequest, PlanResult
from planner.solve import solve
from present.exports import plan_pdf, term_ics
from present.family import family_summary, summary_text

TINY_DISTRICT = Path(__file__).parents[1] / "catalog" / "fixtures" / "district"
STAMP = dt.datetime(2027, 1, 4, 12, 0, tzinfo=dt.UTC)
INTERNSHIP = {
    "es": {"title": "Pasantía en el laboratorio de biotecnología"},
    "vi": {"title": "Thực tập tại phòng thí nghiệm công nghệ sinh học"},
}


@pytest.fixture(scope="module")
def ana_plan() -> tuple[Catalog, Student, PlanResult]:
    bundle = district_bundle(TINY_DISTRICT)
    catalog = bundle.catalog()
    ana = next(s for s in bundle.students if s.id == "stu-ana")
    plan = solve(PlanRequest(student=ana, catalog=catalog, workers=1))
    translated = [
        o.model_copy(update={"translations": INTERNSHIP}) if o.id == "INT-BIOTECH" else o
        for o in catalog.opportunities
    ]
    return catalog.model_copy(update={"opportunities": translated}), ana, plan


SPANISH = """\
Plan de aprendizaje de Ana Reyes

Ana ha demostrado 1 de las 4 competencias que pide el diploma.

El plan de Ana se basa en lo que el diploma todavía pide. Permite obtener las 3 competencias que Ana \
todavía necesita para el diploma en Verano de 2027, 1 período antes de la meta de Otoño de 2027, con unas \
10 horas por semana.

Primavera de 2027 (11 ene - 28 may 2027): unas 9 horas por semana
- Algebra Online [en inglés] (curso en línea, hasta Verano de 2027)
  Cuándo: a su propio ritmo: sin horario fijo de clases
  Dónde: en línea, State Virtual School
  Cuenta para: la graduación en Matemáticas (1)
- Biology [en inglés] (curso)
  Cuándo: los lunes y los miércoles, 8:00-9:30
  Dónde: en persona, Tiny High School, Room 12
  Cuenta para: la graduación en Ciencias (1)

Verano de 2027 (14 jun - 6 ago 2027): unas 10 horas por semana
- Algebra Online [en inglés] (curso en línea, continúa)
  Cuándo: a su propio ritmo: sin horario fijo de clases
  Dónde: en línea, State Virtual School
  Cuenta para: la graduación en Matemáticas (1)
- Pasantía en el laboratorio de biotecnología (pasantía)
  Cuándo: los martes, 15:00-18:00
  Dónde: en persona, Riverbend BioLabs, Riverbend
  Cuenta para: la graduación en Ciencias (1)

Otoño de 2027 (23 ago - 17 dic 2027): nada planificado

Avance por materia (demostradas / planificadas / aún faltan):
- Matemáticas: 1 / 1 / 0
- Ciencias: 0 / 2 / 0"""

VIETNAMESE = """\
Kế hoạch học tập của Ana Reyes

Ana đã thể hiện 1 trong 4 năng lực mà bằng tốt nghiệp yêu cầu.

Kế hoạch của Ana được xây dựng dựa trên những gì bằng tốt nghiệp còn yêu cầu. Kế hoạch giúp Ana đạt 3 \
năng lực còn cần cho bằng tốt nghiệp vào Mùa hè 2027, sớm 1 học kỳ so với mục tiêu Mùa thu 2027, khoảng \
10 giờ mỗi tuần.

Mùa xuân 2027 (11 thg 1 - 28 thg 5, 2027): khoảng 9 giờ mỗi tuần
- Algebra Online [bằng tiếng Anh] (môn học trực tuyến, đến Mùa hè 2027)
  Thời gian: tự học theo tốc độ riêng: không có giờ học cố định
  Địa điểm: trực tuyến, State Virtual School
  Được tính cho: việc tốt nghiệp ở môn Toán (1)
- Biology [bằng tiếng Anh] (môn học)
  Thời gian: Thứ Hai và Thứ Tư hằng tuần, 08:00-09:30
  Địa điểm: trực tiếp, Tiny High School, Room 12
  Được tính cho: việc tốt nghiệp ở môn Khoa học (1)

Mùa hè 2027 (14 thg 6 - 6 thg 8, 2027): khoảng 10 giờ mỗi tuần
- Algebra Online [bằng tiếng Anh] (môn học trực tuyến, tiếp tục)
  Thời gian: tự học theo tốc độ riêng: không có giờ học cố định
  Địa điểm: trực tuyến, State Virtual School
  Được tính cho: việc tốt nghiệp ở môn Toán (1)
- Thực tập tại phòng thí nghiệm công nghệ sinh học (thực tập)
  Thời gian: Thứ Ba hằng tuần, 15:00-18:00
  Địa điểm: trực tiếp, Riverbend BioLabs, Riverbend
  Được tính cho: việc tốt nghiệp ở môn Khoa học (1)

Mùa thu 2027 (23 thg 8 - 17 thg 12, 2027): chưa có gì trong kế hoạch

Tiến độ theo môn học (đã thể hiện / đã lên kế hoạch / còn thiếu):
- Toán: 1 / 1 / 0
- Khoa học: 0 / 2 / 0"""


@pytest.mark.parametrize(("language", "expected"), [("es", SPANISH), ("vi", VIETNAMESE)])
def test_the_family_summary_word_for_word(ana_plan, language, expected):
    catalog, ana, plan = ana_plan
    with use_language(language):
        assert summary_text(family_summary(ana, catalog, plan)) == expected


def test_english_stays_as_it_was_and_a_translation_is_not_used(ana_plan):
    catalog, ana, plan = ana_plan
    text = summary_text(family_summary(ana, catalog, plan))
    assert "- Biotech Lab Internship (internship)\n  When: Tuesdays 3:00-6:00 pm" in text
    assert "[in English]" not in text


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize(
    ("language", "first_lines", "heading", "columns", "footer"),
    [
        (
            "es",
            [
                "Plan de aprendizaje de Ana Reyes",
                "Ana ha demostrado 1 de las 4 competencias que pide el diploma.",
            ],
            "Avance por materia",
            ["Materia", "Demostradas", "Planificadas", "Aún faltan"],
            "Página 1 de 1",
        ),
        (
            "vi",
            [
                "Kế hoạch học tập của Ana Reyes",
                "Ana đã thể hiện 1 trong 4 năng lực mà bằng tốt nghiệp yêu cầu.",
            ],
            "Tiến độ theo môn học",
            ["Môn học", "Đã thể hiện", "Đã lên kế hoạch", "Còn thiếu"],
            "Trang 1/1",
        ),
    ],
)
def test_the_pdf_is_in_the_family_s_language_with_every_diacritic(
    ana_plan, language, first_lines, heading, columns, footer
):
    """The bundled DejaVu Sans draws every Vietnamese letter: the text read back from the PDF is the text
    written, diacritics and all (Helvetica would have dropped them)."""
    catalog, ana, plan = ana_plan
    with use_language(language):
        data = plan_pdf(family_summary(ana, catalog, plan), created=STAMP)
    (page,) = pdf_text(data)
    lines = page.splitlines()
    assert lines[:2] == first_lines
    assert heading in lines
    table = lines[lines.index(heading) + 1 : -3]  # the header row; a long name wraps at a space
    assert " ".join(table) == " ".join(columns)
    assert lines[-1] == footer
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == language


def test_the_calendar_events_are_in_the_family_s_language(ana_plan):
    catalog, _, plan = ana_plan
    with use_language("es"):
        text = term_ics(plan, catalog, "2027-SU", student_name="Ana Reyes", stamp=STAMP)
    calendar = ICalendar.from_ical(text)
    assert str(calendar["x-wr-calname"]) == "Ana Reyes: Verano de 2027"
    events = [(str(e["summary"]), str(e["description"])) for e in calendar.walk("VEVENT")]
    assert events == [
        (
            "Pasantía en el laboratorio de biotecnología",
            "pasantía; cuenta para la graduación en Ciencias (1)",
        )
    ]


def test_the_progress_heading_always_starts_the_page_its_table_starts():
    """However far down the page the plan ends, the heading "Progress by subject" is never left alone
    at a page's foot with its table on the next page (a Spanish family's PDF did that)."""
    bundle = district_bundle(TINY_DISTRICT)
    catalog = bundle.catalog()
    ana = next(s for s in bundle.students if s.id == "stu-ana")
    summary = family_summary(ana, catalog, solve(PlanRequest(student=ana, catalog=catalog)))
    alone = []
    for extra in range(45):
        longer = summary.model_copy(update={"pathway": [f"Line {i}." for i in range(extra)]})
        pages = [page.splitlines() for page in pdf_text(plan_pdf(longer, created=STAMP))]
        [heading_page] = [i for i, lines in enumerate(pages) if "Progress by subject" in lines]
        if not any(line.startswith("Subject") for line in pages[heading_page]):
            alone.append(extra)
    assert alone == []
