"""The mastery transcript's print view (ui/transcript_view.py)."""

from ui.transcript_view import render

render()
