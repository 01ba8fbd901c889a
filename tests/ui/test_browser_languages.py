"""The family's flow in Spanish and in Vietnamese in a real browser (chromium through Playwright, the app
served as ``make run`` serves it, the sample district with Maya's plan approved): the language chosen
on the sign-in page, the page's ``<html lang>``, no English left of the product's own words (the
visible text compared with the English messages of the catalogs), the PDF downloaded and its first
page read back, a question sent; screenshots at 1440 and 390 px under the test's temporary folder."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import CHROMIUM, CHROMIUM_ARGS, serve
from pypdf import PdfReader
from test_browser import DEMO_PASSWORD, NO_SIDEWAYS_SCROLL, PAGE_TIMEOUT_MS, sample_db, settled

from core.messages import read_catalog
from planner.domain import PlanRequest
from planner.solve import solve
from records.service import Records
from ui.language import SWITCH_LABEL

pytestmark = pytest.mark.slow
__all__ = ["sample_db"]  # the fixture, shared with test_browser.py

FLOWS = {
    "es": {
        "name": "Español",
        "sign_in": ("Iniciar sesión en Pathways", "Nombre de usuario", "Contraseña", "Iniciar sesión"),
        "title": "Plan de aprendizaje de Maya Okafor",
        "pdf": "Descargar el plan (PDF)",
        "heading": "Avance por materia",
        "term": "Primavera de 2027 (11 ene - 11 jun 2027): unas ",
        "footer": "Página 1 de {pages}",
        "step": "Proyecto final no está en el plan: Patient Care Internship [en inglés] tiene clase los martes de 15:30 a 19:00, en un horario ocupado (job at Hillside Pharmacy)",
        "acknowledge": "He leído este plan (confirmar)",
        "thanks": "Gracias. El consejero puede ver que usted leyó este plan.",
        "question": ("Su pregunta", "Enviar pregunta", "Enviada. El consejero la verá junto con el plan."),
    },
    "vi": {
        "name": "Tiếng Việt",
        "sign_in": ("Đăng nhập vào Pathways", "Tên đăng nhập", "Mật khẩu", "Đăng nhập"),
        "title": "Kế hoạch học tập của Maya Okafor",
        "pdf": "Tải kế hoạch (PDF)",
        "heading": "Tiến độ theo môn học",
        "term": "Mùa xuân 2027 (11 thg 1 - 11 thg 6, 2027): khoảng ",
        "footer": "Trang 1/{pages}",
        "step": "Dự án cuối khóa không có trong kế hoạch: Patient Care Internship [bằng tiếng Anh] có buổi học vào Thứ Ba từ 15:30 đến 19:00, trùng giờ bận (job at Hillside Pharmacy)",
        "acknowledge": "Tôi đã đọc kế hoạch này (xác nhận)",
        "thanks": "Xin cảm ơn. Cố vấn học tập có thể thấy quý vị đã đọc kế hoạch này.",
        "question": (
            "Câu hỏi của quý vị",
            "Gửi câu hỏi",
            "Đã gửi. Cố vấn học tập sẽ thấy câu hỏi cùng với kế hoạch.",
        ),
    },
}
SHORTEST_FRAGMENT = 8
"""English fragments shorter than this ('course', 'online') may be a district's own words; longer ones
are the product's."""


@pytest.fixture
def approved_db(sample_db: Path) -> Path:
    """The sample district with Maya's plan made and approved by her advisor. It follows the Health
    Sciences pathway, whose capstones meet during Maya's Tuesday job: the page says why in the
    solver's words (kept as phrases, read in the family's language)."""
    records = Records(sample_db)
    chen = records.authenticate("adv.chen", DEMO_PASSWORD)
    with Records(sample_db)._transaction() as (store, _):
        catalog, maya = store.catalog(), store.student("stu-maya")
    health = next(p for p in catalog.pathways if p.id == "health-sciences")
    plan = solve(PlanRequest(student=maya, catalog=catalog, pathway=health))
    draft = records.save_plan(chen, "stu-maya", plan, based_on=0)
    proposed = records.propose(chen, "stu-maya", based_on=draft.version)
    records.approve(chen, "stu-maya", based_on=proposed.version)
    return sample_db


@pytest.fixture
def server(approved_db: Path, tmp_path: Path) -> Iterator[str]:
    with serve(approved_db, tmp_path) as url:
        yield url


def english_fragments(language: str) -> list[str]:
    """The English messages' fixed words (between placeholders) that the translation does not keep."""
    fragments = set()
    for message in read_catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            for part in re.split(r"\{[^{}]*\}", text):
                part = part.strip(" .,:;()")
                if len(part) >= SHORTEST_FRAGMENT and not any(part in s for s in strings):
                    fragments.add(part)
    return sorted(fragments)


def english_left(text: str, language: str, district: tuple[str, ...] = ()) -> list[str]:
    """The product's English fragments in ``text``, once the district's own English words are taken out
    (``district``: its titles and names, shown in English, marked, where it has no translation)."""
    for words in sorted(district, key=len, reverse=True):
        text = text.replace(words, "")
    return [f for f in english_fragments(language) if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text)]


