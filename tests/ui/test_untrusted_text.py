"""Catalog and user text is shown as text on every page for every role (issues #11, #18): a catalog
whose titles, descriptions, statements, term names and student names carry Markdown links, images and
HTML, accounts and comments that do the same, and not one link or image anywhere; the literal text is
on the page."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from shown_text import markup, page_texts, rendered
from streamlit.testing.v1 import AppTest
from uikit import EXTRA_OPPORTUNITIES, EXTRA_STUDENTS, PASSWORD, TINY_DISTRICT, open_app, seed_database

from records.service import Records

EVIL = "[x](http://evil) ![x](http://evil/p.png) <img src=http://evil/q.png> *b*"
"""Appended to every text field an upload or an account controls."""


def _evil_json(source: Path, target: Path, fields: tuple[str, ...]) -> None:
    data = json.loads(source.read_text())
    rows = data["terms"] if isinstance(data, dict) and "terms" in data else data
    for row in rows:
        for field in fields:
            row[field] = f"{row[field]} {EVIL}".strip()
        for block in row.get("unavailable", []):
            block["label"] = f"{block['label']} {EVIL}"
    target.write_text(json.dumps(data))


@pytest.fixture(scope="module")
def ui_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's seeded database (in place of conftest's): every text carries the markup."""
    folder = tmp_path_factory.mktemp("evil")
    district_dir = folder / "district"
    shutil.copytree(TINY_DISTRICT, district_dir)
    opportunity_fields = ("title", "description", "provider", "location")
    _evil_json(TINY_DISTRICT / "opportunities.json", district_dir / "opportunities.json", opportunity_fields)
    _evil_json(EXTRA_OPPORTUNITIES, folder / "opportunities.json", opportunity_fields)
    _evil_json(TINY_DISTRICT / "students.json", district_dir / "students.json", ("name",))
    _evil_json(EXTRA_STUDENTS, folder / "students.json", ("name",))
    _evil_json(TINY_DISTRICT / "calendar.json", district_dir / "calendar.json", ("name",))
    with (TINY_DISTRICT / "competencies.csv").open(newline="") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        row["statement"] = f"{row['statement']} {EVIL}"
    with (district_dir / "competencies.csv").open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    names = {user: f"{user} {EVIL}" for user in ("adv.lee", "fam.reyes", "ana")}
    path = seed_database(
        folder / "evil.duckdb", district_dir, folder / "students.json", folder / "opportunities.json", names
    )
    records = Records(path)
    for user in ("adv.lee", "fam.reyes"):
        records.add_comment(records.authenticate(user, PASSWORD), "stu-ana", f"A note. {EVIL}")
    return path


def assert_shown_as_text(app: AppTest) -> str:
    """No link, image or HTML in any Markdown on the page; returns everything the page shows."""
    assert not app.exception, app.exception
    texts = page_texts(app)
    found = {t.where: markup(t.source) for t in texts if t.is_markdown and markup(t.source)}
    assert found == {}
    return "\n".join(t.text for t in texts)


def test_the_markdown_check_sees_links_images_and_html():
    assert markup(EVIL) == [
        "link_open: {'href': 'http://evil'}",
        "image: {'src': 'http://evil/p.png', 'alt': ''}",
        "html_inline: <img src=http://evil/q.png>",
        "bare url: http://evil)",
        "bare url: http://evil/p.png)",
        "bare url: http://evil/q.png>",
    ]
    assert rendered("**Why:** a \\[x\\]\\(http\\://evil\\)") == "Why: a [x](http://evil)"


def test_the_public_catalog_shows_uploaded_text_as_text(ui_db):
    app = open_app(None, None)
    shown = assert_shown_as_text(app)
    assert f"Biology {EVIL}" in shown  # the details' heading
    assert f"Cells, genes and ecosystems, with weekly labs. {EVIL}" in shown
    assert f"Tiny High School {EVIL}" in shown
    app.tabs[1].text_input[0].input("DNA").run()
    shown = assert_shown_as_text(app)
    assert f"Explain how the structure of DNA determines the structure of proteins. {EVIL}" in shown


def test_the_student_page_shows_plan_text_as_text(records):
    app = open_app(records, "ana")
    shown = assert_shown_as_text(app)
    assert f"Spring 2027 {EVIL}" in shown  # a term name in the tables
    assert "Why it is there:" in shown
    assert f"Signed in as ana {EVIL} (student)" in shown  # the sidebar
    app.session_state["student-versions"] = True
    app.run()
    shown = assert_shown_as_text(app)
    assert f"adv.lee {EVIL} (advisor)" in shown  # the versions table


def test_the_family_page_shows_names_notes_and_titles_as_text(records):
    app = open_app(records, "fam.reyes")
    shown = assert_shown_as_text(app)
    assert f"Learning plan for Ana Reyes {EVIL}" in shown
    assert f"A note. {EVIL}" in shown
    assert f"adv.lee {EVIL}" in shown  # the advisor who approved it, and a comment's author
    app.toggle[0].set_value(True).run()
    shown = assert_shown_as_text(app)
    assert f"Biology {EVIL}" in shown


def test_the_advisor_page_shows_names_notes_and_titles_as_text(records):
    app = open_app(records, "adv.lee")
    shown = assert_shown_as_text(app)
    assert f"Ana Reyes {EVIL}" in shown  # the caseload table
    app.selectbox[0].select("stu-ana").run()
    for section in ("versions", "notes"):
        app.session_state[f"advisor-stu-ana-{section}"] = True
    app.run()
    shown = assert_shown_as_text(app)
    assert f"Ana Reyes {EVIL}" in shown
    assert f"A note. {EVIL}" in shown
    assert f"fam.reyes {EVIL}" in shown
    app.selectbox(key="advisor-stu-ana-version").select(1).run()
    shown = assert_shown_as_text(app)
    assert f"adv.lee {EVIL} (advisor)" in shown  # the versions table
    first_item = app.session_state["workspace:stu-ana"].plan.items()[0]
    app.selectbox(key="stu-ana-swap-out").select(first_item.opportunity).run()
    shown = assert_shown_as_text(app)
    assert f"{first_item.title}" in shown
