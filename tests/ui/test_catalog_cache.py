"""The catalog is one cached object shared by every run and session (``ui.resources.load_catalog``,
``st.cache_resource``): no page changes it, whatever its users do, and an import replaces it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from uikit import EXTRA_OPPORTUNITIES, open_app

from core.schema import Pace
from core.store import Store
from ui.resources import load_catalog


def stored(db: Path) -> dict[str, object]:
    store = Store.open(db, read_only=True)
    try:
        return store.catalog().model_dump()
    finally:
        store.close()


def by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def test_no_page_changes_the_shared_catalog(ui_db, records):
    shared = load_catalog()
    catalog_page = open_app(None, None)
    catalog_page.tabs[0].text_input[0].input("biology").run()
    catalog_page.tabs[1].text_input[0].input("DNA").run()

    student = open_app(records, "ana")
    student.chat_input[0].set_value("drop Chemistry Online").run()
    student.chat_input[0].set_value("I can't do Thursdays").run()
    assert not student.exception, student.exception

    advisor = open_app(records, "adv.lee")
    by_label(advisor.selectbox, "Open a student").select("stu-ana").run()
    by_label(advisor.multiselect, "Locked items (kept in their term when re-planning)").select("BIO-1").run()
    by_label(advisor.selectbox, "Item to swap out").select("CHEM-ONLINE").run()
    by_label(advisor.button, "Swap and re-plan").click().run()
    by_label(advisor.selectbox, "Pace").select(Pace.ACCELERATED).run()
    by_label(advisor.number_input, "Most hours a week").set_value(12.0).run()
    by_label(advisor.time_input, "From").set_value(dt.time(8, 0))
    by_label(advisor.button, "Add busy time and re-plan").click().run()
    for tab in ("Week", "Progress"):
        advisor.session_state["advisor-stu-ana-plan-tab"] = tab
        advisor.run()
    assert not advisor.exception, advisor.exception

    family = open_app(records, "fam.reyes")
    family.toggle[0].set_value(True).run()

    staff = open_app(records, "admin")
    staff.selectbox[0].select("opportunities").run()
    changed = json.loads(EXTRA_OPPORTUNITIES.read_text())
    changed[0]["title"] = "Chemistry Online, renamed"
    staff.file_uploader[0].set_value(("opps.json", json.dumps(changed).encode(), "application/json")).run()
    assert not staff.exception, staff.exception

    assert load_catalog() is shared
    assert shared.model_dump() == stored(ui_db)


def test_an_import_replaces_the_shared_catalog(ui_db, records):
    shared = load_catalog()
    changed = json.loads(EXTRA_OPPORTUNITIES.read_text())
    changed[0]["title"] = "Chemistry Online, renamed"
    staff = open_app(records, "admin")
    staff.selectbox[0].select("opportunities").run()
    staff.file_uploader[0].set_value(("opps.json", json.dumps(changed).encode(), "application/json")).run()
    by_label(staff.button, "Import").click().run()
    assert not staff.exception, staff.exception
    fresh = load_catalog()
    assert fresh is not shared
    assert fresh.opportunity_map()["CHEM-ONLINE"].title == "Chemistry Online, renamed"
    assert shared.opportunity_map()["CHEM-ONLINE"].title == "Chemistry Online"


def test_a_term_advance_shows_once_the_term_is_looked_at_again(ui_db, records):
    """``pathways term advance`` runs in another process, so no cache is cleared: the app looks at the
    calendar's current term every ``TERM_CHECK_TTL`` seconds and reads the catalog again when it moved
    (clearing the look-up here stands for those seconds passing)."""
    from records.accounts import get_user
    from ui import resources

    shared = load_catalog()
    assert shared.calendar is not None
    store = Store.open(str(ui_db))
    admin = get_user(store.cursor(), "admin")
    store.close()
    assert admin is not None
    moved = records.advance_term(admin)
    assert (shared.calendar.first_plannable_term, load_catalog()) == (moved.before, shared)
    resources._current_term.clear()
    fresh = load_catalog()
    assert fresh.calendar is not None and fresh.calendar.first_plannable_term == moved.after
    assert resources.get_chat_engine().catalog is fresh
