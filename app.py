"""Pathways, the Streamlit app: a router over the pages in ui/, nothing else."""

import streamlit as st

st.set_page_config(page_title="Pathways", layout="wide")

pages = [
    st.Page("ui/catalog_page.py", title="Catalog", icon=":material/menu_book:", url_path="catalog"),
]
st.navigation(pages).run()
