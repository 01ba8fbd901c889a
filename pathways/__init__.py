"""The `pathways` command line (Typer). It calls planner/ and catalog/; nothing imports it."""
