"""District staff: upload a CASE package or a CSV/JSON district file, read the validation report, and
only then import it (one all-or-nothing transaction), refresh the search index and the caches.

The report comes from parsing the file (``catalog.district.bundle_for``) and from the import's own
checks, run through the record service and rolled back (``Records.check_catalog_import``): the same
path as the import, so the report and the import cannot disagree; nothing is written before the
"Import" button. The import itself goes through the record service, which checks the admin role and
writes the audit entry. The upload is kept under a name we make (ui/uploads.py), never the browser's.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from catalog.district import Bundle, bundle_for
from core.db import connected
from core.errors import InputError, Problem
from matcher.index import build_index
from records.accounts import Role, User
from ui.gate import page_user
from ui.login import get_records
from ui.resources import clear_catalog_caches, get_model
from ui.safe_text import md_escape
from ui.transcript_view import transcript_link
from ui.uploads import shown_name, upload_path

# The file kinds ``catalog.district.bundle_for`` parses, in words. (No bare strings in a page script:
# Streamlit would show them.)
KINDS = {
    "case": "Standards: a CASE 1.0/1.1 package (JSON)",
    "competencies": "Competencies (CSV)",
    "opportunities": "Opportunities (JSON or CSV)",
    "requirements": "Graduation requirements (JSON)",
    "calendar": "Term calendar (JSON)",
    "frameworks": "Framework descriptions (JSON)",
    "students": "Students and their evidence (JSON)",
    "pathways": "Interest and career pathways (JSON)",
}


def counts(bundle: Bundle) -> dict[str, int]:
    return {
        "frameworks": len(bundle.frameworks),
        "competencies": len(bundle.competencies),
        "links": len(bundle.links),
        "opportunities": len(bundle.opportunities),
        "requirement sets": len(bundle.requirement_sets),
        "terms": len(bundle.calendar.terms) if bundle.calendar else 0,
        "students": len(bundle.students),
        "pathways": len(bundle.pathways),
    }


def problem_table(problems: list[Problem], stored: Path, shown: str) -> pd.DataFrame:
    """The problems as a table; the stored upload is named as the user named it."""
    return pd.DataFrame(
        [
            {
                "file": shown
                if p.file == str(stored)
                else p.file.removeprefix(str(stored.parent)).lstrip("/"),
                "where": p.location,
                "field": p.field,
                "problem": p.message,
            }
            for p in problems
        ],
        columns=["file", "where", "field", "problem"],
    )


def check(user: User, kind: str, path: Path) -> tuple[Bundle | None, list[Problem]]:
    """Parse the file and run the import's own checks through the record service (rolled back):
    nothing is written."""
    try:
        bundle = bundle_for(kind, path)
    except InputError as exc:
        return None, exc.problems
    except ValidationError as exc:
        return None, [Problem(path.name, "", ".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors()]
    try:
        get_records().check_catalog_import(user, bundle)
    except InputError as exc:
        return bundle, exc.problems
    return bundle, []


CHECK_KEY = "upload-check:"


def checked(user: User, kind: str, path: Path) -> tuple[Bundle | None, list[Problem], Path]:
    """``check``, once per file: the page reruns on every click (Import among them), and the same
    content is not parsed and rehearsed again. Also the path it was checked at (its messages name it)."""
    key = f"{CHECK_KEY}{kind}:{hashlib.sha256(path.read_bytes()).hexdigest()}"
    if key not in st.session_state:
        with st.status("Checking the file...") as status:
            bundle, problems = check(user, kind, path)
            status.update(label="Checked", state="complete")
        st.session_state[key] = (bundle, problems, path)
    found: tuple[Bundle | None, list[Problem], Path] = st.session_state[key]
    return found


def import_now(user: User, kind: str, path: Path, shown: str) -> None:
    """Import (all or nothing), then bring the search index and every cache up to date."""
    with st.status("Importing...", expanded=True) as status:
        try:
            report = get_records().import_catalog(user, kind, path)
        except InputError as exc:
            status.update(label="Nothing was imported", state="error")
            st.dataframe(problem_table(exc.problems, path, shown), hide_index=True)
            return
        st.markdown(md_escape(report.summary().replace(str(path), shown)))
        status.update(label="Refreshing the search index...")
        with connected() as store:
            stats = build_index(store, get_model())
        clear_catalog_caches()
        for key in [k for k in st.session_state if str(k).startswith(CHECK_KEY)]:
            del st.session_state[key]  # the catalog changed: a file checked before is checked again
        st.write(f"Search index: {stats}")
        status.update(label="Imported", state="complete")


def render() -> None:
    user = page_user(Role.ADMIN)
    st.title("Catalog upload")
    st.page_link("ui/catalog_page.py", label="Browse the catalog", icon=":material/menu_book:")
    transcript_link(None)
    kind = st.selectbox("What the file holds", list(KINDS), format_func=lambda k: KINDS[k])
    upload = st.file_uploader("File to import", type=["json", "csv"])
    if upload is None:
        st.caption("The file is checked first; nothing is written until you press Import.")
        return
    shown = shown_name(upload.name)
    with tempfile.TemporaryDirectory(prefix="pathways-upload-") as folder:
        path = upload_path(Path(folder), upload.name)
        path.write_bytes(upload.getvalue())
        bundle, problems, checked_at = checked(user, kind, path)
        st.subheader("Validation report")
        if bundle is not None:
            st.dataframe(
                pd.DataFrame([{"what": k, "in the file": n} for k, n in counts(bundle).items() if n]),
                hide_index=True,
            )
            if bundle.warnings:
                st.warning(f"{len(bundle.warnings)} warning(s); the import can go ahead.")
                st.dataframe(
                    problem_table(bundle.warnings, checked_at, shown), hide_index=True, width="stretch"
                )
        if problems:
            st.error(f"{len(problems)} problem(s): fix the file and upload it again. Nothing was imported.")
            st.dataframe(problem_table(problems, checked_at, shown), hide_index=True, width="stretch")
            return
        st.success("No problems found.")
        if st.button("Import", type="primary"):
            import_now(user, kind, path, shown)


render()
