"""`pathways` verbs for the chat concern."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this concern's verbs to the `pathways` app."""
