"""Pathways, the Streamlit app: a router over the pages in ui/, nothing else.

Who is signed in decides the menu: each role sees its own page first, then the catalog; before
signing in, the (public) catalog comes first, then the sign-in page.
Each page checks the signed-in user again itself (a page opened by its address is guarded too).
"""

import streamlit as st

from records.accounts import Role
from ui.gate import signed_in_user
from ui.login import sign_out_button

st.set_page_config(page_title="Pathways", layout="wide")

catalog = st.Page("ui/catalog_page.py", title="Catalog", icon=":material/menu_book:", url_path="catalog")
first_page = {
    None: st.Page("ui/signin_page.py", title="Sign in", icon=":material/login:", url_path="sign-in"),
    Role.STUDENT: st.Page("ui/student_page.py", title="My plan", icon=":material/route:", url_path="plan"),
    Role.FAMILY: st.Page(
        "ui/family_page.py", title="Family view", icon=":material/family_restroom:", url_path="family"
    ),
    Role.ADVISOR: st.Page(
        "ui/advisor_page.py", title="Caseload", icon=":material/groups:", url_path="caseload"
    ),
    Role.ADMIN: st.Page(
        "ui/staff_page.py", title="Catalog upload", icon=":material/upload_file:", url_path="staff"
    ),
    Role.TEACHER: st.Page(
        "ui/teacher_page.py", title="My classes", icon=":material/school:", url_path="teach"
    ),
}
supervise = st.Page(
    "ui/supervisor_page.py", title="Supervisor", icon=":material/badge:", url_path="supervise"
)

more_pages = {
    Role.ADMIN: [
        st.Page("ui/cohort_page.py", title="Cohort planning", icon=":material/groups_3:", url_path="cohort")
    ],
}

user = signed_in_user()
if user is not None:
    sign_out_button(user)
pages = (
    [first_page[user.role], *more_pages.get(user.role, []), catalog] if user else [catalog, first_page[None]]
)
if user is None and "link" in st.query_params:
    pages = [supervise]  # a supervisor's link (docs/record.md): that one page, no sign-in
st.navigation(pages).run()
