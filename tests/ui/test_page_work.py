"""What one run of a page costs the database: the advisor's page with a student open reruns on every
click outside the plan area; it checks the session once, reads the caseload, and leaves the versions
and the notes unread while their expanders are closed."""

from __future__ import annotations

from pathlib import Path

from uikit import open_app

from core.store import Store


def audit_rows(db: Path) -> list[tuple[str, str | None]]:
    store = Store.open(db, read_only=True)
    try:
        return store.cursor().execute("SELECT action, student_id FROM audit_log ORDER BY id").fetchall()
    finally:
        store.close()


def test_an_advisor_page_rerun_opens_the_database_twice_and_audits_once(ui_db, records, monkeypatch):
    app = open_app(records, "adv.lee")
    next(s for s in app.selectbox if s.label == "Open a student").select("stu-ana").run()
    assert not app.exception, app.exception
    opened: list[object] = []
    store_open = Store.open.__func__  # type: ignore[attr-defined]

    def counted(cls, *args, **kwargs):
        opened.append(args[0] if args else None)
        return store_open(cls, *args, **kwargs)

    before = audit_rows(ui_db)
    monkeypatch.setattr(Store, "open", classmethod(counted))
    app.run()
    monkeypatch.undo()
    assert not app.exception, app.exception
    # The session, then the caseload: its students and their plans in one call and one audit entry.
    assert len(opened) == 2
    assert audit_rows(ui_db)[len(before) :] == [("view_caseload", None)]
