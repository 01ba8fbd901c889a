"""The district staff page: an uploaded file is checked and its report shown before anything is
written; the Import button writes it in one transaction and refreshes the search index."""

from __future__ import annotations

import json

from shown_text import rendered
from streamlit.testing.v1 import AppTest
from uikit import ROOT, open_app, widget_labels

from core.store import Store

ROBOTICS = {
    "id": "ROBOTICS",
    "title": "Robotics Club",
    "kind": "after_school",
    "competencies": ["HS-PS1-2"],
    "hours_per_week": 3,
    "seasons": ["fall"],
}
CASE_PACKAGE = ROOT / "tests" / "catalog" / "fixtures" / "case" / "happy_v11.json"


def upload(kind: str, name: str, content: bytes, records) -> AppTest:
    app = open_app(records, "admin")
    app.selectbox[0].select(kind).run()
    app.file_uploader[0].set_value((name, content, "application/json")).run()
    assert not app.exception, app.exception
    return app


def counts(ui_db) -> dict[str, object]:
    store = Store.open(ui_db)
    try:
        return store.counts()
    finally:
        store.close()


def checks(ui_db) -> int:
    """How many times an upload was rehearsed through the record service (each is audited)."""
    store = Store.open(ui_db)
    try:
        found = store.cursor().execute("SELECT count(*) FROM audit_log WHERE detail = 'check an import'")
        return int(found.fetchone()[0])
    finally:
        store.close()


def test_a_file_that_does_not_parse_is_reported_by_item_and_field(records, ui_db):
    zero = {**ROBOTICS, "id": "ZERO", "hours_per_week": 0}
    app = upload("opportunities", "opps.json", json.dumps([ROBOTICS, zero]).encode(), records)
    assert [e.value for e in app.error] == [
        "1 problem(s): fix the file and upload it again. Nothing was imported."
    ]
    assert app.dataframe[0].value.to_dict("records") == [
        {
            "file": "opps.json",
            "where": "item 1",
            "field": "hours_per_week",
            "problem": "Input should be greater than 0",
        }
    ]
    assert "Import" not in [b.label for b in app.button]
    assert counts(ui_db)["opportunities"] == 5


def test_a_dangling_reference_is_reported_before_anything_is_written(records, ui_db):
    unknown = {**ROBOTICS, "competencies": ["HS-ETS1-9"]}
    app = upload("opportunities", "opps.json", json.dumps([unknown]).encode(), records)
    assert app.dataframe[0].value.to_dict("records") == [{"what": "opportunities", "in the file": 1}]
    assert app.dataframe[1].value.to_dict("records") == [
        {
            "file": "opps.json",
            "where": "item 0",
            "field": "",
            "problem": "competency 'HS-ETS1-9' is not in the catalog",
        }
    ]
    assert "Import" not in [b.label for b in app.button]
    assert counts(ui_db)["opportunities"] == 5


def test_a_good_file_is_imported_only_after_the_button(records, ui_db):
    app = upload("opportunities", "opps.json", json.dumps([ROBOTICS]).encode(), records)
    assert [s.value for s in app.success] == ["No problems found."]
    assert widget_labels(app) == [
        ("button", "Import"),
        ("button", "Sign out"),
        ("selectbox", "What the file holds"),
    ]
    assert counts(ui_db)["opportunities"] == 5
    next(b for b in app.button if b.label == "Import").click().run()
    assert not app.exception, app.exception
    # The file was checked once, on upload; the Import click's rerun does not rehearse it again.
    assert [s.label for s in app.status] == ["Imported"]
    assert checks(ui_db) == 1
    assert rendered(app.markdown[0].value) == "imported opps.json: opportunities 5 -> 6"
    assert app.markdown[1].value.startswith("Search index: 1 embedded, 10 unchanged, 0 removed")
    assert counts(ui_db)["opportunities"] == 6
    app.switch_page("ui/catalog_page.py").run()
    assert app.tabs[0].caption[0].value == "6 of 6 opportunities"


def test_a_case_package_replaces_its_frameworks_competencies(records, ui_db):
    app = upload("case", "happy.json", CASE_PACKAGE.read_bytes(), records)
    assert app.dataframe[0].value.to_dict("records") == [
        {"what": "frameworks", "in the file": 1},
        {"what": "competencies", "in the file": 7},
        {"what": "links", "in the file": 3},
    ]
    next(b for b in app.button if b.label == "Import").click().run()
    assert not app.exception, app.exception
    assert rendered(app.markdown[0].value) == "imported happy.json: frameworks 1 -> 2; competencies 5 -> 12"
    assert counts(ui_db)["competencies"] == 12
