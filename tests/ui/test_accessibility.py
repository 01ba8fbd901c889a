"""Accessibility in a real browser: axe-core (``tests/browserkit.axe_script``, pinned from the npm
registry) on every page for every role at a desktop's and a phone's width, with WCAG 2.1 A and AA
rules, and a family's whole visit with the keyboard alone.

One app is served for the module (``tests/browserkit.serve``) over the sample district, with Maya's
plan approved by Ms. Chen (her family reads it), Diego's too (his family acknowledges it with the
keyboard), a teacher assessing what Maya takes first, and a supervisor's link for a placement of
Maya's. A failure lists each violation: the rule, the element and the page. Streamlit's own markup
passes once ``ui/style.py`` is applied; an exception would go in ``EXCEPTIONS`` with its reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import (
    AXE_TAGS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_PASSWORD,
    PAGE_TIMEOUT_MS,
    axe_script,
    require_browser,
    serve,
    settled,
    signed_in_page,
)

from core.settings import get_settings
from core.store import Store
from matcher import default_model
from matcher.index import build_index, store_occupation_vectors
from planner.domain import PlanRequest
from planner.solve import solve
from present.exports import pdf_filename
from records.accounts import NewUser, Role
from records.placements import PlacementIn
from records.plans import PlanState
from records.service import Records

pytestmark = pytest.mark.slow

WIDTHS = (1440, 390)

EXCEPTIONS: dict[tuple[str, str], str] = {}
"""Violations in Streamlit's own markup that no setting, style rule or markup of ours can mend, as
(axe rule, a piece of the element's HTML) -> why. Empty: every one found so far is mended
(docs/app.md, "Accessibility")."""


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample district with its demo accounts and search index; Maya's and Diego's plans approved by
    Ms. Chen; a teacher (``teach.demo``) assessing Maya's first item; a placement of Maya's with a
    supervisor's link. The database and the link's token."""
    require_browser()
    db = tmp_path_factory.mktemp("a11y") / "pathways.duckdb"
    records = Records(db)
    records.setup_sample(get_settings().sample_dir)  # as `pathways setup --demo` does
    store = Store.open(db)
    build_index(store, default_model())
    store_occupation_vectors(store, default_model())
    catalog = store.catalog()
    students = {s: store.student(s) for s in ("stu-maya", "stu-diego")}
    store.close()
    chen = records.authenticate("adv.chen", DEMO_PASSWORD)
    for student_id, student in students.items():
        draft = records.save_plan(
            chen, student_id, solve(PlanRequest(student=student, catalog=catalog)), based_on=0
        )
        proposed = records.propose(chen, student_id, based_on=draft.version)
        approved = records.approve(chen, student_id, based_on=proposed.version)
    first = records.plan(chen, "stu-maya")
    assert first is not None and approved is not None
    term = next(t for t in first.plan.terms if t.items)
    admin = records.authenticate("admin", DEMO_PASSWORD)
    teacher = NewUser(id="teach.demo", display_name="Ms. Park", role=Role.TEACHER, students=[])
    records.add_user(admin, teacher, password=DEMO_PASSWORD)
    records.set_assessed(admin, "teach.demo", [term.items[0].opportunity])
    placement = records.add_placement(
        chen,
        PlacementIn(
            student_id="stu-maya",
            opportunity=term.items[0].opportunity,
            term=term.term,
            site="Valley Vet Clinic",
            supervisor_name="Dr. Lee",
        ),
    )
    token, _ = records.issue_link(chen, placement.id)
    return db, token


@pytest.fixture(scope="module")
def server(world: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(world[0], tmp_path_factory.mktemp("a11y-logs")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def violations(page, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line per element (rule,
    element, page), less the listed ``EXCEPTIONS``."""
    settled(page)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_script())
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.flatMap(v => v.nodes.map(n => [v.id, n.html, n.target.join(' ')])))",
        AXE_TAGS,
    )
    return [
        f"{rule}: {html[:160]} ({target[-120:]}) on {where}"
        for rule, html, target in found
        if not any(rule == r and piece in html for r, piece in EXCEPTIONS)
    ]


# role's user name (None: signed out), and the pages it opens: (address, text shown when it is ready,
# tabs to open one after another, each checked as it shows)
ROLE_PAGES: list[tuple[str | None, list[tuple[str, str, list[str]]]]] = [
    (None, [("catalog", "Catalog", ["Competencies"]), ("sign-in", "Sign in to Pathways", [])]),
    ("maya", [("plan", "earns for graduation", ["Week", "Progress"]), ("catalog", "Catalog", [])]),
    ("fam.okafor", [("family", "Questions for the advisor", []), ("catalog", "Catalog", [])]),
    (
        "adv.chen",
        [
            (
                "caseload?student=stu-maya",
                "earns for graduation",
                ["Swap", "Pace and target", "Busy times", "Pathway and load", "Week", "Progress"],
            ),
            ("catalog", "Catalog", []),
        ],
    ),
    (
        "admin",
        [("staff", "Catalog upload", []), ("cohort", "Cohort planning", []), ("catalog", "Catalog", [])],
    ),
    ("teach.demo", [("teach", "My opportunities", []), ("catalog", "Catalog", [])]),
]


def test_every_page_for_every_role_passes_axe_at_a_desktop_and_a_phone_width(
    browser, server: str, world: tuple[Path, str], tmp_path: Path
):
    from playwright.sync_api import expect

    found: list[str] = []
    for width in WIDTHS:
        for username, pages in ROLE_PAGES:
            page = signed_in_page(browser, server, username, width)
            for address, ready, tabs in pages:
                page.goto(f"{server}/{address}")
                expect(page.get_by_text(ready).first).to_be_visible()
                where = f"/{address} as {username or 'nobody'} at {width} px"
                found += violations(page, where)
                for tab in tabs:
                    page.get_by_role("tab", name=tab, exact=True).click()
                    found += violations(page, f"{where}, tab {tab}")
            page.screenshot(path=str(tmp_path / f"{username}-{width}.png"), full_page=True)
            page.context.close()
        page = signed_in_page(browser, server, None, width)
        page.goto(f"{server}/?link={world[1]}")
        expect(page.get_by_role("heading", name="Maya Okafor")).to_be_visible()
        found += violations(page, f"the supervisor's link at {width} px")
        page.context.close()
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(found)


# --- a family's visit with the keyboard alone ---------------------------------------------------------

FOCUSED = """async () => {
    const el = document.activeElement;
    if (!el || el === document.body) return ['', false];
    const name = (el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].innerText)
        || el.innerText || '').trim();
    const chain = [el, el.parentElement, el.parentElement && el.parentElement.parentElement].filter(Boolean);
    const look = () => chain.map(e => { const s = getComputedStyle(e);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor].join(' '); }).join('|');
    const settle = async () => {
        for (let i = 0; i < 3; i++) await new Promise(r => requestAnimationFrame(r));
        document.getAnimations().forEach(a => { if (a instanceof CSSTransition) a.finish(); });
    };
    await settle();
    const focused = look();
    el.blur();
    await settle();
    const blurred = look();
    el.focus();
    await settle();
    return [name, focused !== blurred];
}"""
"""The focused element's accessible name, and whether focus shows on it: its outline, shadow or border
(or its parent's or grandparent's: Streamlit rings some inputs' frames) differ from when it is blurred
(each compared a few frames later, the widgets' own state updated and their transitions run to the end)."""


def keyboard_to(page, name: str, key: str = "Tab", most: int = 80) -> None:  # type: ignore[no-untyped-def]
    """Press ``key`` (Tab or Shift+Tab) until the control named ``name`` has the focus, and check that
    the focus shows on it."""
    for _ in range(most):
        page.keyboard.press(key)
        shown, visible = page.evaluate(FOCUSED)
        if shown == name:
            assert visible, f"the focus on {name!r} does not show"
            return
    raise AssertionError(f"{most} presses of {key} never reached {name!r}")


def test_a_family_signs_in_reads_downloads_acknowledges_and_asks_with_the_keyboard_alone(
    browser, server: str, world: tuple[Path, str]
):
    from playwright.sync_api import expect

    page = signed_in_page(browser, server, None, 1280)
    page.goto(f"{server}/sign-in")
    expect(page.get_by_text("Sign in to Pathways")).to_be_visible()
    settled(page)
    keyboard_to(page, "User name")
    page.keyboard.type("fam.ramirez")
    keyboard_to(page, "Password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Learning plan for Diego Ramírez")).to_be_visible()
    expect(page.get_by_text("Questions for the advisor")).to_be_visible()
    settled(page)
    keyboard_to(page, "Download the plan (PDF)")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == pdf_filename("Diego Ramírez")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    keyboard_to(page, "I have read this plan (acknowledge)", key="Shift+Tab")
    page.keyboard.press("Space")
    expect(page.get_by_text("Thank you. The advisor can see that you have read this plan.")).to_be_visible()
    settled(page)
    keyboard_to(page, "Your question")
    page.keyboard.type("Can Diego start the internship in the fall?")
    keyboard_to(page, "Send question")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Sent. The advisor will see it with the plan.")).to_be_visible()
    chen = Records(world[0]).authenticate("adv.chen", DEMO_PASSWORD)
    head = Records(world[0]).plan(chen, "stu-diego")
    assert head is not None and head.state is PlanState.ACKNOWLEDGED
    assert [c.body for c in Records(world[0]).comments(chen, "stu-diego")] == [
        "Can Diego start the internship in the fall?"
    ]
    page.context.close()
