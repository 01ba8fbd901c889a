"""Streamlit pages. The only layer that imports streamlit; it calls planner/ and catalog/."""
