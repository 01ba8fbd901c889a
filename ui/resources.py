"""Cached resources for every page: the store (one per process) and query results (per input)."""

from __future__ import annotations

import streamlit as st

from catalog.schema import Catalog
from catalog.settings import get_settings
from catalog.store import Cursor, Store


@st.cache_resource(show_spinner="Opening the database...")
def _open_store(path: str) -> Store:
    return Store.open(path)


def get_store() -> Store:
    """One DuckDB connection per database file for the server process; sessions take their own cursors."""
    return _open_store(str(get_settings().db))


def session_cursor() -> Cursor:
    """This browser session's own DuckDB cursor (a connection is not shared across threads)."""
    if "db_cursor" not in st.session_state:
        st.session_state["db_cursor"] = get_store().cursor()
    return st.session_state["db_cursor"]


@st.cache_data(ttl=300, show_spinner="Loading the catalog...")
def _catalog(path: str) -> Catalog:
    return _open_store(path).catalog(_open_store(path).cursor())


def load_catalog() -> Catalog:
    """The catalog snapshot of the configured database (cleared after any import)."""
    return _catalog(str(get_settings().db))