@pytest.fixture
def district(approved_db: Path) -> tuple[str, ...]:
    """The district's own English words a family page may show: titles, names and statements (read
    before the app is served)."""
    with Records(approved_db)._transaction() as (store, _):
        catalog = store.catalog()
    return (
        *(o.title for o in catalog.opportunities),
        *(p.name for p in catalog.pathways),
        *(c.statement for c in catalog.competencies),
    )


def test_the_english_check_finds_english(tmp_path: Path):
    assert english_left("Ana has shown 1 of the 4 competencies the diploma asks for.", "es") == [
        "competencies",
        "competencies the diploma asks for",
        "has shown",
    ]
    assert english_left("Ana ha demostrado 1 de las 4 competencias que pide el diploma.", "es") == []
    # The district's own words are not the product's ('Introduction' is also a message).
    assert english_left("hasta Introduction to Health Science [en inglés]", "es") == ["Introduction"]
    assert (
        english_left(
            "hasta Introduction to Health Science [en inglés]", "es", ("Introduction to Health Science",)
        )
        == []
    )
    # A reason the solver wrote, left in English on a translated page.
    assert english_left(
        "Capstone is not in the plan: Patient Care Internship is only for grade 12.", "vi"
    ) == ["Capstone", "is not in the plan", "is only for grade"]


@pytest.mark.parametrize("language", list(FLOWS))
def test_the_family_flow_in_the_family_s_language(
    district: tuple[str, ...], server: str, tmp_path: Path, language: str
):
    from playwright.sync_api import expect, sync_playwright

    flow = FLOWS[language]
    heading, user_label, password_label, button = flow["sign_in"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            expect.set_options(timeout=PAGE_TIMEOUT_MS)
            for width in (1440, 390):
                context = browser.new_context(
                    viewport={"width": width, "height": 1000}, accept_downloads=True
                )
                page = context.new_page()
                page.set_default_timeout(PAGE_TIMEOUT_MS)
                page.goto(f"{server}/sign-in")
                if width == 1440:  # chosen before signing in, for this visit
                    page.get_by_label(SWITCH_LABEL).click()
                    page.get_by_role("option", name=flow["name"]).click()
                    expect(page.get_by_role("heading", name=heading)).to_be_visible()
                    page.wait_for_function(f"() => document.documentElement.lang === '{language}'")
                    page.get_by_label(user_label).fill("fam.okafor")
                    page.get_by_role("textbox", name=password_label).fill(DEMO_PASSWORD)
                    page.get_by_role("button", name=button, exact=True).click()
                else:  # chosen on the family page, and kept with the account
                    page.get_by_label("User name").fill("fam.okafor")
                    page.get_by_role("textbox", name="Password").fill(DEMO_PASSWORD)
                    page.get_by_role("button", name="Sign in", exact=True).click()
                    expect(page.get_by_role("heading", name="Learning plan for Maya Okafor")).to_be_visible()
                    page.get_by_label(SWITCH_LABEL).click()
                    page.get_by_role("option", name=flow["name"]).click()
                expect(page.get_by_role("heading", name=flow["title"])).to_be_visible()
                settled(page)
                assert page.evaluate("() => document.documentElement.lang") == language
                assert page.evaluate(NO_SIDEWAYS_SCROLL), width
                assert english_left(page.locator("body").inner_text(), language, district) == [], width
                expect(page.get_by_text(flow["step"], exact=False).first).to_be_visible()
                page.screenshot(path=str(tmp_path / f"family-{language}-{width}.png"), full_page=True)
            # The rest of the flow at a phone's width: the PDF, the acknowledgement, a question.
            with page.expect_download() as download:
                page.get_by_role("button", name=flow["pdf"]).click()
            pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
            first, *_, last = [  # extracted text may hold two spaces where a line was spread out
                [" ".join(line.split()) for line in page.extract_text().splitlines()] for page in pdf.pages
            ]
            assert first[0] == flow["title"]
            assert [line for line in first if line.startswith(flow["term"])] != []
            assert first[-1] == flow["footer"].format(pages=len(pdf.pages))
            assert flow["heading"] in last
            assert [line for line in first if line.startswith(flow["step"][:30])] != [], first
            page.get_by_role("button", name=flow["acknowledge"]).click()
            expect(page.get_by_text(flow["thanks"])).to_be_visible()
            box_label, send, sent = flow["question"]
            page.get_by_label(box_label).fill("¿?")
            page.get_by_role("button", name=send).click()
            expect(page.get_by_text(sent)).to_be_visible()
            assert english_left(page.locator("body").inner_text(), language, district) == []
            context.close()
            # The next visit: the account's language, from the first page on.
            page = browser.new_context(viewport={"width": 390, "height": 1000}).new_page()
            page.goto(f"{server}/sign-in")
            page.get_by_label("User name").fill("fam.okafor")
            page.get_by_role("textbox", name="Password").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Sign in", exact=True).click()
            expect(page.get_by_role("heading", name=flow["title"])).to_be_visible()
        finally:
            browser.close()
