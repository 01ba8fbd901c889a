"""What the app tests share besides fixtures (tests/ui/conftest.py holds those): the tiny district with
two more opportunities and a second student, one account per role, the seeded database, and a page
opened signed in with Streamlit's AppTest. Imported by name (``from uikit import ...``): a module
named ``conftest`` would be whichever conftest pytest imported last.
"""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from catalog import district
from core.schema import RequirementSet
from core.store import Store
from matcher import default_model
from matcher.index import build_index
from planner.domain import PlanRequest
from planner.solve import solve
from records import accounts
from records.accounts import NewUser, Role
from records.service import Records
from ui.login import SESSION_TOKEN_KEY

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
APP = str(ROOT / "app.py")
TINY_DISTRICT = ROOT / "tests" / "catalog" / "fixtures" / "district"
EXTRA_STUDENTS = HERE / "fixtures" / "students.json"
EXTRA_OPPORTUNITIES = HERE / "fixtures" / "opportunities.json"
"""Two more ways to earn HS-PS1-2, so that excluding or swapping an item leaves a plan."""
PASSWORD = "correct horse battery"
PAGE_TIMEOUT = 60
"""Seconds AppTest waits for one run of a page (the first run may load the embedding model)."""

# user name -> (display name, role, linked students)
ACCOUNTS: dict[str, tuple[str, Role, list[str]]] = {
    "admin": ("Dana Whitfield", Role.ADMIN, []),
    "adv.lee": ("Mr. Lee", Role.ADVISOR, ["stu-ana", "stu-bo"]),
    "ana": ("Ana Reyes", Role.STUDENT, ["stu-ana"]),
    "bo": ("Bo Lindqvist", Role.STUDENT, ["stu-bo"]),
    "fam.reyes": ("Marta Reyes", Role.FAMILY, ["stu-ana"]),
    "fam.lindqvist": ("Erik Lindqvist", Role.FAMILY, ["stu-bo"]),
}
ROLE_USER = {Role.STUDENT: "ana", Role.FAMILY: "fam.reyes", Role.ADVISOR: "adv.lee", Role.ADMIN: "admin"}


def _lightest(district_dir: Path, folder: Path) -> Path:
    """The district's requirement sets with each pace asking no target load (the lightest plan that
    meets the requirements, as for credit recovery), written to ``folder``. The pages' tests were written
    for those exact plans and test the pages; the full-program objective (a pace's target load) has its
    own tests in tests/planner/test_program.py, and the browser tests plan the sample district with it."""
    sets = json.loads((district_dir / "requirements.json").read_text(encoding="utf-8"))
    defaults = RequirementSet(id="defaults", name="defaults").pace_loads
    loads = {pace: {**load.model_dump(), "target_hours_per_week": None} for pace, load in defaults.items()}
    out = folder / "requirements-lightest.json"
    out.write_text(json.dumps([{**rs, "pace_loads": loads} for rs in sets]), encoding="utf-8")
    return out


def seed_database(
    path: Path,
    district_dir: Path = TINY_DISTRICT,
    extra_students: Path = EXTRA_STUDENTS,
    extra_opportunities: Path = EXTRA_OPPORTUNITIES,
    display_names: dict[str, str] | None = None,
) -> Path:
    """A database at ``path`` with the district, the extra students and opportunities, the index, the
    accounts (``display_names`` replaces some accounts' names) and Ana's plan approved by Mr. Lee."""
    store = Store.open(path)
    district.import_district(store, district_dir)
    district.import_file(store, "requirements", _lightest(district_dir, path.parent))
    district.import_file(store, "students", extra_students)
    district.import_file(store, "opportunities", extra_opportunities)
    build_index(store, default_model())
    with store.transaction() as cur:
        for name, (display, role, students) in ACCOUNTS.items():
            shown = (display_names or {}).get(name, display)
            new = NewUser(id=name, display_name=shown, role=role, students=students)
            accounts.create_user(cur, new, password=PASSWORD)
    catalog = store.catalog()
    ana = store.student("stu-ana")
    store.close()
    records = Records(path)
    lee = records.authenticate("adv.lee", PASSWORD)
    plan = solve(PlanRequest(student=ana, catalog=catalog))
    draft = records.save_plan(lee, "stu-ana", plan, based_on=0)
    proposed = records.propose(lee, "stu-ana", based_on=draft.version)
    records.approve(lee, "stu-ana", based_on=proposed.version)
    return path


def open_app(records: Records | None, username: str | None, page: str | None = None) -> AppTest:
    """The app signed in as ``username`` (None: nobody), on its first page or on ``page``."""
    app = AppTest.from_file(APP, default_timeout=PAGE_TIMEOUT)
    if username is not None:
        assert records is not None
        app.session_state[SESSION_TOKEN_KEY] = records.sign_in(username, PASSWORD).token
    app.run()
    assert not app.exception, app.exception
    if page is not None:
        app.switch_page(page)
        app.run()
        assert not app.exception, app.exception
    return app


def widget_labels(app: AppTest) -> list[tuple[str, str]]:
    """Every input on the page as (type, label), sidebar included."""
    kinds = (
        "button",
        "checkbox",
        "chat_input",
        "color_picker",
        "date_input",
        "multiselect",
        "number_input",
        "radio",
        "select_slider",
        "selectbox",
        "slider",
        "text_area",
        "text_input",
        "time_input",
        "toggle",
    )
    found = []
    for kind in kinds:
        for widget in getattr(app, kind):
            found.append((kind, getattr(widget, "label", "") or getattr(widget, "placeholder", "")))
    return found
