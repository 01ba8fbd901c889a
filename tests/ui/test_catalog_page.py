"""The catalog browser, run headlessly with Streamlit's AppTest on the tiny fixture district."""

from __future__ import annotations

from pathlib import Path

import pytest
from shown_text import rendered
from streamlit.testing.v1 import AppTest
from uikit import PAGE_TIMEOUT

from catalog import district
from core.schema import OpportunityKind
from core.store import Store

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def loaded(isolated_db, tiny_district):
    store = Store.open(isolated_db)
    district.import_district(store, tiny_district)
    store.close()
    return isolated_db


def run_app() -> AppTest:
    # A search loads the embedding model and embeds the (unindexed) catalog the first time: the page's
    # search is by meaning. Three times a page's usual limit, for a loaded machine.
    app = AppTest.from_file(APP, default_timeout=3 * PAGE_TIMEOUT)
    app.run()
    assert not app.exception, app.exception
    return app


def test_empty_catalog_says_how_to_load_one(isolated_db):
    app = run_app()
    assert app.title[0].value == "Catalog"
    assert "The catalog is empty" in app.info[0].value


def test_search_filters_and_details(loaded):
    app = run_app()
    tab = app.tabs[0]
    assert tab.caption[0].value == "3 of 3 opportunities"
    tab.text_input[0].input("biotech").run()
    tab = app.tabs[0]
    # By meaning, the closest first: the internship, then Biology (the lab's prerequisite subject).
    assert (
        tab.caption[0].value
        == "2 of 3 opportunities (by meaning, the closest first; codes and exact words too)"
    )
    assert [row["title"] for row in tab.dataframe[0].value.to_dict("records")] == [
        "Biotech Lab Internship",
        "Biology",
    ]
    tab.selectbox[0].select("INT-BIOTECH").run()  # it kept Biology, picked before the search
    tab = app.tabs[0]
    assert tab.subheader[0].value == "Biotech Lab Internship"
    details = " ".join(rendered(m.value) for m in tab.markdown)
    assert "Tue 15:00-18:00" in details
    assert "one of: Biology, or proficiency in HS-LS1-1" in details


def test_kind_and_interdisciplinary_filters(loaded):
    app = run_app()
    app.tabs[0].multiselect[0].select(OpportunityKind.ONLINE_COURSE).run()
    assert app.tabs[0].caption[0].value == "1 of 3 opportunities"
    app.checkbox[0].check().run()
    assert app.tabs[0].caption[0].value == "0 of 3 opportunities"


def test_competency_search_lists_where_it_is_earned(loaded):
    app = run_app()
    app.tabs[1].text_input[0].input("DNA").run()
    tab = app.tabs[1]
    assert tab.caption[0].value == "1 of 5 competencies"
    table = tab.dataframe[-1].value
    assert list(table["title"]) == ["Biology", "Biotech Lab Internship"]


@pytest.fixture(autouse=True)
def fresh_streamlit_caches():
    """Cached stores and catalogs from one test's database must not leak into the next."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
